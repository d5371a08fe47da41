"""Undo commands of the adjudicator: settle a passage, set the gold stance or status, auto-accept.

Each apply/revert stores one edit and emits `Project.gold_changed`, never `spans_changed`: the
coder's own views must not take gold spans for the coder's.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.span_ids import new_span_uid, span_uid
from annotator.core.types import GOLD_CODER, Annotation, DocumentId, Span, SpanRecord, content_hash
from annotator.gui.coding.commands import ProjectCommand, SetAnnotation
from annotator.gui.project import Project
from annotator.operations.adjudication_cases import (
    AdjudicationCase,
    GoldChanges,
    Passage,
    describe,
    provenance_for,
)
from annotator.store import edits
from annotator.store.decisions import STANCE_BY_HAND, STANCE_KEY, get_decisions
from annotator.store.documents import get_document
from annotator.store.edits import Edit

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
        # Ids from the span's place, as auto-accept gives them: two adjudicators who choose the same
        # span hold it under one id, so a merge of their work takes it once. An id still worn by a
        # gold span that has since moved or been relabelled cannot be reused: that one gets a fresh id.
        worn = {s.uid for s in case.gold_spans} - {s.uid for s in self.removed}
        text_hash = content_hash(case.text)
        self.added = []
        for r in dict.fromkeys(chosen):
            if (r.start, r.end, r.label) in kept:
                continue
            uid = span_uid(text_hash, GOLD_CODER, r)
            self.added.append(Span(uid if uid not in worn else new_span_uid(), case.document_id, GOLD_CODER,
                                   r.start, r.end, r.label, holder=r.holder, provenance=provenance))
        self.decision, self.previous = decision, passage.decision

    def apply_edit(self) -> Edit:
        return self._edit_of(self.removed, self.added, self.decision)

    def revert_edit(self) -> Edit:
        return self._edit_of(self.added, self.removed, self.previous)

    def _edit_of(self, remove: list[Span], add: list[Span], decision: str | None) -> Edit:
        return edits.combine([*(edits.delete_span(span.uid) for span in remove),
                              *(edits.add_span(span) for span in add),  # same uid on every redo and undo
                              edits.decide_passage(self.doc_id, self.key, decision)])

    def applied(self) -> None:
        self.project.gold_changed.emit(self.document_id)

    def reverted(self) -> None:
        self.project.gold_changed.emit(self.document_id)


class SetGoldAnnotation(SetAnnotation):
    """Set the gold stance or the adjudication status of a document. A stance set here (or cleared) is
    recorded as decided by hand, so a later auto-accept leaves it as the adjudicator chose."""

    coder = GOLD_CODER

    def __init__(self, project: Project, document_id: DocumentId, text: str, **changes: object) -> None:
        super().__init__(project, document_id, text, **changes)
        with project.db.read() as tx:
            self.doc_id = get_document(tx, document_id).doc_id
            self.decided_before = get_decisions(tx, self.doc_id).get(STANCE_KEY)

    def apply_edit(self) -> Edit:
        return self._with_decision(super().apply_edit(), self.changes, STANCE_BY_HAND)

    def revert_edit(self) -> Edit:
        return self._with_decision(super().revert_edit(), self.changes, self.decided_before)

    def _with_decision(self, edit: Edit, changes: dict[str, object], stance_decision: str | None) -> Edit:
        if "stance" not in changes:
            return edit
        return edit + edits.decide_passage(self.doc_id, STANCE_KEY, stance_decision)

    def announce(self) -> None:
        self.project.gold_changed.emit(self.document_id)


class AutoAccept(ProjectCommand):
    """The gold changes of an auto-accept that already ran (in a worker thread, `open_adjudication`):
    the first apply does nothing; undo removes the spans and puts the stances back; redo
    replays the same values. An undo sticks: the removed spans leave tombstones and the stances are
    marked as set by hand, so the next auto-accept (when the window opens again) does not redo it."""

    def __init__(self, project: Project, changes: GoldChanges) -> None:
        super().__init__(project, "Accept unanimous spans and agreed stances")
        self.changes = changes
        self.pending = True  # applied in the database already

    def apply(self) -> None:
        if self.pending:  # the window that ran it shows it already: nothing to write or announce
            self.pending = False
            return
        super().apply()

    def apply_edit(self) -> Edit:
        return self._edit_of(add=self.changes.added, annotations_to=[after for _, after in self.changes.stances],
                             stance_decision=None)

    def revert_edit(self) -> Edit:
        return self._edit_of(remove=self.changes.added, annotations_to=[before for before, _ in self.changes.stances],
                             stance_decision=STANCE_BY_HAND)

    def applied(self) -> None:
        self.project.gold_changed.emit(-1)

    def reverted(self) -> None:
        self.project.gold_changed.emit(-1)

    def _edit_of(self, *, add: Sequence[Span] = (), remove: Sequence[Span] = (),
                 annotations_to: Sequence[Annotation] = (), stance_decision: str | None) -> Edit:
        # Thousands of spans on a big project: stored in bulk.
        return (edits.delete_spans(remove) + edits.restore_spans(add) + edits.restore_annotations(annotations_to)
                + edits.decide_stances([a.document_id for a in annotations_to], stance_decision))
