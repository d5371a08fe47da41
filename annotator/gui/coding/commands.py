"""Undo commands, one per coder verb. Each apply/revert stores one `Edit` (one transaction), then emits one signal.

Commands keep values (frozen core types), never rows, so undoing a delete restores the same uid,
timestamps and attributes, and undo works whichever document is on screen: the signal carries the
document id and the window shows that document. What a step stores is an `Edit` (store/edits.py),
values too: `Project.write` stores it in a project file, or sends it to a server project, where it
may wait while the server cannot be reached and is sent again, the same edit, until it is stored.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtGui import QUndoCommand

from annotator.core.codebook import Label
from annotator.core.types import DocumentId, Span, Status
from annotator.gui.project import Project
from annotator.store import edits
from annotator.store.database import utc_now
from annotator.store.edits import Edit


class ProjectCommand(QUndoCommand):
    """A change to the project; `Project.push` applies it once, the undo stack replays it.

    A subclass says what its apply and revert store (`apply_edit`, `revert_edit`) and what the
    window is told once they are stored (`applied`, `reverted`)."""

    def __init__(self, project: Project, text: str) -> None:
        super().__init__(text)
        self.project = project
        # The next redo() or undo() finds the store as it should leave it already: Project.push has
        # applied the command, or Project put the stack back after a failed undo or redo.
        self.skip_once = False
        self.kept = False  # waits to be stored (busy project, server away): never merged with another
        self._edit: tuple[str, Edit] | None = None  # the edit of the next apply or revert, until stored

    def apply_edit(self) -> Edit:
        raise NotImplementedError

    def revert_edit(self) -> Edit:
        raise NotImplementedError

    def applied(self) -> None:
        """After apply is stored: what the window is told."""

    def reverted(self) -> None:
        """After revert is stored."""

    def edit_for(self, verb: str) -> Edit:
        """What the next `verb` ("apply"/"revert") stores: made once, and sent again as it is (same
        id, so a server that stored it already knows it) until it is stored."""
        if self._edit is None or self._edit[0] != verb:
            self._edit = (verb, self.apply_edit() if verb == "apply" else self.revert_edit())
        return self._edit[1]

    def drop_edit(self) -> None:
        """The waiting edit was taken back: the next apply or revert is a new one."""
        self._edit = None

    def apply(self) -> None:
        self._store("apply")

    def revert(self) -> None:
        self._store("revert")

    def _store(self, verb: str) -> None:
        self.project.write(self.edit_for(verb))
        self._edit = None
        (self.applied if verb == "apply" else self.reverted)()

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
        self.span = edits.stamped(span)  # its timestamps, for every later redo

    def apply_edit(self) -> Edit:
        return edits.add_span(self.span)

    def revert_edit(self) -> Edit:
        return edits.delete_span(self.span.uid)

    def applied(self) -> None:
        self.project.spans_changed.emit(self.span.document_id, None, self.span)

    def reverted(self) -> None:
        self.project.spans_changed.emit(self.span.document_id, self.span, None)


class DeleteSpan(ProjectCommand):
    def __init__(self, project: Project, span: Span) -> None:
        super().__init__(project, f"Delete {span.label} span")
        self.span = span

    def apply_edit(self) -> Edit:
        return edits.delete_span(self.span.uid)

    def revert_edit(self) -> Edit:
        return edits.add_span(self.span)  # same uid, timestamps and attributes

    def applied(self) -> None:
        self.project.spans_changed.emit(self.span.document_id, self.span, None)

    def reverted(self) -> None:
        self.project.spans_changed.emit(self.span.document_id, None, self.span)


class EditSpan(ProjectCommand):
    """Change some fields of a span; undo puts the old values back."""

    def __init__(self, project: Project, span: Span, text: str, **changes: Any) -> None:
        super().__init__(project, text)
        self.before = span
        self.after = replace(span, **changes)
        self.changes = changes
        self._change: tuple[Span, Span] = (span, span)  # the span before and after the edit being stored

    def apply_edit(self) -> Edit:
        return self._edit_of(self.before, self.changes)

    def revert_edit(self) -> Edit:
        return self._edit_of(self.after, {name: getattr(self.before, name) for name in self.changes})

    def _edit_of(self, old: Span, changes: dict[str, Any]) -> Edit:
        new = replace(old, **changes, updated_at=utc_now())
        self._change = (old, new)
        return edits.update_span(old.uid, new.updated_at or "", **changes)

    def applied(self) -> None:
        self.after = self._change[1]
        self.reverted()

    def reverted(self) -> None:
        old, new = self._change
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
        if not isinstance(other, ResizeSpan) or other.before.uid != self.before.uid or self.kept or other.kept:
            return False  # a nudge that waits to be stored stays a step of its own: undo takes it back alone
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
        self.before = project.annotation_now(document_id, self.coder, changes)
        self.changes = changes

    def apply_edit(self) -> Edit:
        return edits.set_annotation(self.document_id, self.coder or "", utc_now(), **self.changes)

    def revert_edit(self) -> Edit:
        return edits.set_annotation(self.document_id, self.coder or "", utc_now(),
                                    **{name: getattr(self.before, name) for name in self.changes})

    def applied(self) -> None:
        self.announce()

    def reverted(self) -> None:
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

    def apply_edit(self) -> Edit:
        return edits.save_label(self.label, old_name=self.old.name if self.old else None)

    def revert_edit(self) -> Edit:
        if self.old is None:
            return edits.delete_label(self.label.kind, self.label.name)
        return edits.save_label(self.old, old_name=self.label.name)

    def applied(self) -> None:
        self.project.reload_codebook()  # announces the change

    def reverted(self) -> None:
        self.project.reload_codebook()
