"""The adjudication window's bulk path gives what the per-document reference gives: the same documents,
candidates, disagreements, progress and auto-accept (issue 14). The reference is core/adjudication.py
applied to each document's records as `documents_for_adjudication` reads them, and `auto_accept`
(the CLI's path), run on a copy of the same project."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from annotator.core.types import GOLD_CODER, Span, SpanUid, Status
from annotator.operations.adjudication import auto_accept, documents_for_adjudication
from annotator.operations.adjudication_bulk import adjudication_state, propose_gold
from annotator.operations.adjudication_cases import (
    Progress,
    accept_unanimous,
    accepted,
    adjudication_progress,
    open_adjudication,
    stance_state,
)
from annotator.operations.projects import open_project
from annotator.store import tombstones
from annotator.store._rows import run
from annotator.store.adjudication_rows import adjudication_rows
from annotator.store.annotations import annotations_of_coder, set_annotation
from annotator.store.decisions import STANCE_BY_HAND, STANCE_KEY, all_decisions, set_decision
from annotator.store.documents import doc_ids_of, list_summaries
from annotator.store.spans import add_span, delete_span, spans_of_coder, update_span
from tests.coded import code, new_project

LABELS = ("pro-engagement", "pro-isolation", "ambivalent")
STANCES = ("pro-engagement", "pro-isolation", "ambivalent")
CODERS = ("anna", "boris", "chen", "dasha")
WORDS = "talks with Minsk sanctions failed keep the pressure on 👍 Лукашенко prisoners release".split()


def _project(path: Path, seed: int):  # noqa: ANN202
    """Documents coded by up to four coders who mostly agree: duplicates, nesting, stray spans, coders
    not done, documents with one coder done; gold partly made by hand (moved, deleted, stances)."""
    rng = random.Random(seed)
    texts = [(f"doc {i}", " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 80)))) for i in range(40)]
    db, ids = new_project(path, texts)
    for doc, (_title, text) in zip(ids, texts, strict=True):
        places = [(s, min(len(text), s + rng.randint(3, 40)), rng.choice(LABELS))
                  for s in (rng.randrange(0, len(text) - 3) for _ in range(rng.randint(0, 6)))]
        for coder in rng.sample(CODERS, rng.randint(1, 4)):
            spans = [p for p in places if rng.random() < 0.8]
            spans += [(s, min(len(text), s + 5), rng.choice(LABELS)) for s in (rng.randrange(0, len(text) - 3)
                                                                                for _ in range(rng.randint(0, 2)))]
            if spans and rng.random() < 0.2:
                spans.append(spans[0])  # the same passage marked twice by one coder
            code(db, doc, coder, stance=rng.choice((*STANCES, None)) if rng.random() < 0.5 else STANCES[0],
                 spans=spans, done=rng.random() < 0.8)
    _adjudicate_some(db, ids, rng)
    return db, ids


def _adjudicate_some(db, ids, rng) -> None:  # noqa: ANN001
    """What an adjudicator leaves: gold spans accepted then moved, relabelled or deleted, stances set or
    cleared by hand, passages decided."""
    accept_unanimous(db)
    with db.transaction() as tx:
        gold = spans_of_coder(tx, GOLD_CODER)
        for span in rng.sample(gold, min(len(gold), 12)):
            choice = rng.random()
            if choice < 0.3:
                delete_span(tx, span.uid)
            elif choice < 0.6:
                update_span(tx, span.uid, label=rng.choice([x for x in LABELS if x != span.label]))
            elif span.end - span.start > 2:
                update_span(tx, span.uid, end=span.end - 1)
        for doc in rng.sample(ids, 6):
            set_annotation(tx, doc, GOLD_CODER, stance=None if rng.random() < 0.5 else rng.choice(STANCES))
        for doc in rng.sample(ids, 4):
            set_decision(tx, doc_ids_of(tx, [doc])[doc], STANCE_KEY, STANCE_BY_HAND)
        add_span(tx, Span(SpanUid("by-hand"), ids[0], GOLD_CODER, 0, 4, LABELS[0], provenance="adjudicated by pi"))
        for doc in rng.sample(ids, 5):
            set_annotation(tx, doc, GOLD_CODER, status=Status.DONE)
    # so that the next auto-accept has work: more coders finish
    code(db, ids[1], "emil", stance=STANCES[1], spans=[(0, 3, LABELS[1])])
    code(db, ids[2], "emil", stance=STANCES[2], spans=[])
    with db.transaction() as tx:  # a third of the documents as if auto-accept had never run on them
        run(tx, "DELETE FROM span WHERE coder_id = (SELECT id FROM coder WHERE name = ?) AND provenance = 'unanimous'"
                " AND document_id % 3 = 0", (GOLD_CODER,))
        for coder in ("anna", "boris"):
            for note in annotations_of_coder(tx, coder).values():
                if note.status != Status.DONE:
                    set_annotation(tx, note.document_id, coder, status=Status.DONE)
    for doc_id, found in _reference_docs(db).items():  # and decisions on some passages
        for d in found.disagreements[:1]:
            with db.transaction() as tx:
                set_decision(tx, doc_id, f"{d.start}-{d.end}", accepted(d.candidates[0].coders[0]))


def _reference_docs(db, coders=None):  # noqa: ANN001, ANN202
    return {doc.doc_id: doc for doc in documents_for_adjudication(db, coders)}


def _reference_progress(db) -> list[Progress]:  # noqa: ANN001
    """The list as it was computed before the bulk path: from every document's records."""
    with db.read() as tx:
        summaries = {s.doc_id: s for s in list_summaries(tx, GOLD_CODER)}
        decisions = all_decisions(tx)
    rows = []
    for doc in documents_for_adjudication(db):
        summary, found = summaries[doc.doc_id], decisions.get(doc.doc_id, {})
        gold_stance = doc.gold.doc_label if doc.gold else None
        rows.append(Progress(summary.id, doc.doc_id, summary.title or doc.doc_id, doc.coders,
                             sum(f"{d.start}-{d.end}" in found for d in doc.disagreements), len(doc.disagreements),
                             stance_state(doc.stances, gold_stance), summary.status == Status.DONE))
    return rows


