"""Times the adjudication window's data on a big project: auto-accept, then every document's progress.

    .venv/bin/python benchmarks/bench_adjudication.py [--project FILE] [--runs 3] [--scale 1.0] [--spans 600000]

Without `--project`, builds synthetic.py's project (10,000 articles x 3 coders, 600,000 spans by
default). Each run works on a fresh copy of it (copied untimed) and times, as the window's worker
thread does (`open_adjudication`, its own connection):
  - the first open with auto-accept (it writes the unanimous spans and agreed stances into gold),
  - a later open with auto-accept (nothing new to accept: what every later open of the window costs),
each next to the baseline, in the same run: raw sqlite3 reading what any such list must read, every
span's (document, coder, label, start, end), every annotation's (document, coder, stance, status) and
every document's (id, hash, title). No text: the window shows one document's text when it is opened.
The first open also writes what it accepts (~60,000 gold spans, all of a project's unanimous spans),
which its baseline then does too, on a second copy: the same rows INSERTed and committed by raw
sqlite3 (the ratio to the read alone is printed as well).
Each run's copy is flushed to disk and read once before the clock starts, so that neither side waits
for the copy's writes or reads from disk. Goal ≤ 3× for both.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import raw_store  # noqa: E402
from paired import Row, emit  # noqa: E402
from synthetic import add_spec_arguments, build_project, spec_from_args  # noqa: E402

from annotator.core.types import GOLD_CODER  # noqa: E402
from annotator.operations.adjudication_cases import GoldChanges, open_adjudication  # noqa: E402

BASELINE = "raw sqlite3 read of every span, annotation and document row (no text)"
BASELINE_WRITE = BASELINE + ", then raw INSERT of the same gold rows and COMMIT"


def raw_read(path: Path) -> int:
    conn = sqlite3.connect(path)
    rows = conn.execute('SELECT document_id, coder_id, label_id, start, "end" FROM span').fetchall()
    conn.execute("SELECT document_id, coder_id, stance_id, status FROM annotation").fetchall()
    conn.execute("SELECT id, content_hash, title FROM document").fetchall()
    conn.close()
    return len(rows)


def raw_write(path: Path, changes: GoldChanges) -> None:
    """What any auto-accept must write: the same gold span rows and stances, in one transaction."""
    conn = raw_store.connect(path)
    conn.execute("BEGIN IMMEDIATE")
    gold = conn.execute("SELECT id FROM coder WHERE name = ?", (GOLD_CODER,)).fetchone()
    gold = gold[0] if gold else conn.execute("INSERT INTO coder (name, created_at) VALUES (?, '')", (GOLD_CODER,)).lastrowid
    labels = dict(conn.execute("SELECT name, id FROM label WHERE kind = 'span'"))
    stances = dict(conn.execute("SELECT name, id FROM label WHERE kind = 'stance'"))
    conn.executemany('INSERT INTO span (uid, document_id, coder_id, label_id, start, "end", unsure, provenance,'
                     " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                     [(s.uid, s.document_id, gold, labels[s.label], s.start, s.end, s.provenance, s.created_at,
                       s.updated_at) for s in changes.added])
    conn.executemany("INSERT INTO annotation (document_id, coder_id, stance_id, status, created_at, updated_at)"
                     " VALUES (?, ?, ?, 'in_progress', ?, ?) ON CONFLICT(document_id, coder_id) DO UPDATE SET"
                     " stance_id = excluded.stance_id, status = excluded.status, updated_at = excluded.updated_at",
                     [(a.document_id, gold, stances[a.stance], a.updated_at, a.updated_at) for _b, a in changes.stances])
    conn.execute("COMMIT")
    conn.close()


def fresh_copy(project: Path, copy: Path) -> None:
    """A copy of the project, on disk and in the page cache before any clock starts."""
    shutil.copyfile(project, copy)
    for leftover in (Path(f"{copy}-wal"), Path(f"{copy}-shm")):
        leftover.unlink(missing_ok=True)
    with open(copy, "rb+") as fh:
        os.fsync(fh.fileno())
    raw_read(copy)


def seconds(work) -> tuple[float, object]:  # noqa: ANN001
    began = time.perf_counter()
    result = work()
    return time.perf_counter() - began, result


def measure(project: Path, runs: int) -> list[Row]:
    first = Row("adjudication window data, first open (auto-accept)", BASELINE_WRITE, goal_ratio=3.0)
    later = Row("adjudication window data, later open", BASELINE, goal_ratio=3.0)
    with tempfile.TemporaryDirectory() as tmp:
        ours_copy, raw_copy = Path(tmp) / "ours.annotator", Path(tmp) / "raw.annotator"
        for _ in range(runs):
            fresh_copy(project, ours_copy)
            fresh_copy(project, raw_copy)
            took, (rows, changes) = seconds(lambda: open_adjudication(ours_copy, auto=True))  # noqa: B023
            read_only, span_rows = seconds(lambda: raw_read(raw_copy))  # noqa: B023
            written, _ = seconds(lambda: raw_write(raw_copy, changes))  # noqa: B023
            first.add(took, read_only + written)
            raw, _ = seconds(lambda: raw_read(ours_copy))  # noqa: B023
            again, (_rows, repeat) = seconds(lambda: open_adjudication(ours_copy, auto=True))  # noqa: B023
            later.add(again, raw)
            assert not repeat, "a second auto-accept changed gold"
            print(f"  run: {span_rows:,} spans, {len(rows):,} documents listed; first open {took:.2f} s (accepted"
                  f" {len(changes.added):,} spans, {len(changes.stances):,} stances; raw read {read_only:.2f} s +"
                  f" raw write of the same {written:.2f} s: {took / read_only:.1f}x the read alone), later open"
                  f" {again:.2f} s (raw read {raw:.2f} s)", flush=True)
    return [first, later]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_spec_arguments(parser)
    parser.set_defaults(spans=600_000)
    parser.add_argument("--project", type=Path, help="a project built by synthetic.py (default: build one)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="also print the rows for run_all.py")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        project = args.project
        if project is None:
            spec = spec_from_args(args)
            project = Path(tmp) / "big.annotator"
            began = time.perf_counter()
            spans = build_project(spec, project)
            print(f"project: {spec.documents:,} documents, {spec.coders} coders, {spans:,} spans"
                  f" (built in {time.perf_counter() - began:.1f} s)", flush=True)
        emit(measure(project, args.runs), args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
