"""`annotator import` and `annotator agreement` on other tools' files, as a researcher runs them."""

from __future__ import annotations

from pathlib import Path

import orjson

from annotator.cli import main

DATA = Path(__file__).parent.parent / "io" / "data" / "formats"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def exported(capsys, project, tmp_path):
    code, _, _ = run(capsys, "export", project, "-o", tmp_path / "out.jsonl")
    assert code == 0
    return [orjson.loads(x) for x in (tmp_path / "out.jsonl").read_bytes().splitlines()]


def test_brat_folder_lists_what_it_passes_by_and_fails_for_what_it_could_not_import(capsys, tmp_path):
    project = tmp_path / "s.annotator"
    code, out, err = run(capsys, "import", project, DATA / "brat", "--add-labels")
    assert code == 1
    assert "annotation.conf: passed by: a configuration file (brat's), not data" in out
    assert "notes.docx: passed by: not a format annotator reads (.docx)" in err
    assert "with doc1.ann" in out and "1 brat relation(s)" in out
    assert "1 file(s) in the folders were not imported" in err and "1 file(s) held annotations that were not imported" in err
    lines = exported(capsys, project, tmp_path)
    assert sorted((x["coder"], len(x["spans"]), x["doc_label"]) for x in lines) == [("alice", 3, "pro-isolation"),
                                                                                   ("bob", 3, None)]


def test_a_complete_import_exits_zero_and_reports_passed_over_answers(capsys, tmp_path):
    project = tmp_path / "s.annotator"
    code, out, err = run(capsys, "import", project, DATA / "prodigy" / "db-out.jsonl")
    assert code == 0, err
    assert "passed over: 1 Prodigy answer(s) 'ignore', 2 Prodigy answer(s) 'reject'" in out
    stances = {(x["coder"], x["doc_label"]) for x in exported(capsys, project, tmp_path) if x["doc_label"]}
    assert stances == {("stance-alice", "pro-isolation"), ("stance-bob", "ambivalent")}


def test_doccano_labels_key_and_coder_option(capsys, tmp_path):
    project = tmp_path / "s.annotator"
    code, out, _ = run(capsys, "import", project, DATA / "doccano" / "bob.jsonl", "--coder", "bob")
    assert code == 0 and "2 span(s) added" in out


def test_csv_stance_column_with_coder(capsys, tmp_path):
    project = tmp_path / "s.annotator"
    code, _, err = run(capsys, "import", project, DATA / "csv" / "semeval.csv", "--text-column", "Tweet",
                       "--stance-column", "Stance", "--coder", "semeval", "--add-labels")
    assert code == 0, err
    assert sorted(x["doc_label"] for x in exported(capsys, project, tmp_path)) == ["AGAINST", "FAVOR", "NONE"]


def test_trust_offsets_lets_a_stale_span_text_through_with_a_count(capsys, tmp_path):
    project = tmp_path / "s.annotator"
    code, _, err = run(capsys, "import", project, DATA / "prodigy" / "stale.jsonl")
    assert code == 1 and "--trust-offsets" in err
    code, out, _ = run(capsys, "import", project, DATA / "prodigy" / "stale.jsonl", "--trust-offsets")
    assert code == 0 and "1 span text(s) re-derived from the offsets" in out


def test_agreement_on_inception_per_annotator_tsv_files(capsys):
    code, out, _ = run(capsys, "agreement", DATA / "inception" / "annotation" / "doc1.txt", "--json")
    report = orjson.loads(out)
    assert code == 0 and report["coders"] == ["alice", "bob"]
    # alice: 3 spans, bob: 2; no span with the same offsets and label, 2 same-label overlaps:
    # overlap precision 2/3, recall 2/2, F1 = 0.8
    assert report["spans"]["f1_exact"] == 0.0 and abs(report["spans"]["f1_overlap"] - 0.8) < 1e-12


def test_agreement_on_label_studio_multi_annotator_export(capsys):
    code, out, _ = run(capsys, "agreement", DATA / "labelstudio" / "export.json", "--json")
    report = orjson.loads(out)
    assert code == 0 and report["coders"] == ["user-1", "user-2"]
    assert report["documents"]["n_units"] == 1 and report["documents"]["percent_agreement"] == 0.0


def test_agreement_honours_coder_for_files_that_name_none(capsys, tmp_path):
    code, _, err = run(capsys, "agreement", DATA / "doccano" / "alice.jsonl")
    assert code == 1 and "--coder" in err
    code, out, _ = run(capsys, "agreement", DATA / "doccano" / "alice.jsonl", "--coder", "alice", "--json")
    assert code == 0 and orjson.loads(out)["coders"] == ["alice"]
