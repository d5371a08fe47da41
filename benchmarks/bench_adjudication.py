"""Times opening the adjudication window's data on a large project: auto-accept, then every document's progress.

    /work/main/.venv/bin/python benchmarks/bench_adjudication.py [--scale 1.0] [--spans 600000]

Builds a synthetic project (10,000 articles x 3 coders, 600,000 spans by default; see synthetic.py),
then times, each on its own connection as the window's worker thread does:
  - the first open with auto-accept (it writes the unanimous spans and agreed stances into gold),
  - a second open with auto-accept (nothing new to accept: what every later open of the window costs),
  - an open without auto-accept (the progress list only).
Baseline in the same run: raw sqlite3 reading every span and annotation row (what any of these must read).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import CorpusSpec, add_spec_arguments, build_project, spec_from_args  # noqa: E402

from annotator.operations.adjudication_cases import open_adjudication  # noqa: E402


def raw_read(path: Path) -> float:
    began = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.execute('SELECT document_id, coder_id, label_id, start, "end", holder FROM span ORDER BY document_id').fetchall()
    conn.execute("SELECT document_id, coder_id, stance_id, status FROM annotation").fetchall()
    conn.close()
    return time.perf_counter() - began


def timed(work) -> tuple[float, object]:  # noqa: ANN001
    began = time.perf_counter()
    result = work()
    return time.perf_counter() - began, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_spec_arguments(parser)
    parser.set_defaults(spans=600_000)
    args = parser.parse_args(argv)
    spec: CorpusSpec = spec_from_args(args)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.annotator"
        began = time.perf_counter()
        spans = build_project(replace(spec), path)
        print(f"project: {spec.documents:,} documents, {spec.coders} coders, {spans:,} spans "
              f"(built in {time.perf_counter() - began:.1f} s)")
        raw = raw_read(path)
        first, (rows, changes) = timed(lambda: open_adjudication(path, auto=True))
        print(f"raw sqlite3 read of every span and annotation: {raw:.2f} s")
        print(f"first open, auto-accept: {first:.2f} s ({first / raw:.1f}x raw); accepted {len(changes.added):,} spans, "
              f"{len(changes.stances):,} stances; {len(rows):,} documents listed")
        again, (_rows, changes) = timed(lambda: open_adjudication(path, auto=True))
        print(f"later open, auto-accept (nothing new): {again:.2f} s ({again / raw:.1f}x raw); "
              f"accepted {len(changes.added):,}")
        plain, _ = timed(lambda: open_adjudication(path, auto=False))
        print(f"open without auto-accept: {plain:.2f} s ({plain / raw:.1f}x raw)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
