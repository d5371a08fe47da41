"""Spans: one coder's labelled passages. Every write checks offsets against the document's length."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from operator import itemgetter
from typing import Any

from annotator.core.errors import InputError
from annotator.core.types import DocumentId, Span, Status, check_offsets
from annotator.store import span_counts, tombstones
from annotator.store._rows import Session, insert_set, on_server, run, run_many
from annotator.store.annotations import start as start_annotation
from annotator.store.coders import ensure_coder
from annotator.store.database import utc_now
from annotator.store.documents import document_length
from annotator.store.span_rows import spans_of_rows

_SELECT = (
    "SELECT s.uid, s.document_id, c.name, s.start, s.\"end\", l.name, s.holder, s.note, s.unsure,"
    " s.created_at, s.updated_at, s.provenance, s.source_id FROM span s JOIN coder c ON c.id = s.coder_id"
    " JOIN label l ON l.id = s.label_id"
)
_SELECT_OF_CODER = ('SELECT s.uid, s.start, s."end", s.label_id, s.holder, s.note, s.unsure, s.created_at,'
                    " s.updated_at, s.provenance, s.source_id FROM span s WHERE s.document_id = ? AND s.coder_id = ?")
_EDITABLE = {"label", "start", "end", "holder", "note", "unsure", "provenance"}
_TEXT_ORDER = itemgetter(3, 4, 5, 2, 0)  # start, end, label, coder, uid of a _SELECT row
# What a new span needs to know, in one statement: its document's length, its coder's and its label's ids,
# whether its uid was deleted before (an undo restores it), and the coder's status on the document.
_LOOKUP = ("SELECT (SELECT length FROM document WHERE id = ?), (SELECT id FROM coder WHERE name = ?),"
           " (SELECT id FROM label WHERE kind = 'span' AND name = ?), (SELECT 1 FROM span_tombstone WHERE uid = ?),"
           " (SELECT a.status FROM annotation a JOIN coder c ON c.id = a.coder_id"
           " WHERE a.document_id = ? AND c.name = ?)")


# The one INSERT of a span row (columns in this order); `_UPSERT` makes it update a known span.
_INSERT = (
    'INSERT INTO span (uid, document_id, coder_id, label_id, start, "end", holder, note, unsure, provenance,'
    " created_at, updated_at, source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_COLUMNS = ("uid", "document_id", "coder_id", "label_id", "start", "end", "holder", "note", "unsure", "provenance",
            "created_at", "updated_at", "source_id")
_SET_FROM = 20
_UPSERT = (
    " ON CONFLICT(uid) DO UPDATE SET"
    ' label_id = excluded.label_id, start = excluded.start, "end" = excluded."end", holder = excluded.holder,'
    " note = excluded.note, unsure = excluded.unsure, provenance = excluded.provenance, updated_at = excluded.updated_at"
    # Never another document's or coder's span: span_identity.py gives such ids a new one; this is the last guard.
    " WHERE span.document_id = excluded.document_id AND span.coder_id = excluded.coder_id"
    " AND excluded.updated_at > span.updated_at AND (span.label_id IS DISTINCT FROM excluded.label_id"
    ' OR span.start IS DISTINCT FROM excluded.start OR span."end" IS DISTINCT FROM excluded."end"'
    " OR span.holder IS DISTINCT FROM excluded.holder OR span.note IS DISTINCT FROM excluded.note"
    " OR span.unsure IS DISTINCT FROM excluded.unsure OR span.provenance IS DISTINCT FROM excluded.provenance)"
)


def insert_rows(tx: Session, rows: Iterable[Sequence[Any]], *, update_newer: bool = False) -> int:
    """Store span rows (in `_INSERT`'s column order; offsets checked by the caller). With `update_newer`,
    a row whose uid is stored updates that span if the row is newer and differs. Returns the rows
    inserted or updated. Keeps the span counts (store/span_counts.py)."""
    rows = list(rows)
    if update_newer:  # row by row: one statement may not update the same span twice (a file may)
        changed = run_many(tx, _INSERT + _UPSERT, rows)
    elif len(rows) >= _SET_FROM and on_server(tx):  # an import's batch on a server: one statement
        changed = insert_set(tx, "span", _COLUMNS, rows)
    else:  # a key press's one span, or a project file (its statements are cheap)
        changed = run_many(tx, _INSERT, rows)
    pairs = [(row[1], row[2]) for row in rows]
    if update_newer:
        span_counts.recount(tx, pairs)  # an upsert inserts what it does not find: count exactly
    else:
        span_counts.add(tx, pairs)  # a plain INSERT stored every row (or raised)
    return changed


def add_span(tx: Session, span: Span) -> Span:
    """Store `span` (its uid and timestamps are kept when given, so undo restores the same span).

    The coder's status on the document becomes 'in progress' if it was 'not started'. A key press
    waits for this (issue 14): the lookups in one statement, then the span, its count and the coder's
    status (only if not started yet) and the tombstone (only if an undone deletion left one).
    """
    length, coder_id, label_id, buried, status = run(
        tx, _LOOKUP, (span.document_id, span.coder, span.label, span.uid, span.document_id, span.coder)).first()
    if length is None:
        raise InputError(f"no document with id {span.document_id}")
    if label_id is None:
        raise InputError(f"label {span.label!r} is not in the codebook", hint="add it to the codebook first")
    _check(span, length)
    if coder_id is None:  # a new coder, or a name to tidy first
        coder_id = ensure_coder(tx, span.coder).id
    now = utc_now()
    if span.created_at is None or span.updated_at is None:  # (dataclasses.replace costs ~15 µs here)
        span = Span(span.uid, span.document_id, span.coder, span.start, span.end, span.label, span.holder, span.note,
                    span.unsure, span.created_at or now, span.updated_at or now, span.provenance, span.source_id)
    insert_rows(tx, [_row(span, coder_id, label_id)])
    if buried:
        tombstones.unbury(tx, [span.uid])
    if status in (None, Status.NOT_STARTED):
        start_annotation(tx, span.document_id, coder_id, Status.IN_PROGRESS, now)
    return span


def get_span(tx: Session, uid: str) -> Span:
    row = run(tx, _SELECT + " WHERE s.uid = ?", (uid,)).first()
    if row is None:
        raise InputError(f"no span with id {uid}")
    return _span(row)


def delete_span(tx: Session, uid: str) -> Span:
    """Remove the span and leave a tombstone (so a merge of an older copy does not revive it)."""
    span = get_span(tx, uid)
    coder = ensure_coder(tx, span.coder)
    if run(tx, "DELETE FROM span WHERE uid = ?", (uid,)).rowcount:
        span_counts.add(tx, [(span.document_id, coder.id)], -1)
    tombstones.bury(tx, [(uid, span.document_id, coder.id, utc_now())])
    return span


def update_span(tx: Session, uid: str, *, updated_at: str | None = None, **changes: Any) -> Span:
    """Change label, offsets or attributes of a span (at `updated_at`, default now: an edit sent late
    keeps the time the coder made it); returns the span as stored now."""
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} of a span")
    old = get_span(tx, uid)
    new = replace(old, **changes, updated_at=updated_at or utc_now())
    _check(new, document_length(tx, new.document_id))
    run(
        tx,
        'UPDATE span SET label_id=?, start=?, "end"=?, holder=?, note=?, unsure=?, provenance=?, updated_at=? WHERE uid=?',
        (_label_id(tx, new.label), new.start, new.end, new.holder, new.note, new.unsure, new.provenance,
         new.updated_at, uid),
    )
    return new


def spans_for(tx: Session, document_id: DocumentId, coder: str | None = None) -> list[Span]:
    """The spans of a document (of one coder, or of all), in text order."""
    if coder is not None:
        return _coder_spans(tx, document_id, coder)
    rows = run(tx, _SELECT + " WHERE s.document_id = ?", (document_id,)).all()
    # Sorted here, rows before spans: SQLite would sort them in a temporary B-tree, ~4x slower on
    # 10,000 spans (a 1 MB article's); columns start, end, label, coder, uid (see _SELECT).
    rows.sort(key=_TEXT_ORDER)
    return [_span(row) for row in rows]


def _coder_spans(tx: Session, document_id: DocumentId, coder: str) -> list[Span]:
    """`spans_for` one coder: what the reader opens a document with (10,000 spans on a 1 MB article).

    The document and the coder are known, and the project's labels are few, so the rows carry neither
    joined names nor ids to look up: one string per label and coder serves every span (issue 14:
    the joins and a new string per row and name were a third of reading a long article's spans)."""
    coder_id = run(tx, "SELECT id FROM coder WHERE name = ?", (coder,)).first()
    if coder_id is None:
        return []
    labels = dict(run(tx, "SELECT id, name FROM label").all())
    rows = run(tx, _SELECT_OF_CODER, (document_id, coder_id[0])).all()
    rows.sort(key=lambda r: (r[1], r[2], labels[r[3]], r[0]))  # start, end, label, uid: text order
    return spans_of_rows(rows, DocumentId(int(document_id)), coder, labels)


def delete_spans(tx: Session, many: list[Span]) -> None:
    """`delete_span` for many spans in a few statements (undoing a bulk accept of thousands)."""
    now, coder_id = utc_now(), {name: ensure_coder(tx, name).id for name in {s.coder for s in many}}
    run_many(tx, "DELETE FROM span WHERE uid = ?", [(s.uid,) for s in many])
    span_counts.recount(tx, [(s.document_id, coder_id[s.coder]) for s in many])
    tombstones.bury(tx, [(s.uid, s.document_id, coder_id[s.coder], now) for s in many])


def restore_spans(tx: Session, many: list[Span]) -> None:
    """Put back spans that `delete_spans` removed, as they were (uid, timestamps): redo of a bulk accept.
    Offsets outside the document or a label no longer in the codebook are an error."""
    coder_id = {name: ensure_coder(tx, name).id for name in {s.coder for s in many}}
    labels = {name: _label_id(tx, name) for name in {s.label for s in many}}
    lengths = {doc: document_length(tx, doc) for doc in {s.document_id for s in many}}
    for span in many:
        _check(span, lengths[span.document_id])
    insert_rows(tx, [_row(s, coder_id[s.coder], labels[s.label]) for s in many])
    tombstones.unbury(tx, [s.uid for s in many])


def spans_of_coder(tx: Session, coder: str) -> list[Span]:
    """Every span of one coder in the project (e.g. the whole gold standard), by document then text order."""
    sql = _SELECT + ' WHERE c.name = ? ORDER BY s.document_id, s.start, s."end", l.name, s.uid'
    return [_span(row) for row in run(tx, sql, (coder,))]


def _check(span: Span, length: int) -> None:
    problem = check_offsets(span.start, span.end, length)
    if problem:
        raise InputError(f"span {span.uid}: {problem}")


def _row(span: Span, coder_id: int, label_id: int) -> tuple[Any, ...]:
    return (span.uid, span.document_id, coder_id, label_id, span.start, span.end, span.holder, span.note, span.unsure,
            span.provenance, span.created_at, span.updated_at, span.source_id)


def _label_id(tx: Session, name: str) -> int:
    row = run(tx, "SELECT id FROM label WHERE kind = 'span' AND name = ?", (name,)).first()
    if row is None:
        raise InputError(f"label {name!r} is not in the codebook", hint="add it to the codebook first")
    return int(row[0])


def _span(row: Sequence[Any]) -> Span:
    # row[0] and row[1] are a SpanUid and a DocumentId as they are: NewType is the identity at run time,
    # and calling it twice per span showed in opening a 1 MB article's 10,000 spans.
    return Span(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], bool(row[8]), row[9], row[10],
                row[11], row[12])
