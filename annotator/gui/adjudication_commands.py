"""Undo commands of the adjudicator: settle a passage, set the gold stance or status, auto-accept.

Each apply/revert is one transaction and emits `Project.gold_changed`, never `spans_changed`: the
coder's own views must not take gold spans for the coder's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotator.core.types import (
    GOLD_CODER,
    Annotation,
    DocumentId,
    Span,
    SpanRecord,
    SpanUid,
    Status,
)
from annotator.gui.commands import ProjectCommand
from annotator.gui.project import Project
from annotator.operations.adjudication import auto_accept
from annotator.operations.adjudication_cases import (
    AdjudicationCase,
    Passage,
    describe,
    provenance_for,
)
from annotator.store import annotations, spans
from annotator.store.decisions import set_decision
from annotator.store.documents import list_summaries
from annotator.store.records import iter_coding_records

UNANIMOUS = "unanimous"  # provenance of auto-accepted spans every coder gave: kept whatever is decided


class DecidePassage(ProjectCommand):
    """Make gold in one passage what was decided: `chosen` spans (none for "no span"), recorded as `decision`.

    Gold spans there that an earlier decision or a majority auto-accept put in are replaced; unanimous
    ones stay, and a chosen span identical to one of them is not added twice.
    """

    def __init__(self, project: Project, case: AdjudicationCase, passage: Passage, decision: str,
                 chosen: Sequence[SpanRecord]) -> None:
        super().__init__(project, f"Adjudicate passage {passage.start}-{passage.end}: {describe(decision)}")
        self.document_id, self.doc_id, self.key = case.document_id, case.doc_id, passage.key
        existing = case.spans_in(GOLD_CODER, passage.start, passage.end)
        self.removed = [s for s in existing if s.provenance != UNANIMOUS]
        kept = {(s.start, s.end, s.label) for s in existing if s.provenance == UNANIMOUS}
        provenance = provenance_for(project.coder)
        self.added = [Span(spans.new_span_uid(), case.document_id, GOLD_CODER, r.start, r.end, r.label, holder=r.holder,
                           provenance=provenance)
                      for r in dict.fromkeys(chosen) if (r.start, r.end, r.label) not in kept]
        self.decision, self.previous = decision, passage.decision

    def apply(self) -> None:
        self._write(self.removed, self.added, self.decision)

    def revert(self) -> None:
        self._write(self.added, self.removed, self.previous)

    def _write(self, remove: list[Span], add: list[Span], decision: str | None) -> None:
        with self.project.db.transaction() as tx:
            for span in remove:
                spans.delete_span(tx, span.uid)
            for span in add:
                spans.add_span(tx, span)  # same uid on every redo and undo
            set_decision(tx, self.doc_id, self.key, decision)
        self.project.gold_changed.emit(self.document_id)


class SetGoldAnnotation(ProjectCommand):
    """Set the gold stance or the adjudication status of a document."""

    def __init__(self, project: Project, document_id: DocumentId, text: str, **changes: Any) -> None:
        super().__init__(project, text)
        self.document_id, self.changes = document_id, changes
        with project.db.read() as tx:
            self.before: Annotation = annotations.get_annotation(tx, document_id, GOLD_CODER)

    def apply(self) -> None:
        self._write(self.changes)

    def revert(self) -> None:
        self._write({name: getattr(self.before, name) for name in self.changes})

    def _write(self, changes: dict[str, Any]) -> None:
        with self.project.db.transaction() as tx:
            annotations.set_annotation(tx, self.document_id, GOLD_CODER, **changes)
        self.project.gold_changed.emit(self.document_id)


class AutoAccept(ProjectCommand):
    """`auto_accept` into gold; undo removes exactly the spans it added and puts the stances back.

    The first apply runs the operation and notes what changed; redo replays those values.
    """

    def __init__(self, project: Project) -> None:
        super().__init__(project, "Accept unanimous spans and agreed stances")
        self.added: list[Span] | None = None
        self.stances: list[tuple[Annotation, Annotation]] = []  # (before, after) of gold annotations

    def apply(self) -> None:
        if self.added is None:
            before = _gold_snapshot(self.project)
            auto_accept(self.project.db)
            after = _gold_snapshot(self.project)
            self.added = [s for uid, s in after[0].items() if uid not in before[0]]
            unset = {d: Annotation(d, GOLD_CODER) for d in after[1]}
            self.stances = [(before[1].get(d, unset[d]), a) for d, a in after[1].items()
                            if before[1].get(d, unset[d]).stance != a.stance]
            if not self.added and not self.stances:
                self.setObsolete(True)  # nothing to undo: QUndoStack.push drops it
        else:
            self._write(add=self.added, annotations_to=[after for _, after in self.stances])
        self.project.gold_changed.emit(-1)

    def revert(self) -> None:
        self._write(remove=self.added or [], annotations_to=[before for before, _ in self.stances])
        self.project.gold_changed.emit(-1)

    def _write(self, *, add: Sequence[Span] = (), remove: Sequence[Span] = (),
               annotations_to: Sequence[Annotation] = ()) -> None:
        with self.project.db.transaction() as tx:
            for span in remove:
                spans.delete_span(tx, span.uid)
            for span in add:
                spans.add_span(tx, span)
            for a in annotations_to:
                annotations.set_annotation(tx, a.document_id, GOLD_CODER, stance=a.stance, status=a.status)

    @property
    def changed(self) -> tuple[int, int]:
        """(spans added, stances set) by the first apply."""
        return len(self.added or ()), len(self.stances)


def _gold_snapshot(project: Project) -> tuple[dict[str, Span], dict[DocumentId, Annotation]]:
    """Every gold span (by uid) and gold annotation (by document) of the project."""
    found_spans: dict[str, Span] = {}
    found_annotations: dict[DocumentId, Annotation] = {}
    with project.db.read() as tx:
        ids = {s.doc_id: s.id for s in list_summaries(tx, GOLD_CODER)}
        for record in iter_coding_records(tx, coders=[GOLD_CODER], include_uncoded=False):
            document_id = ids[record.doc_id]
            found_annotations[document_id] = Annotation(document_id, GOLD_CODER, record.doc_label, record.note,
                                                        record.status or Status.NOT_STARTED)
            for r in record.spans:
                found_spans[r.uid or ""] = Span(SpanUid(r.uid or ""), document_id, GOLD_CODER, r.start, r.end, r.label, r.holder,
                                                r.note, r.unsure, r.created_at, r.updated_at, r.provenance)
    return found_spans, found_annotations
