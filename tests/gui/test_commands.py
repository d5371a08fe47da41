"""Undo commands: each writes through to the database, and undo/redo restore exact values."""

from __future__ import annotations

from dataclasses import replace

from annotator.core.codebook import Label
from annotator.core.span_ids import new_span_uid
from annotator.core.types import DocumentId, Span, Status
from annotator.gui.coding.commands import (
    AddSpan,
    DeleteSpan,
    EditSpanAttributes,
    RelabelSpan,
    ResizeSpan,
    SaveLabel,
    SetStance,
    SetStatus,
)
from annotator.gui.project import Project

DOC = DocumentId(5)  # "Maximum pressure has not worked, one EU diplomat said. Isolation failed."


def _add(project: Project, start: int, end: int, label: str = "pro-engagement") -> Span:
    span = Span(new_span_uid(), DOC, project.coder, start, end, label)
    assert project.push(AddSpan(project, span))
    return project.spans(DOC)[-1]


def _reopened(project: Project) -> list[Span]:
    """The spans as another connection to the file sees them: what was committed."""
    other = Project.open(project.path, "someone-else")
    try:
        return [s for s in other.other_spans(DOC) if s.coder == project.coder]
    finally:
        other.close()


def test_add_commits_and_undo_redo_keep_the_uid(qtbot, project: Project) -> None:
    with qtbot.waitSignal(project.spans_changed) as changed:
        span = _add(project, 0, 16)
    assert changed.args[0] == DOC and changed.args[1] is None and changed.args[2].uid == span.uid
    assert _reopened(project) == [span]
    project.undo_stack.undo()
    assert _reopened(project) == []
    project.undo_stack.redo()
    assert _reopened(project) == [span]


def test_undo_of_delete_restores_uid_and_attributes(project: Project) -> None:
    span = _add(project, 0, 16)
    project.push(EditSpanAttributes(project, span, holder="one EU diplomat", note="quoted", unsure=True))
    edited = project.spans(DOC)[0]
    assert project.push(DeleteSpan(project, edited))
    assert project.spans(DOC) == []
    project.undo_stack.undo()
    assert project.spans(DOC) == [edited]


def test_relabel_resize_and_attribute_edits_undo(project: Project) -> None:
    span = _add(project, 0, 16)
    project.push(RelabelSpan(project, span, "pro-isolation"))
    project.push(ResizeSpan(project, project.spans(DOC)[0], 0, 32))
    project.push(EditSpanAttributes(project, project.spans(DOC)[0], holder="author"))
    now = project.spans(DOC)[0]
    assert (now.label, now.start, now.end, now.holder) == ("pro-isolation", 0, 32, "author")
    project.undo_stack.undo()
    assert project.spans(DOC)[0].holder is None
    project.undo_stack.undo()
    assert (project.spans(DOC)[0].start, project.spans(DOC)[0].end) == (0, 16)
    project.undo_stack.undo()
    assert project.spans(DOC)[0].label == "pro-engagement"
    project.undo_stack.redo()
    project.undo_stack.redo()
    assert (project.spans(DOC)[0].label, project.spans(DOC)[0].end) == ("pro-isolation", 32)


def test_consecutive_nudges_undo_as_one_step(project: Project) -> None:
    span = _add(project, 0, 16)
    for end in (17, 18, 19):
        project.push(ResizeSpan(project, project.spans(DOC)[0], 0, end))
    assert project.undo_stack.count() == 2  # the add, and one merged resize
    project.undo_stack.undo()
    assert project.spans(DOC)[0].end == span.end


def test_stance_and_status_undo(qtbot, project: Project) -> None:
    with qtbot.waitSignal(project.annotation_changed):
        project.push(SetStance(project, DOC, "pro-isolation"))
    project.push(SetStatus(project, DOC, Status.DONE))
    assert (project.annotation(DOC).stance, project.annotation(DOC).status) == ("pro-isolation", Status.DONE)
    assert project.progress()[0] == 1
    project.undo_stack.undo()
    project.undo_stack.undo()
    assert project.annotation(DOC).stance is None
    assert project.annotation(DOC).status == Status.NOT_STARTED


def test_rename_keeps_spans_and_undo_renames_back(qtbot, project: Project) -> None:
    _add(project, 0, 16)
    old = project.codebook.span_label("pro-engagement")
    with qtbot.waitSignal(project.codebook_changed):
        project.push(SaveLabel(project, replace(old, name="engagement", colour="#1565C0"), old))
    assert project.spans(DOC)[0].label == "engagement"
    assert project.codebook.span_label("engagement").colour == "#1565C0"
    project.undo_stack.undo()
    assert project.spans(DOC)[0].label == "pro-engagement"
    assert project.codebook.span_label("engagement") is None


def test_new_label_and_undo_removes_it(project: Project) -> None:
    project.push(SaveLabel(project, Label("irrelevant", key="4", colour="#6A1B9A")))
    assert project.codebook.label_for_key("4").name == "irrelevant"
    project.undo_stack.undo()
    assert project.codebook.span_label("irrelevant") is None


def test_refused_changes_report_an_error_and_leave_no_undo_step(qtbot, project: Project) -> None:
    bad_span = Span(new_span_uid(), DOC, project.coder, 10, 10_000, "pro-engagement")
    with qtbot.waitSignal(project.error) as error:
        assert not project.push(AddSpan(project, bad_span))
    assert "past the end" in error.args[0]
    clash = Label("clash", key="D")  # D is a command key
    with qtbot.waitSignal(project.error) as error:
        assert not project.push(SaveLabel(project, clash))
    assert "command key" in error.args[0]
    assert project.undo_stack.count() == 0
    assert project.spans(DOC) == []
