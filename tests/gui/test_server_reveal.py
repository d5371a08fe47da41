"""Team → "Reveal this document to every coder": the PI of a server project ends blind coding for one
document from the window (an undoable step); row security then lets a coder read the others' work
there, read only. A coder's login and a project file do not offer it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.core.span_ids import new_span_uid
from annotator.core.types import DocumentId, NewDocument, Span
from annotator.store import spans
from annotator.store.database import Database
from annotator.store.documents import add_documents
from annotator.store.postgres.server_database import ServerDatabase
from tests.gui.driving import CTRL, keys

TEXT = "Engagement with Minsk is the question, one diplomat said. Isolation failed."


@pytest.fixture
def document(server) -> DocumentId:
    """A document alice and bob have each labelled."""
    pi = Database.open(server.url("maria"))
    with pi.transaction() as tx:
        (added,) = add_documents(tx, [NewDocument(TEXT, title="Minsk")])
    pi.close()
    for coder, start, end in (("alice", 0, 10), ("bob", 58, 67)):
        db = ServerDatabase.open(server.url(coder), for_coding=True)
        with db.transaction() as tx:
            spans.add_span(tx, Span(new_span_uid(), added.id, coder, start, end, "pro-engagement"))
        db.close()
    return added.id


def coders_alice_reads(server, document: DocumentId) -> list[str]:
    """Whose spans alice's own session reads on the document: row security's answer."""
    alice = ServerDatabase.open(server.url("alice"), for_coding=True)
    try:
        with alice.read() as tx:
            return sorted(s.coder for s in spans.spans_for(tx, document))
    finally:
        alice.close()


def open_window(qtbot, server, role: str, settings):
    from annotator.gui.main_window import MainWindow
    from annotator.gui.project import Project

    window = MainWindow(Project.open(server.url(role), "ann"), settings)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitActive(window):  # its keys go to it
        window.activateWindow()
    return window


def team_menu_opened(window) -> None:
    """What opening the Team menu does before it shows (the reveal row reads its check mark then)."""
    menu = window.reveal_action.parent()
    menu.aboutToShow.emit()


def test_the_pi_reveals_a_document_and_takes_it_back(qtbot, server, document, settings):
    assert coders_alice_reads(server, document) == ["alice"]  # blind
    pi = open_window(qtbot, server, "maria", settings)
    try:
        pi.open_document(document)
        team_menu_opened(pi)
        assert pi.reveal_action.isEnabled() and not pi.reveal_action.isChecked()
        pi.reveal_action.trigger()
        assert "Revealed: every coder can now read" in pi.statusBar().currentMessage()
        assert coders_alice_reads(server, document) == ["alice", "bob"]
        team_menu_opened(pi)
        assert pi.reveal_action.isChecked()

        pi.reader.setFocus()
        keys(qtbot, pi.reader, (Qt.Key.Key_Z, CTRL))  # undo: blind again
        assert coders_alice_reads(server, document) == ["alice"]
        team_menu_opened(pi)
        assert not pi.reveal_action.isChecked()
    finally:
        pi.close()


def test_a_coder_and_a_project_file_are_not_offered_it(qtbot, server, document, settings, window):
    alice = open_window(qtbot, server, "alice", settings)
    try:
        alice.open_document(document)
        team_menu_opened(alice)
        assert not alice.reveal_action.isEnabled()
    finally:
        alice.close()
    window.open_document(DocumentId(1))
    team_menu_opened(window)  # the conftest's project file
    assert not window.reveal_action.isEnabled()
