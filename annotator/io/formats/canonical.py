"""Our canonical JSONL lines (format annotator/1; resources/annotator-jsonl.schema.json): read and write."""

from __future__ import annotations

from typing import Any

from annotator.core.types import CodingRecord, Status
from annotator.io.formats.common import (
    LineError,
    ReadOptions,
    Tally,
    list_of,
    make_record,
    make_span,
    optional_str,
)

FORMAT = "annotator/1"
ARTICLE_FIELDS = {"title": "title", "outlet": "outlet", "source": "outlet", "url": "url", "date": "date",
                  "language": "language"}
_STATUSES = frozenset(s.value for s in Status)


def is_canonical(obj: dict[str, Any]) -> bool:
    return obj.get("format") == FORMAT or "spans" in obj or "coder" in obj or "doc_label" in obj


def parse_canonical(obj: dict[str, Any], text: str, options: ReadOptions, tally: Tally, line: int | None) -> CodingRecord:
    coder = obj.get("coder")
    if coder is not None and (not isinstance(coder, str) or not coder.strip()):
        raise LineError("'coder' must be a name or null")
    meta = obj.get("meta")
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise LineError("'meta' must be an object")
    spans = [make_span(s, text, i, tally, options.trust_offsets) for i, s in enumerate(list_of(obj, "spans"))]
    status = obj.get("status")
    if status is not None and status not in _STATUSES:
        raise LineError(f"status {status!r} is not one of not_started, in_progress, done")
    doc_label = optional_str(obj, "doc_label")
    note = optional_str(obj, "note")
    if coder is None and (spans or doc_label or status or note):
        if not options.coder:
            raise LineError("spans or a doc_label need a 'coder' (or pass --coder NAME)")
        coder = options.coder
    # A key left out is not a null: the stored stance or note stays (a null clears it).
    not_given = frozenset(key for key in ("doc_label", "note") if key not in obj)
    return make_record(text, dict(meta), coder, spans, doc_label=doc_label, status=Status(status) if status else None,
                       note=note, updated_at=optional_str(obj, "updated_at"), source_line=line, not_given=not_given)


def parse_article(obj: dict[str, Any], text: str, line: int | None) -> CodingRecord:
    """A plain article line: `text` and metadata (known fields by their names, the rest kept as they are)."""
    meta: dict[str, Any] = dict(obj["meta"]) if isinstance(obj.get("meta"), dict) else {}
    for key, value in obj.items():
        if key in ("text", "meta"):
            continue
        meta[ARTICLE_FIELDS.get(key, "source_id" if key == "id" else key)] = value
    return make_record(text, meta, None, [], source_line=line)


def canonical_line(record: CodingRecord) -> dict[str, Any]:
    """One canonical JSONL object (key order fixed; see resources/annotator-jsonl.schema.json)."""
    text = record.text
    spans: list[dict[str, Any]] = [
        {"id": s.uid, "start": s.start, "end": s.end, "label": s.label, "text": text[s.start : s.end],
         "holder": s.holder, "note": s.note, "unsure": s.unsure, "provenance": s.provenance,
         "created_at": s.created_at, "updated_at": s.updated_at}
        for s in record.spans
    ]
    for s, out in zip(record.spans, spans, strict=True):
        if s.source_id is not None:  # rare: the span's id where it came from was another span's here
            out["source_id"] = s.source_id
    return {
        "format": FORMAT,
        "doc_id": record.doc_id,
        "text": text,
        "meta": record.meta,
        "coder": record.coder,
        "doc_label": record.doc_label,
        "status": str(record.status) if record.status else None,
        "note": record.note,
        "updated_at": record.updated_at,
        "spans": spans,
    }
