"""Span ids, made in one place for every layer: the coding window, imports, merges and adjudication.

A span id is stable: it survives export, import, merge and undo. A span made here gets a random
UUID; a span that arrives without an id gets one computed from its place, so importing it twice is a
no-op; and a span whose incoming id is already another document's or coder's gets one computed from
that id, so a re-import lands on the same span again (the incoming id is kept as its `source_id`).
"""

from __future__ import annotations

import uuid

from annotator.core.types import SpanRecord, SpanUid

_NAMESPACE = uuid.UUID("6f1c2a4e-9b0d-4c55-8a8e-2f4b1e7d3c10")


def new_span_uid() -> SpanUid:
    """A fresh id for a span a coder (or an adjudicator) makes now."""
    return SpanUid(str(uuid.uuid4()))


def span_uid(text_hash: str, coder: str, span: SpanRecord) -> SpanUid:
    """The id of a span that arrives without one: from its document, coder and place (start, end, label)."""
    return SpanUid(str(uuid.uuid5(_NAMESPACE, f"{text_hash}|{coder}|{span.start}|{span.end}|{span.label}")))


def span_uid_for_taken_id(doc_id: str, coder: str, incoming: str) -> SpanUid:
    """The id of a span whose incoming id another document's or coder's span holds already: from the
    document (its public `doc_id`), the coder and that incoming id, so the same line maps to the same span."""
    return SpanUid(str(uuid.uuid5(_NAMESPACE, f"taken|{doc_id}|{coder}|{incoming}")))
