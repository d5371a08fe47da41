"""Issue 9: the defects and frictions a new coder met in the first hour, each driven by keys as the coder
did, then checked in the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core.span_ids import new_span_uid
from annotator.core.types import DocumentId, Span, Status
from annotator.gui.main_window import MainWindow
from annotator.store.annotations import set_annotation
from annotator.store.spans import add_span
from tests.gui.driving import ALT, CTRL, CYRILLIC, PLAIN, SHIFT, keys, open_doc

LONG = DocumentId(6)


@pytest.fixture
def project_path(project_path: Path) -> Path:
    """The test project and a long article (the view must not jump while a span is nudged)."""
    from annotator.core.types import NewDocument
    from annotator.operations.projects import open_project
    from annotator.store.documents import add_documents

    paragraph = "Maximum pressure has not worked, one EU diplomat said, and isolation failed again. "
    db = open_project(project_path)
    with db.transaction() as tx:
        add_documents(tx, [NewDocument("\n".join(paragraph * 4 for _ in range(120)), title="Long")])
    db.close()
    return project_path


def existing_span(window: MainWindow, document_id: DocumentId, start: int, end: int, *, done: bool) -> Span:
    """A span coded earlier (as in the report: a document already marked done)."""
    span = Span(new_span_uid(), document_id, "ann", start, end, "pro-engagement")
    with window.project.db.transaction() as tx:
        add_span(tx, span)
        if done:
            set_annotation(tx, document_id, "ann", status=Status.DONE)
    window.project.look_for_changes()
    return span


@pytest.mark.parametrize(("document_id", "old_at", "new_words"), [
    (PLAIN, (55, 71), 5),  # "Isolation failed" coded; label "Maximum pressure has not worked"
    (CYRILLIC, (40, 65), 3),  # "Кая Каллас против диалога" coded; label "Лукашенко встретился с"
], ids=["plain", "cyrillic"])
def test_alt_left_nudges_only_the_span_just_made_and_keeps_it_current(
        qtbot, window: MainWindow, document_id: DocumentId, old_at: tuple[int, int], new_words: int) -> None:
    old = existing_span(window, document_id, *old_at, done=True)
    reader = open_doc(qtbot, window, document_id)
    keys(qtbot, reader, (Qt.Key.Key_Right, CTRL | SHIFT, new_words), Qt.Key.Key_2)
    new = next(s for s in window.project.spans(document_id) if s.uid != old.uid)
    keys(qtbot, reader, (Qt.Key.Key_Left, ALT, 4))
    stored = {s.uid: s for s in window.project.spans(document_id)}
    assert (stored[old.uid].start, stored[old.uid].end) == old_at  # untouched
    assert (stored[new.uid].start, stored[new.uid].end) == (new.start, new.end - 4)
    assert window.coding.current_uid == new.uid
    assert window.spans.table.currentIndex().row() == window.span_model.row_of(new.uid)
    keys(qtbot, reader, (Qt.Key.Key_Right, ALT | SHIFT, 2))  # the start too, still the same span
    assert window.project.spans(document_id)[0].start == new.start + 2
    assert window.coding.current_uid == new.uid


def test_nudging_in_a_long_article_keeps_the_view_on_the_span(qtbot, window: MainWindow) -> None:
    text = window.project.document(LONG).text
    far = text.index("isolation failed", len(text) - 400)
    existing_span(window, LONG, far, far + len("isolation failed"), done=False)
    reader = open_doc(qtbot, window, LONG)
    middle = len(text) // 2
    reader.select_range(middle, middle + 20)
    keys(qtbot, reader, Qt.Key.Key_2)
    made = window.coding.current_uid
    scroll = reader.verticalScrollBar().value()
    keys(qtbot, reader, (Qt.Key.Key_Left, ALT, 4), (Qt.Key.Key_Right, ALT, 2))
    assert reader.verticalScrollBar().value() == scroll  # no jump to the other span
    assert window.coding.current_uid == made
    assert [s.end - s.start for s in window.project.spans(LONG) if s.uid == made] == [18]


def test_a_successful_import_from_the_file_menu_does_not_say_cancelled(qtbot, window: MainWindow, tmp_path: Path,
                                                                       monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    article = tmp_path / "new.txt"
    article.write_text("Talks with Minsk worked, the envoy said.\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(article)], ""))
    reports: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _title, text: reports.append(text))
    keys(qtbot, window, (Qt.Key.Key_I, CTRL))
    assert len(reports) == 1 and "1 new document" in reports[0]
    assert "ancel" not in reports[0]
    assert any(s.title and "Talks with Minsk" in s.title for s in window.project.summaries())
    from PySide6.QtWidgets import QProgressDialog

    second = tmp_path / "second.txt"
    second.write_text("Sanctions failed, the minister said.\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(second)], ""))
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda _self: True)  # the coder presses Cancel
    with qtbot.waitActive(window):  # the closed progress dialog took the activation with it
        window.activateWindow()
    keys(qtbot, window, (Qt.Key.Key_I, CTRL))
    assert "Cancelled" in reports[-1]  # a real cancel still says so
    assert not any(s.title and "Sanctions failed" in s.title for s in window.project.summaries())
