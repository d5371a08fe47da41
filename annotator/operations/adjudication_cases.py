"""Adjudication one document at a time: its disagreements with the decisions taken, and progress.

A document takes part when at least two coders marked it done (as in `documents_for_adjudication`).
A decision on a passage is "coder:NAME" (that coder's spans there became gold), "none" (no span there)
or "edited" (the adjudicator drew the gold span). Progress counts decided passages, and the document
stance when the coders' stances differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.adjudication import Candidate, agreed_stance, candidates, disagreements
from annotator.core.types import GOLD_CODER, Annotation, DocumentId, Span, SpanRecord, Status
from annotator.operations.adjudication import documents_for_adjudication
from annotator.store.annotations import get_annotation
from annotator.store.coders import list_coders
from annotator.store.database import Database
from annotator.store.decisions import all_decisions, get_decisions
from annotator.store.documents import get_document, list_summaries
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
    docs = documents_for_adjudication(db)
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
