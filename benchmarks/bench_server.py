"""The team server's figures (issue 11), on a throwaway PostgreSQL cluster of this machine (Unix socket).

    python benchmarks/bench_server.py --spans 600000   # 10,000 documents / 600,000 spans; 6 coders × 1,000 spans
    python benchmarks/bench_server.py --scale 0.1 --spans-per-coder 100

The cluster runs with fsync on (`scripts/pg-throwaway.sh --durable`) and synchronous_commit on: a save
is on disk when it returns, as a project file's is (synchronous=FULL). Figures, each against a baseline
measured in the same run (median of `--repeat` paired runs, ours and the baseline alternating):

- push: `annotator server push` of a synthetic project against a raw `psql \\copy` of the same rows
  from CSV files (target <= 2x);
- export: `export_project` from the server (as the PI) against the same export from the project file
  (target <= 1.5x), with the bytes compared;
- saving spans: 6 coder processes, each adding spans through the store at 5 per second, one transaction
  per span: p50 <= 3 ms, p99 <= 10 ms, and every span there at the end;
- live update: how long after a coder's commit the PI's change watch, polled as the app polls it, says so
  and the PI reads the new span (target < 1 s).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import synthetic

HERE = Path(__file__).resolve()
REPO = HERE.parent.parent
SCRIPT = REPO / "scripts" / "pg-throwaway.sh"
CLI = "import sys; from annotator.cli import main; sys.exit(main(sys.argv[1:]))"
TABLES = ("coder", "document", "label", "setting", "span", "span_tombstone", "annotation")


@contextmanager
def cluster():
    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-pg-"))
    started = subprocess.run(["sh", str(SCRIPT), "start", str(folder), "--durable"], capture_output=True, text=True,
                             check=True)
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["sh", str(SCRIPT), "stop", str(folder)], capture_output=True)


def database_url(admin_url: str, name: str) -> str:
    return admin_url.replace("/postgres?", f"/{name}?", 1)


def fresh_project(admin_url: str, name: str, coders: list[str]) -> tuple[str, dict[str, str]]:
    """A new database with `server init` done and the coders (and a PI, maria) added: (url, passwords)."""
    import psycopg

    from annotator.core.codebook import default_codebook_path, load_codebook
    from annotator.store.postgres.members import add_member, init_server

    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    url = database_url(admin_url, name)
    init_server(url, load_codebook(default_codebook_path()))
    passwords = {}
    for coder in [*coders, "maria"]:
        passwords[coder] = secrets.token_hex(8)
        add_member(url, coder, is_pi=coder == "maria", password=passwords[coder])
    return url, passwords


def as_member(url: str, role: str, password: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{role}:{password}@{rest.split('@', 1)[1]}"


# --- push against psql COPY -----------------------------------------------------------------------

def time_push(admin_url: str, project: Path, coders: list[str], run: int) -> float:
    url, _ = fresh_project(admin_url, f"push_{run}", coders)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", CLI, "server", "push", str(project), url], check=True,
                   capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)})
    return time.perf_counter() - started


def time_copy(admin_url: str, csv_folder: Path, coders: list[str], run: int) -> float:
    """The same rows, from CSV files written beforehand, by psql's \\copy into the same fresh schema."""
    url, _ = fresh_project(admin_url, f"copy_{run}", coders)
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:  # the baseline starts from empty tables too
        admin.execute("TRUNCATE label, setting, coder CASCADE")
    script = "BEGIN;\n" + "".join(
        f"\\copy {t} FROM '{csv_folder / (t + '.csv')}' WITH (FORMAT csv, NULL '\\N')\n" for t in TABLES) + "COMMIT;\n"
    started = time.perf_counter()
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url], input=script, text=True, check=True,
                   capture_output=True)
    return time.perf_counter() - started


def write_csvs(project: Path, folder: Path) -> dict[str, int]:
    folder.mkdir(parents=True, exist_ok=True)
    counts = {}
    with sqlite3.connect(project) as conn:
        for table in TABLES:
            rows = conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
            with open(folder / f"{table}.csv", "w", newline="", encoding="utf-8") as fh:
                writer = csv.writer(fh)
                n = 0
                for row in rows:
                    writer.writerow([r"\N" if v is None else v for v in row])
                    n += 1
            counts[table] = n
    return counts


# --- export from the server against the file --------------------------------------------------------

