"""Issue 9: the defects and frictions a new coder met in the first hour, each driven by keys as the coder
did, then checked in the database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette

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


def shown_colour(window: MainWindow, row: int) -> str:
    """The colour the coder sees behind a row of the document list: taken from the window's pixels as
    last painted (the backing store), not from a fresh render, so a row left unrepainted shows."""
    table = window.documents.table
    rect = table.visualRect(table.model().index(row, 4))  # the Status cell (outlet, date, length are hidden)
    point = table.viewport().mapTo(window, rect.topLeft()) + QPoint(2, 2)
    return window.screen().grabWindow(window.winId()).toImage().pixelColor(point).name()


def test_after_d_only_the_open_document_is_highlighted_in_the_list(qtbot, window: MainWindow) -> None:
    open_doc(qtbot, window, DocumentId(1))
    highlight = window.documents.table.palette().color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight).name()
    qtbot.waitUntil(lambda: shown_colour(window, 0) == highlight)
    keys(qtbot, window.reader, Qt.Key.Key_D, Qt.Key.Key_D)
    assert window.coding.document_id == DocumentId(3)
    qtbot.waitUntil(lambda: shown_colour(window, 2) == highlight)  # painted
    assert shown_colour(window, 0) != highlight and shown_colour(window, 1) != highlight
    assert [r.row() for r in window.documents.table.selectionModel().selectedRows()] == [2]


def test_the_status_field_says_in_progress_with_the_list_after_a_first_span(qtbot, window: MainWindow) -> None:
    reader = open_doc(qtbot, window, PLAIN)
    assert window.annotation.status_text.text() == "not started"
    keys(qtbot, reader, (Qt.Key.Key_Right, CTRL | SHIFT, 2), Qt.Key.Key_1)
    row = window.documents.model.row_of(PLAIN)
    assert window.documents.model.summary(row).status == Status.IN_PROGRESS
    assert window.annotation.status_text.text() == "in progress"


def test_undo_of_a_stance_on_another_document_opens_it_and_says_what_was_undone(qtbot, window: MainWindow) -> None:
    open_doc(qtbot, window, PLAIN)
    keys(qtbot, window.reader, (Qt.Key.Key_2, CTRL))  # the stance by its key: pro-isolation
    assert window.project.annotation(PLAIN).stance == "pro-isolation"
    open_doc(qtbot, window, CYRILLIC)
    keys(qtbot, window.reader, (Qt.Key.Key_Z, CTRL))
    assert window.project.annotation(PLAIN).stance is None
    assert window.coding.document_id == PLAIN and window.annotation.stance_box.currentData() is None
    assert window.statusBar().currentMessage() == "Undone: Set stance to pro-isolation"


def test_undo_of_a_new_span_on_another_document_shows_where_it_was(qtbot, window: MainWindow) -> None:
    text = window.project.document(LONG).text
    reader = open_doc(qtbot, window, LONG)
    reader.select_range(len(text) - 40, len(text) - 30)
    keys(qtbot, reader, Qt.Key.Key_1)
    [span] = window.project.spans(LONG)
    open_doc(qtbot, window, PLAIN)
    keys(qtbot, window.reader, (Qt.Key.Key_Z, CTRL))
    assert window.project.spans(LONG) == [] and window.coding.document_id == LONG
    cursor = reader.positions.from_qt(reader.textCursor().position())
    assert cursor == span.start and reader.verticalScrollBar().value() > 0  # the view went there


def line_of_cursor(reader) -> float:  # noqa: ANN001
    """Where the text cursor sits in the view, as a share of the view's height (0 top, 1 bottom)."""
    return reader.cursorRect().center().y() / reader.viewport().height()


