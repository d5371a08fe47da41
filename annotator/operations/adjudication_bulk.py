"""The whole project's adjudication state at once, in arrays: what the adjudication window lists.

The per-document path (`documents_for_adjudication`, `auto_accept`, `adjudication_progress`) reads
every text and makes an object per span: 15-20 s on 10,000 documents with 600,000 spans (issue 14).
This computes the same candidates, disagreements, progress and auto-accept from the span rows alone
(store/adjudication_rows.py), sorting and grouping them with numpy, and reads no text: the window
shows one document's text when the adjudicator opens it (`load_case`).

The rules are core/adjudication.py's: a candidate is a distinct (start, end, label) of a document
with at least two coders done, unanimous when every such coder marked it, a majority when more than
half did; overlapping candidates that are not all unanimous form one disagreement.
tests/operations/test_adjudication_bulk.py checks every figure against that per-document reference.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.core.adjudication import Candidate, Disagreement, agreed_stance
from annotator.core.span_ids import place_uid
from annotator.core.types import GOLD_CODER, DocumentId, Span, Status, doc_id_for
from annotator.store import codebooks, records
from annotator.store import spans as span_store
from annotator.store._rows import Session
from annotator.store.adjudication_rows import SPAN_FIELDS, AdjudicationRows
from annotator.store.coders import ensure_coder

SUPPORT = ("unanimous", "majority", "minority")


@dataclass(frozen=True, slots=True)
class AdjudicatedDocument:
    """A document at least two coders marked done, as the adjudication list shows it."""

    document_id: DocumentId
    doc_id: str
    content_hash: str
    title: str
    coders: tuple[str, ...]  # the coders who marked it done, by name
    stances: dict[str, str | None]
    gold_stance: str | None


@dataclass
class AdjudicationState:
    """Candidates and disagreements of every document at once, as parallel arrays in text order.

    Candidate arrays (one entry per candidate): `doc` (index into `documents`), `start`, `end`,
    `label` (label id), `support` (index into SUPPORT). Disagreement arrays: `dis_doc`, `dis_start`,
    `dis_end`, and `dis_first`/`dis_last`, the range of the candidates each covers."""

    documents: list[AdjudicatedDocument]
    labels: dict[int, str]
    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    label: np.ndarray
    support: np.ndarray
    coder_rows: tuple[np.ndarray, np.ndarray]  # (candidate of each (candidate, coder) pair, coder id)
    coder_names: dict[int, str]
    dis_doc: np.ndarray
    dis_start: np.ndarray
    dis_end: np.ndarray
    dis_first: np.ndarray
    dis_last: np.ndarray

    def passages(self) -> np.ndarray:
        """How many disagreements each document has."""
        return np.bincount(self.dis_doc, minlength=len(self.documents))

    def disagreement_keys(self, index: int) -> list[str]:
        """The "start-end" keys of one document's disagreements (as decisions are stored)."""
        low, high = np.searchsorted(self.dis_doc, [index, index + 1])
        return [f"{s}-{e}" for s, e in zip(self.dis_start[low:high].tolist(), self.dis_end[low:high].tolist(), strict=True)]

    def document_candidates(self, index: int) -> tuple[list[Candidate], list[Disagreement]]:
        """One document's candidates and disagreements as core types (for a listing or a check)."""
        low, high = np.searchsorted(self.doc, [index, index + 1])
        pair_candidate, pair_coder = self.coder_rows
        pairs_low, pairs_high = np.searchsorted(pair_candidate, [low, high])
        who: dict[int, list[str]] = {}
        for c, coder in zip(pair_candidate[pairs_low:pairs_high].tolist(), pair_coder[pairs_low:pairs_high].tolist(), strict=True):
            who.setdefault(c, []).append(self.coder_names[coder])
        found = [Candidate(int(self.start[c]), int(self.end[c]), self.labels[int(self.label[c])], tuple(sorted(who[c])),
                           SUPPORT[int(self.support[c])]) for c in range(low, high)]  # type: ignore[arg-type]
        d_low, d_high = np.searchsorted(self.dis_doc, [index, index + 1])
        parts = [Disagreement(int(self.dis_start[d]), int(self.dis_end[d]),
                              tuple(found[int(self.dis_first[d]) - low:int(self.dis_last[d]) - low + 1]))
                 for d in range(d_low, d_high)]
        return found, parts


