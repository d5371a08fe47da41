"""Export -> import into an empty project -> export gives the same bytes, for any text and spans."""

import csv
import io

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.span_ids import new_span_uid
from annotator.core.types import NewDocument, Span, Status
from annotator.io.jsonl import read_jsonl
from annotator.operations.exporting import export_project
from annotator.operations.projects import open_project
from annotator.store import annotations, spans
from annotator.store.documents import add_documents
from annotator.store.records import import_coding_records

LABELS = ("pro-engagement", "pro-isolation", "ambivalent")
# Characters that break offset arithmetic when done wrong: emoji (astral, ZWJ sequences, skin tones),
# combining marks, Cyrillic, NBSP, tabs, CR/LF, U+2028/2029.
TRICKY = "a Zé\u0301ж Ж\u00a0\t  \r\n\r\n👍👨🏻‍🚒🇧🇾\u2028\u2029."
texts = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8", exclude_categories=("Cs",)),
                min_size=1, max_size=60).filter(lambda t: t.strip())


def export_bytes(db, tmp_path, name, fmt="jsonl"):
    return export_project(db, tmp_path / name, fmt=fmt).path.read_bytes()


def reimport(path, tmp_path, name):
    db = open_project(tmp_path / name)
    records, _ = read_jsonl(path)
    with db.transaction() as tx:
        import_coding_records(tx, records)
    return db


@st.composite
def coded_texts(draw):
    raw = draw(texts)
    n = len(raw)
    offsets = st.tuples(st.integers(0, n - 1), st.integers(1, n)).filter(lambda p: p[0] < p[1])
    spans_raw = draw(st.lists(st.tuples(offsets, st.sampled_from(LABELS)), max_size=5))
    return raw, [(s, e, label, raw[s:e]) for (s, e), label in spans_raw]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(coded_texts())
def test_any_text_round_trips_exactly(tmp_path_factory, sample):
    tmp_path = tmp_path_factory.mktemp("rt")
    raw, raw_spans = sample
    src = tmp_path / "in.jsonl"
    src.write_bytes(orjson.dumps({"text": raw, "coder": "alice", "status": "done", "spans": [
        {"start": s, "end": e, "label": label, "text": t} for s, e, label, t in raw_spans]}) + b"\n")
    first = reimport(src, tmp_path, "a.annotator")
    out1 = export_bytes(first, tmp_path, "one.jsonl")
    second = reimport(tmp_path / "one.jsonl", tmp_path, "b.annotator")
    out2 = export_bytes(second, tmp_path, "two.jsonl")
    first.close()
    second.close()
    assert out1 == out2
    for line in out1.splitlines():
        obj = orjson.loads(line)
        for span in obj["spans"]:
            assert obj["text"][span["start"] : span["end"]] == span["text"]
    # each span kept exactly its characters through newline normalisation
    got = sorted(s["text"] for s in orjson.loads(out1.splitlines()[0])["spans"])
    want = sorted({(s, e, label): t.replace("\r\n", "\n").replace("\r", "\n") for s, e, label, t in raw_spans}.values())
    assert got == want


def make_project(db):
    """Two coders on one document, one untouched document."""
    text = "Maximum pressure has not worked, one EU diplomat said.\nThe EU must continue isolating Minsk."
    with db.transaction() as tx:
        doc, other = add_documents(tx, [NewDocument(text, title="A", outlet="Guardian"), NewDocument("Untouched text.")])
        spans.add_span(tx, Span(new_span_uid(), doc.id, "alice", 0, 31, "pro-engagement", holder="one EU diplomat"))
        spans.add_span(tx, Span(new_span_uid(), doc.id, "bob", 55, 92, "pro-isolation", holder="author", unsure=True))
        annotations.set_annotation(tx, doc.id, "alice", stance="ambivalent", note="mixed", status=Status.DONE)
    return text


def test_canonical_export_lines_and_determinism(db, tmp_path):
    text = make_project(db)
    out = export_bytes(db, tmp_path, "x.jsonl")
    assert out == export_bytes(db, tmp_path, "y.jsonl")
    lines = [orjson.loads(x) for x in out.splitlines()]
    assert [(x["coder"], x["status"], x["doc_label"]) for x in lines] == [
        ("alice", "done", "ambivalent"), ("bob", "in_progress", None), (None, None, None)]
    assert lines[0]["format"] == "annotator/1"
    assert lines[0]["meta"]["title"] == "A" and lines[0]["meta"]["outlet"] == "Guardian"
    assert lines[0]["spans"][0]["text"] == "Maximum pressure has not worked"
    assert lines[1]["spans"][0]["text"] == text[55:92] == "The EU must continue isolating Minsk."
    assert lines[2]["spans"] == [] and lines[2]["text"] == "Untouched text."


def test_reimport_of_same_annotations_changes_nothing(db, tmp_path):
    make_project(db)
    path = export_project(db, tmp_path / "x.jsonl").path
    records, _ = read_jsonl(path)
    with db.transaction() as tx:
        counts = import_coding_records(tx, records)
    assert (counts.documents_added, counts.spans_added, counts.spans_updated, counts.annotations_changed) == (0, 0, 0, 0)
    assert counts.spans_unchanged == 2
    assert export_project(db, tmp_path / "y.jsonl").path.read_bytes() == path.read_bytes()


def test_other_formats(db, tmp_path):
    text = make_project(db)
    doccano = [orjson.loads(x) for x in export_bytes(db, tmp_path, "d.jsonl", "doccano").splitlines()]
    assert doccano[0]["entities"] == [[0, 31, "pro-engagement"]] and doccano[0]["annotator"] == "alice"
    assert len(doccano) == 2  # only annotated lines
    prodigy = [orjson.loads(x) for x in export_bytes(db, tmp_path, "p.jsonl", "prodigy").splitlines()]
    assert prodigy[1]["spans"] == [{"start": 55, "end": 92, "label": "pro-isolation", "text": text[55:92]}]
    assert prodigy[1]["_annotator_id"] == "bob" and prodigy[1]["answer"] == "accept"
    rows = list(csv.DictReader(io.StringIO(export_bytes(db, tmp_path, "s.csv", "csv").decode("utf-8"))))
    assert [(r["coder"], r["label"], r["holder"], r["unsure"]) for r in rows] == [
        ("alice", "pro-engagement", "one EU diplomat", "false"), ("bob", "pro-isolation", "author", "true")]
    assert all(text[int(r["start"]) : int(r["end"])] == r["text"] for r in rows)


def test_prodigy_and_doccano_exports_reimport_to_the_same_spans(db, tmp_path):
    make_project(db)
    canonical = sorted((line["coder"], s["start"], s["end"], s["label"])
                       for line in map(orjson.loads, export_bytes(db, tmp_path, "c.jsonl").splitlines())
                       for s in line["spans"])
    for fmt in ("prodigy", "doccano"):
        path = export_project(db, tmp_path / f"{fmt}.jsonl", fmt=fmt).path
        other = reimport(path, tmp_path, f"{fmt}.annotator")
        again = sorted((line["coder"], s["start"], s["end"], s["label"])
                       for line in map(orjson.loads, export_bytes(other, tmp_path, f"{fmt}2.jsonl").splitlines())
                       for s in line["spans"])
        other.close()
        assert again == canonical


def test_export_only_some_coders(db, tmp_path):
    make_project(db)
    lines = [orjson.loads(x) for x in export_project(db, tmp_path / "b.jsonl", coders=["bob"]).path.read_bytes().splitlines()]
    assert [x["coder"] for x in lines] == ["bob"]
