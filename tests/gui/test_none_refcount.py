"""Guards the PySide6 pin: Qt methods that return nothing must not leak or steal references to None.

PySide6-Essentials 6.12.0 on CPython 3.11 drops one reference to None per such call; after a few
thousand calls the interpreter aborts in `none_dealloc`. From 3.12 on None is immortal (PEP 683), so
its reference count is a constant and the check holds trivially there.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QWidget

CALLS = 10_000


def _drift(call) -> int:
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        call()
    return sys.getrefcount(None) - before


def test_text_cursor_set_position_keeps_none_alive() -> None:
    document = QTextDocument("some text to move the cursor over")
    cursor = QTextCursor(document)
    drift = _drift(lambda: cursor.setPosition(5))
    # A leak or theft of one reference per call would move the count by about CALLS.
    assert abs(drift) < CALLS // 100, f"refcount of None drifted by {drift} over {CALLS} calls"


def test_widget_set_tool_tip_keeps_none_alive(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    drift = _drift(lambda: widget.setToolTip("a tip"))
    assert abs(drift) < CALLS // 100, f"refcount of None drifted by {drift} over {CALLS} calls"


def test_the_check_can_see_a_drift_on_this_interpreter() -> None:
    """The measurement itself works: holding CALLS extra references to None shows up (before 3.12)."""
    held: list[None] = []
    drift = _drift(lambda: held.append(None))
    if sys.version_info >= (3, 12):
        assert drift == 0  # None is immortal: its count never moves
    else:
        assert drift == CALLS
