"""Qt's xcb platform plugin must be loadable here: every library it links to present (checked with ldd,
not by opening a window: CI has no display). scripts/qt_system_libs.py derives and installs the gaps."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("ldd") is None,
                                reason="Qt's wheels for Windows and macOS carry their libraries")


def _load_script():  # noqa: ANN202 (a module)
    spec = importlib.util.spec_from_file_location("qt_system_libs", ROOT / "scripts" / "qt_system_libs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


qt_system_libs = _load_script()
QT = qt_system_libs.qt_folder()
XCB = QT / "plugins" / "platforms" / "libqxcb.so"


def test_the_xcb_platform_plugin_finds_every_library_it_links_to() -> None:
    gaps = qt_system_libs.missing(XCB)
    packages, unknown = qt_system_libs.packages_for(gaps)
    assert not gaps, (f"Qt's xcb plugin cannot load: missing {', '.join(gaps)} "
                      f"(Debian packages: {', '.join(sorted(set(packages.values()))) or '?'}"
                      f"{'; no package found for ' + ', '.join(unknown) if unknown else ''}); "
                      "run `.venv/bin/python scripts/qt_system_libs.py --install`")


def test_the_xcb_plugin_loads_into_a_process() -> None:
    """ldd's word checked against the dynamic linker's: the plugin (and Qt under it) dlopen()s."""
    code = f"import ctypes; ctypes.CDLL({str(XCB)!r}, mode=ctypes.RTLD_GLOBAL)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr.strip().splitlines()[-1]


def test_a_plugin_whose_libraries_are_missing_is_reported_by_name(tmp_path: Path) -> None:
    """Moved away from Qt's lib/ folder (its RPATH is $ORIGIN/../../lib), the plugin misses Qt's xcb library."""
    moved = tmp_path / "platforms" / "libqxcb.so"
    moved.parent.mkdir()
    shutil.copy2(XCB, moved)
    gaps = qt_system_libs.missing(moved)
    assert "libQt6XcbQpa.so.6" in gaps and "libQt6Gui.so.6" in gaps
    assert not any(soname.startswith("libc.so") for soname in gaps)


def test_package_names_follow_the_sonames_of_the_libraries_present() -> None:
    """The soname -> package rule, checked against dpkg's record for every system library the plugins use."""
    if shutil.which("dpkg") is None:
        pytest.skip("not a Debian/Ubuntu system")
    resolved = {soname: where for plugin in qt_system_libs.plugins(QT)
                for soname, where in qt_system_libs.linked(plugin).items()
                if where and not where.startswith(str(QT)) and not soname.startswith("ld-linux")}
    paths = {str(Path(where).resolve()): soname for soname, where in resolved.items()}
    # One dpkg call for all: "libxcb1:amd64: /usr/lib/x86_64-linux-gnu/libxcb.so.1.1.0" per line.
    out = subprocess.run(["dpkg", "-S", *paths], capture_output=True, text=True, check=False).stdout
    owners = {line.split(": ", 1)[1]: line.split(":")[0] for line in out.splitlines() if ": " in line}
    wrong = {paths[path]: owner for path, owner in owners.items()
             if path in paths and owner not in qt_system_libs.package_candidates(paths[path])}
    assert len(resolved) > 20 and len(owners) > 20  # dpkg answered for the libraries, not for none
    assert not wrong, f"add to EXCEPTIONS in scripts/qt_system_libs.py: {wrong}"
