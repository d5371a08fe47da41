"""A coder opens a server project from the File menu, the password kept in the keyring (never in the
settings); the PI's window shows a coder's work as it arrives."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from annotator.core.span_ids import new_span_uid
from annotator.core.types import NewDocument, Span
from annotator.store import spans
from annotator.store.database import Database
from annotator.store.documents import add_documents


@pytest.fixture
def keyring_file(tmp_path, monkeypatch):
    """A real keyring backend (keyrings.alt's file keyring) in a folder of the test's own: a headless
    machine has no Secret Service."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    backend = PlaintextKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def documents(server):
    pi = Database.open(server.url("maria"))
    with pi.transaction() as tx:
        ids = [a.id for a in add_documents(tx, [NewDocument("Engagement with Minsk is the question."),
                                                  NewDocument("Isolation is the answer, one MEP said.")])]
    pi.close()
    return ids


def _fill_server_dialog(qtbot, url: str, password: str) -> None:
    from annotator.gui.server_login import ServerProjectDialog

    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ServerProjectDialog)
    qtbot.keyClicks(dialog.url_edit, url)
    qtbot.keyClicks(dialog.password_edit, password)
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Open),
                     Qt.MouseButton.LeftButton)


def test_a_coder_opens_a_server_project_and_the_password_stays_out_of_the_settings(
        qtbot, window, settings, server, documents, keyring_file, tmp_path):
    from annotator.gui.main_window import MainWindow
    from annotator.gui.server_login import kept_password

    url = server.database.url_as("alice")  # the connection line the PI sent: no password in it
    password = server.passwords["alice"]
    QTimer.singleShot(0, lambda: _fill_server_dialog(qtbot, url, password))
    next(a for a in window.findChildren(type(window.menuBar().actions()[0]))
         if a.text() == "Open &server project…").trigger()
    opened = [w for w in MainWindow.open_windows if w is not window]
    assert len(opened) == 1
    alice_window = opened[0]
    qtbot.addWidget(alice_window)
    assert alice_window.project.coder == "alice"  # the login's coder, not the settings' "ann"
    assert alice_window.project.location == url
    assert url in settings.recent_projects()  # its URL, as the PI sent it
    assert kept_password(url) == password
    settings._qt.sync()
    assert password not in (tmp_path / "settings.ini").read_text(encoding="utf-8")
    # She codes as in a file: the span is on the server, under her name.
    project = alice_window.project
    with project.db.transaction() as tx:
        spans.add_span(tx, Span(new_span_uid(), documents[0], "alice", 0, 10, "pro-engagement"))
    with server.connect("maria") as pi:
        assert pi.execute("SELECT c.name FROM span s JOIN coder c ON c.id = s.coder_id").fetchall() == [("alice",)]
    alice_window.close()


def test_the_app_does_not_code_as_the_administrator(qtbot, server):
    from annotator.core.errors import ProjectError
    from annotator.gui.project import Project

    with pytest.raises(ProjectError, match="superuser or bypasses row security"):
        Project.open(server.admin_url, "ann")


def test_the_pis_progress_window_shows_a_coders_work_as_it_arrives(qtbot, server, documents):
    from annotator.gui.project import Project
    from annotator.gui.team.coder_progress import CoderProgressDialog

    pi = Project.open(server.url("maria"), "ann")
    try:
        dialog = CoderProgressDialog(pi)
        qtbot.addWidget(dialog)
        dialog.show()
        assert _spans_of(dialog, "alice") == "0"  # a member, with no work yet
        alice = Database.open(server.url("alice"))
        with alice.transaction() as tx:
            spans.add_span(tx, Span(new_span_uid(), documents[1], "alice", 0, 9, "pro-isolation"))
        alice.close()
        # The app's timer calls look_for_changes; the NOTIFY is there a moment after the commit.
        for _ in range(100):
            if pi.look_for_changes():
                break
            time.sleep(0.02)
        else:
            pytest.fail("the PI's window did not hear alice's commit")
        assert _spans_of(dialog, "alice") == "1"
    finally:
        pi.close()


def _spans_of(dialog, coder: str) -> str | None:
    for row in range(dialog.table.rowCount()):
        if dialog.table.item(row, 0).text() == coder:
            return dialog.table.item(row, 4).text()
    return None
