"""Span ids computed from a place are RFC 4122 version-5 UUIDs: the quick computation equals uuid.uuid5."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from annotator.core import span_ids
from annotator.core.types import SpanRecord


@given(st.text(), st.text(min_size=1), st.integers(0, 10**7), st.integers(1, 10**7), st.text(min_size=1))
def test_a_span_id_from_its_place_is_uuid5_of_it(text_hash: str, coder: str, start: int, length: int, label: str) -> None:
    span = SpanRecord(start, start + length, label)
    expected = uuid.uuid5(span_ids._NAMESPACE, f"{text_hash}|{coder}|{span.start}|{span.end}|{span.label}")  # noqa: SLF001
    assert span_ids.span_uid(text_hash, coder, span) == str(expected)


@given(st.text(), st.text(min_size=1), st.text())
def test_an_id_for_a_taken_id_is_uuid5_of_it(doc_id: str, coder: str, incoming: str) -> None:
    expected = uuid.uuid5(span_ids._NAMESPACE, f"taken|{doc_id}|{coder}|{incoming}")  # noqa: SLF001
    assert span_ids.span_uid_for_taken_id(doc_id, coder, incoming) == str(expected)
