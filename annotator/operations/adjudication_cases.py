"""Adjudication one document at a time: its disagreements with the decisions taken, and progress.

A document takes part when at least two coders marked it done (as in `documents_for_adjudication`).
A decision on a passage is "coder:NAME" (that coder's spans there became gold), "none" (no span there)
or "edited" (the adjudicator drew the gold span). Progress counts decided passages, and the document
stance when the coders' stances differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.core.adjudication import Candidate, agreed_stance, candidates, disagreements
from annotator.core.types import GOLD_CODER, Annotation, DocumentId, Span, SpanRecord, Status
from annotator.operations.adjudication_bulk import (
    AdjudicationState,
    adjudication_state,
    propose_gold,
    write_gold,
)
from annotator.store import tombstones
from annotator.store.adjudication_rows import AdjudicationRows, adjudication_rows
from annotator.store.annotations import annotations_of_coder, get_annotation
from annotator.store.coders import list_coders
from annotator.store.database import Database, utc_now
from annotator.store.decisions import STANCE_KEY, all_decisions, get_decisions
from annotator.store.documents import get_document
from annotator.store.spans import spans_for

NONE = "none"
EDITED = "edited"


def accepted(coder: str) -> str:
    """The decision that takes `coder`'s spans in a passage as gold."""
    return f"coder:{coder}"


def describe(decision: str | None) -> str:
    if decision is None:
        return "open"
    if decision.startswith("coder:"):
        return f"{decision[6:]}'s spans"
    return {NONE: "no span", EDITED: "edited"}.get(decision, decision)


def provenance_for(adjudicator: str) -> str:
    return f"adjudicated by {adjudicator}"


@dataclass(frozen=True, slots=True)
class Passage:
    """A disagreement: where the coders' spans differ, the candidates there, and what was decided."""

    start: int
    end: int
    candidates: tuple[Candidate, ...]
    decision: str | None

    @property
    def key(self) -> str:
        return f"{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class Progress:
    """One row of the adjudication document list."""

    document_id: DocumentId
    doc_id: str
    title: str
    coders: tuple[str, ...]
    decided: int  # passages decided
    passages: int
    stance: str  # "agreed", "decided" or "open"
    done: bool  # the adjudicator marked the document's adjudication done


@dataclass(frozen=True, slots=True)
class AdjudicationCase:
    """Everything the adjudication view shows of one document."""

    document_id: DocumentId
    doc_id: str
    title: str
    text: str
    coders: tuple[str, ...]  # the coders who marked it done, by name
    spans: dict[str, tuple[Span, ...]]
    stances: dict[str, str | None]
    passages: tuple[Passage, ...]
    gold_spans: tuple[Span, ...]
    gold: Annotation

    def spans_in(self, coder: str, start: int, end: int) -> list[Span]:
        """`coder`'s spans that share a character with [start, end); gold's for GOLD_CODER."""
        pool = self.gold_spans if coder == GOLD_CODER else self.spans.get(coder, ())
        return [s for s in pool if s.start < end and s.end > start]

    def passage_to_open(self, key: str | None = None) -> int | None:
        """The passage to show on opening: the one with `key` if it is still there (a reload keeps the
        adjudicator's place), else the first undecided one, else the first; None when there is none."""
        keys = [p.key for p in self.passages]
        if key in keys:
            return keys.index(key)
        undecided = self.next_undecided(-1)
        return undecided if undecided is not None else (0 if keys else None)

    def next_undecided(self, after: int) -> int | None:
        """The first undecided passage after index `after`, else the first undecided one; None if all are decided."""
        undecided = [i for i, p in enumerate(self.passages) if p.decision is None]
        return next((i for i in undecided if i > after), undecided[0] if undecided else None)

    @property
    def progress(self) -> Progress:
        decided = sum(p.decision is not None for p in self.passages)
        return Progress(self.document_id, self.doc_id, self.title, self.coders, decided, len(self.passages),
                        stance_state(self.stances, self.gold.stance), self.gold.status == Status.DONE)


def stance_state(stances: dict[str, str | None], gold_stance: str | None) -> str:
    if agreed_stance(stances) is not None:
        return "agreed"
    return "open" if gold_stance is None else "decided"


def passages_of(spans_by_coder: dict[str, list[SpanRecord]], decisions: dict[str, str]) -> tuple[Passage, ...]:
    found = disagreements(candidates(spans_by_coder))
    return tuple(Passage(d.start, d.end, d.candidates, decisions.get(f"{d.start}-{d.end}")) for d in found)