def time_export(location: str, out: Path, password: str | None = None) -> float:
    code = ("import sys, time; from pathlib import Path\n"
            "from annotator.operations.exporting import export_project\n"
            "loc = sys.argv[1]\n"
            "if loc.startswith('postgresql://'):\n"
            "    from annotator.store.postgres.server_database import ServerDatabase; db = ServerDatabase.open(loc)\n"
            "else:\n"
            "    from annotator.store.database import Database; db = Database.open(loc, create=False)\n"
            "t = time.perf_counter(); export_project(db, Path(sys.argv[2])); print(time.perf_counter() - t)\n")
    done = subprocess.run([sys.executable, "-c", code, location, str(out)], check=True, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    return float(done.stdout.strip().splitlines()[-1])


# --- coders saving spans at once ---------------------------------------------------------------------

def coder_process(url: str, coder: str, spans: int, rate: float, out: Path, raw: bool) -> None:
    """One coder: `spans` spans at `rate` per second, one transaction each; latencies to `out` (JSON).

    `raw`: the baseline, the least a durable save of one span row can cost on this server: one
    autocommit `INSERT` through psycopg, as the same coder role (so under the same row security)."""
    from annotator.core.span_ids import new_span_uid
    from annotator.core.types import Span
    from annotator.store import spans as span_store
    from annotator.store.documents import list_summaries
    from annotator.store.postgres.server_database import ServerDatabase

    db = ServerDatabase.open(url, for_coding=True)
    with db.read() as tx:
        docs = [(s.id, s.length) for s in list_summaries(tx, coder)]
    if raw:
        import psycopg

        conn = psycopg.connect(url, autocommit=True)
        label = conn.execute("SELECT id FROM label WHERE kind = 'span' ORDER BY id LIMIT 1").fetchone()[0]
        me = conn.execute("SELECT annotator_my_coder()").fetchone()[0]

        def save(span: Span) -> None:
            conn.execute('INSERT INTO span (uid, document_id, coder_id, label_id, start, "end", unsure, created_at,'
                         " updated_at) VALUES (%s, %s, %s, %s, %s, %s, false, 'now', 'now')",
                         (span.uid, span.document_id, me, label, span.start, span.end))
    else:
        def save(span: Span) -> None:
            with db.transaction() as tx:
                span_store.add_span(tx, span)
    latencies, errors = [], []
    next_at = time.perf_counter()
    for i in range(spans):
        doc, length = docs[i % len(docs)]
        start = (i * 7) % max(1, length - 10)
        span = Span(new_span_uid(), doc, coder, start, start + 5, "pro-engagement")
        t0 = time.perf_counter()
        try:
            save(span)
        except Exception as exc:  # noqa: BLE001 - counted and reported, not hidden
            errors.append(repr(exc))
        latencies.append(time.perf_counter() - t0)
        next_at += 1.0 / rate
        time.sleep(max(0.0, next_at - time.perf_counter()))
    db.close()
    out.write_text(json.dumps({"latencies": latencies, "errors": errors}))


def run_coders(admin_url: str, coders: list[str], spans: int, rate: float, workdir: Path, raw: bool, run: int) -> dict:
    url, passwords = fresh_project(admin_url, f"savers_{run}_{int(raw)}", coders)
    from annotator.core.types import NewDocument
    from annotator.store.documents import add_documents
    from annotator.store.postgres.server_database import ServerDatabase

    pi = ServerDatabase.open(as_member(url, "maria", passwords["maria"]))
    with pi.transaction() as tx:
        add_documents(tx, [NewDocument(f"Document {n}: " + "engagement with Minsk is the question. " * 20)
                           for n in range(50)])
    procs = []
    for coder in coders:
        out = workdir / f"{coder}.json"
        procs.append((out, subprocess.Popen(
            [sys.executable, str(HERE), "coder", as_member(url, coder, passwords[coder]), coder, str(spans), str(rate),
             str(out), "raw" if raw else "store"], env={**os.environ, "PYTHONPATH": str(REPO)})))
    for _, proc in procs:
        proc.wait()
    latencies, errors = [], []
    for out, proc in procs:
        if proc.returncode != 0 or not out.exists():
            errors.append(f"coder process exited {proc.returncode}")
            continue
        result = json.loads(out.read_text())
        latencies += result["latencies"]
        errors += result["errors"]
    with pi.read() as tx:
        from annotator.store.stats import project_stats

        stored = project_stats(tx).spans
    pi.close()
    latencies.sort()
    return {"p50_ms": 1000 * statistics.median(latencies), "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
            "max_ms": 1000 * latencies[-1], "saved": len(latencies), "stored": stored, "errors": errors[:5],
            "error_count": len(errors)}


# --- a change seen in the PI's window ------------------------------------------------------------------

def live_update(admin_url: str, tries: int, poll_s: float) -> list[float]:
    """Coder alice commits a span; the PI's watch is polled every `poll_s` (the app's timer) and, when it
    says so, the PI reads the document's spans: seconds from commit to the span in the PI's hands."""
    from annotator.core.span_ids import new_span_uid
    from annotator.core.types import NewDocument, Span
    from annotator.store import spans as span_store
    from annotator.store.documents import add_documents
    from annotator.store.postgres.server_database import ServerDatabase
    from annotator.store.postgres.watch import ServerChangeWatch

    url, passwords = fresh_project(admin_url, "live", ["alice"])
    pi = ServerDatabase.open(as_member(url, "maria", passwords["maria"]), for_coding=True)
    with pi.transaction() as tx:
        doc = add_documents(tx, [NewDocument("Engagement with Minsk is the question.")])[0].id
    alice = ServerDatabase.open(as_member(url, "alice", passwords["alice"]), for_coding=True)
    watch = ServerChangeWatch(as_member(url, "maria", passwords["maria"]))
    delays = []
    for i in range(tries):
        time.sleep(poll_s * (i % 7) / 7)  # commits fall anywhere between two polls
        with alice.transaction() as tx:
            uid = span_store.add_span(tx, Span(new_span_uid(), doc, "alice", 0, 10, "pro-engagement")).uid
        committed = time.perf_counter()
        while True:
            if watch.changed():
                with pi.read() as tx:
                    if uid in {s.uid for s in span_store.spans_for(tx, doc)}:
                        break
            time.sleep(poll_s)
        delays.append(time.perf_counter() - committed)
    watch.close()
    alice.close()
    pi.close()
    return delays


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "coder":
        coder_process(argv[1], argv[2], int(argv[3]), float(argv[4]), Path(argv[5]), argv[6] == "raw")
        return 0
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    synthetic.add_spec_arguments(parser)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--coder-processes", type=int, default=6)
    parser.add_argument("--spans-per-coder", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=5.0, help="spans per second per coder")
    parser.add_argument("--poll", type=float, default=0.25, help="the app's watch interval, seconds")
    parser.add_argument("--only", choices=("push", "export", "save", "live"), action="append")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped: still stop the cluster, remove the files
    spec = synthetic.spec_from_args(args)
    only = set(args.only or ("push", "export", "save", "live"))
    if not shutil.which("psql"):
        print("psql is needed for the COPY baseline", file=sys.stderr)
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="annotator-bench-server-"))
    os.chmod(workdir, 0o755)  # psql's \copy reads the CSV files as the invoking user; fine either way
    results: dict[str, object] = {}
    try:
        with cluster() as admin_url:
            if only & {"push", "export"}:
                project = workdir / "study.annotator"
                print(f"building {spec.documents:,} documents / {spec.spans:,} spans ...", flush=True)
                synthetic.build_project(spec, project)
                counts = write_csvs(project, workdir / "csv")
                coders = list(spec.coder_names)
                print(f"rows: {counts}", flush=True)
            if "push" in only:
                ours, raw = [], []
                for run in range(args.repeat):
                    raw.append(time_copy(admin_url, workdir / "csv", coders, run))
                    ours.append(time_push(admin_url, project, coders, run))
                results["push"] = _ratio(ours, raw, 2.0)
                print("push", results["push"], flush=True)
            if "export" in only:
                url, passwords = fresh_project(admin_url, "export_src", coders)
                subprocess.run([sys.executable, "-c", CLI, "server", "push", str(project), url], check=True,
                               capture_output=True, env={**os.environ, "PYTHONPATH": str(REPO)})
                pi_url = as_member(url, "maria", passwords["maria"])
                ours, raw = [], []
                for run in range(args.repeat):
                    raw.append(time_export(str(project), workdir / f"file-{run}.jsonl"))
                    ours.append(time_export(pi_url, workdir / f"server-{run}.jsonl"))
                same = (workdir / "file-0.jsonl").read_bytes() == (workdir / "server-0.jsonl").read_bytes()
                results["export"] = {**_ratio(ours, raw, 1.5), "identical_bytes": same}
                print("export", results["export"], flush=True)
            if "save" in only:
                coders = [f"coder{n}" for n in range(1, args.coder_processes + 1)]
                runs = {"raw": [], "ours": []}
                for run in range(args.repeat):
                    runs["raw"].append(run_coders(admin_url, coders, args.spans_per_coder, args.rate, workdir, True, run))
                    runs["ours"].append(run_coders(admin_url, coders, args.spans_per_coder, args.rate, workdir, False, run))
                results["save"] = {side: {key: (statistics.median(r[key] for r in rs) if key.endswith("_ms") else
                                                 sum(r[key] for r in rs) if key in ("saved", "stored", "error_count")
                                                 else [e for r in rs for e in r[key]][:5]) for key in rs[0]}
                                   for side, rs in runs.items()}
                results["save"]["p50_ratio"] = round(results["save"]["ours"]["p50_ms"] / results["save"]["raw"]["p50_ms"], 2)
                print("save", results["save"], flush=True)
            if "live" in only:
                delays = sorted(live_update(admin_url, 30, args.poll))
                results["live"] = {"median_s": statistics.median(delays), "max_s": delays[-1], "poll_s": args.poll}
                print("live", results["live"], flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(results, indent=2))
    return 0


def _ratio(ours: list[float], raw: list[float], target: float) -> dict[str, float | bool]:
    ratio = statistics.median(ours) / statistics.median(raw)
    return {"ours_s": round(statistics.median(ours), 3), "raw_s": round(statistics.median(raw), 3),
            "ratio": round(ratio, 2), "target": target, "ok": ratio <= target}


if __name__ == "__main__":
    sys.exit(main())
