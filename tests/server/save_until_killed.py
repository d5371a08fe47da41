"""A coder's app on a server project that saves span after span through the outbox and prints each
span's id once `deliver` has returned, i.e. once the app counts it as saved. tests/server/test_kill.py
kills it (SIGKILL) mid-stream.

    python tests/server/save_until_killed.py URL DOCUMENT_ID JOURNAL_FOLDER [CODER [COUNT]]

With COUNT it stops after that many spans (tests/server/test_two_apps.py runs two at once).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotator.core.span_ids import new_span_uid  # noqa: E402
from annotator.core.types import DocumentId, Span  # noqa: E402
from annotator.store import annotations, edits  # noqa: E402
from annotator.store.postgres.journal import Journal, journal_key  # noqa: E402
from annotator.store.postgres.outbox import Outbox  # noqa: E402
from annotator.store.postgres.server_database import ServerDatabase  # noqa: E402


def main(url: str, document_id: int, journal: str, coder: str = "alice", count: int | None = None) -> None:
    db = ServerDatabase.open(url, for_coding=True)
    outbox = Outbox(db, Journal(Path(journal), journal_key(db.location)))
    with db.read() as tx:
        assert annotations.get_annotation(tx, DocumentId(document_id), coder) is not None
    n = 0
    while count is None or n < count:
        start = (n * 3) % 60
        span = Span(new_span_uid(), DocumentId(document_id), coder, start, start + 5, "pro-engagement",
                    note="x" * 2000)  # a row of some size, so a kill can fall inside its write
        outbox.deliver(edits.add_span(span))  # raises unless stored (the server is up all along here)
        print(span.uid, flush=True)
        n += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], *sys.argv[4:5], *[int(n) for n in sys.argv[5:6]])
