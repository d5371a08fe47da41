"""The server stopped and started again under a running app: what a coder does meanwhile is not
reported saved, waits (in memory and in the journal on disk) as a busy project file's changes do,
and arrives once, in order, when the server answers again; the status bar tells the coder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core.errors import ServerUnreachable
from annotator.core.types import DocumentId, NewDocument
from annotator.store.database import Database
from annotator.store.documents import add_documents
from annotator.store.postgres.journal import _open_edits
from tests.gui.driving import CTRL, SHIFT, keys

PLAIN = Qt.KeyboardModifier.NoModifier
HERE = Path(__file__).resolve().parent

TEXT = "Engagement with Minsk is the question, one diplomat said. Isolation failed."


@pytest.fixture
def outbox_folder(tmp_path: Path, monkeypatch) -> Path:
    """The app's data folder of this test: the journal of waiting edits is kept there."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "annotator" / "outbox"


@pytest.fixture
def document(outage_server) -> DocumentId:
    pi = Database.open(outage_server.url("maria"))
    with pi.transaction() as tx:
        (added,) = add_documents(tx, [NewDocument(TEXT, title="Minsk")])
    pi.close()
    return added.id


@pytest.fixture
def dialogs(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr("annotator.gui.file_actions.show_error", lambda _p, _t, message: shown.append(str(message)))
    return shown


def alice_window(qtbot, outage_server, settings):
    from annotator.gui.main_window import MainWindow
    from annotator.gui.project import Project

    window = MainWindow(Project.open(outage_server.url("alice"), "ann"), settings)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, outage_server, document, settings, outbox_folder) -> Iterator:
    from annotator.gui.main_window import MainWindow

    win = alice_window(qtbot, outage_server, settings)
    yield win
    if win in MainWindow.open_windows:
        win.close()


def label_word(qtbot, window, document: DocumentId, word: str, key: Qt.Key) -> None:
    """Select `word` of the text with the keyboard (Ctrl+Home, Right to it, Shift+Right over it) and label it."""
    window.open_document(document)
    reader = window.reader
    reader.setFocus()
    keys(qtbot, reader, (Qt.Key.Key_Home, CTRL), (Qt.Key.Key_Right, PLAIN, TEXT.index(word)),
         (Qt.Key.Key_Right, SHIFT, len(word)), key)


def stored_spans(outage_server) -> list[tuple[str, int, int, str]]:
    """alice's spans as the PI sees them on the server, in the order they were stored."""
    with outage_server.connect("maria") as pi:
        return pi.execute('SELECT s.uid, s.start, s."end", l.name FROM span s JOIN label l ON l.id = s.label_id'
                          " ORDER BY s.id").fetchall()


def test_edits_made_while_the_server_is_down_wait_and_arrive_once_in_order(
        qtbot, window, document, outage_server, outage_cluster, outbox_folder, dialogs):
    project = window.project
    label_word(qtbot, window, document, "Engagement", Qt.Key.Key_1)
    assert [(s, e, label) for _, s, e, label in stored_spans(outage_server)] == [(0, 10, "pro-engagement")]

    outage_cluster.stop_server()
    label_word(qtbot, window, document, "Minsk", Qt.Key.Key_2)
    line = window.statusBar().currentMessage()
    assert "1 change(s) not saved yet: offline — retrying" in line  # not reported saved; the coder is told
    label_word(qtbot, window, document, "Isolation", Qt.Key.Key_2)  # waits behind the first
    label_word(qtbot, window, document, "diplomat", Qt.Key.Key_1)
    assert "3 change(s) not saved yet: offline" in window.statusBar().currentMessage()
    with qtbot.waitSignal(project.waiting_changed) as told:
        keys(qtbot, window.reader, (Qt.Key.Key_Z, CTRL))  # the last one taken back, before it was ever sent
    assert told.args[0] == 2 and "Took back a change that was not saved yet; 2 still wait" in told.args[1]
    assert dialogs == []  # no error dialog, no SQL: the status bar says what happens
    (journal,) = outbox_folder.glob("*.jsonl")
    assert len(_open_edits(journal)) == 2  # on disk too, should the app be closed or killed now
    assert project.save_waiting() is False  # the retry timer's try while the server is down
    assert "2 change(s) not saved yet: offline — retrying" in window.statusBar().currentMessage()

    outage_cluster.start_server()
    assert project.save_waiting() is True  # what the retry timer does every second
    assert "Saved the 2 change(s) that waited for the server" in window.statusBar().currentMessage()
    stored = stored_spans(outage_server)
    assert [(TEXT[s:e], label) for _, s, e, label in stored] == [
        ("Engagement", "pro-engagement"), ("Minsk", "pro-isolation"), ("Isolation", "pro-isolation")]
    assert all(uid in window.reader.index for uid, *_ in stored)  # shown once stored
    assert _open_edits(journal) == [] and project.undo_stack.index() == 3
    keys(qtbot, window.reader, (Qt.Key.Key_Z, CTRL))  # undo works on what arrived
    assert [TEXT[s:e] for _, s, e, _ in stored_spans(outage_server)] == ["Engagement", "Minsk"]


