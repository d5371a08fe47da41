"""Whole-project reads and writes as `CodingRecord`s: the streaming export path and the bulk import path.

Both go through the driver (executemany, plain cursors): per-object ORM work costs 8-90x here
(shared/MEASURED.md). Reads stream: documents, annotations and spans are three cursors in document
order, merge-joined, so memory holds one document at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from annotator.core.codebook import Label, LabelKind
from annotator.core.errors import InputError
from annotator.core.span_ids import span_uid
from annotator.core.timestamps import TimestampRule
from annotator.core.types import (
    CodingRecord,
    NewDocument,
    SpanRecord,
    Status,
    check_offsets,
    content_hash,
    doc_id_for,
)
from annotator.store import codebooks, spans
from annotator.store._rows import Session, loads, run, run_many, stream
from annotator.store.coders import coder_ids, ensure_coder
from annotator.store.database import utc_now
from annotator.store.documents import AddedDocument, add_documents
from annotator.store.span_identity import SpanIdentity

STANDARD_META = ("title", "outlet", "url", "date", "language")


def iter_coding_records(
    tx: Session, *, coders: Iterable[str] | None = None, only_done: bool = False, include_uncoded: bool = True
) -> Iterator[CodingRecord]:
    """Every (document, coder) with any work, in document then coder order; and, with
    `include_uncoded`, one `coder=None` record for each document nobody has worked on."""
    wanted = set(coders) if coders is not None else None
    names = {i: n for n, i in coder_ids(tx).items()}
    labels = {i: n for n, i in run(tx, "SELECT name, id FROM label")}
    docs = stream(tx, "SELECT id, content_hash, text, title, outlet, url, date, language, meta FROM document ORDER BY id")
    anns = _Peek(stream(tx, "SELECT document_id, coder_id, stance_id, note, status, updated_at FROM annotation ORDER BY document_id"))
    spans = _Peek(stream(tx, 'SELECT document_id, coder_id, uid, start, "end", label_id, holder, note, unsure,'
                              " created_at, updated_at, provenance, source_id FROM span ORDER BY document_id"))
    for doc in docs:
        doc_key, text, meta = doc_id_for(doc[1]), doc[2], _meta(doc)
        work: dict[str, dict[str, Any]] = {}
        for a in anns.take(doc[0]):
            work.setdefault(names[a[1]], {"spans": []}).update(stance=labels.get(a[2]), note=a[3], status=a[4], updated_at=a[5])
        for s in spans.take(doc[0]):
            work.setdefault(names[s[1]], {"spans": []})["spans"].append(
                SpanRecord(s[3], s[4], labels[s[5]], s[6], s[7], bool(s[8]), s[2], s[9], s[10], s[11], s[12]))
        emitted = False
        for coder in sorted(work):
            w = work[coder]
            status = Status(w.get("status", Status.NOT_STARTED))
            if (wanted is not None and coder not in wanted) or (only_done and status != Status.DONE):
                continue
            if not w["spans"] and status == Status.NOT_STARTED and w.get("stance") is None and not w.get("note"):
                continue
            w["spans"].sort(key=lambda r: (r.start, r.end, r.label, r.uid or ""))
            emitted = True
            yield CodingRecord(doc_key, text, meta, coder, w.get("stance"), status, w.get("note"), tuple(w["spans"]), w.get("updated_at"))
        if include_uncoded and not emitted and not work:
            yield CodingRecord(doc_key, text, meta, None)


def _meta(doc: tuple[Any, ...]) -> dict[str, Any]:
    meta = dict(zip(STANDARD_META, doc[3:8], strict=True))
    extra = loads(doc[8]) or {}
    meta.update({k: extra[k] for k in sorted(extra) if k not in meta})
    return meta


class _Peek:
    """A cursor over rows ordered by their first column, taken in groups."""

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self._rows = iter(rows)
        self._next = next(self._rows, None)

    def take(self, key: int) -> list[tuple[Any, ...]]:
        out = []
        while self._next is not None and self._next[0] <= key:
            if self._next[0] == key:
                out.append(self._next)
            self._next = next(self._rows, None)
        return out


@dataclass
class ImportCounts:
    documents_added: int = 0
    documents_skipped: int = 0
    spans_added: int = 0
    spans_updated: int = 0
    spans_unchanged: int = 0
    annotations_changed: int = 0
    spans_renumbered: int = 0  # their incoming id was another document's or coder's span's: given a new one
    labels_added: list[str] = field(default_factory=list)

    def add(self, other: ImportCounts) -> None:
        """Add the counts of another batch of the same import."""
        for name in ("documents_added", "documents_skipped", "spans_added", "spans_updated", "spans_unchanged",
                     "annotations_changed", "spans_renumbered"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.labels_added += other.labels_added


def import_coding_records(tx: Session, records: list[CodingRecord], *, add_labels: bool = False) -> ImportCounts:
    """Bring documents, spans and annotations in, in the caller's transaction (all or nothing).

    Spans are matched by id within (document, coder): a known span is updated only when the incoming
    copy differs and is newer; an id held by another document's or coder's span gets a new one.
    """
    counts = ImportCounts()
    _check_labels(tx, records, add_labels, counts)
    added = add_documents(tx, [_new_document(r) for r in records])
    counts.documents_added = sum(a.added for a in added)
    counts.documents_skipped = len({a.id for a in added}) - counts.documents_added
    coder_id = {name: ensure_coder(tx, name).id for name in sorted({r.coder for r in records if r.coder})}
    span_label = codebooks.label_ids(tx, "span")
    stance = codebooks.label_ids(tx, "stance")
    now = utc_now()
    _upsert_spans(tx, _span_rows(records, added, coder_id, span_label, now), counts)
    _upsert_annotations(tx, _annotation_rows(tx, records, added, coder_id, stance, now), counts)
    return counts


def _annotation_rows(tx: Session, records: list[CodingRecord], added: list[AddedDocument], coder_id: Mapping[str, int],
                     stance: dict[str, int], now: str) -> list[tuple[Any, ...]]:
    """The annotation rows of the records that say anything about the document. A field a record
    does not give (`not_given`, a status of None) keeps its value: this import's earlier row for
    the same work, else the stored one, else none (status: in progress)."""
    rows: list[tuple[Any, ...]] = []
    rule = TimestampRule()
    latest: dict[tuple[int, int], tuple[Any, ...]] = {}
    for record, doc in zip(records, added, strict=True):
        partial = record.not_given
        if record.coder is None or (record.status is None and {"doc_label", "note"} <= partial):
            continue  # no document-level work on this line (spans only, or a merge conflict left out)
        try:
            updated = rule.canonical(record.updated_at) if record.updated_at is not None else now
        except ValueError as exc:
            raise InputError(f"updated_at {exc}", line=record.source_line) from None
        key = (doc.id, coder_id[record.coder])
        values = (stance.get(record.doc_label) if record.doc_label else None, record.note, record.status)
        if partial or record.status is None:
            kept = latest.get(key) or run(tx, "SELECT stance_id, note, status FROM annotation"
                                               " WHERE document_id = ? AND coder_id = ?", key).first()
            if kept is not None:
                values = (kept[0] if "doc_label" in partial else values[0], kept[1] if "note" in partial else values[1],
                          values[2] or kept[2])
        latest[key] = values
        rows.append((*key, values[0], values[1], str(values[2] or Status.IN_PROGRESS), updated, updated))
    return rows


def _new_document(record: CodingRecord) -> NewDocument:
    meta = dict(record.meta)
    standard = {k: (str(meta.pop(k)) if meta.get(k) is not None else meta.pop(k, None)) for k in STANDARD_META}
    return NewDocument(record.text, meta=meta, **standard)


def _check_labels(tx: Session, records: list[CodingRecord], add_labels: bool, counts: ImportCounts) -> None:
    kinds: tuple[tuple[LabelKind, set[str]], ...] = (("span", {s.label for r in records for s in r.spans}),
                                                    ("stance", {r.doc_label for r in records if r.doc_label}))
    for kind, used in kinds:
        missing = sorted(used - set(codebooks.label_ids(tx, kind)))
        if not missing:
            continue
        if not add_labels:
            what = "labels" if kind == "span" else "document stances"
            raise InputError(f"{what} not in the codebook: {', '.join(missing)}",
                             hint="add them to the codebook, or import with --add-labels")
        for name in missing:
            codebooks.save_label(tx, Label(name, kind))
            counts.labels_added.append(name)


def _span_rows(records: list[CodingRecord], added: list[AddedDocument], coder_id: Mapping[str, int],
               span_label: dict[str, int], now: str) -> Iterator[tuple[Any, ...]]:
    """The span table rows of the records (with the incoming id last): offsets checked against the
    text, `unsure` a boolean, timestamps dates that are not in the future."""
    rule = TimestampRule()
    for record, doc in zip(records, added, strict=True):
        if record.coder is None:
            continue
        length, coder, text_hash = len(record.text), coder_id[record.coder], None
        for number, s in enumerate(record.spans, start=1):
            start, end = s.start, s.end
            problem = check_offsets(start, end, length)
            if problem:
                raise InputError(f"span {number}: {problem}", line=record.source_line)
            if type(s.unsure) is not bool:  # noqa: E721 ("no" is a true value in Python)
                raise InputError(f"span {number}: 'unsure' must be true or false, not {s.unsure!r}", line=record.source_line)
            try:
                created = rule.canonical(s.created_at) if s.created_at is not None else now
                updated = created if s.updated_at is None or s.updated_at == s.created_at else rule.canonical(s.updated_at)
            except ValueError as exc:
                raise InputError(f"span {number}: created_at/updated_at {exc}", line=record.source_line) from None
            uid = s.uid
            if not uid:
                text_hash = text_hash or content_hash(record.text)
                uid = span_uid(text_hash, record.coder, s)
            yield (uid, doc.id, coder, span_label[s.label], start, end, s.holder, s.note, s.unsure, s.provenance,
                   created, updated, s.source_id)


def _upsert_spans(tx: Session, rows: Iterable[tuple[Any, ...]], counts: ImportCounts) -> None:
    """Insert new spans and update known ones, in batches (a million rows at once: ~150 MB).

    Ids are matched within (document, coder) (see span_identity.py): an id another document or coder
    holds gets a new one, the incoming id kept as `source_id`. A plain INSERT costs half of an upsert in
    SQLite (measured: 3.2 s against 7.4 s for 300,000 rows), so only rows whose span is stored already,
    or came earlier in this import, take the upsert, after the plain inserts: for any one span the rows
    are still applied in file order.
    """
    before_rows = run(tx, "SELECT COUNT(*) FROM span").scalar_one()
    changed = 0
    identity = SpanIdentity(tx)
    total = 0
    while batch := list(islice(rows, _SPAN_BATCH)):
        fresh, known, renumbered = identity.sort_rows(batch)
        counts.spans_renumbered += renumbered
        changed += spans.insert_rows(tx, fresh)
        changed += spans.insert_rows(tx, known, update_newer=True)
        total += len(batch)
    counts.spans_added = run(tx, "SELECT COUNT(*) FROM span").scalar_one() - before_rows
    counts.spans_updated = changed - counts.spans_added
    counts.spans_unchanged = total - changed


_SPAN_BATCH = 50_000


def upsert_annotation_rows(tx: Session, rows: list[tuple[Any, ...]]) -> int:
    """Annotation rows (document, coder, stance id, note, status, created, updated) stored by import's
    rule: a row replaces a stored one only if newer and different. How many rows changed."""
    counts = ImportCounts()
    _upsert_annotations(tx, rows, counts)
    return counts.annotations_changed


def _upsert_annotations(tx: Session, rows: list[tuple[Any, ...]], counts: ImportCounts) -> None:
    counts.annotations_changed = run_many(
        tx,
        "INSERT INTO annotation (document_id, coder_id, stance_id, note, status, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(document_id, coder_id) DO UPDATE SET"
        " stance_id = excluded.stance_id, note = excluded.note, status = excluded.status, updated_at = excluded.updated_at"
        " WHERE excluded.updated_at > annotation.updated_at AND (annotation.stance_id IS DISTINCT FROM excluded.stance_id"
        " OR annotation.note IS DISTINCT FROM excluded.note OR annotation.status IS DISTINCT FROM excluded.status)",
        rows,
    )
