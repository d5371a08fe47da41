"""Tries every command of the CLI under every fault of issue 15 and counts the outcomes.

    .venv/bin/python scripts/fault_campaign.py            # a table, then the counts

Each (fault, command) runs in a child process in a throw-away folder (never the user's files): a full
disk (RLIMIT_FSIZE), a read-only folder (a read-only bind mount in a private mount namespace: root
with unshare; otherwise the write permission taken away), a damaged file, a lock held by another
process, pipes and devices as inputs, a file over the size limit, files that are not (or no longer)
projects, and `kill -9` in the middle of exports, dataset sets and hand-outs. An outcome is "ok" (the
command did its work), "clear" (exit 1 and an `annotator: error:` sentence), or "TRACEBACK". After
each run the project is checked: "lost" counts runs after which the project's documents, spans or
integrity were not what they were before (a failed command must change nothing).
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIG = "Maximum pressure has not worked, one EU diplomat said. " * 200
CHILD = textwrap.dedent("""
    import json, os, resource, signal, sys
    limit, argv, kill_after = int(sys.argv[1]), json.loads(sys.argv[2]), sys.argv[3]
    if limit:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    if kill_after:  # "module:function": killed (SIGKILL) right after its first call returns
        import importlib
        module_name, name = kill_after.split(":")
        module = importlib.import_module(module_name)
        real = getattr(module, name)
        def once(*a, **k):
            result = real(*a, **k)
            os.kill(os.getpid(), signal.SIGKILL)
        setattr(module, name, once)
    from annotator.cli import main
    sys.exit(main(argv))
""")


def run(argv: list[object], cwd: Path, *, limit: int = 0, kill_after: str = "", wrap: list[str] | None = None,
        env: dict[str, str] | None = None) -> tuple[int, str]:
    command = [*(wrap or []), sys.executable, "-c", CHILD, str(limit), json.dumps([str(a) for a in argv]), kill_after]
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(REPO), **(env or {})})
    return done.returncode, done.stderr


def outcome(code: int, err: str) -> str:
    if "Traceback" in err or "sqlalche.me" in err or "[SQL:" in err:
        return "TRACEBACK"
    if code == 0:
        return "ok"
    if code == 1 and "annotator: error:" in err:
        return "clear"
    if code == -signal.SIGKILL:
        return "killed"
    return f"exit {code}"


def make_study(folder: Path) -> Path:
    """A PI's project: three long documents coded by two coders, auto-adjudicated into gold."""
    sys.path.insert(0, str(REPO))
    from annotator.operations.adjudication import auto_accept
    from tests.coded import code, new_project

    db, ids = new_project(folder / "study.annotator", [(f"doc {i}", f"Text {i}: sanctions or talks. {BIG}")
                                                       for i in range(3)])
    for coder in ("alice", "bob"):
        code(db, ids[0], coder, stance="pro-isolation", spans=[(0, 6, "pro-isolation")])
        code(db, ids[1], coder, stance="pro-engagement", spans=[(8, 17, "pro-engagement")])
    auto_accept(db)
    db.close()
    return folder / "study.annotator"


def fingerprint(project: Path) -> tuple:
    if not project.exists():
        return ("missing",)
    try:
        conn = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            rows = tuple(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("document", "span", "annotation"))
        finally:
            conn.close()
        return (check, *rows)
    except sqlite3.Error as exc:
        return ("unreadable", str(exc))


def commands(study: Path, inputs: Path, out: Path) -> dict[str, list[object]]:
    return {
        "import file": ["import", study, inputs / "one.txt"],
        "import folder": ["import", study, inputs],
        "import jsonl": ["import", study, inputs / "coded.jsonl"],
        "export": ["export", study, "-o", out / "all.jsonl"],
        "export brat": ["export", study, "--format", "brat", "-o", out / "brat"],
        "export --gold": ["export", study, "--gold", "-o", out / "dataset"],
        "stats": ["stats", study],
        "agreement": ["agreement", study, "--html", out / "report.html"],
        "merge": ["merge", study, inputs / "coded.jsonl"],
        "handout": ["handout", study, "--coder", "alice", "-o", out / "alice.annotator"],
        "adjudicate": ["adjudicate", study, "--auto"],
    }


