#!/bin/sh
# Qt's wheels need a few shared libraries that a minimal Debian/Ubuntu lacks, and Debian splits
# `venv` out of Python. Install what is missing (as root, or with sudo) so that `make run` and
# `make test` work on a fresh machine. Prints what it does; does nothing when all is present.
set -e
missing=""
for lib in libEGL.so.1 libGL.so.1 libxkbcommon.so.0 libfontconfig.so.1 libdbus-1.so.3 libglib-2.0.so.0 libxkbcommon-x11.so.0 libxcb-cursor.so.0; do
    ldconfig -p 2>/dev/null | grep -q "$lib" || missing="$missing $lib"
done
venv_ok=1
${PYTHON:-python3} -c "import venv, ensurepip" 2>/dev/null || venv_ok=0
[ -z "$missing" ] && [ "$venv_ok" = 1 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "annotator: missing system libraries:$missing; install them with your package manager." >&2
    exit 0
fi
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
pkgs="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 libxcb-cursor0 fonts-dejavu-core"
[ "$venv_ok" = 1 ] || pkgs="$pkgs python3-venv"
echo "annotator: installing system packages Qt needs:$missing"
$SUDO apt-get update -qq || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $pkgs >/dev/null
