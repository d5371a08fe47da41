"""Which system libraries Qt's platform plugins cannot find here, and the Debian packages that bring them.

    .venv/bin/python scripts/qt_system_libs.py            # say what is missing (exit 1 if anything is)
    .venv/bin/python scripts/qt_system_libs.py --install  # install it with apt-get (root, or sudo)

A hand-kept list of libraries always misses one (a fresh Debian 12 lacked libxcb-icccm4 and libxcb-keysyms1,
though Qt's own message named libxcb-cursor0), so the list is read from the plugins the app loads: `ldd`
reports every library they link to, directly or through Qt's own, that the dynamic linker cannot find.
A library's Debian package is named after its soname (Debian policy 8.1: libfoo.so.1 is in libfoo1,
libfoo-2.so.0 in libfoo-2-0), checked against apt's package list; the few exceptions are listed below.
`make run` and `make test` call this after installing PySide6; tests/test_system_libs.py runs the check.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# The plugins the app may load on Linux: xcb (X11, and XWayland), wayland, offscreen (tests, CI, --smoke),
# plus what they load with them (GL integration for xcb, Wayland shells, input methods such as compose keys).
PLATFORM_PLUGINS = ("platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so")
PLUGIN_FOLDERS = ("xcbglintegrations", "wayland-shell-integration", "wayland-decoration-client",
                  "wayland-graphics-integration-client", "platforminputcontexts")
# Sonames whose package is not named after them.
EXCEPTIONS = {
    **dict.fromkeys(("libglib-2.0.so.0", "libgobject-2.0.so.0", "libgio-2.0.so.0", "libgmodule-2.0.so.0",
                     "libgthread-2.0.so.0"), "libglib2.0-0"),
    **dict.fromkeys(("libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1"), "libc6"),
    "libz.so.1": "zlib1g",
    "libGLdispatch.so.0": "libglvnd0",
    "libbrotlidec.so.1": "libbrotli1",
    "libbrotlicommon.so.1": "libbrotli1",
}
# Qt renders text through fontconfig; with no font at all every label is blank.
FONT_PACKAGE = "fonts-dejavu-core"
LDD_LINE = re.compile(r"^\s*(\S+)\s+=>\s+(not found|\S+)")


def qt_folder() -> Path | None:
    """PySide6's Qt folder (plugins/, lib/) in the running Python's environment, without importing Qt."""
    import importlib.util

    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "Qt"


def plugins(qt: Path) -> list[Path]:
    """The plugin files the app may load, that this PySide6 ships."""
    found = [qt / "plugins" / name for name in PLATFORM_PLUGINS]
    for folder in PLUGIN_FOLDERS:
        found += sorted((qt / "plugins" / folder).glob("*.so"))
    return [path for path in found if path.exists()]


def linked(library: Path) -> dict[str, str | None]:
    """Every library `library` needs (transitively), soname -> resolved path, or None when not found."""
    out = subprocess.run(["ldd", str(library)], capture_output=True, text=True, check=False).stdout
    found: dict[str, str | None] = {}
    for line in out.splitlines():
        match = LDD_LINE.match(line)
        if match:
            soname, where = match.groups()
            found[soname] = None if where == "not found" else where
    return found


def missing(library: Path) -> list[str]:
    """The sonames `library` needs that the dynamic linker cannot find, sorted."""
    return sorted(soname for soname, where in linked(library).items() if where is None)


def package_candidates(soname: str) -> list[str]:
    """Debian package names that may hold `soname`, most likely first (the t64 form: Debian 13, Ubuntu 24.04)."""
    if soname in EXCEPTIONS:
        return [EXCEPTIONS[soname], EXCEPTIONS[soname] + "t64"]
    match = re.fullmatch(r"(.+?)\.so\.(\d+)(?:\..*)?", soname)
    if not match:
        return []
    stem, version = match.group(1).lower().replace("_", "-"), match.group(2)
    name = f"{stem}-{version}" if stem[-1].isdigit() else f"{stem}{version}"
    return [name, name + "t64"]


def known_packages(names: list[str]) -> set[str]:
    """Those of `names` that apt can install (needs `apt-get update` once on a fresh machine)."""
    if not names or shutil.which("apt-cache") is None:
        return set()
    out = subprocess.run(["apt-cache", "policy", *names], capture_output=True, text=True, check=False).stdout
    known, current = set(), None
    for line in out.splitlines():
        if not line.startswith(" ") and line.endswith(":"):
            current = line[:-1]
        elif current and line.strip().startswith("Candidate:") and "(none)" not in line:
            known.add(current)
    return known


def packages_for(sonames: list[str]) -> tuple[dict[str, str], list[str]]:
    """soname -> the Debian package that has it, and the sonames no known package name matches."""
    candidates = {soname: package_candidates(soname) for soname in sonames}
    known = known_packages(sorted({name for names in candidates.values() for name in names}))
    found = {soname: next(name for name in names if name in known)
             for soname, names in candidates.items() if any(name in known for name in names)}
    return found, [soname for soname in sonames if soname not in found]


def report(qt: Path) -> dict[Path, list[str]]:
    """plugin -> the sonames it misses, for the plugins that miss any.

    A plugin that misses one of Qt's own libraries belongs to a Qt module this PySide6 does not ship
    (PySide6-Essentials has the virtual keyboard's input plugin, not the keyboard): Qt skips it, so do we.
    """
    gaps = {plugin: missing(plugin) for plugin in plugins(qt)}
    return {plugin: sonames for plugin, sonames in gaps.items()
            if sonames and not any(soname.startswith("libQt6") for soname in sonames)}


def no_fonts() -> bool:
    return not any(Path(folder).is_dir() and any(Path(folder).rglob("*.[ot]tf"))
                   for folder in ("/usr/share/fonts", "/usr/local/share/fonts"))


def install(packages: list[str]) -> int:
    """apt-get install `packages` (as root, or through sudo); apt-get's exit code."""
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    print(f"annotator: installing the system packages Qt needs: {' '.join(packages)}", flush=True)
    return subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", *packages], env=env, check=False,
                          stdout=subprocess.DEVNULL).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--install", action="store_true", help="install the missing packages with apt-get")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        return 0  # Qt's wheels for Windows and macOS bring everything they need
    qt = qt_folder()
    if qt is None:
        print("annotator: PySide6 is not installed in this Python", file=sys.stderr)
        return 1
    gaps = sorted({soname for sonames in report(qt).values() for soname in sonames})
    if not gaps and not no_fonts():
        return 0
    if args.install and shutil.which("apt-get"):
        subprocess.run((["sudo"] if os.geteuid() else []) + ["apt-get", "update", "-qq"], check=False)
    packages, unknown = packages_for(gaps)
    wanted = sorted(set(packages.values()) | ({FONT_PACKAGE} if no_fonts() else set()))
    for soname in gaps:
        print(f"annotator: Qt needs {soname}: {packages.get(soname, 'no Debian package found for it')}",
              file=sys.stderr)
    if not args.install or not shutil.which("apt-get"):
        print(f"annotator: install {' '.join(wanted) or 'the libraries above'} with your package manager",
              file=sys.stderr)
        return 1
    if wanted and install(wanted) != 0:
        return 1
    still = sorted({soname for sonames in report(qt).values() for soname in sonames})
    if still:
        print(f"annotator: still missing after the install: {', '.join(still)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
