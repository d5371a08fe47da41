"""Documents: immutable article texts, matched by content hash."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from annotator.core.errors import InputError
from annotator.core.types import (
    Document,
    DocumentId,
    DocumentSummary,
    NewDocument,
    Status,
    doc_id_for,
)
from annotator.store._rows import Session, dumps, like, loads, run, run_many
from annotator.store.database import utc_now

_CHUNK = 500  # parameters per IN (...) lookup, well below SQLite's limit


@dataclass(frozen=True, slots=True)
class AddedDocument:
    id: DocumentId
    doc_id: str
    added: bool  # False: the same text was there already (skipped)


def add_documents(tx: Session, documents: Iterable[NewDocument]) -> list[AddedDocument]:
    """Insert new texts in one executemany; texts already present (same hash) are skipped."""
    docs = list(documents)
    hashes = [d.content_hash for d in docs]
    existing = ids_by_hash(tx, hashes)
    now = utc_now()
    fresh: dict[str, NewDocument] = {}
    for doc, h in zip(docs, hashes, strict=True):
        if h not in existing and h not in fresh:
            if not doc.text.strip():
                raise InputError("the text is empty")
            fresh[h] = doc
    run_many(
        tx,
        "INSERT INTO document (content_hash, text, length, title, outlet, url, date, language, meta, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((h, d.text, len(d.text), d.title, d.outlet, d.url, d.date, d.language, dumps(d.meta), now) for h, d in fresh.items()),
    )
    ids = {**existing, **ids_by_hash(tx, list(fresh))}
    seen: set[str] = set()
    result = []
    for h in hashes:
        result.append(AddedDocument(DocumentId(ids[h]), doc_id_for(h), h in fresh and h not in seen))
        seen.add(h)
    return result


def ids_by_hash(tx: Session, hashes: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    unique = list(dict.fromkeys(hashes))
    for i in range(0, len(unique), _CHUNK):
        chunk = unique[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        found.update(run(tx, f"SELECT content_hash, id FROM document WHERE content_hash IN ({marks})", chunk).all())
    return found


def doc_ids_of(tx: Session, document_ids: Iterable[int]) -> dict[int, str]:
    """document id -> public doc_id, without reading any text."""
    unique = list(dict.fromkeys(document_ids))
    found: dict[int, str] = {}
    for i in range(0, len(unique), _CHUNK):
        chunk = unique[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        found.update((row[0], doc_id_for(row[1]))
                     for row in run(tx, f"SELECT id, content_hash FROM document WHERE id IN ({marks})", chunk))
    return found


def get_document(tx: Session, document_id: DocumentId) -> Document:
    row = run(
        tx, "SELECT id, content_hash, text, title, outlet, url, date, language, meta FROM document WHERE id = ?", (document_id,)
    ).first()
    if row is None:
        raise InputError(f"no document with id {document_id}")
    return Document(DocumentId(row[0]), row[1], row[2], row[3], row[4], row[5], row[6], row[7], loads(row[8]) or {})


def count_documents(tx: Session) -> int:
    return int(run(tx, "SELECT COUNT(*) FROM document").scalar_one())


def document_length(tx: Session, document_id: DocumentId) -> int:
    row = run(tx, "SELECT length FROM document WHERE id = ?", (document_id,)).first()
    if row is None:
        raise InputError(f"no document with id {document_id}")
    return int(row[0])


def list_summaries(
    tx: Session, coder: str, *, text_filter: str | None = None, status: Status | None = None
) -> list[DocumentSummary]:
    """Every document with this coder's status and span count, without loading any text; when the
    project has an assignment for this coder (`annotator assign`), only the documents assigned to them.

    `text_filter` matches title, outlet or text, case-insensitive (in a project file for ASCII letters only,
    as SQLite's LIKE; on a server for every letter).
    """
    sql = (
        "SELECT d.id, d.content_hash, d.title, d.outlet, d.date, d.length,"
        " COALESCE(a.status, 'not_started'), COALESCE(n.spans, 0)"
        " FROM document d"
        " LEFT JOIN coder c ON c.name = ?"
        " LEFT JOIN annotation a ON a.document_id = d.id AND a.coder_id = c.id"
        # Counts the store keeps (store/span_counts.py): a COUNT per document took ~0.1 s on 10,000.
        " LEFT JOIN span_count n ON n.document_id = d.id AND n.coder_id = c.id"
    )
    params: list[object] = [coder]
    where = []
    # Asked once, not for every document: most projects (and coders) have no assignment at all.
    if run(tx, "SELECT 1 FROM assignment x JOIN coder c ON c.id = x.coder_id WHERE c.name = ? LIMIT 1", (coder,)).first():
        where.append("EXISTS (SELECT 1 FROM assignment x WHERE x.coder_id = c.id AND x.document_id = d.id)")
    if text_filter:
        where.append("(d.title {0} ? OR d.outlet {0} ? OR d.text {0} ?)".format(like(tx)))
        params += [f"%{text_filter}%"] * 3
    if status is not None:
        where.append("COALESCE(a.status, 'not_started') = ?")
        params.append(str(status))
    sql += (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY d.id"
    statuses = {str(s): s for s in Status}  # a dict lookup, not Status(...), for each of 10,000 rows
    return [
        DocumentSummary(DocumentId(r[0]), doc_id_for(r[1]), r[2], r[3], r[4], r[5], statuses[r[6]], r[7])
        for r in run(tx, sql, params)
    ]


def iter_new_documents(tx: Session, only: set[int] | None = None) -> Iterator[NewDocument]:
    """Every document (or those with ids in `only`) as a NewDocument (to copy a project), in document
    order, streamed."""
    for row in run(tx, "SELECT id, text, title, outlet, url, date, language, meta FROM document ORDER BY id"):
        if only is None or row[0] in only:
            yield NewDocument(row[1], row[2], row[3], row[4], row[5], row[6], loads(row[7]) or {})
