"""A change to a project as plain values: what one of the app's undo steps stores, in one transaction.

The app's commands describe their work as an `Edit` (a few store calls with their arguments as JSON
values) instead of calling the store in a transaction of their own, so one change can be:

- applied to a project file or to a server project, the same way (`apply`);
- kept on disk while a server cannot be reached, and sent later, even by the next run of the app
  (`to_json` / `from_json`; the journal is postgres/outbox.py's);
- recognised when it reaches a server twice (its answer was lost): the `id` is a UUID the server keeps.

Timestamps are taken when the coder acts (the constructors stamp them), not when the edit is stored,
so an edit sent an hour late still says when it was made.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from annotator.core.codebook import Label
from annotator.core.suggestions import Decision
from annotator.core.types import Annotation, DocumentId, Span, SpanUid, Status
from annotator.store import annotations as annotation_rows  # the bare name is __future__'s
from annotator.store import codebooks, decisions, spans, suggestions
from annotator.store._rows import Session
from annotator.store.database import utc_now
from annotator.store.documents import doc_ids_of
from annotator.store.postgres import reveals


@dataclass(frozen=True, slots=True)
class Step:
    """One store call: its name (a key of `_STEPS`) and its arguments as JSON values."""

    kind: str
    args: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Edit:
    """The steps of one change, stored together or not at all; `id` tells a resent edit from a new one."""

    steps: tuple[Step, ...]
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def __add__(self, other: Edit) -> Edit:
        return Edit(self.steps + other.steps)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "steps": [[s.kind, s.args] for s in self.steps]}

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Edit:
        return cls(tuple(Step(kind, args) for kind, args in value["steps"]), value["id"])


def combine(edits: Iterable[Edit]) -> Edit:
    """One edit doing all of `edits`' steps, in order (an undo step that changes several things)."""
    return Edit(tuple(step for edit in edits for step in edit.steps))


def apply(tx: Session, edit: Edit) -> None:
    """Do the edit's steps in `tx` (the caller's transaction: all of them are stored, or none)."""
    for step in edit.steps:
        try:
            run_step = _STEPS[step.kind]
        except KeyError:
            raise ValueError(f"unknown kind of edit {step.kind!r} (made by a newer annotator?)") from None
        run_step(tx, **step.args)


def stamped(span: Span) -> Span:
    """`span` with its creation and change times set (now, where it has none)."""
    if span.created_at and span.updated_at:
        return span
    now = utc_now()
    return replace(span, created_at=span.created_at or now, updated_at=span.updated_at or now)


# --- the edits the app makes ----------------------------------------------------------------------
def _edit(step: str, **args: Any) -> Edit:
    return Edit((Step(step, args),))


def add_span(span: Span) -> Edit:
    """Store `span` as it is (uid and timestamps: pass a `stamped` span, so every redo stores the same)."""
    return _edit("add_span", span=_span_value(stamped(span)))


def delete_span(uid: str) -> Edit:
    return _edit("delete_span", uid=uid)


def update_span(uid: str, updated_at: str, **changes: Any) -> Edit:
    return _edit("update_span", uid=uid, updated_at=updated_at, changes=changes)


def set_annotation(document_id: DocumentId, coder: str, updated_at: str, **changes: Any) -> Edit:
    changes = {k: (str(v) if k == "status" else v) for k, v in changes.items()}
    return _edit("set_annotation", document_id=document_id, coder=coder, updated_at=updated_at, changes=changes)


def decide_suggestion(suggestion_id: int, decision: Decision | None, span_uid: str | None = None) -> Edit:
    return _edit("decide_suggestion", suggestion_id=suggestion_id, span_uid=span_uid,
                 decision=None if decision is None else str(decision))


def decide_passage(doc_id: str, passage: str, decision: str | None) -> Edit:
    """The adjudicator's decision on one passage of a document (by its public doc_id)."""
    return _edit("decide_passage", doc_id=doc_id, passage=passage, decision=decision)


def decide_stances(document_ids: Sequence[int], decision: str | None) -> Edit:
    """The same adjudication decision on the gold stance of many documents (by their ids)."""
    return _edit("decide_stances", document_ids=list(document_ids), decision=decision)


def reveal_document(document_id: DocumentId, revealed: bool) -> Edit:
    """A server project's PI reveals a document to every member (or makes it blind again)."""
    return _edit("reveal_document", document_id=document_id, revealed=revealed)


def save_label(label: Label, old_name: str | None = None) -> Edit:
    return _edit("save_label", label=asdict(label), old_name=old_name)


def delete_label(kind: str, name: str) -> Edit:
    return _edit("delete_label", label_kind=kind, name=name)


def delete_spans(many: Sequence[Span]) -> Edit:
    return _edit("delete_spans", many=[_span_value(s) for s in many])


def restore_spans(many: Sequence[Span]) -> Edit:
    return _edit("restore_spans", many=[_span_value(s) for s in many])


def restore_annotations(many: Sequence[Annotation]) -> Edit:
    return _edit("restore_annotations", many=[{**asdict(a), "status": str(a.status)} for a in many])


# --- how each step is stored ----------------------------------------------------------------------
def _span_value(span: Span) -> dict[str, Any]:
    return asdict(span)


def _span(value: dict[str, Any]) -> Span:
    return Span(**{**value, "uid": SpanUid(value["uid"]), "document_id": DocumentId(value["document_id"])})


def _set_annotation(tx: Session, document_id: int, coder: str, updated_at: str, changes: dict[str, Any]) -> None:
    annotation_rows.set_annotation(tx, DocumentId(document_id), coder, updated_at=updated_at, **changes)


def _decide_stances(tx: Session, document_ids: list[int], decision: str | None) -> None:
    for doc_id in doc_ids_of(tx, document_ids).values():
        decisions.set_decision(tx, doc_id, decisions.STANCE_KEY, decision)


def _save_label(tx: Session, label: dict[str, Any], old_name: str | None) -> None:
    tuples = {k: tuple(label[k]) for k in ("include", "exclude", "examples")}
    codebooks.save_label(tx, Label(**{**label, **tuples}), old_name=old_name)


_STEPS: dict[str, Callable[..., object]] = {
    "add_span": lambda tx, span: spans.add_span(tx, _span(span)),
    "delete_span": lambda tx, uid: spans.delete_span(tx, uid),
    "update_span": lambda tx, uid, updated_at, changes: spans.update_span(tx, uid, updated_at=updated_at, **changes),
    "set_annotation": _set_annotation,
    "decide_suggestion": lambda tx, suggestion_id, decision, span_uid: suggestions.set_decision(
        tx, suggestion_id, None if decision is None else Decision(decision), span_uid),
    "decide_passage": lambda tx, doc_id, passage, decision: decisions.set_decision(tx, doc_id, passage, decision),
    "decide_stances": _decide_stances,
    "save_label": _save_label,
    "delete_label": lambda tx, label_kind, name: codebooks.delete_label(tx, label_kind, name),
    "reveal_document": lambda tx, document_id, revealed: reveals.set_revealed(tx, DocumentId(document_id), revealed),
    "delete_spans": lambda tx, many: spans.delete_spans(tx, [_span(s) for s in many]),
    "restore_spans": lambda tx, many: spans.restore_spans(tx, [_span(s) for s in many]),
    "restore_annotations": lambda tx, many: annotation_rows.restore_annotations(
        tx, [Annotation(**{**a, "document_id": DocumentId(a["document_id"]), "status": Status(a["status"])})
             for a in many]),
}
