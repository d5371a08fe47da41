"""The command line under real faults (issue 15): a full disk, a read-only folder or mount, a damaged
file, a lock held by another writer, pipes and devices among the inputs. Each ends in a clear error
(or works, read-only), never a traceback, and loses nothing."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from annotator.operations.adjudication import auto_accept
from annotator.store._rows import run as sql
from annotator.store.database import Database
from tests.coded import code, new_project
from tests.faults import Run, cli, cli_many, cli_read_only, count, damage, integrity, leftovers

ISO, ENG = "pro-isolation", "pro-engagement"
BIG = "Maximum pressure has not worked, one EU diplomat said. " * 200  # ~11 KB per article
TEXTS = [("one", "Sanctions must stay in place, said Kallas. Talks failed before. " + BIG),
         ("two", "Кто-то 👍 said: engage with Minsk, or lose the prisoners. " + BIG),
         ("three", "Neither talks nor sanctions alone will do; the EU is split. " + BIG)]


@pytest.fixture
def study(tmp_path: Path) -> Path:
    """A PI's project: three documents coded by alice and bob, auto-adjudicated into gold."""
    folder = tmp_path / "work"
    folder.mkdir()
    db, ids = new_project(folder / "study.annotator", TEXTS)
    for coder in ("alice", "bob"):
        code(db, ids[0], coder, stance=ISO, spans=[(0, 9, ISO)])
        code(db, ids[1], coder, stance=ENG, spans=[(16, 22, ENG)])
    auto_accept(db)
    db.close()
    return folder / "study.annotator"


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(10):
        (folder / f"{i:02d}.txt").write_text(f"Article {i}. {BIG}", encoding="utf-8")
    return folder


def _limit(project: Path) -> int:
    """A file size limit just above the project's: the next pages written find the disk full."""
    return project.stat().st_size + 4096 * 4


# --- a full disk (RLIMIT_FSIZE: no file may grow past the limit) ------------------------------------

def test_a_full_disk_stops_a_folder_import_and_says_which_files_were_done(study, articles):
    before = count(study, "document")
    run = cli("import", study, articles, file_size_limit=_limit(study))
    assert run.code == 1 and run.calm
    assert "the import stopped at" in run.err and "imported before it (" in run.err and "not tried (" in run.err
    assert ("the disk is full" in run.err or "cannot be written" in run.err)
    done = run.err.split("imported before it (")[1].split(")")[0]
    assert count(study, "document") == before + int(done)  # exactly the files it says were done
    assert integrity(study) == "ok" and leftovers(study.parent) == []
    again = cli("import", study, articles)  # once there is room, the same command finishes the work
    assert again.code == 0 and count(study, "document") == before + 10


