"""The command line as a researcher uses it: import, export, stats, handout, merge, adjudicate, errors."""

import shutil
import sqlite3
import subprocess
import sys

import orjson
import pytest

from annotator.cli import main
from annotator.store.schema import SCHEMA_VERSION

DEMO_CORPUS = __import__("pathlib").Path(__file__).resolve().parents[2] / "resources" / "demo"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def lines(path):
    return [orjson.loads(x) for x in path.read_bytes().splitlines()]


def test_import_demo_corpus_then_reimport_is_skipped(capsys, tmp_path):
    project = tmp_path / "study.annotator"
    code, out, _ = run(capsys, "import", project, DEMO_CORPUS)
    assert code == 0 and out.count("1 new document(s)") == 3
    code, out, _ = run(capsys, "import", project, DEMO_CORPUS)
    assert code == 0 and out.count("0 new document(s); 1 already present (skipped)") == 3
    code, out, _ = run(capsys, "stats", project)
    assert code == 0 and "documents: 3" in out


def test_bad_file_is_reported_and_the_others_import(capsys, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("A good article about Minsk.", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "bad.jsonl").write_text('{"text": "ok"}\n{"text": \n', encoding="utf-8")
    project = tmp_path / "p.annotator"
    code, out, err = run(capsys, "import", project, folder)
    assert code == 1
    assert "good.txt: 1 new document(s)" in out
    assert "empty.txt: the file is empty" in err and "bad.jsonl: line 2: not valid JSON" in err
    assert "2 of 3 files failed; the other file was imported" in err
    with sqlite3.connect(project) as conn:  # bad.jsonl's good first line was not imported
        assert conn.execute("SELECT COUNT(*) FROM document").fetchone()[0] == 1


def test_annotations_in_formats_out_and_byte_identical_round_trip(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = "Talks work.\r\nSanctions work 👍."
    doccano = tmp_path / "d.jsonl"
    doccano.write_bytes(orjson.dumps({"text": text, "label": [[0, 10, "pro-engagement"], [13, 27, "sarcasm"]]}) + b"\n")
    project = tmp_path / "a.annotator"
    code, _, err = run(capsys, "import", project, doccano)
    assert code == 1 and "no coder" in err and "--coder" in err
    code, _, err = run(capsys, "import", project, doccano, "--coder", "alice")
    assert code == 1 and "labels not in the codebook: sarcasm" in err and "--add-labels" in err
    code, out, _ = run(capsys, "import", project, doccano, "--coder", "alice", "--add-labels")
    assert code == 0 and "sarcasm" in out
    code, out, _ = run(capsys, "export", project)
    assert code == 0 and (tmp_path / "exports" / "a.jsonl").exists()
    [line] = lines(tmp_path / "exports" / "a.jsonl")
    assert [line["text"][s["start"] : s["end"]] for s in line["spans"]] == ["Talks work", "Sanctions work"]
    assert line["status"] == "done"
    other = tmp_path / "b.annotator"
    assert run(capsys, "import", other, tmp_path / "exports" / "a.jsonl", "--add-labels")[0] == 0
    assert run(capsys, "export", other, "-o", tmp_path / "b.jsonl")[0] == 0
    assert (tmp_path / "b.jsonl").read_bytes() == (tmp_path / "exports" / "a.jsonl").read_bytes()
    for fmt in ("doccano", "prodigy", "csv"):
        assert run(capsys, "export", project, "--format", fmt, "-o", tmp_path / f"x.{fmt}")[0] == 0
    code, _, err = run(capsys, "export", project, "--coder", "zed")
    assert code == 1 and "no coder called zed" in err and "alice" in err


def test_project_errors_are_one_clear_line(capsys, tmp_path):
    project = tmp_path / "p.annotator"
    assert run(capsys, "import", project, DEMO_CORPUS / "000_930e5b2224e201f2.txt")[0] == 0
    with sqlite3.connect(project) as conn:
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    code, _, err = run(capsys, "export", project)
    assert code == 1 and "newer version of annotator" in err and err.count("\n") == 1
    code, _, err = run(capsys, "stats", tmp_path / "missing.annotator")
    assert code == 1 and "no such project file" in err


def test_handout_merge_adjudicate_and_gold_dataset(capsys, tmp_path):
    pi = tmp_path / "pi.annotator"
    assert run(capsys, "import", pi, DEMO_CORPUS)[0] == 0
    for coder in ("alice", "bob"):
        assert run(capsys, "handout", pi, "--coder", coder, "-o", tmp_path / f"{coder}.annotator")[0] == 0
        export = tmp_path / f"{coder}.jsonl"
        assert run(capsys, "export", tmp_path / f"{coder}.annotator", "-o", export)[0] == 0
        first = lines(export)[0]
        start = first["text"].index("Lukashenko")
        coded = {**first, "coder": coder, "status": "done", "doc_label": "pro-isolation",
                 "spans": [{"start": start, "end": start + 10, "label": "pro-isolation", "text": "Lukashenko"}]}
        export.write_bytes(orjson.dumps(coded) + b"\n")
        assert run(capsys, "import", tmp_path / f"{coder}.annotator", export)[0] == 0
    code, out, _ = run(capsys, "merge", pi, tmp_path / "alice.annotator", tmp_path / "bob.annotator", "--dry-run")
    assert code == 0 and "would change" in out and "2 span(s) added" in out
    code, out, _ = run(capsys, "merge", pi, tmp_path / "alice.annotator", tmp_path / "bob.annotator")
    assert code == 0 and "backup" in out
    code, out, _ = run(capsys, "adjudicate", pi, "--auto")
    assert code == 0 and "1 span(s) accepted and 1 stance(s) set" in out
    code, out, _ = run(capsys, "export", pi, "--gold", "--split", "100/0/0", "-o", tmp_path / "ds")
    assert code == 0 and "train 1" in out
    [gold] = lines(tmp_path / "ds" / "train.jsonl")
    assert gold["coder"] == "gold" and gold["spans"][0]["provenance"] == "unanimous"
    assert "Inter-coder agreement" in (tmp_path / "ds" / "README.md").read_text()


@pytest.mark.parametrize("command", ["import", "export", "stats", "handout", "merge", "adjudicate", "agreement"])
def test_every_command_has_help(capsys, command):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0 and "usage: annotator" in capsys.readouterr().out


def test_installed_entry_point_reports_errors_without_traceback(tmp_path):
    exe = shutil.which("annotator", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert exe, "the annotator console script is installed with the project"
    result = subprocess.run([exe, "export", str(tmp_path / "nope.annotator")], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.startswith("annotator: error:") and "Traceback" not in result.stderr


def test_a_bad_line_after_many_batches_imports_nothing(capsys, tmp_path, monkeypatch):
    from annotator.io.jsonl import JsonlReader

    monkeypatch.setattr(JsonlReader, "BATCH_SIZE", 2)  # every two lines are written before the bad one is read
    good = [{"text": f"Article number {i}.", "coder": "alice", "status": "done",
             "spans": [{"start": 0, "end": 7, "label": "pro-engagement"}]} for i in range(7)]
    path = tmp_path / "big.jsonl"
    path.write_bytes(b"".join(orjson.dumps(o) + b"\n" for o in good) + b'{"text": "x", "coder": "alice", "spans": 3}\n')
    project = tmp_path / "p.annotator"
    code, _, err = run(capsys, "import", project, path)
    assert code == 1 and "line 8: 'spans' must be a list" in err
    assert not project.exists()  # the project this failed first import would have created is not left behind
    first = tmp_path / "first.txt"
    first.write_text("An article that was there before.", encoding="utf-8")
    assert run(capsys, "import", project, first)[0] == 0
    code, _, err = run(capsys, "import", project, path)
    assert code == 1 and "line 8: 'spans' must be a list" in err
    with sqlite3.connect(project) as conn:  # the six lines read before the bad one were rolled back
        assert conn.execute("SELECT COUNT(*) FROM document").fetchone()[0] == 1
        assert conn.execute("SELECT COUNT(*) FROM span").fetchone()[0] == 0
    path.write_bytes(b"".join(orjson.dumps(o) + b"\n" for o in good))
    code, out, _ = run(capsys, "import", project, path)
    assert code == 0 and "7 new document(s)" in out and "7 span(s) added" in out
