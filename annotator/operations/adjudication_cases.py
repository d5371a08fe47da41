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
from annotator.operations.adjudication import (
    DocumentForAdjudication,
    auto_accept,
    documents_for_adjudication,
)
from annotator.store.annotations import annotations_of_coder, get_annotation
from annotator.store.coders import list_coders
from annotator.store.database import Database
from annotator.store.decisions import all_decisions, get_decisions
from annotator.store.documents import get_document, list_summaries
from annotator.store.spans import spans_for, spans_of_coder

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


def adjudication_progress(db: Database, docs: list[DocumentForAdjudication] | None = None) -> list[Progress]:
    """Every document at least two coders marked done, with how far its adjudication has come.

    `docs` (as read before an auto-accept) serve as well as a fresh read: auto-accept changes no
    disagreement, and a stance it sets makes the document "agreed" either way."""
    docs = documents_for_adjudication(db) if docs is None else docs
    with db.read() as tx:
        summaries = {s.doc_id: s for s in list_summaries(tx, GOLD_CODER)}
        decisions = all_decisions(tx)
    rows = []
    for doc in docs:
        summary = summaries[doc.doc_id]
        found = decisions.get(doc.doc_id, {})
        decided = sum(f"{d.start}-{d.end}" in found for d in doc.disagreements)
        gold_stance = doc.gold.doc_label if doc.gold else None
        rows.append(Progress(summary.id, doc.doc_id, summary.title or doc.doc_id, doc.coders, decided,
                             len(doc.disagreements), stance_state(doc.stances, gold_stance),
                             summary.status == Status.DONE))
    return rows


@dataclass(frozen=True, slots=True)
class GoldChanges:
    """What an auto-accept did to gold: the spans it added, and the gold annotations whose stance it set
    as (before, after). Enough to undo it and to do it again with the same values."""

    added: tuple[Span, ...]
    stances: tuple[tuple[Annotation, Annotation], ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.stances)


def accept_unanimous(db: Database, docs: list[DocumentForAdjudication] | None = None) -> GoldChanges:
    """`auto_accept` (unanimous spans, agreed stances), noting exactly what it changed."""
    spans_before, notes_before = _gold(db)
    done = auto_accept(db, docs=docs)
    if not (done.spans_added or done.stances_set):
        return GoldChanges((), ())
    spans_after, notes_after = _gold(db)
    unset = {d: Annotation(d, GOLD_CODER) for d in notes_after}
    return GoldChanges(tuple(s for uid, s in spans_after.items() if uid not in spans_before),
                       tuple((notes_before.get(d, unset[d]), a) for d, a in notes_after.items()
                             if notes_before.get(d, unset[d]).stance != a.stance))


def _gold(db: Database) -> tuple[dict[str, Span], dict[DocumentId, Annotation]]:
    with db.read() as tx:
        return {s.uid: s for s in spans_of_coder(tx, GOLD_CODER)}, annotations_of_coder(tx, GOLD_CODER)


def open_adjudication(path: Path, *, auto: bool) -> tuple[list[Progress], GoldChanges | None]:
    """For a worker thread, on its own connection: auto-accept if asked, then every document's progress."""
    db = Database.open(path, create=False)
    try:
        docs = documents_for_adjudication(db)  # read once, for both
        changes = accept_unanimous(db, docs) if auto else None
        return adjudication_progress(db, docs), changes
    finally:
        db.close()
