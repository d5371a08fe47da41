"""Gold standard: unanimous spans accepted with provenance, disagreements listed, dataset export with stable splits."""

import orjson
import pytest

from annotator.core.span_ids import new_span_uid
from annotator.core.types import GOLD_CODER, NewDocument, Span, Status
from annotator.io.jsonl import read_jsonl
from annotator.operations.adjudication import auto_accept, documents_for_adjudication
from annotator.operations.dataset import export_dataset, split_of
from annotator.operations.projects import open_project
from annotator.store import annotations, spans
from annotator.store.documents import add_documents
from annotator.store.records import import_coding_records, iter_coding_records

TEXT = "Maximum pressure has not worked, one EU diplomat said. Belarus is closer to Russia."


def code(db, doc_id, coder, items, stance, done=True):
    with db.transaction() as tx:
        for start, end, label in items:
            spans.add_span(tx, Span(new_span_uid(), doc_id, coder, start, end, label))
        annotations.set_annotation(tx, doc_id, coder, stance=stance, status=Status.DONE if done else Status.IN_PROGRESS)


@pytest.fixture
def coded(db):
    with db.transaction() as tx:
        doc = add_documents(tx, [NewDocument(TEXT, title="T")])[0].id
    code(db, doc, "alice", [(0, 31, "pro-engagement"), (55, 82, "ambivalent")], "pro-engagement")
    code(db, doc, "bob", [(0, 31, "pro-engagement"), (55, 70, "pro-isolation")], "pro-engagement")
    code(db, doc, "carol", [(0, 8, "pro-isolation")], "pro-isolation", done=False)  # not done: does not count
    return db


def gold_spans(db):
    with db.read() as tx:
        return [(s.start, s.end, s.label, s.provenance) for r in iter_coding_records(tx, coders=[GOLD_CODER]) for s in r.spans]


def test_auto_accept_unanimous_spans_and_stance_once(coded):
    first = auto_accept(coded)
    assert (first.documents, first.spans_added, first.stances_set) == (1, 1, 1)
    assert gold_spans(coded) == [(0, 31, "pro-engagement", "unanimous")]
    again = auto_accept(coded)
    assert again.spans_added == 0 and again.stances_set == 0
    assert gold_spans(coded) == [(0, 31, "pro-engagement", "unanimous")]
    [doc] = documents_for_adjudication(coded)
    assert doc.coders == ("alice", "bob")
    [passage] = doc.disagreements
    assert (passage.start, passage.end) == (55, 82)
    assert {(c.label, c.coders) for c in passage.candidates} == {("ambivalent", ("alice",)), ("pro-isolation", ("bob",))}


def test_auto_accept_never_overrides_the_adjudicator(coded):
    """Auto-accept runs whenever the adjudication window opens: what the adjudicator changed must stay."""
    auto_accept(coded)
    with coded.transaction() as tx:
        [accepted] = spans.spans_of_coder(tx, GOLD_CODER)
        spans.update_span(tx, accepted.uid, end=24, label="ambivalent", holder="one EU diplomat")
    assert auto_accept(coded).spans_added == 0
    assert gold_spans(coded) == [(0, 24, "ambivalent", "unanimous")]  # the edit stays
    with coded.transaction() as tx:
        spans.delete_span(tx, accepted.uid)
        annotations.set_annotation(tx, accepted.document_id, GOLD_CODER, stance="pro-isolation")
    assert auto_accept(coded).spans_added == 0
    assert gold_spans(coded) == []  # the deletion stays
    with coded.read() as tx:
        assert annotations.get_annotation(tx, accepted.document_id, GOLD_CODER).stance == "pro-isolation"


