"""Times saving one span durably through the store, against a raw INSERT + COMMIT on the same file.

    .venv/bin/python benchmarks/bench_save.py [--runs 3] [--saves 300] [--project FILE]

What a key press in the reader waits for: `with db.transaction() as tx: add_span(tx, span)`, a
transaction of its own, committed (synchronous=FULL: on disk when it returns). The baseline, in the
same process and on the same project file: a stdlib sqlite3 connection with the store's PRAGMAs
(raw_store.PRAGMAS), `BEGIN IMMEDIATE`, one `INSERT INTO span`, `COMMIT`. Saves alternate between
the two, so both meet the same load and the same fsyncs; each run reports the p50 and p99 of its
`--saves` saves per side. Goal: p50 ≤ 1.5× raw (issue 14).

Without `--project`, a project of 100 synthetic articles with 6,000 spans is built first.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import raw_store  # noqa: E402
from paired import Row, emit  # noqa: E402
from synthetic import CorpusSpec, build_project  # noqa: E402

from annotator.core.types import DocumentId, Span, SpanUid  # noqa: E402
from annotator.store.database import Database, utc_now  # noqa: E402
from annotator.store.spans import add_span  # noqa: E402

CODER = "anna"
BASELINE = "raw sqlite3 BEGIN IMMEDIATE + INSERT + COMMIT, same file and PRAGMAs"
_INSERT = ('INSERT INTO span (uid, document_id, coder_id, label_id, start, "end", holder, note, unsure, provenance,'
           " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, 0, NULL, ?, ?)")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(project: Path, runs: int, saves: int) -> list[Row]:
    p50 = Row("durable span save, p50", BASELINE, goal_ratio=1.5)
    p99 = Row("durable span save, p99", BASELINE, note="for information: the issue sets no goal for it")
    db = Database.open(project, create=False)
    raw = raw_store.connect(project)
    coder_id = raw.execute("SELECT id FROM coder WHERE name = ?", (CODER,)).fetchone()[0]
    label_id = raw.execute("SELECT id FROM label WHERE kind = 'span' AND name = 'pro-isolation'").fetchone()[0]
    length = raw.execute("SELECT length FROM document WHERE id = 1").fetchone()[0]
    try:
        for _ in range(runs):
            ours_times, raw_times, ours_cpu, raw_cpu = [], [], [], []
            for i in range(saves):
                start = (i * 37) % (length - 50)
                began, cpu = time.perf_counter(), time.process_time()
                raw.execute("BEGIN IMMEDIATE")
                now = utc_now()
                raw.execute(_INSERT, (str(uuid.uuid4()), 1, coder_id, label_id, start, start + 40, now, now))
                raw.execute("COMMIT")
                raw_times.append(time.perf_counter() - began)
                raw_cpu.append(time.process_time() - cpu)
                span = Span(SpanUid(str(uuid.uuid4())), DocumentId(1), CODER, start, start + 40, "pro-isolation")
                began, cpu = time.perf_counter(), time.process_time()
                with db.transaction() as tx:
                    add_span(tx, span)
                ours_times.append(time.perf_counter() - began)
                ours_cpu.append(time.process_time() - cpu)
            p50.add(statistics.median(ours_times), statistics.median(raw_times))
            p99.add(percentile(ours_times, 0.99), percentile(raw_times, 0.99))
            print(f"  run: ours p50 {p50.ours[-1] * 1000:.3f} ms, p99 {p99.ours[-1] * 1000:.3f} ms;"
                  f" raw p50 {p50.raw[-1] * 1000:.3f} ms, p99 {p99.raw[-1] * 1000:.3f} ms; CPU per save (the"
                  f" fsync waits use none): ours {statistics.mean(ours_cpu) * 1e6:.0f} µs, raw"
                  f" {statistics.mean(raw_cpu) * 1e6:.0f} µs", flush=True)
    finally:
        raw.close()
        db.close()
    return [p50, p99]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="a project with coder 'anna' and document 1 (default: build one)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--saves", type=int, default=300, help="saves per side and run")
    parser.add_argument("--json", action="store_true", help="also print the rows for run_all.py")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        project = args.project
        if project is None:
            project = Path(tmp) / "save.annotator"
            build_project(CorpusSpec(documents=100, spans=6_000), project)
        emit(measure(project, args.runs, args.saves), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