def adjudication_state(rows: AdjudicationRows, coders: set[str] | None = None) -> AdjudicationState:
    """Every document at least two of `coders` (default: every coder but gold) marked done, with its
    candidates and disagreements, computed at once."""
    gold_id = next((i for i, name in rows.coders.items() if name == GOLD_CODER), -1)
    wanted = {i for i, name in rows.coders.items() if i != gold_id and (coders is None or name in coders)}
    documents, done = _documents(rows, wanted, gold_id)
    spans = np.frombuffer(rows.spans, dtype=np.int64).reshape(-1, SPAN_FIELDS) if len(rows.spans) else \
        np.zeros((0, SPAN_FIELDS), dtype=np.int64)
    width = max(rows.coders, default=0) + 1
    spans = spans[np.isin(spans[:, 0] * width + spans[:, 1], np.fromiter(done, dtype=np.int64, count=len(done)))]
    doc = np.searchsorted(np.array([d.document_id for d in documents], dtype=np.int64), spans[:, 0])
    label_rank = _label_ranks(rows.labels)
    start, end, label, coder = spans[:, 2], spans[:, 3], spans[:, 4], spans[:, 1]
    rank = label_rank[label] if len(label) else label
    order = np.lexsort((coder, rank, end, start, doc))
    doc, start, end, label, rank, coder = doc[order], start[order], end[order], label[order], rank[order], coder[order]
    keep = _first_of_runs(doc, start, end, rank, coder)  # one coder marking the same passage twice counts once
    doc, start, end, label, rank, coder = doc[keep], start[keep], end[keep], label[keep], rank[keep], coder[keep]
    first = np.flatnonzero(_first_of_runs(doc, start, end, rank))
    marked = np.diff(np.append(first, len(doc)))  # coders per candidate
    c_doc, c_start, c_end, c_label = doc[first], start[first], end[first], label[first]
    n = np.fromiter((len(d.coders) for d in documents), dtype=np.int64, count=len(documents))[c_doc] if len(c_doc) \
        else np.zeros(0, dtype=np.int64)
    support = np.where(marked == n, 0, np.where(2 * marked > n, 1, 2)).astype(np.int8)
    pair_candidate = np.repeat(np.arange(len(first)), marked)
    dis_doc, dis_start, dis_end, dis_first, dis_last = _disagreements(c_doc, c_start, c_end, support)
    return AdjudicationState(documents, rows.labels, c_doc, c_start, c_end, c_label, support, (pair_candidate, coder),
                             rows.coders, dis_doc, dis_start, dis_end, dis_first, dis_last)


def _documents(rows: AdjudicationRows, wanted: set[int], gold_id: int) -> tuple[list[AdjudicatedDocument], set[int]]:
    """The documents with two or more wanted coders done (by id), and their (document, coder) keys."""
    done: dict[int, list[int]] = {}
    stance_of: dict[tuple[int, int], int | None] = {}
    gold_stance: dict[int, int | None] = {}
    for document, coder, stance, status in rows.annotations:
        if coder == gold_id:
            gold_stance[document] = stance
        elif status == Status.DONE and coder in wanted:
            done.setdefault(document, []).append(coder)
            stance_of[(document, coder)] = stance
    width = max(rows.coders, default=0) + 1
    documents: list[AdjudicatedDocument] = []
    keys: set[int] = set()
    for document in sorted(d for d, who in done.items() if len(who) >= 2):
        who = sorted(done[document], key=lambda c: rows.coders[c])
        content_hash, title = rows.documents[document]
        doc_id = doc_id_for(content_hash)
        labels = rows.labels
        stances = {rows.coders[c]: labels.get(stance) if (stance := stance_of[(document, c)]) is not None else None
                   for c in who}
        gold = gold_stance.get(document)
        documents.append(AdjudicatedDocument(DocumentId(document), doc_id, content_hash, title or doc_id,
                                             tuple(rows.coders[c] for c in who), stances,
                                             labels.get(gold) if gold is not None else None))
        keys.update(document * width + c for c in who)
    return documents, keys


