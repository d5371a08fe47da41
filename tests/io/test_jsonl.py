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
    assert message.startswith(f"{f}: line 2: span 1: end 40 is past the end of the text (10 characters); line 3: span 1:")
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


def test_unsure_must_be_a_boolean(tmp_path):
    text = "Some text."
    span = {"start": 0, "end": 4, "label": "x", "text": "Some"}
    f = write_lines(tmp_path / "u.jsonl", {"text": text, "coder": "a", "spans": [{**span, "unsure": "false"}]},
                    {"text": text, "coder": "b", "spans": [{**span, "unsure": 1}]})
    with pytest.raises(InputError) as info:
        read_jsonl(f)
    assert "line 1: span 1: 'unsure' must be true or false, not 'false'" in str(info.value)
    assert "line 2: span 1: 'unsure' must be true or false, not 1" in str(info.value)
    f = write_lines(tmp_path / "ok.jsonl", {"text": text, "coder": "a", "spans": [{**span, "unsure": True}, {**span, "unsure": None}]})
    [record], _ = read_jsonl(f)
    assert [s.unsure for s in record.spans] == [True, False]


def test_other_span_fields_must_be_strings(tmp_path):
    f = write_lines(tmp_path / "h.jsonl", {"text": "Some text.", "coder": "a",
                                           "spans": [{"start": 0, "end": 4, "label": "x", "holder": 3}]})
    with pytest.raises(InputError, match=r"line 1: span 1: 'holder' must be a string or null"):
        read_jsonl(f)


def test_a_byte_order_mark_on_line_one_is_not_an_error(tmp_path):
    f = tmp_path / "bom.jsonl"
    f.write_bytes(b"\xef\xbb\xbf" + orjson.dumps({"text": "One.", "title": "T"}) + b"\n" + orjson.dumps({"text": "Two."}) + b"\n")
    records, _ = read_jsonl(f)
    assert [r.text for r in records] == ["One.", "Two."] and records[0].meta == {"title": "T"}


def test_a_file_without_records_is_an_error(tmp_path):
    f = tmp_path / "blank.jsonl"
    f.write_bytes(b"\n   \n\xc2\xa0\n")
    with pytest.raises(InputError, match="the file holds no records"):
        read_jsonl(f)


def test_only_rejected_answers_is_no_error_but_nothing(tmp_path):
    f = write_lines(tmp_path / "r.jsonl", {"text": "A.", "answer": "reject", "_annotator_id": "x"})
    assert read_jsonl(f) == ([], 1)


def test_note_and_updated_at_are_kept(tmp_path):
    f = write_lines(tmp_path / "n.jsonl", {"text": "A text.", "coder": "a", "status": "in_progress", "note": "later",
                                           "updated_at": "2026-01-01T00:00:00+00:00", "spans": []})
    [record], _ = read_jsonl(f)
    assert (record.note, record.updated_at, str(record.status)) == ("later", "2026-01-01T00:00:00+00:00", "in_progress")


def test_prodigy_meta_keeps_all_but_the_doc_id(tmp_path):
    f = write_lines(tmp_path / "p.jsonl", {"text": "A text.", "answer": "accept", "_annotator_id": "x",
                                           "meta": {"doc_id": "abc", "source": "feed"}})
    [record], _ = read_jsonl(f)
    assert record.meta == {"source": "feed"} and record.coder == "x" and str(record.status) == "done"


def test_a_reading_after_a_rejected_line_goes_on(tmp_path):
    f = write_lines(tmp_path / "p.jsonl", {"text": "One.", "answer": "reject", "_annotator_id": "x"},
                    {"text": "Two.", "answer": "accept", "_annotator_id": "x"})
    records, skipped = read_jsonl(f)
    assert [r.text for r in records] == ["Two."] and skipped == 1


def test_bad_values_are_named(tmp_path):
    text = "A text."
    f = write_lines(tmp_path / "b.jsonl",
                    {"text": text, "coder": "", "spans": []},
                    {"text": text, "coder": "a", "meta": [], "spans": []},
                    {"text": text, "coder": "a", "status": "finished"},
                    {"text": text, "coder": "a", "spans": {"start": 0}},
                    {"text": text, "coder": "a", "spans": ["x"]},
                    {"text": text, "coder": "a", "spans": [{"start": 0, "end": 2, "label": " "}]},
                    {"text": text, "coder": "a", "doc_label": 3},
                    [1, 2],
                    {"text": text, "answer": "accept", "meta": "m"},
                    {"text": text, "label": "x"})
    with pytest.raises(InputError) as info:
        read_jsonl(f, default_coder="z")
    message = str(info.value)
    for fragment in ("line 1: 'coder' must be a name or null", "line 2: 'meta' must be an object",
                     "line 3: status 'finished' is not one of", "line 4: 'spans' must be a list",
                     "line 5: span 1 is not an object", "line 6: span 1: no label",
                     "line 7: 'doc_label' must be a string or null", "line 8: a line must be a JSON object",
                     "line 9: 'meta' must be an object", "line 10: 'label' must be a list"):
        assert fragment in message
    assert "(and" not in message