def _gold(db):  # noqa: ANN001, ANN202
    with db.read() as tx:
        spans = sorted((s.uid, s.document_id, s.start, s.end, s.label, s.provenance, s.holder, s.note, s.unsure)
                       for s in spans_of_coder(tx, GOLD_CODER))
        notes = sorted((a.document_id, a.stance, a.note, str(a.status)) for a in annotations_of_coder(tx, GOLD_CODER).values())
        stones = sorted(t.uid for t in tombstones.list_tombstones(tx))
    return spans, notes, stones


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("coders", [None, {"anna", "boris", "chen"}])
def test_the_same_documents_candidates_and_disagreements(tmp_path: Path, seed: int, coders) -> None:  # noqa: ANN001
    db, _ = _project(tmp_path / "p.annotator", seed)
    reference = _reference_docs(db, coders)
    with db.read() as tx:
        state = adjudication_state(adjudication_rows(tx, GOLD_CODER), coders)
    assert [d.doc_id for d in state.documents] == list(reference)
    assert sum(len(doc.candidates) for doc in reference.values()) > 20  # the test has something to compare
    for index, doc in enumerate(state.documents):
        ref = reference[doc.doc_id]
        assert doc.coders == ref.coders and doc.stances == ref.stances
        assert doc.gold_stance == (ref.gold.doc_label if ref.gold else None)
        found, parts = state.document_candidates(index)
        assert found == list(ref.candidates)
        assert parts == list(ref.disagreements)
        assert state.disagreement_keys(index) == [f"{d.start}-{d.end}" for d in ref.disagreements]
    db.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_same_progress(tmp_path: Path, seed: int) -> None:
    db, _ = _project(tmp_path / "p.annotator", seed)
    rows = adjudication_progress(db)
    assert rows == _reference_progress(db)
    assert any(r.decided for r in rows) and any(r.done for r in rows) and {r.stance for r in rows} >= {"agreed", "open"}
    db.close()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_auto_accept_stores_what_the_reference_stores(tmp_path: Path, seed: int) -> None:
    db, _ = _project(tmp_path / "p.annotator", seed)
    db.close()
    shutil.copy(tmp_path / "p.annotator", tmp_path / "reference.annotator")
    ours, reference = open_project(tmp_path / "p.annotator"), open_project(tmp_path / "reference.annotator")
    before = _gold(ours)
    changes = accept_unanimous(ours)
    done = auto_accept(reference)
    assert _gold(ours) == _gold(reference) != before
    assert len(changes.added) == done.spans_added > 0
    with ours.read() as tx:  # what it says it added is what was added
        stored = {s.uid: s for s in spans_of_coder(tx, GOLD_CODER)}
    assert all(stored[s.uid] == s for s in changes.added)
    assert {after.document_id for _before, after in changes.stances} == {
        d for (d, stance, *_rest) in _gold(ours)[1] if stance is not None} - {d for (d, stance, *_rest) in before[1] if stance}
    assert not accept_unanimous(ours) and not auto_accept(reference).spans_added  # both settled
    ours.close()
    reference.close()


def test_majority_accept_proposes_what_the_reference_stores(tmp_path: Path) -> None:
    db, _ = _project(tmp_path / "p.annotator", 5)
    with db.read() as tx:
        rows = adjudication_rows(tx, GOLD_CODER)
        deleted = set(tombstones.deletion_times(tx))
        by_hand = {d for d, found in all_decisions(tx).items() if STANCE_KEY in found}
    proposal = propose_gold(adjudication_state(rows), rows, deleted, by_hand, majority=True)
    before = {s[0] for s in _gold(db)[0]}
    auto_accept(db, majority=True)
    added = sorted(s[:6] for s in _gold(db)[0] if s[0] not in before)
    assert added == sorted((s.uid, s.document_id, s.start, s.end, s.label, s.provenance) for s in proposal.spans)
    assert any(s.provenance == "majority" for s in proposal.spans)
    db.close()


def test_opening_the_window_auto_accepts_then_lists(tmp_path: Path) -> None:
    db, _ = _project(tmp_path / "p.annotator", 6)
    db.close()
    shutil.copy(tmp_path / "p.annotator", tmp_path / "reference.annotator")
    rows, changes = open_adjudication(tmp_path / "p.annotator", auto=True)
    reference = open_project(tmp_path / "reference.annotator")
    expected = _reference_progress(reference)  # the list as read before the auto-accept ...
    auto_accept(reference)
    with reference.read() as tx:  # ... with gold's status as it is after it
        status = {s.doc_id: s.status for s in list_summaries(tx, GOLD_CODER)}
    reference.close()
    assert changes and rows == [Progress(r.document_id, r.doc_id, r.title, r.coders, r.decided, r.passages, r.stance,
                                         status[r.doc_id] == Status.DONE) for r in expected]
    again, nothing = open_adjudication(tmp_path / "p.annotator", auto=True)
    assert not nothing and again == open_adjudication(tmp_path / "p.annotator", auto=False)[0]
    assert all(r.stance in ("agreed", "open", "decided") for r in again)