def test_dataset_export_is_stable_and_loads_in_pandas_and_datasets(coded, tmp_path):
    auto_accept(coded)
    first = export_dataset(coded, tmp_path / "one", ratios=(0.5, 0.25, 0.25), seed=7)
    second = export_dataset(coded, tmp_path / "two", ratios=(0.5, 0.25, 0.25), seed=7)
    for name in ("train", "dev", "test"):
        assert (tmp_path / "one" / f"{name}.jsonl").read_bytes() == (tmp_path / "two" / f"{name}.jsonl").read_bytes()
    assert first.documents == second.documents and sum(first.documents.values()) == 1
    split = next(name for name, n in first.documents.items() if n)
    path = tmp_path / "one" / f"{split}.jsonl"
    [line] = [orjson.loads(x) for x in path.read_bytes().splitlines()]
    assert line["coder"] == GOLD_CODER and line["doc_label"] == "pro-engagement"
    assert [line["text"][s["start"] : s["end"]] for s in line["spans"]] == ["Maximum pressure has not worked"]
    card = (tmp_path / "one" / "README.md").read_text()
    assert "annotator/1" in card and "pro-engagement" in card and "seed 7" in card
    assert "Inter-coder agreement" in card and "alice" in card

    import pandas as pd

    frame = pd.read_json(path, lines=True)
    assert frame.loc[0, "spans"][0]["label"] == "pro-engagement"
    datasets = pytest.importorskip("datasets")
    ds = datasets.load_dataset("json", data_files=str(path), split="train", cache_dir=str(tmp_path / "cache"))
    assert ds[0]["spans"][0]["text"] == "Maximum pressure has not worked"
    # gold export round-trips: import into an empty project gives the same gold spans
    other = open_project(tmp_path / "other.annotator")
    records, _ = read_jsonl(path)
    with other.transaction() as tx:
        import_coding_records(tx, records)
    assert gold_spans(other) == gold_spans(coded)
    other.close()


def test_split_depends_only_on_hash_and_seed():
    hashes = [f"{i:064x}" for i in range(2000)]
    splits = [split_of(h, (0.8, 0.1, 0.1), seed=1) for h in hashes]
    assert splits == [split_of(h, (0.8, 0.1, 0.1), seed=1) for h in hashes]
    share = splits.count("train") / len(splits)
    assert 0.76 < share < 0.84
    assert splits != [split_of(h, (0.8, 0.1, 0.1), seed=2) for h in hashes]


def test_spacy_docbin_keeps_spans_and_reports_misaligned(coded, tmp_path):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    from annotator.io.spacy_docbin import write_docbin

    auto_accept(coded)
    with coded.read() as tx:
        [gold] = list(iter_coding_records(tx, coders=[GOLD_CODER]))
    from dataclasses import replace

    from annotator.core.types import SpanRecord

    record = replace(gold, spans=gold.spans + (SpanRecord(0, 16, "ambivalent"), SpanRecord(2, 5, "pro-isolation")))
    misaligned = write_docbin([record], tmp_path / "gold.spacy")
    assert len(misaligned) == 1 and "2-5" in misaligned[0]
    [doc] = DocBin().from_disk(tmp_path / "gold.spacy").get_docs(spacy.blank("xx").vocab)
    assert sorted((s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]) == [
        (0, 16, "ambivalent"), (0, 31, "pro-engagement")]
    assert list(doc.ents) == []  # the two spans overlap, so neither is an entity


def test_the_card_states_the_reliability_sample_that_assign_drew(tmp_path):
    """The card's agreement section said "No reliability sample was drawn" after `annotator assign` drew one."""
    from annotator.operations.assigning import assign

    path = tmp_path / "study.annotator"
    db = open_project(path)
    with db.transaction() as tx:
        docs = [a.id for a in add_documents(tx, [NewDocument(f"{TEXT} {i}", title=f"T{i}") for i in range(4)])]
    db.close()
    assign(path, ["alice", "bob"], overlap=0.5, seed=7)
    db = open_project(path, create=False)
    try:
        for doc in docs:
            code(db, doc, "alice", [(0, 31, "pro-engagement")], "pro-engagement")
            code(db, doc, "bob", [(0, 31, "pro-engagement")], "pro-engagement")
        auto_accept(db)
        export_dataset(db, tmp_path / "set")
    finally:
        db.close()
    card = (tmp_path / "set" / "README.md").read_text()
    assert "No reliability sample" not in card
    assert "Reliability sample drawn by `annotator assign` (simple random sample, seed 7): 2 of 4 documents" in card
    assert "2 of the 4 documents the figures rest on lie outside the drawn reliability sample" in card
