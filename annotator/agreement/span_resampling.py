"""Span F1 and holder agreement as functions of per-document sums, for the documents bootstrap.

A pair's F1 (spans.py) counts matched and marked spans of each coder; holder agreement counts
agreeing and compared holder pairs. Both are sums over documents, so each document contributes a
row of counts and a resampled corpus is a weighted sum of rows. Evaluated with every document once,
each gives exactly the report's figure (the tests hold them to that).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.agreement.corpus import SpanTable
from annotator.agreement.resampling import ratio
from annotator.agreement.spans import PairMatches


def per_document(doc: np.ndarray, row_of: np.ndarray, n_rows: int, weights: np.ndarray | None = None) -> np.ndarray:
    """Σ weights (or counts) per resampled document; `row_of` maps corpus documents to rows (-1: not resampled)."""
    rows = row_of[doc]
    keep = rows >= 0
    return np.bincount(rows[keep], weights=None if weights is None else weights[keep].astype(np.float64),
                       minlength=n_rows).astype(np.float64)


def f1_values(matched_a: np.ndarray, n_a: np.ndarray, matched_b: np.ndarray, n_b: np.ndarray) -> np.ndarray:
    """spans.f1_score over arrays: NaN when neither coder marked a span, 0 when nothing matched."""
    precision, recall = ratio(matched_a, n_a), ratio(matched_b, n_b)
    f1 = ratio(2 * precision * recall, precision + recall)
    f1[(matched_a == 0) | (matched_b == 0)] = 0.0
    f1[(n_a + n_b) == 0] = np.nan
    return f1


@dataclass(frozen=True)
class LabelCounts:
    """One pair's per-document span counts for one label: spans of a, of b, and matched ones."""

    spans: tuple[np.ndarray, np.ndarray]
    exact: tuple[np.ndarray, np.ndarray]
    overlap: tuple[np.ndarray, np.ndarray]


def label_counts(found: PairMatches, row_of: np.ndarray, n_rows: int, n_labels: int) -> list[LabelCounts]:
    spans_a, spans_b = found.spans

    def per_label(table: SpanTable, matched: np.ndarray | None) -> np.ndarray:
        rows = row_of[table.doc]
        keep = rows >= 0
        weights = None if matched is None else matched[keep].astype(np.float64)
        flat = np.bincount(table.label[keep] * n_rows + rows[keep], weights=weights, minlength=n_labels * n_rows)
        return flat.astype(np.float64).reshape(n_labels, n_rows)

    n = per_label(spans_a, None), per_label(spans_b, None)
    exact = per_label(spans_a, found.exact[0]), per_label(spans_b, found.exact[1])
    overlap = per_label(spans_a, found.overlap[0]), per_label(spans_b, found.overlap[1])
    return [LabelCounts((n[0][k], n[1][k]), (exact[0][k], exact[1][k]), (overlap[0][k], overlap[1][k]))
            for k in range(n_labels)]


@dataclass(frozen=True)
class PairF1:
    """One pair's F1 (exact or overlap) over the given labels' counts (all labels: the pair's F1).
    Columns per label: matched a, spans a, matched b, spans b."""

    columns: tuple[np.ndarray, ...]

    @classmethod
    def of(cls, counts: list[LabelCounts], kind: str) -> PairF1:
        return cls(tuple(column for c in counts for column in
                         (getattr(c, kind)[0], c.spans[0], getattr(c, kind)[1], c.spans[1])))

    def values(self, sums: np.ndarray, weights: np.ndarray) -> np.ndarray:
        total = sums.reshape(len(sums), -1, 4).sum(axis=1)
        return f1_values(total[:, 0], total[:, 1], total[:, 2], total[:, 3])


@dataclass(frozen=True)
class HolderAgreement:
    """Pooled over pairs. Columns: agreeing, compared (per document, summed over pairs)."""

    columns: tuple[np.ndarray, ...]

    def values(self, sums: np.ndarray, weights: np.ndarray) -> np.ndarray:
        return ratio(sums[:, 0], sums[:, 1])


def holder_columns(pairs: list[PairMatches], row_of: np.ndarray, n_rows: int) -> tuple[np.ndarray, np.ndarray]:
    agreeing, compared = np.zeros(n_rows), np.zeros(n_rows)
    for found in pairs:
        spans_a, spans_b = found.spans
        ia, ib = found.holder_pairs
        ha, hb = spans_a.holder[ia], spans_b.holder[ib]
        counted = ~((ha < 0) & (hb < 0))
        doc = spans_a.doc[ia]
        agreeing += per_document(doc, row_of, n_rows, (counted & (ha == hb)))
        compared += per_document(doc, row_of, n_rows, counted)
    return agreeing, compared