def prepare_inputs(folder: Path) -> Path:
    inputs = folder / "inputs"
    inputs.mkdir()
    for i in range(4):
        (inputs / f"{'one' if i == 0 else f'more{i}'}.txt").write_text(f"Article {i}. {BIG}", encoding="utf-8")
    line = {"text": "Another article: Minsk talks resumed. " + BIG, "coder": "cy", "status": "done",
            "spans": [{"id": "1", "start": 0, "end": 7, "label": "ambivalent"}]}
    (inputs / "coded.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    return inputs


def read_only_wrap(folder: Path) -> list[str] | None:
    if os.geteuid() != 0:
        return None
    mount = f'mount --bind "{folder}" "{folder}" && mount -o remount,bind,ro "{folder}" && exec "$@"'
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", mount, "sh"]


def campaign() -> list[tuple[str, str, str, bool]]:
    results = []
    faults: dict[str, Callable[[Path, Path], dict]] = {
        "full disk": lambda study, inputs: {"limit": 4096},
        "read-only folder": lambda study, inputs: {"wrap": read_only_wrap(study.parent), "chmod": study.parent},
        "damaged file": lambda study, inputs: {"damage": True},
        "lock held": lambda study, inputs: {"lock": True, "env": {"ANNOTATOR_BUSY_TIMEOUT_MS": "200"}},
        "newer schema": lambda study, inputs: {"version": 999},
        "no schema version": lambda study, inputs: {"version": 0},
        "not a project": lambda study, inputs: {"replace": b"SQLite format 3\x00" + b"\x00" * 4000},
    }
    for fault, setup in faults.items():
        for name in commands(Path("x"), Path("x"), Path("x")):
            results.append(try_one(fault, setup, name))
    results += input_faults()
    results += kills()
    return results


def try_one(fault: str, setup: Callable[[Path, Path], dict], name: str) -> tuple[str, str, str, bool]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "work").mkdir()
        (root / "out").mkdir()
        study = make_study(root / "work")
        inputs = prepare_inputs(root)
        how = setup(study, inputs)
        if how.get("damage"):
            sys.path.insert(0, str(REPO))
            from tests.faults import damage

            damage(study)
        if "version" in how:
            conn = sqlite3.connect(study)
            conn.execute(f"PRAGMA user_version={how['version']}")
            conn.close()
        if "replace" in how:
            study.write_bytes(how["replace"])
        before = fingerprint(study)
        holder = None
        if how.get("lock"):
            holder = subprocess.Popen([sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], "
                                       "isolation_level=None); c.execute('BEGIN IMMEDIATE'); print('held', flush=True); "
                                       "sys.stdin.readline()", str(study)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      text=True)
            holder.stdout.readline()
        chmod = how.get("chmod") if how.get("wrap") is None and "chmod" in how else None
        if chmod is not None:
            for p in [chmod, *chmod.iterdir()]:
                p.chmod(p.stat().st_mode & ~0o222)
        try:
            code, err = run(commands(study, inputs, root / "out")[name], root, limit=how.get("limit", 0),
                            wrap=how.get("wrap"), env=how.get("env"))
        finally:
            if holder is not None:
                holder.communicate("\n")
            if chmod is not None:
                for p in [chmod, *chmod.iterdir()]:
                    p.chmod(p.stat().st_mode | 0o200)
        changed = fingerprint(study) != before and outcome(code, err) != "ok"
        return fault, name, outcome(code, err), changed