def _label_ranks(labels: dict[int, str]) -> np.ndarray:
    """Each label id's place in the order of label names (candidates sort by name, as the reference does)."""
    rank = np.zeros(max(labels, default=0) + 1, dtype=np.int64)
    for place, (label_id, _name) in enumerate(sorted(labels.items(), key=lambda item: item[1])):
        rank[label_id] = place
    return rank


def _first_of_runs(*columns: np.ndarray) -> np.ndarray:
    """True where a row differs from the one before it in any column (rows sorted by these columns)."""
    if not len(columns[0]):
        return np.zeros(0, dtype=bool)
    new = np.zeros(len(columns[0]), dtype=bool)
    new[0] = True
    for column in columns:
        new[1:] |= column[1:] != column[:-1]
    return new


def _disagreements(doc: np.ndarray, start: np.ndarray, end: np.ndarray,
                   support: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Clusters of overlapping candidates (in text order, per document) that are not all unanimous:
    their document, start, end and first and last candidate."""
    if not len(doc):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, empty, empty
    offset = doc * (int(end.max()) + 1)  # documents apart: a cluster never runs into the next document
    reach = np.maximum.accumulate(offset + end)
    new = np.ones(len(doc), dtype=bool)
    new[1:] = offset[1:] + start[1:] >= reach[:-1]
    first = np.flatnonzero(new)
    last = np.append(first[1:], len(doc)) - 1
    contested = np.maximum.reduceat((support != 0).astype(np.int8), first) > 0
    cluster_end = np.maximum.reduceat(end, first)
    return doc[first][contested], start[first][contested], cluster_end[contested], first[contested], last[contested]


# --- auto-accept ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class GoldProposal:
    """What auto-accept would add to gold: spans (as stored rows' values) and stances by document."""

    spans: list[Span]
    stances: dict[DocumentId, str]


def propose_gold(state: AdjudicationState, rows: AdjudicationRows, deleted: set[str], stance_by_hand: set[str],
                 *, majority: bool = False, now: str = "") -> GoldProposal:
    """Unanimous (and, with `majority`, majority) candidates gold lacks, and agreed stances, as
    `auto_accept` takes them: never over the adjudicator's work (a gold span at that place, a gold
    span or deletion with that id, a gold stance already set or set or cleared by hand)."""
    places = {(d, s, e, label) for d, s, e, label, _uid in rows.gold_spans}
    uids = {(d, uid) for d, _s, _e, _l, uid in rows.gold_spans}
    chosen = np.flatnonzero((state.support == 0) | (majority & (state.support == 1)))
    documents, labels = state.documents, state.labels
    spans = []  # in text order, as spans_of_coder would list them: candidates are in (document, start, end, label) order
    for d, start, end, label_id, support in zip(state.doc[chosen].tolist(), state.start[chosen].tolist(),
                                                state.end[chosen].tolist(), state.label[chosen].tolist(),
                                                state.support[chosen].tolist(), strict=True):
        document = documents[d]
        if (document.document_id, start, end, label_id) in places:
            continue  # gold has it as it is: nearly every candidate on every later open
        label = labels[label_id]
        uid = place_uid(document.content_hash, GOLD_CODER, start, end, label)
        if (document.document_id, uid) not in uids and uid not in deleted:
            spans.append(Span(uid, document.document_id, GOLD_CODER, start, end, label, created_at=now, updated_at=now,
                              provenance=SUPPORT[support]))
    stances = {}
    for document in documents:
        stance = agreed_stance(document.stances)
        if stance is not None and document.gold_stance is None and document.doc_id not in stance_by_hand:
            stances[document.document_id] = stance
    return GoldProposal(spans, stances)


def write_gold(tx: Session, proposal: GoldProposal, now: str) -> None:
    """Store a proposal as `import_coding_records` stores gold records: the spans as new rows, each
    stance with the status 'in progress' (over a stored annotation only if that differs)."""
    gold = ensure_coder(tx, GOLD_CODER).id
    labels, stances = codebooks.label_ids(tx, "span"), codebooks.label_ids(tx, "stance")
    span_store.insert_rows(tx, [(s.uid, s.document_id, gold, labels[s.label], s.start, s.end, None, None, False,
                                 s.provenance, s.created_at, s.updated_at, None) for s in proposal.spans])
    records.upsert_annotation_rows(tx, [(d, gold, stances[stance], None, str(Status.IN_PROGRESS), now, now)
                                        for d, stance in proposal.stances.items()])
