"""The document list and span panel models: qtmodeltester, lazy rows, live updates from commands."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from annotator.core.span_ids import new_span_uid
from annotator.core.types import DocumentId, NewDocument, Span, Status
from annotator.gui.coding.commands import AddSpan, DeleteSpan, ResizeSpan, SetStatus
from annotator.gui.coding.document_model import (
    BATCH,
    SORT_ROLE,
    DocumentFilterModel,
    DocumentListModel,
)
from annotator.gui.coding.span_model import HOLDER, LABEL, NOTE, UNSURE, SpanTableModel
from annotator.gui.project import Project
from annotator.operations.projects import open_project
from annotator.store.documents import add_documents, list_summaries

DOC = DocumentId(5)


def _add(project: Project, start: int, end: int, label: str = "pro-engagement", doc: DocumentId = DOC) -> Span:
    span = Span(new_span_uid(), doc, project.coder, start, end, label)
    project.push(AddSpan(project, span))
    return next(s for s in project.spans(doc) if s.uid == span.uid)


def test_document_model_passes_the_model_tester(qtmodeltester, project: Project) -> None:
    _add(project, 0, 16)
    model = DocumentListModel(project)
    qtmodeltester.check(model, force_py=True)
    proxy = DocumentFilterModel(model)
    proxy.sort(5, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(proxy, force_py=True)
    assert proxy.index(0, 0).data() == "Plain"  # the one document with a span sorts first


def test_document_rows_follow_spans_and_status(project: Project) -> None:
    model = DocumentListModel(project)
    row = model.row_of(DOC)
    assert model.index(row, 4).data() == "not started"
    span = _add(project, 0, 16)
    assert (model.index(row, 4).data(), model.index(row, 5).data()) == ("in progress", "1")
    project.push(DeleteSpan(project, span))
    assert model.index(row, 5).data() == "0"
    project.push(SetStatus(project, DOC, Status.DONE))
    assert model.index(row, 4).data() == "done"
    assert model.next_not_done(DOC) == DocumentId(1)  # wraps to the top


def test_filters_by_text_and_by_status(project: Project) -> None:
    model = DocumentListModel(project)
    proxy = DocumentFilterModel(model)
    model.set_text_filter("firetrucks")  # searches the texts, not only titles
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["Firemen"]
    model.set_text_filter("")
    project.push(SetStatus(project, DocumentId(2), Status.DONE))
    proxy.set_status(Status.DONE)
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data() == "Firemen"
    proxy.set_status(None)
    assert proxy.rowCount() == 5


def test_large_project_hands_rows_to_the_view_in_batches(qtbot, tmp_path: Path) -> None:
    db = open_project(tmp_path / "big.annotator")
    with db.transaction() as tx:
        add_documents(tx, [NewDocument(f"article number {i}", title=f"A{i:05}") for i in range(2 * BATCH + 10)])
    db.close()
    project = Project(open_project(tmp_path / "big.annotator"), "ann")
    model = DocumentListModel(project)
    assert model.rowCount() == BATCH and model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 2 * BATCH
    assert model.row_of(2 * BATCH + 5) == 2 * BATCH + 4  # asking for a late row loads it
    assert model.rowCount() == 2 * BATCH + 10
    assert model.index(3, 3).data(SORT_ROLE) == len("article number 3")
    project.close()


def _many_documents(tmp_path: Path) -> Project:
    """2 * BATCH + 10 documents; this coder has spans on some and has finished the whole first batch."""
    db = open_project(tmp_path / "many.annotator")
    with db.transaction() as tx:
        add_documents(tx, [NewDocument(f"article number {i}" + (" firetrucks" if i % 3 else ""), title=f"A{i:05}")
                           for i in range(2 * BATCH + 10)])
    db.close()
    project = Project(open_project(tmp_path / "many.annotator"), "ann")
    for document in (1, 7, BATCH + 3, 2 * BATCH + 9):
        _add(project, 0, 7, doc=DocumentId(document))
    for document in range(1, BATCH + 2):
        project.push(SetStatus(project, DocumentId(document), Status.DONE))
    return project


def test_the_list_read_in_two_parts_is_the_list_read_whole(qtbot, tmp_path: Path) -> None:
    project = _many_documents(tmp_path)
    whole = project.summaries()
    model = DocumentListModel(project)
    assert model.rows == whole[:BATCH] and not model.complete
    assert model.rowCount() == BATCH and model.canFetchMore(QModelIndex())  # the view knows there is more
    model.load_all()
    assert model.rows == whole and model.complete
    assert [model.row_of(s.id) for s in whole] == list(range(len(whole)))
    model.set_text_filter("firetrucks")  # a filtered list: read in parts the same way
    assert model.rows == project.summaries(text_filter="firetrucks")[:BATCH] and not model.complete
    model.load_all()
    assert model.rows == project.summaries(text_filter="firetrucks")
    project.close()


def test_the_rest_of_the_list_is_read_when_something_needs_it(qtbot, tmp_path: Path) -> None:
    project = _many_documents(tmp_path)
    model = DocumentListModel(project)
    assert model.next_not_done(None) == DocumentId(BATCH + 2)  # the whole first batch is done: reads on
    assert model.complete
    model = DocumentListModel(project)
    assert model.row_of(2 * BATCH + 9) == 2 * BATCH + 8 and model.complete
    model = DocumentListModel(project)
    _add(project, 9, 15, doc=DocumentId(BATCH + 3))  # a change to a row not read yet: read as stored
    model.fetchMore(QModelIndex())
    assert model.summary(model.row_of(BATCH + 3)).span_count == 2
    assert model.rows == project.summaries()
    project.close()


def test_the_document_panel_reads_the_rest_once_its_rows_are_on_screen(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from annotator.gui.coding.document_panel import DocumentPanel

    project = _many_documents(tmp_path)
    # Inside a window, as in the app: a DocumentPanel shown as a window of its own and closed left a
    # dangling object that a later garbage collection crashed on (on main too, before issue 14's work).
    host = QWidget()
    qtbot.addWidget(host)
    panel = DocumentPanel(project, host)
    QVBoxLayout(host).addWidget(panel)
    host.resize(400, 600)
    assert not panel.model.complete
    host.show()
    qtbot.waitUntil(lambda: panel.model.complete)
    assert panel.model.rows == project.summaries()
    project.close()


def test_summaries_read_a_part_at_a_time_are_slices_of_the_whole(tmp_path: Path) -> None:
    project = _many_documents(tmp_path)
    with project.db.read() as tx:
        for kwargs in ({}, {"text_filter": "firetrucks"}, {"status": Status.DONE}, {"status": Status.IN_PROGRESS}):
            whole = list_summaries(tx, "ann", **kwargs)
            assert list_summaries(tx, "ann", limit=7, **kwargs) == whole[:7]
            middle = len(whole) // 2
            assert list_summaries(tx, "ann", after=whole[middle].id, **kwargs) == whole[middle + 1:]
            assert list_summaries(tx, "ann", after=whole[middle].id, limit=3, **kwargs) == whole[middle + 1:middle + 4]
    project.close()


def test_span_model_passes_the_model_tester(qtmodeltester, project: Project) -> None:
    document = project.document(DOC)
    _add(project, 0, 16)
    _add(project, 17, 24, "pro-isolation")
    model = SpanTableModel(project)
    model.set_document(DOC, document.text, project.spans(DOC))
    qtmodeltester.check(model, force_py=True)


def test_span_model_lists_spans_in_text_order_and_follows_commands(project: Project) -> None:
    document = project.document(DOC)
    model = SpanTableModel(project)
    model.set_document(DOC, document.text, [])
    late = _add(project, 33, 53)
    early = _add(project, 0, 16)
    assert [model.span_at(r).uid for r in range(model.rowCount())] == [early.uid, late.uid]
    assert model.index(0, 1).data() == "Maximum pressure"
    project.push(ResizeSpan(project, early, 40, 45))  # moves after `late` in text order
    assert [model.span_at(r).uid for r in range(model.rowCount())] == [late.uid, early.uid]
    project.undo_stack.undo()
    assert model.span_at(0).uid == early.uid and model.span_at(0).end == 16


def test_inline_edits_write_through(project: Project) -> None:
    document = project.document(DOC)
    span = _add(project, 0, 16)
    model = SpanTableModel(project)
    model.set_document(DOC, document.text, project.spans(DOC))
    shown = [model.index(0, column).data() for column in (LABEL, HOLDER, NOTE)]  # painted once already
    assert shown == ["pro-engagement", "", ""]
    assert model.setData(model.index(0, LABEL), "ambivalent")
    assert model.setData(model.index(0, HOLDER), "  one EU diplomat ")
    assert model.setData(model.index(0, NOTE), "irony?")
    assert model.setData(model.index(0, UNSURE), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert not model.setData(model.index(0, LABEL), "no-such-label")
    stored = project.spans(DOC)[0]
    assert (stored.uid, stored.label, stored.holder, stored.note, stored.unsure) == (
        span.uid, "ambivalent", "one EU diplomat", "irony?", True)
    assert model.index(0, UNSURE).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert [model.index(0, column).data() for column in (LABEL, HOLDER, NOTE)] == [
        "ambivalent", "one EU diplomat", "irony?"]  # what is shown follows every change
    swatch = model.index(0, LABEL).data(Qt.ItemDataRole.DecorationRole).pixmap(12).toImage().pixelColor(5, 5)
    assert swatch == QColor(project.codebook.span_label("ambivalent").colour)
    assert project.undo_stack.count() == 5


def test_summaries_of_many_documents_read_no_texts(project: Project) -> None:
    start = time.perf_counter()
    DocumentListModel(project)
    assert time.perf_counter() - start < 5  # a sanity bound only; benchmarks/ measures speed
