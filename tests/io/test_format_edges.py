"""Readers on the less common shapes of each tool's files, and their errors (which file, which line, why)."""

import orjson
import pytest

from annotator.core.errors import InputError
from annotator.io.formats.common import ReadOptions
from annotator.io.reading import detect_format, open_reading, plan_import

TEXT = "Minsk 🙂 talks. Sanctions work."
S = TEXT.index("Sanctions")


def read(path, **options):
    planned, passed = plan_import([path])
    records, tally = [], []
    for item in planned:
        reading = open_reading(item, ReadOptions(**options))
        for batch in reading.batches():
            records += batch
        tally += reading.tally.describe()
    return records, tally, passed


def task(**annotation):
    return {"id": 1, "data": {"text": TEXT}, "annotations": [annotation]}


def region(start, end, labels=("pro-isolation",)):
    return {"type": "labels", "value": {"start": start, "end": end, "text": TEXT[start:end], "labels": list(labels)}}


def test_label_studio_shapes(tmp_path):
    f = tmp_path / "old.json"
    f.write_bytes(orjson.dumps([{"id": 2, "data": {"review": TEXT, "n": 3},
                                 "completions": [{"result": [region(S, S + 13)], "completed_by": {"username": "ann"}}]}]))
    [record], _, _ = read(f)
    assert (record.coder, record.text, record.meta) == ("ann", TEXT, {"n": 3, "source_id": 2})
    f.write_bytes(orjson.dumps([task(result=[region(S, S + 13, ("a", "b"))])]))
    with pytest.raises(InputError, match="no coder named on this line"):
        read(f)
    [record], _, _ = read(f, coder="zoe")
    assert record.coder == "zoe" and [s.label for s in record.spans] == ["a", "b"]


@pytest.mark.parametrize(("tasks", "error"), [
    ([{"data": {"a": "x", "b": "y"}, "annotations": []}], "no 'data.text'"),
    ([task(completed_by=1, result=[{"type": "labels", "value": {"start": 0, "end": 5, "labels": []}, "id": "q"}])],
     "region 'q' has no labels"),
    ([task(completed_by=1, result=[{"type": "choices", "value": {"choices": ["a", "b"]}}])], "more than one choice"),
    ([task(completed_by=1, result=[region(0, 99)])], "end 99 is past the end"),
])
def test_label_studio_errors(tmp_path, tasks, error):
    f = tmp_path / "bad.json"
    f.write_bytes(orjson.dumps(tasks))
    with pytest.raises(InputError, match=error):
        read(f)


def test_a_label_studio_task_nobody_annotated_is_an_article(tmp_path):
    f = tmp_path / "t.jsonl"
    f.write_bytes(orjson.dumps({"id": 3, "data": {"text": TEXT}, "annotations": []}) + b"\n")
    [record], tally, _ = read(f)
    assert record.coder is None and record.meta == {"source_id": 3} and tally == []


WEBANNO = """#FORMAT=WebAnno TSV 3.3
#T_SP=webanno.custom.Stance|label
#T_RL=webanno.custom.Link|kind|BT_webanno.custom.Stance


#Text=Talks \\[now\\] 🙂 .
1-1\t0-5\tTalks\t*\t_\t_\t
1-2\t6-11\t[now]\tpro\\_engagement\\|x\trel\t1-1\t
1-3\t12-14\t🙂\t_\t_\t_\t
1-4\t15-16\t.\t_\t_\t_\t
"""


def test_webanno_values_escapes_links_and_curation_user(tmp_path):
    f = tmp_path / "CURATION_USER.tsv"
    f.write_text(WEBANNO, encoding="utf-8")
    [record], tally, _ = read(f)
    assert record.coder == "gold" and record.text == "Talks [now] 🙂 .\n"
    assert [(record.text[s.start:s.end], s.label) for s in record.spans] == [("Talks", "Stance"), ("[now]", "pro_engagement|x")]
    assert "NOT imported: 1 Link link(s) (relations, chains and slots are not imported)" in tally
    assert "coder 'gold' (CURATION_USER is INCEpTION's curated result)" in tally


def test_webanno_errors_name_the_line(tmp_path):
    f = tmp_path / "a.tsv"
    f.write_text(WEBANNO.replace("1-3\t12-14", "1-3\ttwelve"), encoding="utf-8")
    with pytest.raises(InputError, match=r"a.tsv: line 9: not a token line"):
        read(f)
    f.write_text(WEBANNO.replace("\t_\t_\t_\t\n1-4", "\t_\t\n1-4"), encoding="utf-8")
    with pytest.raises(InputError, match=r"line 9: 1 annotation columns where the header declares 3"):
        read(f)


