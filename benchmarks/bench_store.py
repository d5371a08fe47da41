"""Times our store's bulk paths against a raw baseline (stdlib sqlite3 + orjson) in the same run.

    .venv/bin/python benchmarks/bench_store.py            # 10,000 articles, 1,000,000 spans
    .venv/bin/python benchmarks/bench_store.py --scale 0.1

Every timed piece of work runs in its own subprocess, so the peak memory (maxrss) is that work's
alone. Inputs (article JSONL, canonical annotation JSONL, a project file) are generated first by
synthetic.py; then each piece of work runs `--repeat` times, ours and raw alternating, and the
ratio of each run and the min/median over runs are reported. Goal: ≤ 1.5× raw for every piece
(issue 14: imports and exports stay near the raw limit). Both sides use the same project file schema and the same connection pragmas
(WAL, synchronous=FULL, foreign keys on, busy timeout), and both close their connection (so SQLite
checkpoints the WAL) inside the timed region.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import raw_store
import synthetic
from paired import Row, emit

HERE = Path(__file__).resolve()
HAS_IMPORT_PATHS = importlib.util.find_spec("annotator.io.articles") is not None


@dataclass(frozen=True)
class Work:
    name: str
    target: float  # ours / raw must stay within this ratio
    ours: str  # what "ours" runs, for the table's notes


WORKS = (
    Work("articles", 1.5, "add_documents(every NewDocument) in one transaction"),
    Work("articles-file", 1.5, "import_paths(article JSONL)" if HAS_IMPORT_PATHS
         else "read_jsonl + import_coding_records (annotator.io.articles, hence import_paths, missing)"),
    Work("annotations", 1.5, "import_file(canonical JSONL): batches of records in one transaction"),
    Work("export", 1.5, "export_project(canonical JSONL)"),
)
TITLES = {"articles": "import {documents} articles (add_documents)", "articles-file": "import {documents} articles from JSONL",
          "annotations": "import {spans} spans (canonical JSONL)", "export": "export {documents} articles, {spans} spans to JSONL"}


# --- the work, run inside a subprocess --------------------------------------------------------------

def _fresh_project(workdir: Path, name: str) -> Path:
    """An empty project with the default codebook, made by our code (untimed): both sides use its schema."""
    from annotator.operations.projects import open_project

    path = workdir / f"{name}.annotator"
    for leftover in workdir.glob(f"{name}.annotator*"):
        leftover.unlink()
    open_project(path).close()
    return path


def prepare(work: str, side: str, workdir: Path, spec: synthetic.CorpusSpec) -> Callable[[], Any]:
    """Untimed set-up of one piece of work; returns the timed part (which returns a check value)."""
    if side == "ours":  # import our modules (sqlmodel: ~0.5 s) before the clock starts
        import annotator.operations.exporting  # noqa: F401
        import annotator.store.records  # noqa: F401
    if work == "articles":
        target = _fresh_project(workdir, f"{work}-{side}")
        documents = list(synthetic.iter_new_documents(spec))
        return (lambda: raw_store.import_documents(target, documents)) if side == "raw" else (
            lambda: _ours_add_documents(target, documents))
    if work == "articles-file":
        target = _fresh_project(workdir, f"{work}-{side}")
        source = workdir / "articles.jsonl"
        return (lambda: raw_store.import_articles_jsonl(target, source)) if side == "raw" else (
            lambda: _ours_import_file(target, source))
    if work == "annotations":
        target = _fresh_project(workdir, f"{work}-{side}")
        source = workdir / "annotations.jsonl"
        return (lambda: raw_store.import_annotations(target, source)) if side == "raw" else (
            lambda: _ours_import_annotations(target, source))
    if work == "export":
        project, out = workdir / "project.annotator", workdir / f"export-{side}.jsonl"
        return (lambda: f"{raw_store.export_jsonl(project, out)} lines") if side == "raw" else (
            lambda: _ours_export(project, out))
    raise ValueError(work)


def _ours_add_documents(target: Path, documents: list[Any]) -> int:
    from annotator.store.database import Database
    from annotator.store.documents import add_documents

    db = Database.open(target, create=False)
    with db.transaction() as tx:
        added = add_documents(tx, documents)
    db.close()
    return sum(a.added for a in added)


def _ours_import_file(target: Path, source: Path) -> int:
    from annotator.store.database import Database

    db = Database.open(target, create=False)
    if HAS_IMPORT_PATHS:
        from annotator.operations.importing import import_paths

        outcomes = import_paths(db, [source])
        assert all(o.ok for o in outcomes), [o.error for o in outcomes]
        added = sum(o.counts.documents_added for o in outcomes if o.counts)
    else:
        added = _import_jsonl(db, source).documents_added
    db.close()
    return added


def _ours_import_annotations(target: Path, source: Path) -> int:
    """The path `annotator import` takes: JSONL read and written in batches in one transaction."""
    from annotator.operations.importing import import_file
    from annotator.store.database import Database

    db = Database.open(target, create=False)
    outcome = import_file(db, source)
    assert outcome.ok, outcome.error
    db.close()
    return outcome.counts.spans_added


def _import_jsonl(db: Any, source: Path) -> Any:
    from annotator.io.jsonl import read_jsonl
    from annotator.store.records import import_coding_records

    records, _skipped = read_jsonl(source)
    with db.transaction() as tx:
        return import_coding_records(tx, records)


def _ours_export(project: Path, out: Path) -> str:
    from annotator.operations.exporting import export_project
    from annotator.store.database import Database

    db = Database.open(project, create=False)
    result = export_project(db, out)
    db.close()
    return f"{result.count} lines"


def run_worker(work: str, side: str, workdir: Path, spec: synthetic.CorpusSpec) -> dict[str, Any]:
    timed = prepare(work, side, workdir, spec)
    before = _maxrss_mb()
    start = time.perf_counter()
    check = timed()
    seconds = time.perf_counter() - start
    peak = _maxrss_mb()
    if work == "export":  # what was written, so that ours and raw can be compared (untimed)
        out = workdir / f"export-{side}.jsonl"
        check = f"{check}, sha256 {hashlib.sha256(out.read_bytes()).hexdigest()[:16]}"
    return {"seconds": seconds, "peak_mb": peak, "before_mb": before, "check": check}


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


# --- the orchestration -------------------------------------------------------------------------------

def _subprocess(args: list[str]) -> dict[str, Any]:
    done = subprocess.run([sys.executable, str(HERE), *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def make_inputs(workdir: Path, spec_args: list[str]) -> None:
    for what, out in (("articles", "articles.jsonl"), ("annotations", "annotations.jsonl"), ("project", "project.annotator")):
        result = _subprocess(["--make", what, "--workdir", str(workdir), *spec_args])
        size = (workdir / out).stat().st_size / 1e6
        print(f"  input {out}: {result['check']} ({size:,.0f} MB) made in {result['seconds']:.1f} s,"
              f" peak {result['peak_mb']:.0f} MB", flush=True)


def make_input(what: str, workdir: Path, spec: synthetic.CorpusSpec) -> dict[str, Any]:
    start = time.perf_counter()
    if what == "articles":
        check = f"{synthetic.write_articles_jsonl(spec, workdir / 'articles.jsonl'):,} articles"
    elif what == "annotations":
        check = f"{synthetic.write_annotations_jsonl(spec, workdir / 'annotations.jsonl'):,} lines"
    else:
        (workdir / "project.annotator").unlink(missing_ok=True)
        check = f"{synthetic.build_project(spec, workdir / 'project.annotator'):,} spans"
    return {"seconds": time.perf_counter() - start, "peak_mb": _maxrss_mb(), "check": check}


def measure(work: Work, workdir: Path, spec_args: list[str], repeat: int) -> dict[str, list[dict[str, Any]]]:
    runs: dict[str, list[dict[str, Any]]] = {"ours": [], "raw": []}
    for _ in range(repeat):
        for side in ("raw", "ours"):
            result = _subprocess(["--work", work.name, "--side", side, "--workdir", str(workdir), *spec_args])
            runs[side].append(result)
            print(f"  {work.name:<13} {side:<4} {result['seconds']:7.2f} s  peak {result['peak_mb']:6.0f} MB"
                  f" (before the work {result['before_mb']:.0f} MB)  [{result['check']}]", flush=True)
    return runs


def report(spec: synthetic.CorpusSpec, results: dict[str, dict[str, list[dict[str, Any]]]], settings: str,
           as_json: bool) -> bool:
    print(f"\n{spec.documents:,} articles of ~{spec.doc_bytes:,} B, {spec.coders} coders, {spec.spans:,} spans"
          f"\nconnection settings\n{settings}\n")
    rows = []
    for work in (w for w in WORKS if w.name in results):
        runs = results[work.name]
        row = Row(TITLES[work.name].format(documents=f"{spec.documents:,}", spans=f"{spec.spans:,}"),
                  "raw sqlite3 + orjson (raw_store.py)", goal_ratio=work.target, note=f"ours: {work.ours}; peak MB"
                  f" ours {max(r['peak_mb'] for r in runs['ours']):.0f}, raw {max(r['peak_mb'] for r in runs['raw']):.0f}")
        for ours, raw in zip(runs["ours"], runs["raw"], strict=True):
            row.add(ours["seconds"], raw["seconds"])
        rows.append(row)
    all_ok = all(row.ok() for row in rows)
    if "export" in results:
        same = {r["check"] for side in ("ours", "raw") for r in results["export"][side]}
        rows[-1].note += f"; ours and raw wrote {'identical bytes' if len(same) == 1 else 'DIFFERENT bytes'}"
        print(f"export: {'; '.join(sorted(same))}")
        all_ok &= len(same) == 1
    emit(rows, as_json)
    return all_ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    synthetic.add_spec_arguments(parser)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="where inputs and projects go (default: a temp folder)")
    parser.add_argument("--reuse-inputs", action="store_true", help="keep the inputs already in --workdir")
    parser.add_argument("--only", nargs="*", choices=[w.name for w in WORKS], help="time only these")
    parser.add_argument("--json", action="store_true", help="also print the rows for run_all.py")
    parser.add_argument("--work", help=argparse.SUPPRESS)
    parser.add_argument("--side", help=argparse.SUPPRESS)
    parser.add_argument("--make", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    spec = synthetic.spec_from_args(args)
    if args.work or args.make:  # inside a subprocess
        result = run_worker(args.work, args.side, args.workdir, spec) if args.work else make_input(args.make, args.workdir, spec)
        print(json.dumps(result))
        return 0
    spec_args = [f"--scale={args.scale}", f"--coders={args.coders}", f"--doc-bytes={args.doc_bytes}", f"--seed={args.seed}"]
    spec_args += [f"--documents={args.documents}"] if args.documents is not None else []
    spec_args += [f"--spans={args.spans}"] if args.spans is not None else []
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench_store."))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"workdir {workdir}", flush=True)
    if not args.reuse_inputs:
        make_inputs(workdir, spec_args)
    works = [w for w in WORKS if not args.only or w.name in args.only]
    results = {w.name: measure(w, workdir, spec_args, args.repeat) for w in works}
    return 0 if report(spec, results, _settings(workdir / "project.annotator"), args.json) else 1


def _settings(project: Path) -> str:
    """The connection settings each side runs with, read back from live connections."""
    from annotator.store.database import Database

    conn = raw_store.connect(project)
    raw = raw_store.settings(conn)
    conn.close()
    db = Database.open(project, create=False)
    with db.raw() as conn:
        ours = raw_store.settings(conn)
    db.close()
    return f"ours: {ours}\nraw:  {raw}"


if __name__ == "__main__":
    sys.exit(main())
