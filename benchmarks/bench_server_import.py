"""A coder's import of her spans into a server project (issue 11: set-based, not row by row).

    .venv/bin/python benchmarks/bench_server_import.py [--documents 2000] [--spans 30] [--runs 3]

A throwaway durable PostgreSQL cluster (scripts/pg-throwaway.sh). Per run, a fresh project whose PI
imported the documents; then, as the coder's own login (row security on), paired one after the other:

- ours: `annotator import URL alice.jsonl` (in process), every span new;
- raw, set-based: psycopg, one `INSERT … SELECT FROM unnest(arrays)` of the same span rows, one commit;
- raw, row by row: psycopg `executemany` of the same rows (what import did before), one commit.

Each runs on a project of its own with the same documents. Prints min / median and ours over the
set-based raw insert.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import orjson
from bench_server import as_member, cluster, fresh_project

from annotator.cli import main as cli

COLUMNS = ("uid", "document_id", "coder_id", "label_id", "start", "end", "holder", "note", "unsure", "provenance",
           "created_at", "updated_at")
LABELS = ("pro-engagement", "pro-isolation", "ambivalent")


def write_inputs(folder: Path, documents: int, spans: int) -> tuple[Path, Path]:
    articles, work = folder / "articles.jsonl", folder / "alice.jsonl"
    with articles.open("wb") as a, work.open("wb") as w:
        for n in range(documents):
            text = f"Article {n}: " + " ".join(f"word{k} Лукашенко 🇧🇾" for k in range(spans * 2))
            a.write(orjson.dumps({"text": text}) + b"\n")
            w.write(orjson.dumps({"text": text, "coder": "alice", "status": "done", "spans": [
                {"start": 10 + 5 * k, "end": 20 + 5 * k, "label": LABELS[k % 3]} for k in range(spans)]}) + b"\n")
    return articles, work


def project(admin: str, name: str, articles: Path) -> tuple[str, str]:
    url, passwords = fresh_project(admin, name, ["alice"])
    assert cli(["import", as_member(url, "maria", passwords["maria"]), str(articles)]) == 0
    return url, as_member(url, "alice", passwords["alice"])


def raw_rows(alice: str, work: Path) -> tuple[list[tuple], str]:
    import psycopg

    with psycopg.connect(alice) as conn:
        doc_ids = {h: i for i, h in conn.execute("SELECT id, content_hash FROM document")}
        coder = conn.execute("SELECT id FROM coder WHERE name = 'alice'").fetchone()
        labels = dict(conn.execute("SELECT name, id FROM label"))
    from annotator.core.types import content_hash

    rows, n = [], 0
    for line in work.read_bytes().splitlines():
        record = orjson.loads(line)
        doc = doc_ids[content_hash(record["text"])]
        for s in record["spans"]:
            n += 1
            rows.append((f"raw-{n}", doc, coder[0] if coder else None, labels[s["label"]], s["start"], s["end"], None,
                         None, False, None, "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))
    names = ", ".join(f'"{c}"' for c in COLUMNS)
    return rows, names


def raw_insert(alice: str, rows: list[tuple], names: str, set_based: bool) -> float:
    import psycopg

    with psycopg.connect(alice) as conn:
        if rows[0][2] is None:  # the coder row is made by her first save: make it as ours does
            coder = conn.execute("INSERT INTO coder (name) VALUES ('alice') RETURNING id").fetchone()[0]
            rows = [(*r[:2], coder, *r[3:]) for r in rows]
        started = time.perf_counter()
        if set_based:
            types = ("text", "integer", "integer", "integer", "integer", "integer", "text", "text", "boolean", "text",
                     "text", "text")
            arrays = ", ".join(f"%s::{t}[]" for t in types)
            conn.execute(f"INSERT INTO span ({names}) SELECT * FROM unnest({arrays})",
                         [list(c) for c in zip(*rows, strict=True)])
        else:
            with conn.cursor() as cursor:
                cursor.executemany(f"INSERT INTO span ({names}) VALUES ({', '.join(['%s'] * len(COLUMNS))})", rows)
        conn.commit()
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument("--spans", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-import-"))
    articles, work = write_inputs(folder, args.documents, args.spans)
    times: dict[str, list[float]] = {"ours": [], "raw set-based": [], "raw row by row": []}
    with cluster() as admin:
        for run in range(args.runs):
            _, alice = project(admin, f"ours_{run}", articles)
            started = time.perf_counter()
            assert cli(["import", alice, str(work)]) == 0
            times["ours"].append(time.perf_counter() - started)
            for key, set_based in (("raw set-based", True), ("raw row by row", False)):
                _, alice = project(admin, f"raw_{int(set_based)}_{run}", articles)
                rows, names = raw_rows(alice, work)
                times[key].append(raw_insert(alice, rows, names, set_based))
    spans = args.documents * args.spans
    print(f"\n{spans:,} spans of {args.documents:,} documents, imported by the coder's login (row security on):",
          file=sys.stderr)
    for key, values in times.items():
        print(f"  {key:15s} min {min(values):6.2f} s  median {statistics.median(values):6.2f} s", file=sys.stderr)
    ratio = [o / r for o, r in zip(times["ours"], times["raw set-based"], strict=True)]
    print(f"  ours / raw set-based: min {min(ratio):.2f}x, median {statistics.median(ratio):.2f}x "
          "(ours also reads and checks the file, matches ids, keeps counts and statuses)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
