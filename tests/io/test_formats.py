"""One fixture per format (tests/io/data/formats, made by make_fixtures.py from each tool's documented
shape): the records each reader gives, what it counts as not imported, and its error lines."""

import importlib.util
from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.io.formats.common import ReadOptions
from annotator.io.reading import open_reading, plan_import

DATA = Path(__file__).parent / "data" / "formats"
_spec = importlib.util.spec_from_file_location("make_fixtures", DATA / "make_fixtures.py")
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)
TEXT, TEXT2 = fixtures.TEXT, fixtures.TEXT2
ALICE = [(fixtures.TEXT[s:e], label) for (s, e), label in fixtures.ALICE]
BOB = [(fixtures.TEXT[s:e], label) for (s, e), label in fixtures.BOB]


def read(relative, **options):
    """(records, tally descriptions, passed-by files) of a fixture file or folder."""
    planned, passed = plan_import([DATA / relative])
    records, tallies = [], []
    for item in planned:
        reading = open_reading(item, ReadOptions(**options))
        for batch in reading.batches():
            records += batch
        tallies += reading.tally.describe()
    return records, tallies, [(p.path.name, p.reason, p.harmless) for p in passed]


def quoted(record):
    """What a reader made of a record: every span's text as cut from the text by its offsets."""
    return [(record.text[s.start : s.end], s.label) for s in record.spans]


def test_doccano_data_key_and_label_lists(tmp_path):
    [alice], tally, _ = read("doccano/alice.jsonl", coder="alice")
    assert (alice.text, alice.coder, alice.doc_label, str(alice.status)) == (TEXT, "alice", None, "done")
    assert quoted(alice) == ALICE and alice.meta == {"source_id": 1}
    [bob], _, _ = read("doccano/bob.jsonl", coder="bob")
    assert quoted(bob) == BOB and tally == []


def test_doccano_relations_and_comments_are_counted_not_imported():
    [record], tally, _ = read("doccano/relations.jsonl", coder="alice")
    assert quoted(record) == ALICE
    assert tally == ["NOT imported: 1 doccano comment(s), 1 doccano relation(s)"]


def test_doccano_class_and_intent_labels_are_the_stance():
    [record], _, _ = read("doccano/textcat.jsonl")
    assert (record.coder, record.doc_label, record.spans) == ("bob", "pro-isolation", ())
    [record], _, _ = read("doccano/intent.jsonl", coder="carol")
    assert (record.coder, record.doc_label, quoted(record)) == ("carol", "ambivalent", BOB)


def test_a_pretty_printed_json_document_is_one_document():
    (first, second), _, _ = read("doccano/pretty.json", coder="carol")
    assert quoted(first) == ALICE and (second.text, second.doc_label) == (TEXT2, "pro-isolation")


def test_doccano_bad_lines_are_listed_and_nothing_is_read():
    with pytest.raises(InputError) as info:
        read("doccano/bad.jsonl", coder="carol")
    message = str(info.value)
    assert "line 2: span 1: end 999 is past the end of the text (38 characters)" in message
    assert "line 3: label 1 is neither [start, end, label]" in message and "line 1" not in message


def test_prodigy_db_out():
    records, tally, _ = read("prodigy/db-out.jsonl")
    by = {(r.coder, r.text): r for r in records}
    alice, bob = by[("stance-alice", TEXT)], by[("stance-bob", TEXT)]
    assert quoted(alice) == ALICE and alice.doc_label == "pro-isolation"  # ner and textcat lines, one record
    assert quoted(bob) == BOB and bob.doc_label is None  # a rejected textcat label is no stance
    teach = by[("stance-bob", TEXT2)]
    assert quoted(teach) == [("Санкции работают", "pro-isolation")] and teach.doc_label == "ambivalent"
    assert teach.meta == {"score": 0.71}
    nothing = by[("stance-alice", TEXT2)]  # accepted without spans: finished, no spans
    assert (nothing.spans, str(nothing.status)) == ((), "done")
    assert len(records) == 4
    assert tally == ["passed over: 1 Prodigy answer(s) 'ignore', 2 Prodigy answer(s) 'reject'"]


def test_prodigy_lines_without_answer_take_the_coder_given():
    with pytest.raises(InputError, match="need a 'coder'"):
        read("prodigy/no-answer.jsonl")
    [record], _, _ = read("prodigy/no-answer.jsonl", coder="bob")
    assert record.coder == "bob" and quoted(record) == BOB