def test_a_full_disk_during_merge_handout_export_and_new_project_leaves_nothing_half_written(
        study, articles, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    alice = tmp_path / "alice.annotator"
    assert cli_many([["handout", study, "--coder", "alice", "-o", alice], ["import", alice, articles]])[1].code == 0
    shutil.copy(study, out / "copy.annotator")
    spans_before = count(study, "span")
    merge, handout, export, dataset, new = cli_many([
        ["merge", out / "copy.annotator", alice, study],
        ["handout", study, "--coder", "bob", "-o", out / "bob.annotator"],
        ["export", study, "-o", out / "all.jsonl"],
        ["export", study, "--gold", "--split", "50/25/25", "-o", out / "dataset"],
        ["import", out / "new.annotator", study.parent],
    ], cwd=tmp_path, file_size_limit=8000)  # smaller than any of them will be
    for run in (merge, handout, export, dataset):
        assert run.clear, run.err
    assert new.code == 1 and new.calm, new.err
    assert count(out / "copy.annotator", "span") == spans_before and integrity(out / "copy.annotator") == "ok"
    assert count(out / "copy.annotator", "document") == 3  # the merge added none of alice's new articles
    assert [p.name for p in out.iterdir() if not p.name.startswith("copy.annotator")] == []  # nothing else


# --- a read-only folder or mount -------------------------------------------------------------------

def test_a_project_in_a_read_only_folder_opens_read_only_and_says_so(study, articles, tmp_path):
    out = tmp_path / "out"
    out.mkdir()  # an output folder that does not exist is refused
    stats, export, agreement, imported = cli_read_only(study.parent, [
        ["stats", study],
        ["export", study, "-o", out / "all.jsonl"],
        ["agreement", study, "--json"],
        ["import", study, articles],
    ], cwd=tmp_path)
    assert stats.code == 0 and "documents: 3" in stats.out and "read-only" in stats.err and stats.calm
    assert export.code == 0 and len((out / "all.jsonl").read_bytes().splitlines()) == 7  # 2 coders x 3 + gold x 2 - 0
    assert agreement.code == 0 and '"coders"' in agreement.out
    assert imported.clear and "read-only" in imported.err
    assert sorted(p.name for p in study.parent.iterdir()) == ["study.annotator"]  # nothing written beside it


def test_a_read_only_copy_taken_while_the_project_was_open_is_read_whole(study, tmp_path):
    """A copy with a pending WAL (taken while a window had the project open) in a read-only folder:
    SQLite cannot open it in place, so it is read from a private copy, the WAL's work included."""
    shared = tmp_path / "shared"
    shared.mkdir()
    db = Database.open(study)
    holder = sqlite3.connect(study)  # keeps the WAL from being folded into the file on close
    holder.execute("PRAGMA wal_autocheckpoint=0")
    with db.transaction() as tx:
        sql(tx, "INSERT INTO coder (name, created_at) VALUES ('late', '2026-01-01')")
    for name in ("study.annotator", "study.annotator-wal"):
        shutil.copy(study.parent / name, shared / name)
    holder.close()
    db.close()
    (stats,) = cli_read_only(shared, [["stats", shared / "study.annotator"]], cwd=tmp_path)
    assert stats.code == 0 and "coders:    4" in stats.out and stats.calm


# --- a damaged file --------------------------------------------------------------------------------

def test_a_damaged_project_is_named_damaged_with_its_newest_backup_and_recover(study, tmp_path, capsys):
    from annotator.cli import main

    backup = study.with_name("study.annotator.before-merge-20260101T000000.bak")
    shutil.copy(study, backup)
    damage(study)
    for argv in (["stats", study], ["export", study, "-o", tmp_path / "x.jsonl"], ["import", study, tmp_path],
                 ["merge", study, backup], ["agreement", study]):
        code = main([str(a) for a in argv])
        err = capsys.readouterr().err
        assert code == 1 and "Traceback" not in err, (argv, err)
        assert "damaged" in err and str(backup) in err and ".recover" in err, (argv, err)


# --- a lock held by another writer -----------------------------------------------------------------

def test_a_lock_held_too_long_is_the_project_is_busy_never_sql(study, articles, tmp_path, capsys, monkeypatch):
    from annotator.cli import main

    monkeypatch.setattr("annotator.store.database.BUSY_TIMEOUT_MS", 50)  # the real wait is 10 s
    other = sqlite3.connect(study, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the project
    try:
        for argv in (["import", study, articles / "00.txt"], ["merge", study, study],
                     ["adjudicate", study, "--auto"]):
            code = main([str(a) for a in argv])
            err = capsys.readouterr().err
            assert code == 1 and "the project is busy" in err and "try again" in err, (argv, err)
            assert "locked" not in err and "SQL" not in err and "Traceback" not in err
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert count(study, "document") == 3


# --- pipes, devices and sizes among the inputs -----------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_pipes_and_devices_are_never_read_and_a_size_limit_can_be_raised(tmp_path, articles, capsys):
    from annotator.cli import main

    project = tmp_path / "p.annotator"
    os.mkfifo(tmp_path / "pipe.jsonl")
    os.mkfifo(articles / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    for given in (tmp_path / "pipe.jsonl", tmp_path / "zero.txt"):  # each would block or read for ever
        assert main(["import", str(project), str(given)]) == 1
        assert "not a regular file" in capsys.readouterr().err
    assert main(["import", str(project), str(articles)]) == 1  # the pipe in the folder is passed by, said
    out, err = capsys.readouterr()
    assert out.count("1 new document(s)") == 10 and "pipe.txt: passed by: not a regular file" in err
    big = tmp_path / "big.txt"
    big.write_text(BIG * 200, encoding="utf-8")  # ~2 MB
    assert main(["import", str(project), str(big), "--max-file-size", "1"]) == 1
    assert "more than the import limit of 1 MB" in capsys.readouterr().err
    assert main(["import", str(project), str(big), "--max-file-size", "3"]) == 0


# --- the small ones --------------------------------------------------------------------------------

def test_one_failed_file_is_not_called_one_of_others(tmp_path, capsys):
    from annotator.cli import main

    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["import", str(tmp_path / "p.annotator"), str(tmp_path / "empty.txt")]) == 1
    err = capsys.readouterr().err
    assert "the file failed: nothing from it was imported" in err and "the others" not in err


def test_a_merge_into_a_mistyped_target_is_an_error_unless_create(study, tmp_path, capsys):
    from annotator.cli import main

    typo = tmp_path / "studdy.annotator"
    assert main(["merge", str(typo), str(study)]) == 1
    assert "no such project to merge into" in capsys.readouterr().err and not typo.exists()
    assert main(["merge", str(typo), str(study), "--create"]) == 0
    assert count(typo, "span") == count(study, "span")


def test_a_merge_that_changes_nothing_writes_no_backup(study, tmp_path, capsys):
    from annotator.cli import main

    alice = tmp_path / "alice.annotator"
    assert main(["handout", str(study), "--coder", "alice", "-o", str(alice)]) == 0
    assert main(["merge", str(study), str(alice)]) == 0
    out = capsys.readouterr().out
    assert "nothing to merge" in out and "no backup was made" in out
    assert list(study.parent.glob("*.bak")) == []


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_exports_and_reports_follow_the_users_umask(study, tmp_path, capsys):
    from annotator.cli import main

    old = os.umask(0o002)  # a lab's group folder
    try:
        assert main(["export", str(study), "-o", str(tmp_path / "all.jsonl")]) == 0
        assert main(["export", str(study), "--format", "brat", "-o", str(tmp_path / "brat")]) == 0
        assert main(["export", str(study), "--gold", "-o", str(tmp_path / "dataset")]) == 0
        assert main(["agreement", str(study), "--html", str(tmp_path / "report.html")]) == 0
    finally:
        os.umask(old)
    capsys.readouterr()
    assert _mode(tmp_path / "all.jsonl") == 0o664 and _mode(tmp_path / "report.html") == 0o664
    assert _mode(tmp_path / "dataset") == 0o775 and _mode(tmp_path / "dataset" / "train.jsonl") == 0o664
    assert _mode(tmp_path / "brat") == 0o775


def test_agreement_html_writes_the_report_and_prints_only_where(study, tmp_path, capsys):
    from annotator.cli import main

    assert main(["agreement", str(study), "--html", str(tmp_path / "report.html")]) == 0
    out = capsys.readouterr().out
    assert out.strip() == f"HTML report written to {tmp_path / 'report.html'}"


def test_stale_part_files_of_killed_exports_are_removed_and_live_ones_kept(study, tmp_path, capsys):
    import fcntl

    from annotator.cli import main

    stale = tmp_path / ".all.jsonl.abcd1234.part"  # left by a killed export
    stale.write_bytes(b"x" * 1000)
    os.utime(stale, (1, 1))
    live = tmp_path / ".all.jsonl.efgh5678.part"  # another export, still writing
    live.write_bytes(b"y")
    os.utime(live, (1, 1))
    with open(live, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        assert main(["export", str(study), "-o", str(tmp_path / "all.jsonl")]) == 0
        assert not stale.exists() and live.exists()
    capsys.readouterr()


def _kill_after_first_split(tmp_path: Path, study: Path, out: Path) -> Run:
    """`export --gold` killed (SIGKILL) right after train.jsonl was written."""
    script = tmp_path / "kill.py"
    script.write_text(
        "import os, signal, sys\n"
        "import annotator.operations.dataset as d\n"
        "real = d.write_jsonl\n"
        "def once(*a, **k):\n"
        "    n = real(*a, **k)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "d.write_jsonl = once\n"
        "from annotator.cli import main\n"
        f"sys.exit(main(['export', {str(study)!r}, '--gold', '-o', {str(out)!r}]))\n", encoding="utf-8")
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    return Run(done.returncode, done.stdout, done.stderr)


def test_a_dataset_export_killed_midway_leaves_the_earlier_set_whole(study, tmp_path, capsys):
    from annotator.cli import main

    out = tmp_path / "dataset"
    assert main(["export", str(study), "--gold", "--split", "100/0/0", "-o", str(out)]) == 0
    capsys.readouterr()
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    killed = _kill_after_first_split(tmp_path, study, out)
    assert killed.code == -9
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # the old set, whole
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".dataset.")]  # the killed run's part
    assert main(["export", str(study), "--gold", "--split", "50/50/0", "-o", str(out)]) == 0
    capsys.readouterr()
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "dev.jsonl", "test.jsonl", "train.jsonl"]


def test_a_dataset_is_never_written_over_a_folder_of_other_files(study, tmp_path, capsys):
    from annotator.cli import main

    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.md").write_text("my work", encoding="utf-8")
    assert main(["export", str(study), "--gold", "-o", str(mine)]) == 1
    assert "holds files this export did not write" in capsys.readouterr().err
    assert [p.name for p in mine.iterdir()] == ["chapter1.md"]
