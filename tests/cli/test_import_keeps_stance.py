"""A file that does not state a stance (or a note) leaves the coder's stored one as it is; only a
file that says it sets or clears it. Found by a newcomer: a doccano line of spans without `cats`
wiped alice's stance ("1 document annotation(s) set"), and a merge carried the null on."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from annotator.cli import main

DATA = Path(__file__).parent.parent / "io" / "data" / "formats"
TEXT = "Посол ЕС 🇪🇺 сказал: «Диалог с Минском нужен». Critics 😠 said sanctions must stay."


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def lines_of(capsys, project, tmp_path):
    out = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "export", project, "-o", out)
    assert code == 0, err
    return [orjson.loads(x) for x in out.read_bytes().splitlines()]


def work(capsys, project, tmp_path):
    """(coder, doc_id) -> (stance, note, status, number of spans)."""
    return {(x["coder"], x["doc_id"]): (x["doc_label"], x["note"], x["status"], len(x["spans"]))
            for x in lines_of(capsys, project, tmp_path) if x["coder"]}


def give_stances(capsys, project, tmp_path):
    """Every coder's document given the stance 'ambivalent' and a note, by a canonical line that says so."""
    lines = [{"format": "annotator/1", "text": x["text"], "coder": x["coder"], "doc_label": "ambivalent",
              "note": "keep me", "status": "in_progress"}
             for x in lines_of(capsys, project, tmp_path) if x["coder"]]
    stances = tmp_path / "stances.jsonl"
    stances.write_bytes(b"".join(orjson.dumps(x) + b"\n" for x in lines))
    code, _, err = run(capsys, "import", project, stances, "--add-labels")
    assert code == 0, err


def _labelstudio_without_choices(tmp_path: Path) -> Path:
    tasks = orjson.loads((DATA / "labelstudio" / "export.json").read_bytes())
    for task in tasks:
        for annotation in task.get("annotations", []):
            annotation["result"] = [r for r in annotation["result"] if r.get("type") == "labels"]
        task.pop("predictions", None)
    path = tmp_path / "ls.json"
    path.write_bytes(orjson.dumps(tasks))
    return path


def _cas_without_document_label(tmp_path: Path) -> Path:
    cas = orjson.loads((DATA / "inception" / "cas" / "alice.json").read_bytes())
    cas["%FEATURE_STRUCTURES"] = [fs for fs in cas["%FEATURE_STRUCTURES"] if fs.get("%TYPE") != "webanno.custom.DocStance"]
    path = tmp_path / "alice.json"
    path.write_bytes(orjson.dumps(cas))
    return path


def _brat_without_stance(tmp_path: Path) -> Path:
    folder = tmp_path / "brat" / "alice"
    folder.mkdir(parents=True)
    shutil.copy(DATA / "brat" / "alice" / "doc1.txt", folder)
    ann = (DATA / "brat" / "alice" / "doc1.ann").read_text(encoding="utf-8").splitlines()
    (folder / "doc1.ann").write_text("".join(x + "\n" for x in ann if not x.startswith(("T4", "A2"))), encoding="utf-8")
    return folder


def _prodigy_ner(tmp_path: Path) -> Path:
    path = tmp_path / "ner.jsonl"
    line = {"text": TEXT, "spans": [{"start": 61, "end": 80, "label": "pro-isolation"}], "answer": "accept",
            "_annotator_id": "alice", "_view_id": "ner_manual"}
    path.write_bytes(orjson.dumps(line) + b"\n")
    return path


def _canonical_without_stance(tmp_path: Path) -> Path:
    path = tmp_path / "spans.jsonl"
    line = {"format": "annotator/1", "text": TEXT, "coder": "alice", "status": "done",
            "spans": [{"start": 61, "end": 80, "label": "pro-isolation"}]}
    path.write_bytes(orjson.dumps(line) + b"\n")
    return path


FILES = {
    "doccano spans, no cats": lambda tmp: [DATA / "doccano" / "alice.jsonl", "--coder", "alice"],
    "doccano labels and comments": lambda tmp: [DATA / "doccano" / "bob.jsonl", "--coder", "alice"],
    "prodigy ner": lambda tmp: [_prodigy_ner(tmp)],
    "label studio, no choices": lambda tmp: [_labelstudio_without_choices(tmp)],
    "brat, no Stance entity": lambda tmp: [_brat_without_stance(tmp)],
    "webanno tsv": lambda tmp: [DATA / "inception" / "annotation" / "doc1.txt" / "alice.tsv"],
    "uima cas, no document label": lambda tmp: [_cas_without_document_label(tmp)],
    "canonical, no doc_label or note": lambda tmp: [_canonical_without_stance(tmp)],
}