def test_more_than_ten_bad_lines_are_summed_up(tmp_path):
    f = write_lines(tmp_path / "many.jsonl", *[{"title": "no text"}] * 12)
    with pytest.raises(InputError, match=r"line 10: no 'text'.* \(and 2 more\)"):
        read_jsonl(f)


def test_batches_split_and_one_coders_lines_merge(tmp_path):
    from annotator.io.jsonl import JsonlReader

    text = "A text."
    f = write_lines(tmp_path / "m.jsonl", *[{"text": f"Doc {i}."} for i in range(5)],
                    {"text": text, "coder": "a", "spans": [{"start": 0, "end": 1, "label": "x"}]},
                    {"text": text, "coder": "a", "doc_label": "s", "spans": [{"start": 2, "end": 6, "label": "y"}]})
    batches = list(JsonlReader(f, batch_size=4).batches())
    assert [len(b) for b in batches] == [4, 2]
    merged = batches[-1][-1]
    assert merged.doc_label == "s" and [s.label for s in merged.spans] == ["x", "y"]
    f = write_lines(tmp_path / "c.jsonl", {"text": text, "coder": "a", "doc_label": "s"},
                    {"text": text, "coder": "a", "doc_label": "t"})
    with pytest.raises(InputError, match="line 2: a second stance 't' for this document and coder"):
        read_jsonl(f)


def test_errors_are_worded_in_full(tmp_path):
    f = write_lines(tmp_path / "e.jsonl", {"title": "no text"})
    with pytest.raises(InputError) as info:
        read_jsonl(f)
    assert str(info.value) == f"{f}: line 1: no 'text' (a non-empty string) (fix these lines; nothing from this file was imported)"
    blank = tmp_path / "b.jsonl"
    blank.write_bytes(b"\n")
    with pytest.raises(InputError) as info:
        read_jsonl(blank)
    assert str(info.value) == f"{blank}: the file holds no records"
    with pytest.raises(InputError) as info:
        read_jsonl(tmp_path)
    assert str(info.value) == f"{tmp_path}: cannot read the file: Is a directory"
    latin = tmp_path / "l.jsonl"
    latin.write_bytes(b'{"text": "ok"}\n{"text": "caf\xe9"}\n')
    with pytest.raises(InputError) as info:
        read_jsonl(latin)
    assert str(info.value) == f"{latin}:2: JSONL must be UTF-8 (re-save the file as UTF-8)"


def test_bytes_read_reaches_the_file_size(tmp_path):
    from annotator.io.jsonl import JsonlReader

    f = tmp_path / "bom.jsonl"
    f.write_bytes(b"\xef\xbb\xbf" + b"".join(orjson.dumps({"text": f"Doc {i}."}) + b"\n" for i in range(5)))
    reader = JsonlReader(f, batch_size=2)
    seen = []
    for _batch in reader.batches():
        seen.append(reader.bytes_read)
    assert seen[-1] == f.stat().st_size and seen == sorted(seen) and seen[0] < seen[-1]
    document = tmp_path / "array.json"
    document.write_bytes(orjson.dumps([{"text": "One."}, {"text": "Two."}], option=orjson.OPT_INDENT_2))
    reader = JsonlReader(document)
    assert [r.text for b in reader.batches() for r in b] == ["One.", "Two."]
    assert reader.bytes_read == document.stat().st_size