def input_faults() -> list[tuple[str, str, str, bool]]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "work").mkdir()
        study = make_study(root / "work")
        os.mkfifo(root / "pipe.jsonl")
        os.mkfifo(root / "pipe.txt")
        (root / "zero.txt").symlink_to("/dev/zero")
        (root / "big.txt").write_text(BIG * 100, encoding="utf-8")
        (root / "folder").mkdir()
        os.mkfifo(root / "folder" / "pipe.txt")
        (root / "folder" / "fine.txt").write_text("A fine article.", encoding="utf-8")
        for fault, argv, grows in (("FIFO .jsonl", ["import", study, root / "pipe.jsonl"], 0),
                                   ("FIFO .txt", ["import", study, root / "pipe.txt"], 0),
                                   ("symlink to /dev/zero", ["import", study, root / "zero.txt"], 0),
                                   ("FIFO in a folder", ["import", study, root / "folder"], 1),  # fine.txt imports
                                   ("file over the size limit", ["import", study, root / "big.txt", "--max-file-size", "0"], 0),
                                   ("missing project", ["stats", root / "nowhere.annotator"], 0),
                                   ("mistyped merge target", ["merge", root / "studdy.annotator", study], 0)):
            before = fingerprint(study)
            code, err = run(argv, root)
            expected = before[:1] + (before[1] + grows,) + before[2:]
            result = outcome(code, err)
            if fault == "FIFO in a folder" and code == 1 and "passed by: not a regular file" in err:
                result = "clear (the pipe passed by, said; the other file imported)"
            results.append((fault, str(argv[0]), result, fingerprint(study) != expected))
    return results


def kills() -> list[tuple[str, str, str, bool]]:
    """kill -9 in the middle of writing a set: nothing half-written may be left where the set goes."""
    results = []
    cases = (("export", "annotator.io.exporters:write_jsonl", lambda s, o, i: ["export", s, "-o", o / "all.jsonl"],
              lambda o: not (o / "all.jsonl").exists()),
             ("export --gold", "annotator.operations.dataset:write_jsonl",
              lambda s, o, i: ["export", s, "--gold", "-o", o / "dataset"], lambda o: not (o / "dataset").exists()),
             ("handout", "annotator.operations.merging:import_coding_records",
              lambda s, o, i: ["handout", s, "--coder", "alice", "-o", o / "alice.annotator"],
              lambda o: not (o / "alice.annotator").exists()),
             # one transaction each: the project must be as before (checked below), nothing else to see
             ("import", "annotator.operations.importing:import_coding_records",
              lambda s, o, i: ["import", s, i], lambda o: True),
             ("merge", "annotator.operations.merging:import_coding_records",
              lambda s, o, i: ["merge", s, i / "coded.jsonl"], lambda o: True))
    for name, hook, argv, nothing_left in cases:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "work").mkdir()
            (root / "out").mkdir()
            study = make_study(root / "work")
            inputs = prepare_inputs(root)
            before = fingerprint(study)
            code, err = run(argv(study, root / "out", inputs), root, kill_after=hook)
            whole = nothing_left(root / "out") and fingerprint(study) == before
            again, err2 = run(argv(study, root / "out", inputs), root)  # the retry is not blocked by what the kill left
            results.append(("kill -9", name, outcome(code, err) + ("" if whole else " HALF-WRITTEN") +
                            f", retry {outcome(again, err2)}", not whole))
    return results


def main() -> int:
    started = time.monotonic()
    results = campaign()
    width = max(len(f) for f, *_ in results)
    for fault, command, result, lost in results:
        print(f"{fault:<{width}}  {command:<15}  {result}{'  DATA CHANGED' if lost else ''}")
    counts = Counter(r.split(",")[0] for _f, _c, r, _l in results)
    tracebacks = sum("TRACEBACK" in r for _f, _c, r, _l in results)
    print(f"\n{len(results)} faults tried in {time.monotonic() - started:.0f} s: {counts['ok']} worked, "
          f"{counts['clear']} clear errors, {counts['killed']} killed as planned, {tracebacks} tracebacks, "
          f"{sum(lost for *_, lost in results)} with data lost or changed; other: "
          f"{ {k: v for k, v in counts.items() if k not in ('ok', 'clear', 'killed')} }")
    return 1 if tracebacks or any(lost for *_, lost in results) else 0


if __name__ == "__main__":
    sys.exit(main())
