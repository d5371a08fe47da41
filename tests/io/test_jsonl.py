"""Reading JSONL lines: canonical, doccano and Prodigy annotations, plain articles; bad lines reported."""

import orjson
import pytest

from annotator.core.errors import InputError
from annotator.io.jsonl import read_jsonl


def write_lines(path, *objects, raw=None):
    path.write_bytes(b"".join(orjson.dumps(o) + b"\n" for o in objects) + (raw or b""))
    return path


def test_canonical_line(tmp_path):
    text = "EU must keep isolating Minsk."
    f = write_lines(tmp_path / "a.jsonl", {
        "doc_id": "x", "text": text, "meta": {"title": "T"}, "coder": "alice", "doc_label": "pro-isolation",
        "status": "done", "spans": [{"start": 0, "end": 2, "label": "pro-isolation", "text": "EU", "holder": "author",
                                     "note": None, "id": "u1"}]})
    [record], skipped = read_jsonl(f)
    assert skipped == 0
    assert (record.coder, record.doc_label, record.status, record.meta) == ("alice", "pro-isolation", "done", {"title": "T"})
    assert record.spans[0].uid == "u1" and record.spans[0].holder == "author"
    assert record.source_line == 1


def test_doccano_and_prodigy_lines(tmp_path):
    text = "Talks work. Sanctions work."
    f = write_lines(
        tmp_path / "b.jsonl",
        {"text": text, "label": [[0, 10, "pro-engagement"], [12, 26, "pro-isolation"]], "id": 7},
        {"text": text, "spans": [{"start": 0, "end": 10, "label": "pro-engagement"}], "_annotator_id": "bob", "answer": "accept"},
        {"text": text, "spans": [], "_annotator_id": "bob", "answer": "reject"},
    )
    with pytest.raises(InputError, match=r"line 1: no coder.*--coder"):
        read_jsonl(f)
    (doccano, prodigy), skipped = read_jsonl(f, default_coder="carol")
    assert skipped == 1
    assert doccano.coder == "carol" and [(s.start, s.end, s.label) for s in doccano.spans] == [(0, 10, "pro-engagement"), (12, 26, "pro-isolation")]
    assert doccano.meta == {"source_id": 7}
    assert prodigy.coder == "bob" and prodigy.spans[0].label == "pro-engagement"


def test_crlf_text_moves_spans_with_it(tmp_path):
    text = "First line.\r\nSecond 👍 line.\r\nThird."
    start = text.index("Second")
    end = text.index("Third") + len("Third")
    f = write_lines(tmp_path / "c.jsonl", {"text": text, "coder": "a", "spans": [
        {"start": start, "end": end, "label": "ambivalent", "text": text[start:end]}]})
    [record], _ = read_jsonl(f)
    span = record.spans[0]
    assert "\r" not in record.text
    assert record.text[span.start : span.end] == text[start:end].replace("\r\n", "\n")


def test_bad_lines_are_all_reported_with_numbers(tmp_path):
    text = "Some text."
    f = write_lines(
        tmp_path / "bad.jsonl",
        {"text": text, "coder": "a", "spans": [{"start": 0, "end": 4, "label": "x", "text": "Some"}]},
        {"text": text, "coder": "a", "spans": [{"start": 0, "end": 40, "label": "x"}]},
        {"text": text, "coder": "a", "spans": [{"start": 0, "end": 4, "label": "x", "text": "Nope"}]},
        {"coder": "a", "spans": []},
        raw=b"{not json\n",
    )
    with pytest.raises(InputError) as info:
        read_jsonl(f)
    message = str(info.value)
    assert str(f) in message
    for fragment in ("line 2: span 1: end 40 is past the end of the text", "line 3: span 1: its text 'Nope'",
                     "line 4: no 'text'", "line 5: not valid JSON"):
        assert fragment in message
    assert "line 1:" not in message


def test_non_utf8_jsonl_is_refused_with_line(tmp_path):
    f = tmp_path / "latin.jsonl"
    f.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    with pytest.raises(InputError, match=r"latin.jsonl:2: JSONL must be UTF-8"):
        read_jsonl(f)


def test_article_lines_keep_metadata(tmp_path):
    f = write_lines(tmp_path / "d.jsonl", {"text": "Body.", "title": "Head", "source": "Outlet", "id": "a1", "topic": "x"})
    [record], _ = read_jsonl(f)
    assert record.coder is None
    assert record.meta == {"title": "Head", "outlet": "Outlet", "source_id": "a1", "topic": "x"}
