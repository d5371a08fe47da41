"""Undo commands, one per coder verb. Each apply/revert = one transaction, one store call, one signal.

Commands keep values (frozen core types), never rows, so undoing a delete restores the same uid,
timestamps and attributes, and undo works whichever document is on screen: the signal carries the
document id and the window shows that document.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtGui import QUndoCommand

from annotator.core.codebook import Label
from annotator.core.types import Annotation, DocumentId, Span, Status
from annotator.gui.project import Project
from annotator.store import annotations, codebooks, spans


class ProjectCommand(QUndoCommand):
    """A change to the project; `Project.push` applies it once, the undo stack replays it."""

    def __init__(self, project: Project, text: str) -> None:
        super().__init__(text)
        self.project = project
        # The next redo() or undo() finds the store as it should leave it already: Project.push has
        # applied the command, or Project put the stack back after a failed undo or redo.
        self.skip_once = False

    def apply(self) -> None:
        raise NotImplementedError

    def revert(self) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        self._run(self.apply, "redo")

    def undo(self) -> None:
        self._run(self.revert, "undo")

    def _run(self, work, verb: str) -> None:  # noqa: ANN001 (apply or revert)
        if self.skip_once:
            self.skip_once = False
            return
        if self.project.takes_over(self, verb):  # it waits for a busy project, or was refused after waiting
            return
        self.project.attempt(work, on_failure=lambda exc: self.project.command_failed(self, verb, exc))


class AddSpan(ProjectCommand):
    def __init__(self, project: Project, span: Span) -> None:
        super().__init__(project, f"Add {span.label} span")
        self.span = span

    def apply(self) -> None:
        with self.project.db.transaction() as tx:
            self.span = spans.add_span(tx, self.span)  # keeps its timestamps for every later redo
        self.project.spans_changed.emit(self.span.document_id, None, self.span)

    def revert(self) -> None:
        with self.project.db.transaction() as tx:
            spans.delete_span(tx, self.span.uid)
        self.project.spans_changed.emit(self.span.document_id, self.span, None)


class DeleteSpan(ProjectCommand):
    def __init__(self, project: Project, span: Span) -> None:
        super().__init__(project, f"Delete {span.label} span")
        self.span = span

    def apply(self) -> None:
        with self.project.db.transaction() as tx:
            self.span = spans.delete_span(tx, self.span.uid)
        self.project.spans_changed.emit(self.span.document_id, self.span, None)

    def revert(self) -> None:
        with self.project.db.transaction() as tx:
            spans.add_span(tx, self.span)  # same uid, timestamps and attributes
        self.project.spans_changed.emit(self.span.document_id, None, self.span)


class EditSpan(ProjectCommand):
    """Change some fields of a span; undo puts the old values back."""

    def __init__(self, project: Project, span: Span, text: str, **changes: Any) -> None:
        super().__init__(project, text)
        self.before = span
        self.after = replace(span, **changes)
        self.changes = changes

    def apply(self) -> None:
        self._write(self.before, self.changes)

    def revert(self) -> None:
        self._write(self.after, {name: getattr(self.before, name) for name in self.changes})

    def _write(self, old: Span, changes: dict[str, Any]) -> None:
        with self.project.db.transaction() as tx:
            new = spans.update_span(tx, old.uid, **changes)
        if changes == self.changes:
            self.after = new
        self.project.spans_changed.emit(new.document_id, old, new)


class RelabelSpan(EditSpan):
    def __init__(self, project: Project, span: Span, label: str) -> None:
        super().__init__(project, span, f"Relabel span as {label}", label=label)


class ResizeSpan(EditSpan):
    """Move a span's start and end; consecutive nudges of one span undo as one step."""

    def __init__(self, project: Project, span: Span, start: int, end: int) -> None:
        super().__init__(project, span, "Resize span", start=start, end=end)

    def id(self) -> int:
        return 1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt's name)
        if not isinstance(other, ResizeSpan) or other.before.uid != self.before.uid:
            return False
        self.changes, self.after = other.changes, other.after
        if (self.after.start, self.after.end) == (self.before.start, self.before.end):
            self.setObsolete(True)  # nudged back to where it was: nothing to undo
        return True


class EditSpanAttributes(EditSpan):
    def __init__(self, project: Project, span: Span, **changes: Any) -> None:
        super().__init__(project, span, "Edit " + ", ".join(changes), **changes)


class SetAnnotation(ProjectCommand):
    """Change this coder's stance, note or status of a document."""

    coder: str | None = None  # whose annotation; None: the project's coder when the command is made

    def __init__(self, project: Project, document_id: DocumentId, text: str, **changes: Any) -> None:
        super().__init__(project, text)
        self.document_id = document_id
        self.coder = self.coder or project.coder  # fixed now, so undo reaches the same coder after a rename
        with project.db.read() as tx:
            self.before: Annotation = annotations.get_annotation(tx, document_id, self.coder)
        self.changes = changes

    def apply(self) -> None:
        self._write(self.changes)

    def revert(self) -> None:
        self._write({name: getattr(self.before, name) for name in self.changes})

    def _write(self, changes: dict[str, Any]) -> None:
        with self.project.db.transaction() as tx:
            annotations.set_annotation(tx, self.document_id, self.coder, **changes)
        self.announce()

    def announce(self) -> None:
        self.project.annotation_changed.emit(self.document_id)


class SetStance(SetAnnotation):
    def __init__(self, project: Project, document_id: DocumentId, stance: str | None) -> None:
        super().__init__(project, document_id, f"Set stance to {stance or 'none'}", stance=stance)


class SetStatus(SetAnnotation):
    def __init__(self, project: Project, document_id: DocumentId, status: Status) -> None:
        super().__init__(project, document_id, f"Mark {status.value.replace('_', ' ')}", status=status)


class SetDocumentNote(SetAnnotation):
    def __init__(self, project: Project, document_id: DocumentId, note: str | None) -> None:
        super().__init__(project, document_id, "Edit document note", note=note)


class SaveLabel(ProjectCommand):
    """Add a span label, or change one (rename keeps its spans, recolour, re-key, redefine)."""

    def __init__(self, project: Project, label: Label, old: Label | None = None) -> None:
        super().__init__(project, f"Change label {old.name}" if old else f"Add label {label.name}")
        self.label, self.old = label, old

    def apply(self) -> None:
        with self.project.db.transaction() as tx:
            codebooks.save_label(tx, self.label, old_name=self.old.name if self.old else None)
        self._changed()

    def revert(self) -> None:
        with self.project.db.transaction() as tx:
            if self.old is None:
                codebooks.delete_label(tx, self.label.kind, self.label.name)
            else:
                codebooks.save_label(tx, self.old, old_name=self.label.name)
        self._changed()

    def _changed(self) -> None:
        self.project.reload_codebook()  # announces the change
