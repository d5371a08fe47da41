"""Building the gold annotation: accept what the coders agree on, list what needs a decision.

Gold is the work of the reserved coder `gold`. Only documents a coder marked done count for that
coder, and a document needs at least two such coders to be adjudicated. Every gold span records its
provenance: `unanimous`, `majority`, or `adjudicated by NAME`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from annotator.core.adjudication import (
    Candidate,
    Disagreement,
    agreed_stance,
    candidates,
    disagreements,
)
from annotator.core.span_ids import span_uid
from annotator.core.types import GOLD_CODER, CodingRecord, SpanRecord, Status, content_hash
from annotator.store import decisions, tombstones
from annotator.store.database import Database
from annotator.store.decisions import STANCE_KEY
from annotator.store.records import import_coding_records, iter_coding_records


@dataclass(frozen=True, slots=True)
class DocumentForAdjudication:
    doc_id: str
    text: str
    meta: dict
    coders: tuple[str, ...]
    stances: dict[str, str | None]
    candidates: tuple[Candidate, ...]
    disagreements: tuple[Disagreement, ...]
    gold: CodingRecord | None


@dataclass(frozen=True, slots=True)
class AutoAcceptResult:
    documents: int
    spans_added: int
    stances_set: int


def documents_for_adjudication(db: Database, coders: Iterable[str] | None = None) -> list[DocumentForAdjudication]:
    """Every document with at least two coders done, with its candidates and disagreements."""
    wanted = set(coders) if coders else None
    by_doc: dict[str, list[CodingRecord]] = defaultdict(list)
    gold: dict[str, CodingRecord] = {}
    with db.read() as tx:
        for record in iter_coding_records(tx, include_uncoded=False):
            if record.coder == GOLD_CODER:
                gold[record.doc_id] = record
            elif record.status == Status.DONE and (wanted is None or record.coder in wanted):
                by_doc[record.doc_id].append(record)
    result = []
    for doc_id, records in by_doc.items():
        if len(records) < 2:
            continue
        cands = candidates({r.coder: r.spans for r in records if r.coder})
        result.append(DocumentForAdjudication(
            doc_id, records[0].text, records[0].meta, tuple(r.coder for r in records if r.coder),
            {r.coder: r.doc_label for r in records if r.coder}, tuple(cands), tuple(disagreements(cands)),
            gold.get(doc_id)))
    return result


def auto_accept(db: Database, *, coders: Iterable[str] | None = None, majority: bool = False,
                docs: list[DocumentForAdjudication] | None = None) -> AutoAcceptResult:
    """Copy unanimous spans (and, with `majority`, majority spans) and agreed stances into gold.

    It never overrides the adjudicator: a gold span already there is left as it is (they may have
    relabelled or resized it), one they deleted stays deleted, and a gold stance already set, or set
    or cleared by hand, is never replaced. Gold spans get deterministic ids, so running it again adds
    nothing. `docs` saves reading the project again when the caller has just read it.
    """
    docs = documents_for_adjudication(db, coders) if docs is None else docs
    with db.read() as tx:
        deleted = tombstones.deletion_times(tx)
        stance_by_hand = {doc_id for doc_id, found in decisions.all_decisions(tx).items() if STANCE_KEY in found}
    records = []
    stances = 0
    for doc in docs:
        gold_spans = doc.gold.spans if doc.gold is not None else ()
        there = {(s.start, s.end, s.label) for s in gold_spans}
        # Candidates gold already has as they are need no id: on every later run, that is nearly all.
        accepted = [c for c in doc.candidates if (c.support == "unanimous" or (majority and c.support == "majority"))
                    and (c.start, c.end, c.label) not in there]
        present = {s.uid for s in gold_spans}
        text_hash = content_hash(doc.text) if accepted else ""  # once per document: hashing is the cost here
        spans = tuple(span for span in (_gold_span(text_hash, c) for c in accepted)
                      if span.uid not in present and span.uid not in deleted)
        stance = agreed_stance(doc.stances)
        if (doc.gold is not None and doc.gold.doc_label is not None) or doc.doc_id in stance_by_hand:
            stance = None
        stances += stance is not None
        if spans or stance is not None:
            # Gold's note, and its stance when none is agreed, stay as they are.
            records.append(CodingRecord(doc.doc_id, doc.text, doc.meta, GOLD_CODER, doc_label=stance,
                                        status=Status.IN_PROGRESS if stance else None, spans=spans,
                                        not_given=frozenset(("note",) if stance else ("note", "doc_label"))))
    with db.transaction() as tx:
        counts = import_coding_records(tx, records)
    return AutoAcceptResult(len(docs), counts.spans_added, stances)


def _gold_span(text_hash: str, candidate: Candidate) -> SpanRecord:
    span = SpanRecord(candidate.start, candidate.end, candidate.label, provenance=candidate.support)
    return replace(span, uid=span_uid(text_hash, GOLD_CODER, span))
