#!/bin/sh
# Before .venv exists: Debian and Ubuntu split `venv` (and ensurepip) out of Python; install python3-venv
# when it is missing (as root, or with sudo). The system libraries Qt needs are found later, from Qt's
# own plugins once PySide6 is installed (scripts/qt_system_libs.py), not from a list kept here.
set -e
${PYTHON:-python3} -c "import venv, ensurepip" 2>/dev/null && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
    echo "annotator: Python's venv module is missing; install it with your package manager." >&2
    exit 1
fi
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
echo "annotator: installing python3-venv"
$SUDO apt-get update -qq || true
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
