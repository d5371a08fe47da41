"""Which stored span an incoming span id means: ids are matched within (document, coder).

Tools that number spans per document (brat's "T1", Label Studio's region ids, a script's "1", "2")
give many documents the same ids, and two coders' files can share them too. An incoming id that a
span (or a deletion) of another document or coder holds already is therefore never that span: the
incoming span gets an id of its own, computed from its document, coder and incoming id (so importing
the file again finds it again), and the incoming id is kept as its `source_id` for round trips.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.errors import InputError
from annotator.core.span_ids import span_uid_for_taken_id
from annotator.store._rows import Session, run
from annotator.store.coders import coder_ids
from annotator.store.documents import doc_ids_of

_CHUNK = 500  # parameters per IN (...) lookup, well below SQLite's limit
Owner = tuple[int, int]  # document id, coder id


@dataclass(frozen=True, slots=True)
class Placed:
    uid: str  # the id to store the span under
    stored: bool  # a span with this id (of this document and coder) is stored: the incoming one may update it
    taken: bool  # the incoming id was another document's or coder's: `uid` is a new one


class SpanIdentity:
    """Places incoming span ids for one import or merge (one transaction). Ids placed earlier in the
    same import count as taken too, so two documents of one file that both say "1" stay apart."""

    def __init__(self, tx: Session) -> None:
        self.tx = tx
        self._placed: dict[str, Owner] = {}  # ids placed in this import -> their owner
        self._owners: dict[Owner, Owner] = {}  # one tuple per owner: a million ids share a few thousand
        self._spans = run(tx, "SELECT EXISTS (SELECT 1 FROM span)").scalar_one()
        self._stones = run(tx, "SELECT EXISTS (SELECT 1 FROM span_tombstone)").scalar_one()
        self._doc_ids: dict[int, str] = {}
        self._coders: dict[int, str] | None = None

    def sort_rows(self, rows: list[tuple[Any, ...]]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], int]:
        """Span rows (uid, document id, coder id, ..., source_id last) as they go in, in import order:
        rows of new spans, rows of spans stored already (or earlier in this import: an update), and how
        many rows got a new id (their incoming id, kept as source_id, was another's)."""
        stored, buried = self._lookup([row[0] for row in rows])
        placed, owners = self._placed, self._owners
        fresh, known, taken = [], [], []
        key: Owner = (-1, -1)
        for row in rows:  # a million in a big import: the common case takes a few dict lookups
            uid = row[0]
            if key[0] != row[1] or key[1] != row[2]:  # rows come record by record: one owner after another
                key = owners.setdefault((row[1], row[2]), (row[1], row[2]))
            owner = placed.get(uid) or stored.get(uid)
            if owner is None:
                if buried and buried.get(uid, key) != key:
                    taken.append(row)
                    continue
                placed[uid] = key
                fresh.append(row)
            elif owner == key:
                known.append(row)
            else:
                taken.append(row)
        for row, where in zip(taken, self.place([(row[0], row[1], row[2]) for row in taken]), strict=True):
            row = (where.uid, *row[1:-1], row[-1] or row[0])
            (known if where.stored else fresh).append(row)
        return fresh, known, len(taken)

    def place(self, wanted: Sequence[tuple[str, int, int]]) -> list[Placed]:
        """For each incoming (uid, document id, coder id): where it goes. Call in import order."""
        stored, buried = self._lookup([uid for uid, _d, _c in wanted])
        placed = [self._place_one(uid, (doc, coder), stored, buried) for uid, doc, coder in wanted]
        taken = [i for i, p in enumerate(placed) if p.taken]
        if taken:  # rare: look the new ids up as well (a second owner of one means a forged id)
            stored, buried = self._lookup([placed[i].uid for i in taken])
            for i in taken:
                uid, doc, coder = placed[i].uid, wanted[i][1], wanted[i][2]
                again = self._place_one(uid, (doc, coder), stored, buried)
                if again.taken:
                    raise InputError(f"span id {wanted[i][0]!r} and its replacement {uid!r} are both another "
                                     "document's or coder's", hint="give the spans of this file ids of their own")
                placed[i] = Placed(uid, again.stored, True)
        return placed

    def _place_one(self, uid: str, key: Owner, stored: dict[str, Owner], buried: dict[str, Owner]) -> Placed:
        key = self._owners.setdefault(key, key)
        owner = self._placed.get(uid) or stored.get(uid)
        if (owner or buried.get(uid) or key) != key:
            return Placed(self._own_id(uid, key), False, True)
        self._placed[uid] = key
        return Placed(uid, owner is not None, False)

    def _own_id(self, uid: str, key: Owner) -> str:
        document_id, coder_id = key
        if document_id not in self._doc_ids:
            self._doc_ids.update(doc_ids_of(self.tx, [document_id]))
        if self._coders is None or coder_id not in self._coders:
            self._coders = {i: name for name, i in coder_ids(self.tx).items()}
        return span_uid_for_taken_id(self._doc_ids[document_id], self._coders[coder_id], uid)

    def _lookup(self, uids: list[str]) -> tuple[dict[str, Owner], dict[str, Owner]]:
        """The owners of these ids among stored spans, and among deleted ones."""
        return self._owners_in("span", uids) if self._spans else {}, \
            self._owners_in("span_tombstone", uids) if self._stones else {}

    def _owners_in(self, table: str, uids: list[str]) -> dict[str, Owner]:
        found: dict[str, Owner] = {}
        unique = list(dict.fromkeys(uids))
        for i in range(0, len(unique), _CHUNK):
            chunk = unique[i : i + _CHUNK]
            sql = f"SELECT uid, document_id, coder_id FROM {table} WHERE uid IN ({','.join('?' * len(chunk))})"
            found.update((uid, (doc, coder)) for uid, doc, coder in run(self.tx, sql, chunk))
        return found
