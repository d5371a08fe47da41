"""Deleted spans, remembered by uid, so that merging an older copy of a coder's work does not revive them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.store import span_counts
from annotator.store._rows import Session, run, run_many
from annotator.store.coders import ensure_coder
from annotator.store.documents import ids_by_hash
from annotator.store.span_identity import SpanIdentity


@dataclass(frozen=True, slots=True)
class Tombstone:
    uid: str
    content_hash: str
    coder: str
    deleted_at: str


def bury(tx: Session, rows: Iterable[Sequence[Any]]) -> None:
    """Remember deleted spans: rows of (uid, document id, coder id, deleted_at). A uid buried before
    keeps the later of the two times (portable SQL: no INSERT OR REPLACE, no MAX(a, b))."""
    run_many(
        tx,
        "INSERT INTO span_tombstone (uid, document_id, coder_id, deleted_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT(uid) DO UPDATE SET deleted_at = excluded.deleted_at"
        " WHERE excluded.deleted_at > span_tombstone.deleted_at",
        rows,
    )


def unbury(tx: Session, uids: Iterable[str]) -> None:
    """Forget the deletion of spans that are stored again (an undo, a redo, a newer import)."""
    run_many(tx, "DELETE FROM span_tombstone WHERE uid = ?", [(uid,) for uid in uids])


def list_tombstones(tx: Session) -> list[Tombstone]:
    rows = run(tx, "SELECT t.uid, d.content_hash, c.name, t.deleted_at FROM span_tombstone t"
                   " JOIN document d ON d.id = t.document_id JOIN coder c ON c.id = t.coder_id ORDER BY t.uid")
    return [Tombstone(*row) for row in rows]


def deletion_times(tx: Session) -> dict[str, str]:
    """uid -> when it was deleted, for every tombstone of the project."""
    return dict(run(tx, "SELECT uid, deleted_at FROM span_tombstone").all())


def apply_tombstones(tx: Session, tombstones: Iterable[Tombstone]) -> int:
    """Delete the spans these tombstones name unless they were edited after the deletion; keep the
    tombstones. Returns how many spans were deleted. Tombstones of documents not here are ignored.

    A tombstone's id means a span of its document and coder only (see span_identity.py): one whose id
    is another document's or coder's span here names the span that id was given instead."""
    stones = list(tombstones)
    doc_ids = ids_by_hash(tx, [t.content_hash for t in stones])
    stones = [t for t in stones if t.content_hash in doc_ids]
    owners = [(t.uid, doc_ids[t.content_hash], ensure_coder(tx, t.coder).id) for t in stones]
    rows = [(where.uid, doc, coder, t.deleted_at)
            for t, (_uid, doc, coder), where in zip(stones, owners, SpanIdentity(tx).place(owners), strict=True)]
    gone = []
    for uid, doc, coder, deleted_at in rows:
        if run(tx, "DELETE FROM span WHERE uid = ? AND document_id = ? AND coder_id = ? AND updated_at <= ?",
               (uid, doc, coder, deleted_at)).rowcount:
            gone.append((doc, coder))
    span_counts.add(tx, gone, -1)
    bury(tx, rows)
    return len(gone)
