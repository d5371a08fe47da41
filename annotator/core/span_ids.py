"""Span ids, made in one place for every layer: the coding window, imports, merges and adjudication.

A span id is stable: it survives export, import, merge and undo. A span made here gets a random
UUID; a span that arrives without an id gets one computed from its place, so importing it twice is a
no-op; and a span whose incoming id is already another document's or coder's gets one computed from
that id, so a re-import lands on the same span again (the incoming id is kept as its `source_id`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from annotator.core.types import SpanRecord, SpanUid

if TYPE_CHECKING:
    from hashlib import _Hash

_NAMESPACE = uuid.UUID("6f1c2a4e-9b0d-4c55-8a8e-2f4b1e7d3c10")
_NAMESPACE_BYTES = _NAMESPACE.bytes


def new_span_uid() -> SpanUid:
    """A fresh id for a span a coder (or an adjudicator) makes now."""
    return SpanUid(str(uuid.uuid4()))


def span_uid(text_hash: str, coder: str, span: SpanRecord) -> SpanUid:
    """The id of a span that arrives without one: from its document, coder and place (start, end, label)."""
    return place_uid(text_hash, coder, span.start, span.end, span.label)


def place_uid(text_hash: str, coder: str, start: int, end: int, label: str) -> SpanUid:
    """`span_uid` from the place itself (no SpanRecord to make: bulk work makes tens of thousands)."""
    return _uuid5(f"{text_hash}|{coder}|{start}|{end}|{label}")


def span_uid_for_taken_id(doc_id: str, coder: str, incoming: str) -> SpanUid:
    """The id of a span whose incoming id another document's or coder's span holds already: from the
    document (its public `doc_id`), the coder and that incoming id, so the same line maps to the same span."""
    return _uuid5(f"taken|{doc_id}|{coder}|{incoming}")


def _uuid5(name: str) -> SpanUid:
    """`str(uuid.uuid5(_NAMESPACE, name))` (RFC 4122 version 5) without a UUID object: a first open of the
    adjudication window computes ~60,000 of them (3x faster; tests/core/test_span_ids.py checks the equality)."""
    h = _sha1()(_NAMESPACE_BYTES + name.encode("utf-8")).hexdigest()
    # The version (5) replaces the 13th hex digit; the variant sets the 17th to 8, 9, a or b.
    return SpanUid(f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}")


_VARIANT = {digit: "89ab"[int(digit, 16) & 3] for digit in "0123456789abcdef"}


@cache
def _sha1() -> Callable[[bytes], _Hash]:
    from hashlib import sha1  # here: loading OpenSSL is ~4 ms of every start of the app

    return sha1
