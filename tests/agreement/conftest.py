"""Builders that turn textbook tables into the records the agreement functions read."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from annotator.core.types import CodingRecord, SpanRecord


def stance_records(matrix: Sequence[Sequence[object]], coders: Sequence[str] | None = None) -> list[CodingRecord]:
    """Reliability data (rows: coders, columns: units; None = no value) as one record per value.
    A coder with no value for a unit has no record for it."""
    coders = coders or [f"c{i + 1}" for i in range(len(matrix))]
    records = []
    for coder, row in zip(coders, matrix, strict=True):
        for unit, value in enumerate(row):
            if value is not None:
                records.append(CodingRecord(f"u{unit + 1}", f"text of unit {unit + 1}", {}, coder, doc_label=str(value)))
    return records


def counts_to_matrix(counts: Sequence[Sequence[int]], categories: Sequence[object]) -> list[list[object]]:
    """A Fleiss table (rows: subjects, columns: how many raters chose each category) as reliability
    data: rater r of a subject takes the r-th rating in category order (Fleiss' raters are exchangeable)."""
    per_subject = [[c for c, n in zip(categories, row, strict=True) for _ in range(n)] for row in counts]
    raters = max(len(r) for r in per_subject)
    return [[r[i] if i < len(r) else None for r in per_subject] for i in range(raters)]


def span_record(doc_id: str, text: str, coder: str, spans: Sequence[tuple], stance: str | None = None) -> CodingRecord:
    """spans: (start, end, label) or (start, end, label, holder)."""
    return CodingRecord(doc_id, text, {}, coder, doc_label=stance,
                        spans=tuple(SpanRecord(s[0], s[1], s[2], s[3] if len(s) > 3 else None) for s in spans))


@pytest.fixture
def krippendorff_2011() -> list[list[object]]:
    """Krippendorff (2011), "Computing Krippendorff's alpha-reliability" (Annenberg School for
    Communication, departmental paper 43), the example with missing values: four observers A-D,
    twelve units, values 1-5, None where an observer gave no value."""
    return [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    ]