def test_an_edit_whose_answer_was_lost_is_stored_once(qtbot, window, document, outage_server, monkeypatch, dialogs):
    """The server committed, but the app never heard back (the connection broke after COMMIT): the
    edit waits like any unsent one, and sending it again stores nothing twice."""
    from annotator.store.postgres.server_database import ServerDatabase

    project = window.project
    real = ServerDatabase.transaction
    lost: list[bool] = []

    def answer_lost_once(self, *args, **kwargs):  # the real transaction, committed; then the reply is lost
        with real(self, *args, **kwargs) as tx:
            yield tx
        if not lost:
            lost.append(True)
            raise ServerUnreachable("lost the connection to the server: server closed the connection unexpectedly")

    from contextlib import contextmanager

    monkeypatch.setattr(ServerDatabase, "transaction", contextmanager(answer_lost_once))
    label_word(qtbot, window, document, "Minsk", Qt.Key.Key_2)
    assert lost and "not saved yet: offline" in window.statusBar().currentMessage()
    assert len(stored_spans(outage_server)) == 1  # it is there, but the app does not know it
    assert project.save_waiting() is True
    (uid, start, end, label) = stored_spans(outage_server)[0]
    assert (TEXT[start:end], label) == ("Minsk", "pro-isolation") and uid in window.reader.index
    assert dialogs == []  # sent again, it was recognised: no refusal (a second INSERT of the uid) was shown


def test_a_window_closed_while_offline_leaves_its_edits_to_the_next_one(
        qtbot, window, document, outage_server, outage_cluster, outbox_folder, settings):
    from annotator.gui.main_window import MainWindow

    outage_cluster.stop_server()
    label_word(qtbot, window, document, "Isolation", Qt.Key.Key_2)
    window.close()  # closing does not wait for the server: the journal keeps the edit
    assert [len(_open_edits(p)) for p in outbox_folder.glob("*.jsonl")] == [1]
    outage_cluster.start_server()
    assert stored_spans(outage_server) == []

    later = alice_window(qtbot, outage_server, settings)
    try:
        qtbot.waitUntil(lambda: "Sent 1 change(s) kept from an earlier session" in later.statusBar().currentMessage())
        assert [(TEXT[s:e], label) for _, s, e, label in stored_spans(outage_server)] == [("Isolation", "pro-isolation")]
        assert [p for p in outbox_folder.glob("*.jsonl") if _open_edits(p)] == []
    finally:
        if later in MainWindow.open_windows:
            later.close()


