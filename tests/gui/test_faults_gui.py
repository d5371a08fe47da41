"""The app under faults: a project held by another program's import does not freeze the window, and
the coder's change is kept, shown as waiting, and saved once the project is free (nothing lost)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.gui.main_window import MainWindow
from annotator.gui.project import APP_BUSY_TIMEOUT_MS
from tests.gui.driving import CTRL, PLAIN, SHIFT, keys, open_doc

HOLD = textwrap.dedent("""
    import sys
    from annotator.store.database import Database
    db = Database.open(sys.argv[1])
    with db.transaction(activity="an import") as tx:  # holds the write lock, as a long import does
        print("held", flush=True)
        sys.stdin.readline()
    db.close()
""")


class OtherProgram:
    """Another process holding the project's write lock until `release()`."""

    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        assert self.process.stdout is not None and self.process.stdout.readline().strip() == "held"

    def release(self) -> None:
        if self.process.poll() is None:
            self.process.communicate("\n", timeout=60)


@pytest.fixture
def other(project_path: Path) -> Iterator[OtherProgram]:
    holder = OtherProgram(project_path)
    yield holder
    holder.release()


@pytest.fixture
def dialogs(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr("annotator.gui.file_actions.show_error", lambda _p, _t, message: shown.append(str(message)))
    return shown


def label_maximum(qtbot, window: MainWindow) -> None:
    reader = open_doc(qtbot, window, PLAIN)
    keys(qtbot, reader, (Qt.Key.Key_Right, CTRL | SHIFT, 2), Qt.Key.Key_1)  # "Maximum pressure", label 1


def test_the_app_waits_briefly_for_a_lock_and_keeps_the_change_until_it_is_saved(
        qtbot, window: MainWindow, other: OtherProgram, dialogs: list[str]) -> None:
    with window.project.db.raw() as conn:  # a key press never waits the scripts' 10 s for a lock
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == APP_BUSY_TIMEOUT_MS
    label_maximum(qtbot, window)
    assert window.project.spans(PLAIN) == []  # not saved: the other program holds the project
    assert dialogs == []  # no SQL, no dialog: the status bar says what happens
    line = window.statusBar().currentMessage()
    assert "1 change(s) not saved yet" in line and "an import by another program" in line
    assert "locked" not in line and "SQL" not in line
    assert window.project.save_waiting() is False  # the retry timer's try: still busy, still kept
    other.release()
    assert window.project.save_waiting() is True  # what the retry timer does every second
    (span,) = window.project.spans(PLAIN)
    assert span.label == "pro-engagement" and (span.start, span.end) == (0, 16)
    assert window.project.undo_stack.count() == 1 and span.uid in window.reader.index
    assert "Saved the 1 change(s)" in window.statusBar().currentMessage()


def test_undo_takes_back_a_change_that_waits_and_later_ones_keep_their_order(
        qtbot, window: MainWindow, other: OtherProgram) -> None:
    label_maximum(qtbot, window)
    with qtbot.waitSignal(window.project.waiting_changed) as told:
        keys(qtbot, window.reader, (Qt.Key.Key_Z, CTRL))  # taken back before it was ever saved
    assert told.args[0] == 0 and "Took back a change that was not saved yet" in told.args[1]
    keys(qtbot, window.reader, (Qt.Key.Key_End, CTRL), (Qt.Key.Key_Left, CTRL | SHIFT, 2), Qt.Key.Key_2)
    other.release()
    assert window.project.save_waiting()
    (span,) = window.project.spans(PLAIN)  # the first change was never saved; the second was
    assert span.label == "pro-isolation" and window.project.document(PLAIN).text[span.start:].startswith("failed")


def test_closing_the_project_saves_what_waits(qtbot, window: MainWindow, other: OtherProgram, project_path) -> None:
    from annotator.operations.projects import open_project
    from annotator.store.spans import spans_for

    label_maximum(qtbot, window)
    other.release()
    window.project.close()  # without a retry by the timer: closing waits for the lock, then saves
    db = open_project(project_path)
    with db.read() as tx:
        assert [s.label for s in spans_for(tx, PLAIN, "ann")] == ["pro-engagement"]
    db.close()


def test_handing_out_to_a_coder_whose_name_has_a_slash(qtbot, window: MainWindow, monkeypatch, tmp_path) -> None:
    from annotator.gui.team import team_actions

    suggested: list[str] = []

    def save_as(_parent, _title, start, _filter):  # the coder accepts the suggested file name
        suggested.append(start)
        return start, _filter

    monkeypatch.setattr(team_actions.QFileDialog, "getSaveFileName", save_as)
    monkeypatch.setattr(team_actions.QMessageBox, "information", lambda *_args: None)
    path = team_actions.hand_out(window, window.project, "Bob/laptop")
    assert path is not None and path.name == "test-Bob-laptop.annotator" and path.exists()
    assert Path(suggested[0]).parent == window.project.path.parent


def test_a_new_project_on_a_full_disk_is_a_dialog_and_leaves_no_file(qtbot, window: MainWindow, dialogs, tmp_path):
    import resource
    import signal

    target = tmp_path / "new.annotator"
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (8192, old_limit[1]))  # no file may grow past 8 KB: a full disk
    try:
        assert window.switcher.switch_project(target, create=True) is None
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)
    assert len(dialogs) == 1 and "nothing was changed" in dialogs[0] and "Traceback" not in dialogs[0]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("new.")) == []
    assert window.isVisible()


def test_a_damaged_project_is_a_dialog_naming_its_backup(qtbot, window: MainWindow, dialogs, tmp_path) -> None:
    import shutil

    from tests.faults import damage

    copy = tmp_path / "copy.annotator"
    shutil.copy(window.project.path, copy)
    backup = tmp_path / "copy.annotator.schema1-20260101T000000.bak"
    shutil.copy(copy, backup)
    damage(copy)
    assert window.switcher.switch_project(copy) is None
    assert len(dialogs) == 1 and "damaged" in dialogs[0] and str(backup) in dialogs[0] and ".recover" in dialogs[0]
    assert window.isVisible()