def test_find_centres_the_match_and_a_failed_search_keeps_the_place(qtbot, window: MainWindow) -> None:
    text = window.project.document(LONG).text
    reader = open_doc(qtbot, window, LONG)
    keys(qtbot, window, (Qt.Key.Key_F, CTRL))
    qtbot.keyClicks(window.search.edit, "failed again")
    keys(qtbot, window.search.edit, Qt.Key.Key_Return, Qt.Key.Key_Return, Qt.Key.Key_Return)
    third = [m.start() for m in re.finditer("failed again", text)][2]
    assert reader.selection() == (third, third + len("failed again"))
    reader.select_range(len(text) // 2, len(text) // 2 + 5)
    reader.center_cursor()
    assert 0.4 < line_of_cursor(reader) < 0.6
    keys(qtbot, window.search.edit, (Qt.Key.Key_A, CTRL))
    qtbot.keyClicks(window.search.edit, "failed again")
    keys(qtbot, window.search.edit, Qt.Key.Key_Return)
    assert 0.4 < line_of_cursor(reader) < 0.6  # the match in the middle of the view, with context around it
    place, scroll = reader.selection(), reader.verticalScrollBar().value()
    keys(qtbot, window.search.edit, (Qt.Key.Key_A, CTRL))
    qtbot.keyClicks(window.search.edit, "Minsk")  # not in this article
    keys(qtbot, window.search.edit, Qt.Key.Key_Return)
    assert reader.selection() == place and reader.verticalScrollBar().value() == scroll  # the place is kept
    assert "not found" in window.search.result.text()


def test_span_menu_lists_the_labels_with_their_keys_and_labels_the_selection(qtbot, window: MainWindow) -> None:
    reader = open_doc(qtbot, window, PLAIN)
    assert "1 pro-engagement, 2 pro-isolation, 3 ambivalent" in window.spans.empty_hint.text()
    entries = {a.text().split("\t")[0]: a.text().split("\t")[1] for a in window.label_menu.actions()}
    assert entries == {"pro-engagement": "1", "pro-isolation": "2", "ambivalent": "3"}
    keys(qtbot, reader, (Qt.Key.Key_Right, CTRL | SHIFT, 2))
    next(a for a in window.label_menu.actions() if a.text().startswith("ambivalent")).trigger()
    assert [(s.start, s.end, s.label) for s in window.project.spans(PLAIN)] == [(0, 16, "ambivalent")]
    assert window.spans.empty_hint.isHidden()


def test_a_project_whose_documents_are_all_done_opens_the_first_and_says_so(qtbot, project_path: Path,
                                                                          settings) -> None:
    from annotator.gui.project import Project
    from annotator.operations.projects import open_project

    db = open_project(project_path)
    with db.transaction() as tx:
        for document_id in range(1, 7):
            set_annotation(tx, DocumentId(document_id), "ann", status=Status.DONE)
    db.close()
    window = MainWindow(Project.open(project_path, "ann"), settings)
    qtbot.addWidget(window)
    assert window.coding.document_id == DocumentId(1) and window.reader.toPlainText()
    assert "Every document is done" in window.statusBar().currentMessage()
    assert "no document" not in window.windowTitle()
    window.close()


def test_the_window_names_the_open_project_and_where_it_is(qtbot, window: MainWindow, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    path = window.project.path
    assert path.name in window.windowTitle() and path.parent.name in window.windowTitle()
    window.actions_by_text["About annotator"].trigger()
    about = next(w for w in window.findChildren(QMessageBox) if w.isVisible())
    assert str(path.resolve()) in about.text() and "Data folder" in about.text()
    about.close()


def test_f1_sheet_shows_label_and_stance_keys_with_their_definitions(qtbot, window: MainWindow) -> None:
    keys(qtbot, window, Qt.Key.Key_F1)
    sheet = window.keys_sheet.browser.toPlainText()
    codebook = window.project.codebook
    for label in codebook.span_labels:
        assert " ".join(label.definition.split()) in " ".join(sheet.split())
    for option in codebook.stance_options:
        assert " ".join(option.definition.split()) in " ".join(sheet.split())
    assert "Ctrl+1" in sheet and "Ctrl+0" in sheet and "Alt+Left" in sheet
    window.keys_sheet.close()


def test_the_demo_titles_are_the_headlines_and_articles_start_with_them(qtbot, tmp_path: Path, settings) -> None:
    from annotator.gui.project import Project
    from annotator.operations.demo import ensure_demo_project

    project = Project.open(ensure_demo_project(tmp_path / "data"), "ann")
    titles = [s.title for s in project.summaries()]
    assert titles[:2] == ["How Europe's last dictator figures in the thawing of US-Russian relations",
                          "‘His drug is power’: Lukashenko reaches out to the west"]
    second = project.document(project.summaries()[1].id).text
    assert "The Guardian - UK" not in second and second.index("‘His drug is power’") < 40
    project.close()


def test_panels_hide_and_come_back_by_key_and_a_shown_panel_stays(qtbot, window: MainWindow) -> None:
    reader = open_doc(qtbot, window, PLAIN)
    wide = reader.width()
    keys(qtbot, reader, (Qt.Key.Key_L, CTRL | SHIFT))  # the document list away: the article takes its room
    assert window.documents.isHidden() and not window.list_action.isChecked() and reader.width() > wide
    keys(qtbot, reader, (Qt.Key.Key_L, CTRL | SHIFT))
    assert not window.documents.isHidden() and window.list_action.isChecked()
    window.resize(600, window.height())  # too narrow for both panels and a readable article
    assert not window.documents.isVisible() and not window.spans.isVisible() and not window.side_action.isChecked()
    keys(qtbot, reader, (Qt.Key.Key_R, CTRL | SHIFT))  # the coder wants the span panel anyway: it stays
    window.resize(590, window.height())
    assert window.spans.isVisible() and window.side_action.isChecked()
    window.resize(1366, window.height())  # room again: the list hidden for room comes back by itself
    assert not window.documents.isHidden() and window.list_action.isChecked()
