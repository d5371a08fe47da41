"""What the app's save on a server project costs now that it goes through the outbox (issue 11, lost
connections): `Outbox.deliver(edits.add_span(...))` (the edit's receipt INSERT in the same transaction,
so a resent edit is not applied twice) against the store's `add_span` in a transaction of its own (the
save before the outbox), one coder, on a durable throwaway cluster (fsync on, synchronous_commit on).

    python benchmarks/bench_outbox.py [--spans 300] [--repeat 3]

Each run saves `--spans` spans both ways, alternating span by span (same load), and reports p50 / p99
per way and the ratio ours/plain as min / median over the runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_server import as_member, cluster, fresh_project  # noqa: E402


def one_run(admin_url: str, run: int, count: int) -> tuple[list[float], list[float]]:
    from annotator.core.span_ids import new_span_uid
    from annotator.core.types import NewDocument, Span
    from annotator.store import edits, spans
    from annotator.store.documents import add_documents
    from annotator.store.postgres.journal import Journal, journal_key
    from annotator.store.postgres.outbox import Outbox
    from annotator.store.postgres.server_database import ServerDatabase

    url, passwords = fresh_project(admin_url, f"outbox_{run}", ["alice"])
    pi = ServerDatabase.open(as_member(url, "maria", passwords["maria"]))
    with pi.transaction() as tx:
        (doc,) = add_documents(tx, [NewDocument("Engagement with Minsk is the question. " * 20)])
    pi.close()
    db = ServerDatabase.open(as_member(url, "alice", passwords["alice"]), for_coding=True)
    outbox = Outbox(db, Journal(Path(tempfile.mkdtemp(prefix="bench-outbox-")), journal_key(db.location)))
    plain, ours = [], []
    for n in range(2 * count):
        span = Span(new_span_uid(), doc.id, "alice", (n * 7) % 700, (n * 7) % 700 + 5, "pro-engagement")
        started = time.perf_counter()
        if n % 2:
            outbox.deliver(edits.add_span(span))
            ours.append(time.perf_counter() - started)
        else:
            with db.transaction() as tx:
                spans.add_span(tx, span)
            plain.append(time.perf_counter() - started)
    outbox.close()
    db.close()
    return plain, ours


def _p(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))] * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--spans", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    ratios = []
    with cluster() as admin_url:
        for run in range(args.repeat):
            plain, ours = one_run(admin_url, run, args.spans)
            ratio = statistics.median(ours) / statistics.median(plain)
            ratios.append(ratio)
            print(f"run {run}: plain p50 {_p(plain, 0.5):.2f} ms p99 {_p(plain, 0.99):.2f} ms; "
                  f"outbox p50 {_p(ours, 0.5):.2f} ms p99 {_p(ours, 0.99):.2f} ms; p50 ratio {ratio:.2f}x")
    print(f"outbox/plain p50 ratio min {min(ratios):.2f}x / median {statistics.median(ratios):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