def test_cas_json_without_text_is_an_error(tmp_path):
    f = tmp_path / "a.json"
    f.write_bytes(orjson.dumps({"%FEATURE_STRUCTURES": [{"%ID": 1, "%TYPE": "x.Y", "begin": 0, "end": 1}]}))
    assert detect_format(f) == "cas-json"
    with pytest.raises(InputError, match="no text"):
        read(f)


def test_brat_errors_and_trusted_offsets(tmp_path):
    (tmp_path / "d.txt").write_text(TEXT, encoding="utf-8")
    ann = tmp_path / "d.ann"
    ann.write_text(f"T1\tpro-isolation {S} {S + 13}\tSanctions wrk\nX1\twhat\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"d.ann: line 2: unknown brat annotation id 'X1'"):
        read(tmp_path / "d.txt")
    ann.write_text(f"T1\tpro-isolation {S} {S + 13}\tSanctions wrk\nT2\tpro-isolation 16 90\tx\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read(tmp_path / "d.txt")
    assert "line 1: its text 'Sanctions wrk'" in str(info.value) and "line 2: offsets 16-90: end 90 is past the end" in str(info.value)
    ann.write_text(f"T1\tpro-isolation {S} {S + 13}\tSanctions wrk\n", encoding="utf-8")
    [record], tally, _ = read(tmp_path / "d.txt", trust_offsets=True, coder="c")
    assert record.text[record.spans[0].start:record.spans[0].end] == "Sanctions wor" and record.coder == "c"
    assert tally == ["1 span text(s) re-derived from the offsets (--trust-offsets)"]


def test_brat_carriage_returns_count_and_are_normalised(tmp_path):
    text = "First line.\r\nSecond 🙂 line."
    (tmp_path / "d.txt").write_bytes(text.encode("utf-8"))
    start = text.index("Second")
    (tmp_path / "d.ann").write_text(f"T1\tx {start} {len(text)}\t{text[start:]}\n", encoding="utf-8")
    [record], _, _ = read(tmp_path / "d.txt", coder="c")
    assert "\r" not in record.text and record.text[record.spans[0].start:record.spans[0].end] == "Second 🙂 line."


def test_format_by_content_and_files_passed_by(tmp_path):
    (tmp_path / "page.data").write_text("<!DOCTYPE html><html><body><p>Hi</p></body></html>")
    (tmp_path / "lines.txt").write_text('{"text": "A."}\n')
    (tmp_path / "corpus.zip").write_bytes(b"PK")
    (tmp_path / ".DS_Store").write_bytes(b"\0")
    (tmp_path / ".git").mkdir()
    assert detect_format(tmp_path / "page.data") == "html"
    assert detect_format(tmp_path / "lines.txt") == "jsonl"
    planned, passed = plan_import([tmp_path])
    assert [(p.path.name, p.format) for p in planned] == [("lines.txt", "jsonl"), ("page.data", "html")]
    assert [(p.path.name, p.reason, p.harmless) for p in passed] == [
        (".git", "hidden folder", True), (".DS_Store", "hidden file", True),
        ("corpus.zip", "an archive: unpack it and import the folder", False)]


def test_span_tables_are_refused_and_stance_tables_checked(tmp_path):
    spans = tmp_path / "spans.csv"
    spans.write_text("doc_id,coder,span_id,start,end,label,text\nx,a,u,0,1,l,M\n")
    with pytest.raises(InputError, match="this is a span table"):
        read(spans)
    stances = tmp_path / "stances.csv"
    stances.write_text(f"doc_id,coder,stance,status,note,text\nx,a,s,finished,,{TEXT}\n")
    with pytest.raises(InputError, match="status 'finished' is not one of"):
        read(stances)
    stances.write_text(f"doc_id,coder,stance,status,note,text\nx,,s,done,,{TEXT}\n")
    with pytest.raises(InputError, match="a row names no coder"):
        read(stances)
    [record], _, _ = read(stances, coder="b")
    assert (record.coder, record.doc_label, str(record.status)) == ("b", "s", "done")
    with pytest.raises(InputError, match="no column 'Opinion'"):
        read(stances, stance_column="Opinion", coder="b")