def test_an_undo_the_server_did_not_get_is_not_kept_for_later(
        qtbot, window, document, outage_server, outage_cluster, outbox_folder, dialogs, settings):
    """Undo of a stored change while offline fails as it does on a busy file ("nothing was changed"):
    so it must not wait in the journal either, or a later window would send a change the coder was
    told had not happened. Tried again once the server answers, it goes through, once."""
    from annotator.gui.main_window import MainWindow

    label_word(qtbot, window, document, "Engagement", Qt.Key.Key_1)
    outage_cluster.stop_server()
    keys(qtbot, window.reader, (Qt.Key.Key_Z, CTRL))
    assert dialogs == ["Could not undo “Add pro-engagement span”: offline — the server cannot be reached; try "
                       "again once it answers. Nothing was changed; undo can be tried again."]
    assert [p for p in outbox_folder.glob("*.jsonl") if _open_edits(p)] == []
    assert window.project.undo_stack.index() == 1  # still there to undo
    outage_cluster.start_server()
    keys(qtbot, window.reader, (Qt.Key.Key_Z, CTRL))
    assert stored_spans(outage_server) == [] and len(dialogs) == 1
    keys(qtbot, window.reader, (Qt.Key.Key_Z, CTRL | SHIFT))  # redo: the same span back, once
    assert [TEXT[s:e] for _, s, e, _ in stored_spans(outage_server)] == ["Engagement"]
    window.close()
    assert list(outbox_folder.glob("*.jsonl")) == []  # nothing waited: no journal left behind
    later = alice_window(qtbot, outage_server, settings)
    try:
        assert [TEXT[s:e] for _, s, e, _ in stored_spans(outage_server)] == ["Engagement"]
    finally:
        if later in MainWindow.open_windows:
            later.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_window_killed_while_offline_leaves_its_edits_to_the_next_one(
        qtbot, document, outage_server, outage_cluster, outbox_folder, settings, tmp_path):
    from annotator.gui.main_window import MainWindow

    words = ["Minsk", "diplomat", "Isolation"]
    child = subprocess.Popen([sys.executable, str(HERE / "label_offline_until_killed.py"), outage_server.url("alice"),
                              str(document), str(tmp_path / "child.ini"), *words],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    said: list[str] = []
    try:
        assert child.stdout.readline().strip() == "open", child.stderr.read()[-2000:]
        outage_cluster.stop_server()
        child.stdin.write("go on\n")
        child.stdin.flush()
        while not said or said[-1] != "labelled":
            line = child.stdout.readline()
            if not line:
                pytest.fail(f"the app ended by itself: {child.stderr.read()[-2000:]}")
            said.append(line.strip())
    finally:
        os.kill(child.pid, signal.SIGKILL)  # no clean-up: its journal is all that is left of its edits
        child.wait(timeout=30)
    kept = [line.split(" ", 1) for line in said[:-1]]
    assert [message for _, message in kept] == [f"{n} change(s) not saved yet: offline — retrying. The server cannot be "
                                                "reached; the changes are kept (also on disk) and sent as soon as it "
                                                "answers." for n in (1, 2, 3)]
    assert [len(_open_edits(p)) for p in outbox_folder.glob("*.jsonl")] == [3]
    outage_cluster.start_server()
    assert stored_spans(outage_server) == []  # nothing reached the server before the kill

    later = alice_window(qtbot, outage_server, settings)
    try:
        qtbot.waitUntil(lambda: "Sent 3 change(s) kept from an earlier session" in later.statusBar().currentMessage())
        stored = stored_spans(outage_server)
        assert [uid for uid, *_ in stored] == [uid for uid, _ in kept]  # each once, in the order made
        assert [(TEXT[s:e], label) for _, s, e, label in stored] == [(word, "pro-isolation") for word in words]
        assert list(outbox_folder.glob("*.jsonl")) != [] and all(not _open_edits(p) for p in outbox_folder.glob("*.jsonl"))
        later.open_document(document)
        assert all(uid in later.reader.index for uid, *_ in stored)
    finally:
        if later in MainWindow.open_windows:
            later.close()
    assert list(outbox_folder.glob("*.jsonl")) == []  # the taken-over journal went with the window that sent it


def test_changes_an_earlier_window_left_are_retried_until_the_server_answers(
        qtbot, window, document, outage_server, outage_cluster, outbox_folder, settings, monkeypatch):
    from annotator.gui.main_window import MainWindow
    from annotator.store.postgres.outbox import Outbox

    outage_cluster.stop_server()
    label_word(qtbot, window, document, "Isolation", Qt.Key.Key_2)
    window.close()
    outage_cluster.start_server()
    # The next window logs in, and the server is away for a moment just when it sends what the first
    # one left (it is back when the window goes on to read the documents).
    real_flush, outages = Outbox.flush, []

    def flush_in_an_outage(self):  # noqa: ANN001, ANN202
        if outages:
            return real_flush(self)
        outages.append(True)
        outage_cluster.stop_server()
        try:
            return real_flush(self)
        finally:
            outage_cluster.start_server()

    monkeypatch.setattr(Outbox, "flush", flush_in_an_outage)
    later = alice_window(qtbot, outage_server, settings)
    try:
        line = "1 change(s) of an earlier session not saved yet: offline — retrying"
        qtbot.waitUntil(lambda: line in later.statusBar().currentMessage())
        assert stored_spans(outage_server) == []
        outage_cluster.stop_server()
        assert later.project.send_leftovers() is False  # the retry timer's try while the server is down
        assert [len(_open_edits(p)) for p in outbox_folder.glob("*.jsonl")] == [1]  # still on disk
        outage_cluster.start_server()
        assert later.project.send_leftovers() is True  # the retry timer's next try
        assert "Sent 1 change(s) kept from an earlier session" in later.statusBar().currentMessage()
        stored = stored_spans(outage_server)
        assert [(TEXT[s:e], label) for _, s, e, label in stored] == [("Isolation", "pro-isolation")]
        later.open_document(document)
        assert later.project.look_for_changes()  # the window's next look shows it
        assert stored[0][0] in later.reader.index
        assert later.project.send_leftovers() is True and len(stored_spans(outage_server)) == 1
    finally:
        if later in MainWindow.open_windows:
            later.close()
