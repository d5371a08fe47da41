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


def test_every_third_party_module_the_package_imports_is_a_declared_dependency() -> None:
    """A module imported by annotator/ but reached only through another package's requirements breaks the day
    that package drops it; the wheel must name each one (optional extras: the spaCy export, γ)."""
    import ast
    import re
    import sys
    from importlib.metadata import packages_distributions

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    def names(requirements: list[str]) -> set[str]:
        return {re.split(r"[<>=;\[ ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}
    declared = names(project["dependencies"])
    optional = set().union(*(names(requirements) for extra, requirements in project["optional-dependencies"].items()
                             if extra not in {"test", "dist"}))  # the parts a user installs on purpose
    imported: set[str] = set()
    for source in (ROOT / "annotator").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
            elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "import_part":
                imported.add(node.args[0].value.split(".")[0])  # imported on use, by name
    third_party = imported - set(sys.stdlib_module_names) - {"annotator"}
    distributions = packages_distributions()
    undeclared = {module: distributions.get(module) for module in third_party
                  if not {d.lower().replace("_", "-") for d in distributions.get(module, [])} & (declared | optional)}
    assert not undeclared, f"declare in pyproject.toml [project] dependencies: {undeclared}"
    assert {"trafilatura", "sqlalchemy", "PySide6"} <= third_party
