"""A project file behaves as it did before server projects' edits could wait: every key press is
committed to the file before the window reports it, undo and redo write through at once, and no
journal of waiting edits is made (that is for a server that cannot be reached)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt

from tests.gui.conftest import TEXTS
from tests.gui.driving import ALT, CTRL, PLAIN, SHIFT, keys, open_doc

TEXT = dict(TEXTS)["Plain"]


def committed(path: Path) -> list[tuple[str, int, int, str, str, str]]:
    """The spans another connection reads from the file: only what was committed."""
    with sqlite3.connect(path) as other:
        return other.execute('SELECT s.uid, s.start, s."end", l.name, s.created_at, s.updated_at FROM span s'
                             " JOIN label l ON l.id = s.label_id ORDER BY s.id").fetchall()


def test_each_step_is_in_the_file_when_the_window_reports_it(qtbot, window, project_path, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    reader = open_doc(qtbot, window, PLAIN)
    start = TEXT.index("Isolation")
    keys(qtbot, reader, (Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier, start), (Qt.Key.Key_Right, SHIFT, 9),
         Qt.Key.Key_2)
    uid = window.coding.current_uid
    (first,) = committed(project_path)
    assert first[:4] == (uid, start, start + 9, "pro-isolation")
    assert "not saved" not in window.statusBar().currentMessage()

    keys(qtbot, reader, (Qt.Key.Key_Right, ALT))  # its end a character right: stored as the key returns
    (grown,) = committed(project_path)
    assert grown[:3] == (uid, start, start + 10) and grown[4] == first[4] and grown[5] >= first[5]

    keys(qtbot, reader, (Qt.Key.Key_Z, CTRL))
    assert committed(project_path)[0][:3] == (uid, start, start + 9)
    keys(qtbot, reader, (Qt.Key.Key_Z, CTRL))
    assert committed(project_path) == []
    keys(qtbot, reader, (Qt.Key.Key_Z, CTRL | SHIFT))
    assert committed(project_path) == [first]  # the same uid and timestamps on every redo
    keys(qtbot, reader, (Qt.Key.Key_Z, CTRL | SHIFT))
    assert committed(project_path)[0][:3] == (uid, start, start + 10)
    assert not (tmp_path / "data" / "annotator" / "outbox").exists()  # no journal for a file
    assert (window.project.undo_stack.count(), window.project.undo_stack.index()) == (2, 2)