def test_a_stale_span_text_fails_unless_offsets_are_trusted():
    with pytest.raises(InputError, match=r"line 2: span 1: its text 'Диалог с Москвой нужен' .*--trust-offsets"):
        read("prodigy/stale.jsonl")
    records, tally, _ = read("prodigy/stale.jsonl", trust_offsets=True)
    assert [quoted(r) for r in records] == [BOB, ALICE]
    assert tally == ["1 span text(s) re-derived from the offsets (--trust-offsets)"]


def test_label_studio_export_one_coder_per_completed_by():
    (one, two), tally, _ = read("labelstudio/export.json")
    assert (one.coder, one.doc_label, quoted(one)) == ("user-1", "pro-isolation", ALICE)
    assert (two.coder, two.doc_label, quoted(two)) == ("user-2", "ambivalent", BOB)
    assert one.meta == {"outlet": "Example", "source_id": 7}
    assert tally == ["NOT imported: 1 Label Studio prediction(s) (model output, not a coder's work), "
                     "1 Label Studio result(s) of type 'relation'",
                     "passed over: 1 Label Studio annotation(s) cancelled (skipped by the coder)"]


def test_label_studio_utf16_offsets_are_converted():
    [record], tally, _ = read("labelstudio/old-utf16.jsonl")
    assert record.coder == "carol@example.org" and quoted(record) == ALICE[:2]
    assert tally == ["2 span(s) with UTF-16 offsets (Label Studio before 1.5) converted"]


def test_brat_folder_pairs_notes_attributes_stance_and_what_is_left_out():
    (alice, bob), tally, passed = read("brat")
    assert (alice.coder, alice.doc_label, quoted(alice)) == ("alice", "pro-isolation", ALICE)
    assert [(s.note, s.unsure) for s in alice.spans] == [("quoted ambassador", False), (None, False), (None, True)]
    assert bob.coder == "bob" and quoted(bob) == [BOB[0], ("Critics", "pro-isolation"), BOB[1]]
    assert "NOT imported: 1 brat attribute(s) 'Negated', 1 brat normalisation(s), 1 brat relation(s), " \
           "1 discontinuous brat annotation(s) imported as separate spans (their link is lost)" in tally
    assert passed == [("annotation.conf", "a configuration file (brat's), not data", True),
                      ("notes.docx", "not a format annotator reads (.docx)", False)]


def test_brat_ann_alone_is_passed_by_with_its_reason():
    planned, passed = plan_import([DATA / "brat" / "bob" / "doc1.ann"])
    assert planned == [] and passed[0].reason.startswith("a brat .ann file needs its .txt") and not passed[0].harmless


def test_inception_tsv_per_annotator_files():
    (alice, bob, cas), tally, _ = read("inception")
    tsv_text = f"{fixtures.S1}\n{fixtures.S2}\n"  # rebuilt from the #Text lines as INCEpTION does
    assert (alice.text, alice.coder, quoted(alice)) == (tsv_text, "alice", ALICE)
    assert (bob.coder, quoted(bob)) == ("bob", BOB)
    assert {s.holder for s in alice.spans} == {"author"}
    assert (cas.text, cas.coder, cas.doc_label, quoted(cas)) == (TEXT, "alice", "pro-isolation", ALICE)
    assert "NOT imported: 5 POS annotation(s) (linguistic layer)" in tally
    assert "NOT imported: 1 POS annotation(s) (linguistic layer), 1 Relation relation(s)" in tally


def test_stance_columns_of_a_csv():
    records, _, _ = read("csv/semeval.csv", text_column="Tweet", stance_column="Stance", coder="semeval")
    assert [(r.coder, r.doc_label) for r in records] == [("semeval", "AGAINST"), ("semeval", "FAVOR"), ("semeval", "NONE")]
    assert records[0].text == TEXT and records[0].meta["Target"] == "Belarus"
    with pytest.raises(InputError, match="--stance-column needs --coder"):
        read("csv/semeval.csv", text_column="Tweet", stance_column="Stance")


def test_a_tsv_saved_as_txt_is_a_table():
    records, _, _ = read("csv/semeval.txt", stance_column="stance", coder="semeval")
    assert [(r.text, r.doc_label) for r in records][:2] == [(TEXT, "AGAINST"), (TEXT2, "FAVOR")]