def test_json_documents_number_their_elements_and_refuse_a_cas(tmp_path):
    f = tmp_path / "array.json"
    f.write_bytes(b"\n  " + orjson.dumps([{"text": "One."}, {"title": "none"}], option=orjson.OPT_INDENT_2))
    with pytest.raises(InputError, match=r"array.json: line 2: no 'text'"):
        read_jsonl(f)
    obj = tmp_path / "one.json"
    obj.write_bytes(b"  \n" + orjson.dumps({"text": "Alone.", "id": 3}, option=orjson.OPT_INDENT_2))
    [record], _ = read_jsonl(obj)
    assert record.meta == {"source_id": 3} and record.source_line == 1
    cas = tmp_path / "cas.json"
    cas.write_bytes(orjson.dumps({"%FEATURE_STRUCTURES": []}, option=orjson.OPT_INDENT_2))
    with pytest.raises(InputError) as info:
        read_jsonl(cas)
    assert str(info.value) == f"{cas}: a UIMA CAS JSON file is not read as JSONL"


def test_a_batch_also_ends_at_a_number_of_spans(tmp_path, monkeypatch):
    from annotator.io.jsonl import JsonlReader

    monkeypatch.setattr(JsonlReader, "BATCH_SPANS", 5)
    spans = [{"start": 0, "end": 1, "label": "x"}, {"start": 1, "end": 2, "label": "x"}]
    f = write_lines(tmp_path / "s.jsonl", *[{"text": f"Doc {i}.", "coder": "a", "spans": spans} for i in range(7)])
    assert [len(b) for b in JsonlReader(f).batches()] == [3, 3, 1]  # 6 spans >= 5 ends a batch, 4 does not
    monkeypatch.setattr(JsonlReader, "BATCH_SPANS", 4)
    assert [len(b) for b in JsonlReader(f).batches()] == [2, 2, 2, 1]  # reaching the limit ends a batch


def test_the_default_coder_reaches_the_reader(tmp_path):
    from annotator.io.jsonl import JsonlReader

    f = write_lines(tmp_path / "d.jsonl", {"text": "A text.", "label": [[0, 1, "x"]]})
    [[record]] = list(JsonlReader(f, default_coder="carol").batches())
    assert record.coder == "carol"


def test_one_coders_lines_merge_notes_and_status(tmp_path):
    text = "A text."
    f = write_lines(tmp_path / "m.jsonl", {"text": "Another document."},
                    {"text": text, "coder": "a", "status": "in_progress", "spans": []},
                    {"text": text, "coder": "a", "note": "n", "spans": []},
                    {"text": text, "coder": "b", "spans": []},
                    {"text": text, "coder": "b", "status": "done", "spans": []})
    (_, merged, other), _ = read_jsonl(f)
    assert (merged.note, str(merged.status), merged.source_line) == ("n", "in_progress", 2)
    assert str(other.status) == "done"  # a later line's status wins
    assert other.text is merged.text  # one copy of a text that several coders' lines carry


def test_every_reader_keeps_the_line_number(tmp_path):
    text = "A text."
    f = write_lines(tmp_path / "n.jsonl", {"text": "First."},
                    {"text": text, "coder": "a", "spans": []},
                    {"text": text, "label": [[0, 1, "x"]], "user": "b"},
                    {"text": text, "answer": "accept", "_annotator_id": "c"},
                    {"data": {"text": text}, "annotations": [{"completed_by": 4, "result": []}]})
    records, _ = read_jsonl(f)
    assert [r.source_line for r in records] == [1, 2, 3, 4, 5]


def test_parse_object_counts_into_its_own_tally_when_given_none():
    from annotator.io.formats.common import ReadOptions
    from annotator.io.jsonl import parse_object

    [record] = parse_object({"text": "A text.", "label": [], "relations": [{"id": 1}]}, ReadOptions(coder="a"))
    assert record.coder == "a"


def test_trusted_offsets_are_counted_for_canonical_lines(tmp_path):
    from annotator.io.formats.common import ReadOptions
    from annotator.io.jsonl import JsonlReader

    f = write_lines(tmp_path / "t.jsonl", {"text": "Some text.", "coder": "a",
                                           "spans": [{"start": 0, "end": 4, "label": "x", "text": "Sone"}]})
    reader = JsonlReader(f, options=ReadOptions(trust_offsets=True))
    list(reader.batches())
    assert reader.tally.repaired == {"span text(s) re-derived from the offsets (--trust-offsets)": 1}


def test_a_jsonl_file_is_never_read_whole():
    """Only a file that is one JSON document is read whole; JSONL is read line by line (memory)."""
    from annotator.io import jsonl

    class Unread:
        def read(self):
            raise AssertionError("the rest of the file was read")

    for head in (b'{"text": "a"}\n{"text": "b"}\n', b'  {"text": "a"}\n', b'{"text": "a"}\n'):
        assert jsonl._whole_document(head, Unread()) is None
    assert jsonl._whole_document(b"plain text", Unread()) is None