@pytest.mark.parametrize("kind", FILES)
def test_a_file_without_a_stance_keeps_the_stored_stance_and_note(capsys, tmp_path, kind):
    project = tmp_path / "s.annotator"
    source = FILES[kind](tmp_path)
    code, _, err = run(capsys, "import", project, *source, "--add-labels")
    assert code in (0, 1), err  # some fixtures hold relations, counted as not imported (exit 1)
    give_stances(capsys, project, tmp_path)
    before = work(capsys, project, tmp_path)
    assert before and all(stance == "ambivalent" and note == "keep me" for stance, note, _, _ in before.values())
    run(capsys, "import", project, *source, "--add-labels")
    after = work(capsys, project, tmp_path)
    assert {k: v[:2] for k, v in after.items()} == {k: v[:2] for k, v in before.items()}
    assert all(spans > 0 for _, _, _, spans in after.values())


@pytest.mark.parametrize("line", [
    {"text": TEXT, "entities": [[61, 80, "pro-isolation"]], "cats": [], "user": "alice"},  # doccano
    {"text": TEXT, "spans": [], "accept": [], "answer": "accept", "_annotator_id": "alice"},  # Prodigy choice
    {"format": "annotator/1", "text": TEXT, "coder": "alice", "doc_label": None, "note": None},  # ours
])
def test_a_file_that_says_no_stance_clears_it(capsys, tmp_path, line):
    project = tmp_path / "s.annotator"
    path = tmp_path / "in.jsonl"
    path.write_bytes(orjson.dumps({"format": "annotator/1", "text": TEXT, "coder": "alice", "doc_label": "ambivalent",
                                   "note": "keep me"}) + b"\n")
    assert run(capsys, "import", project, path, "--add-labels")[0] == 0
    path.write_bytes(orjson.dumps(line) + b"\n")
    code, out, err = run(capsys, "import", project, path, "--add-labels")
    assert code == 0, err
    assert "1 document annotation(s) set" in out
    [(stance, note, _, _)] = work(capsys, project, tmp_path).values()
    assert stance is None
    assert note == (None if "note" in line else "keep me")


def test_a_merge_of_a_span_import_carries_the_stance_on(capsys, tmp_path):
    """The newcomer's steps: alice imports a doccano span file into her hand-out; the PI merges it."""
    study = tmp_path / "study.annotator"
    stance_line = {"format": "annotator/1", "text": TEXT, "coder": "alice", "doc_label": "ambivalent", "status": "done"}
    (tmp_path / "in.jsonl").write_bytes(orjson.dumps(stance_line) + b"\n")
    assert run(capsys, "import", study, tmp_path / "in.jsonl", "--add-labels")[0] == 0
    alice = tmp_path / "alice.annotator"
    assert run(capsys, "handout", study, "--coder", "alice", "-o", alice)[0] == 0
    (tmp_path / "alice2.jsonl").write_bytes(orjson.dumps({"text": TEXT, "label": [[61, 80, "pro-isolation"]]}) + b"\n")
    code, out, err = run(capsys, "import", alice, tmp_path / "alice2.jsonl", "--coder", "alice", "--add-labels")
    assert code == 0, err
    assert "1 span(s) added" in out
    code, _, err = run(capsys, "merge", study, alice, "--add-labels")
    assert code == 0, err
    [(stance, _, status, spans)] = work(capsys, study, tmp_path).values()
    assert (stance, status, spans) == ("ambivalent", "done", 1)


def test_a_merge_source_that_does_not_give_the_stance_is_no_conflict(capsys, tmp_path):
    study = tmp_path / "study.annotator"
    stance_line = {"format": "annotator/1", "text": TEXT, "coder": "alice", "doc_label": "ambivalent", "status": "done"}
    (tmp_path / "a.jsonl").write_bytes(orjson.dumps(stance_line) + b"\n")
    assert run(capsys, "import", study, tmp_path / "a.jsonl", "--add-labels")[0] == 0
    spans_only = {"format": "annotator/1", "text": TEXT, "coder": "alice", "status": "done",
                  "spans": [{"start": 61, "end": 80, "label": "pro-isolation"}]}
    (tmp_path / "b.jsonl").write_bytes(orjson.dumps(spans_only) + b"\n")
    code, out, err = run(capsys, "merge", study, tmp_path / "a.jsonl", tmp_path / "b.jsonl", "--add-labels")
    assert code == 0, err
    assert "differ" not in out + err
    [(stance, _, _, spans)] = work(capsys, study, tmp_path).values()
    assert (stance, spans) == ("ambivalent", 1)


def test_auto_accept_keeps_golds_note_when_it_sets_the_agreed_stance(tmp_path):
    from annotator.core.types import GOLD_CODER
    from annotator.operations.adjudication import auto_accept
    from annotator.store.annotations import get_annotation, set_annotation
    from tests.coded import code, new_project

    db, [doc] = new_project(tmp_path / "s.annotator", [("t", TEXT)])
    try:
        for coder in ("alice", "bob"):
            code(db, doc, coder, stance="ambivalent", spans=[(61, 80, "pro-isolation")])
        with db.transaction() as tx:
            set_annotation(tx, doc, GOLD_CODER, note="ask the PI about the quote")
        result = auto_accept(db)
        with db.read() as tx:
            gold = get_annotation(tx, doc, GOLD_CODER)
    finally:
        db.close()
    assert (result.stances_set, result.spans_added, gold.stance) == (1, 1, "ambivalent")
    assert gold.note == "ask the PI about the quote"
