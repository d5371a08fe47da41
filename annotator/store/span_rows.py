"""Spans made from a coder's rows of one document in bulk, the way a long article opens (10,000 of them).

`Span` is a frozen dataclass with slots: its __init__ sets each of its 13 fields through
object.__setattr__, which made building the spans as slow as reading their rows. Here each span is
made by setting its slots directly, with the values __init__ would set; equal in every respect to
`Span(...)` of the same values (tests/store/test_span_rows.py holds the two side by side).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from annotator.core.types import DocumentId, Span

# __init__ does nothing but set the fields: a __post_init__ (a check, a default) would be skipped here.
if hasattr(Span, "__post_init__") or [f.name for f in fields(Span)] != list(Span.__slots__):
    raise RuntimeError("annotator.store.span_rows must follow annotator.core.types.Span: its fields changed")

_SETTERS = tuple(getattr(Span, name).__set__ for name in Span.__slots__)


def spans_of_rows(rows: Sequence[Sequence[Any]], document_id: DocumentId, coder: str,
                  labels: dict[int, str]) -> list[Span]:
    """Spans of rows (uid, start, end, label id, holder, note, unsure, created_at, updated_at,
    provenance, source_id), all of `coder` on `document_id`, in the rows' order."""
    (set_uid, set_document, set_coder, set_start, set_end, set_label, set_holder, set_note, set_unsure,
     set_created, set_updated, set_provenance, set_source) = _SETTERS
    new = object.__new__
    spans: list[Span] = []
    append = spans.append
    for row in rows:
        span = new(Span)
        set_uid(span, row[0])
        set_document(span, document_id)
        set_coder(span, coder)
        set_start(span, row[1])
        set_end(span, row[2])
        set_label(span, labels[row[3]])
        set_holder(span, row[4])
        set_note(span, row[5])
        set_unsure(span, bool(row[6]))
        set_created(span, row[7])
        set_updated(span, row[8])
        set_provenance(span, row[9])
        set_source(span, row[10])
        append(span)
    return spans
