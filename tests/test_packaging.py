"""The wheel must carry every package and every resource file (pyproject lists them by hand, because
resources/ is mapped into the package as annotator.resources and discovery cannot find a mapped folder)."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_every_package_is_listed() -> None:
    listed = set(SETUPTOOLS["packages"])
    found = {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "annotator").rglob("__init__.py")}
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages"
    assert {"annotator.resources", "annotator.resources.demo"} <= listed


def test_every_resource_file_goes_into_the_wheel() -> None:
    folders = {package: ROOT / "resources" / Path(*package.split(".")[2:])
               for package in SETUPTOOLS["packages"] if package.startswith("annotator.resources")}
    shipped = {
        path
        for package, folder in folders.items()
        for path in folder.iterdir()
        if path.is_file() and any(fnmatch(path.name, glob) for glob in SETUPTOOLS["package-data"][package])
    }
    everything = {path for path in (ROOT / "resources").rglob("*") if path.is_file()}
    assert everything == shipped, f"not in the wheel: {sorted(map(str, everything - shipped))}"
    assert SETUPTOOLS["package-dir"]["annotator.resources"] == "resources"
