"""Test-wide set-up: Qt renders offscreen so GUI tests need no display (must run before Qt is imported)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