def load_case(db: Database, document_id: DocumentId) -> AdjudicationCase:
    """One document as the adjudicator sees it now."""
    with db.read() as tx:
        document = get_document(tx, document_id)
        notes = {c.name: get_annotation(tx, document_id, c.name) for c in list_coders(tx)}
        every_span = spans_for(tx, document_id)
        decisions = get_decisions(tx, document.doc_id)
    coders = tuple(name for name, a in sorted(notes.items()) if name != GOLD_CODER and a.status == Status.DONE)
    spans = {name: tuple(s for s in every_span if s.coder == name) for name in coders}
    records = {name: [SpanRecord(s.start, s.end, s.label) for s in spans[name]] for name in coders}
    gold = notes.get(GOLD_CODER) or Annotation(document_id, GOLD_CODER)
    return AdjudicationCase(document_id, document.doc_id, document.title or document.doc_id, document.text, coders,
                            spans, {name: notes[name].stance for name in coders}, passages_of(records, decisions),
                            tuple(s for s in every_span if s.coder == GOLD_CODER), gold)


def adjudication_progress(db: Database) -> list[Progress]:
    """Every document at least two coders marked done, with how far its adjudication has come."""
    with db.read() as tx:
        rows = adjudication_rows(tx, GOLD_CODER)
        decisions = all_decisions(tx)
    return _progress(db, adjudication_state(rows), decisions)


def _progress(db: Database, state: AdjudicationState, decisions: dict[str, dict[str, str]]) -> list[Progress]:
    """The list rows of `state` (as read before an auto-accept, which changes no disagreement, and a
    stance it sets makes the document "agreed" either way), with gold's status as it is now."""
    with db.read() as tx:
        gold = annotations_of_coder(tx, GOLD_CODER)
    passages = state.passages().tolist()
    found = []
    for index, doc in enumerate(state.documents):
        decided = decisions.get(doc.doc_id)
        settled = sum(key in decided for key in state.disagreement_keys(index)) if decided else 0
        status = gold[doc.document_id].status if doc.document_id in gold else Status.NOT_STARTED
        found.append(Progress(doc.document_id, doc.doc_id, doc.title, doc.coders, settled, passages[index],
                              stance_state(doc.stances, doc.gold_stance), status == Status.DONE))
    return found


@dataclass(frozen=True, slots=True)
class GoldChanges:
    """What an auto-accept did to gold: the spans it added, and the gold annotations whose stance it set
    as (before, after). Enough to undo it and to do it again with the same values."""

    added: tuple[Span, ...]
    stances: tuple[tuple[Annotation, Annotation], ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.stances)


def accept_unanimous(db: Database) -> GoldChanges:
    """`auto_accept` (unanimous spans, agreed stances), noting exactly what it changed."""
    with db.read() as tx:
        rows = adjudication_rows(tx, GOLD_CODER)
        decisions = all_decisions(tx)
    return _accept(db, adjudication_state(rows), rows, decisions)


def _accept(db: Database, state: AdjudicationState, rows: AdjudicationRows,
            decisions: dict[str, dict[str, str]]) -> GoldChanges:
    """Auto-accept computed from `state` (read just before), written in one transaction."""
    with db.read() as tx:
        deleted = set(tombstones.deletion_times(tx))
        before = annotations_of_coder(tx, GOLD_CODER)
    now = utc_now()
    proposal = propose_gold(state, rows, deleted, {d for d, found in decisions.items() if STANCE_KEY in found}, now=now)
    if not (proposal.spans or proposal.stances):
        return GoldChanges((), ())
    with db.transaction() as tx:
        write_gold(tx, proposal, now)
        after = annotations_of_coder(tx, GOLD_CODER)
    unset = {d: Annotation(d, GOLD_CODER) for d in after}
    return GoldChanges(tuple(proposal.spans), tuple((before.get(d, unset[d]), a) for d, a in after.items()
                                                    if before.get(d, unset[d]).stance != a.stance))


def open_adjudication(path: Path, *, auto: bool) -> tuple[list[Progress], GoldChanges | None]:
    """For a worker thread, on its own connection: auto-accept if asked, then every document's progress."""
    db = Database.open(path, create=False)
    try:
        with db.read() as tx:  # read once, for both
            rows = adjudication_rows(tx, GOLD_CODER)
            decisions = all_decisions(tx)
        state = adjudication_state(rows)
        changes = _accept(db, state, rows, decisions) if auto else None
        return _progress(db, state, decisions), changes
    finally:
        db.close()
