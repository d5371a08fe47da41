"""Krippendorff's αu as a function of per-document sums: the report's αu and its documents bootstrap
(hand-written numpy; unitizing.py is the literal form these sums are tested against).

With documents drawn with weights w_d (unitizing.py has the formulas), every part of αu but one is a
weighted sum over documents, because units never cross a document's edge:
    L = Σ w_d L_d,  N = Σ w_d n_d,  Σ_g c(l_g) = Σ w_d C_d,  Σ_g l_g (l_g - 1) = Σ w_d Q_d,
    observed Σ δ² = Σ w_d O_d.
The one that is not is the expected-disagreement term that places each unit g in each gap G of every
coder anywhere on the continuum, X = Σ_g l_g² Σ_G (G - l_g + 1)⁺ = Σ_d Σ_e w_d w_e A_de (A: units of
document d against gaps of document e). It is computed
- exactly (X = wᵀ A w, A built from the distinct unit lengths) when at most EXACT_DOCUMENTS documents
  are resampled;
- above that, to first order in the resampling: X ≈ A₀ + Σ_d (w_d - 1)(A1 + Aᵀ1)_d, exact at w = 1.
  The term left out, (w - 1)ᵀ A (w - 1), is of relative size O(1/D) against X: under 0.4% of the
  expected disagreement at the 300 documents where the exact computation stops, less beyond (a test
  holds both computations to each other there).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from annotator.agreement.corpus import Corpus
from annotator.agreement.resampling import ratio
from annotator.agreement.unitizing import UnitizingTerms, Units, merge_units, overlapping_pairs

EXACT_DOCUMENTS = 300
_F = 6  # columns per label: O, n, C, Q, cross (linear), and the document's length


@dataclass(frozen=True)
class LabelParts:
    """Per-document parts of one label's αu (rows: the continuum's documents)."""

    n_coders: int
    lengths: np.ndarray  # L_d
    observed: np.ndarray  # O_d: Σ over ordered coder pairs of δ²
    units: np.ndarray  # n_d
    spread: np.ndarray  # C_d = Σ 2l³ - 3l² + l
    squares: np.ndarray  # Q_d = Σ l (l - 1)
    cross_linear: np.ndarray  # (A1 + Aᵀ1)_d
    cross_total: float  # 1ᵀ A 1
    cross_matrix: np.ndarray | None  # A, when exact

    def terms(self) -> UnitizingTerms:
        """D_o, D_e and the unit count on the whole continuum (every document once): unitizing.label_terms."""
        m, length, n = self.n_coders, float(self.lengths.sum()), int(self.units.sum())
        if m < 2 or length == 0 or n == 0:
            return UnitizingTerms(0.0, 0.0, n)
        denominator = m * length * (m * length - 1) - float(self.squares.sum())
        expected = 2.0 / length * ((n - 1) / 3.0 * float(self.spread.sum()) + self.cross_total) / denominator
        return UnitizingTerms(float(self.observed.sum()) / (m * (m - 1) * length**2), expected, n)


def unit_documents(edges: np.ndarray, starts: np.ndarray) -> np.ndarray:
    return np.searchsorted(edges, starts, side="right") - 1


def label_parts(edges: np.ndarray, coders_units: Sequence[Units], exact: bool) -> LabelParts:
    """`edges`: the continuum's document bounds (document i is edges[i]:edges[i + 1]); gaps end at them."""
    n_docs = len(edges) - 1
    docs = [unit_documents(edges, u[0]) for u in coders_units]
    observed = np.zeros(n_docs)
    for (a, doc_a), (b, doc_b) in combinations(zip(coders_units, docs, strict=True), 2):
        observed += 2.0 * _pair_sums(n_docs, a, doc_a, b, doc_b)
    lengths = np.concatenate([u[1] - u[0] for u in coders_units]).astype(np.float64)
    doc = np.concatenate(docs)
    count = np.bincount(doc, minlength=n_docs).astype(np.float64)
    spread = np.bincount(doc, weights=2 * lengths**3 - 3 * lengths**2 + lengths, minlength=n_docs).astype(np.float64)
    squares = np.bincount(doc, weights=lengths * (lengths - 1), minlength=n_docs).astype(np.float64)
    gaps, gap_doc = _gaps(edges, coders_units)
    linear, total = _cross_linear(lengths, doc, gaps, gap_doc, n_docs)
    matrix = _cross_matrix(lengths, doc, gaps, gap_doc, n_docs) if exact else None
    return LabelParts(len(coders_units), np.diff(edges).astype(np.float64), observed, count, spread, squares,
                      linear, total, matrix)


def _pair_sums(n_docs: int, a: Units, doc_a: np.ndarray, b: Units, doc_b: np.ndarray) -> np.ndarray:
    """unitizing.pair_sum, per document."""
    ia, ib = overlapping_pairs(a, b)
    d_start = (a[0][ia] - b[0][ib]).astype(np.float64)
    d_end = (a[1][ia] - b[1][ib]).astype(np.float64)
    total = np.zeros(n_docs)
    total += np.bincount(doc_a[ia], weights=d_start**2 + d_end**2, minlength=n_docs)
    for units, doc, matched in ((a, doc_a, ia), (b, doc_b, ib)):
        alone = np.bincount(matched, minlength=len(units[0])) == 0
        size = (units[1] - units[0])[alone].astype(np.float64)
        total += np.bincount(doc[alone], weights=size**2, minlength=n_docs)
    return total


def _gaps(edges: np.ndarray, coders_units: Sequence[Units]) -> tuple[np.ndarray, np.ndarray]:
    """Every coder's gap lengths and the document of each."""
    lengths, docs = [], []
    for units in coders_units:
        starts = np.sort(np.concatenate((edges[:-1], units[1])))
        ends = np.sort(np.concatenate((units[0], edges[1:])))
        size = ends - starts
        keep = size > 0
        lengths.append(size[keep])
        docs.append(unit_documents(edges, starts[keep]))
    return np.concatenate(lengths).astype(np.float64), np.concatenate(docs)


def _cross_linear(lengths: np.ndarray, doc: np.ndarray, gaps: np.ndarray, gap_doc: np.ndarray,
                  n_docs: int) -> tuple[np.ndarray, float]:
    """(A1 + Aᵀ1) per document and 1ᵀA1."""
    order = np.sort(gaps)
    after = np.concatenate((np.cumsum(order[::-1])[::-1], [0.0]))
    distinct, inverse = np.unique(lengths, return_inverse=True)
    first = np.searchsorted(order, distinct, side="left")
    fits = (after[first] - (len(order) - first) * (distinct - 1))[inverse]
    rows = np.bincount(doc, weights=lengths**2 * fits, minlength=n_docs).astype(np.float64)
    by_length = np.sort(lengths)
    p2 = np.concatenate(([0.0], np.cumsum(by_length**2)))
    p3 = np.concatenate(([0.0], np.cumsum(by_length**3)))
    gap_values, gap_inverse = np.unique(gaps, return_inverse=True)
    reach = np.searchsorted(by_length, gap_values, side="right")
    per_gap = ((gap_values + 1) * p2[reach] - p3[reach])[gap_inverse]
    columns = np.bincount(gap_doc, weights=per_gap, minlength=n_docs).astype(np.float64)
    return rows + columns, float(rows.sum())


def _cross_matrix(lengths: np.ndarray, doc: np.ndarray, gaps: np.ndarray, gap_doc: np.ndarray,
                  n_docs: int) -> np.ndarray:
    """A_de = Σ_{g in d} Σ_{G in e} l_g² (G - l_g + 1)⁺, over the distinct unit lengths t."""
    t, which = np.unique(lengths, return_inverse=True)
    width = len(t) + 1
    units = np.bincount(doc * width + which, minlength=n_docs * width).reshape(n_docs, width)[:, : len(t)]
    reach = np.searchsorted(t, gaps, side="right")  # thresholds t_j <= G are j < reach
    fit = reach > 0
    cell = gap_doc[fit] * width + reach[fit] - 1
    tally = np.bincount(cell, minlength=n_docs * width).reshape(n_docs, width).astype(np.float64)
    size = np.bincount(cell, weights=gaps[fit], minlength=n_docs * width).astype(np.float64).reshape(n_docs, width)
    at_least = np.cumsum(tally[:, ::-1], axis=1)[:, ::-1][:, : len(t)]  # gaps of e with G >= t_j
    total = np.cumsum(size[:, ::-1], axis=1)[:, ::-1][:, : len(t)]
    return (units * t**2) @ total.T + (units * t**2 * (1 - t)) @ at_least.T


@dataclass(frozen=True)
class AlphaU:
    """αu over the labels whose columns it holds (one label: its own αu). Columns per label:
    O, n, C, Q, cross (linear), L, laid on the resampled rows; `place` are the rows of the
    continuum's documents in continuum order (for the exact cross term)."""

    columns: tuple[np.ndarray, ...]
    parts: tuple[LabelParts, ...]
    place: np.ndarray

    def values(self, sums: np.ndarray, weights: np.ndarray) -> np.ndarray:
        observed, expected, units = np.zeros(len(sums)), np.zeros(len(sums)), np.zeros(len(sums))
        for i, parts in enumerate(self.parts):
            m = parts.n_coders
            o, n, c, q, linear, length = (sums[:, _F * i + j] for j in range(_F))
            if parts.cross_matrix is not None:
                w = weights[:, self.place].astype(np.float64)
                cross = np.einsum("bd,bd->b", w @ parts.cross_matrix, w)
            else:
                cross = linear - parts.cross_total
            denominator = m * length * (m * length - 1) - q
            expected += ratio(2.0 / np.where(length > 0, length, 1.0) * ((n - 1) / 3.0 * c + cross), denominator)
            observed += ratio(o, m * (m - 1) * length**2)
            units += n
        alpha = 1.0 - ratio(observed, expected)
        alpha[units == 0] = np.nan
        return alpha


def continuum(corpus: Corpus, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The chosen documents (bool per corpus document) laid end to end: their edges, and the shift
    from a corpus position to a continuum position per corpus document."""
    chosen = np.flatnonzero(docs)
    lengths = np.diff(corpus.edges)[chosen]
    edges = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    shift = np.zeros(len(docs), dtype=np.int64)
    shift[chosen] = edges[:-1] - corpus.edges[:-1][chosen]
    return edges, shift


UnitsCache = dict[tuple[int, int, bytes], tuple[Units, int]]  # (coder, label, documents) -> merged units, merged


def continuum_parts(corpus: Corpus, coders: Sequence[int], docs: np.ndarray, *, exact: bool = False,
                    cache: UnitsCache | None = None) -> tuple[list[LabelParts], int]:
    """Each label's parts on the documents `docs` (bool per corpus document) laid end to end, and how
    many spans merging removed (a coder's overlapping spans of one label become one unit). `cache`
    keeps each coder's merged units per document set (pairs often share the all-coders continuum)."""
    edges, shift = continuum(corpus, docs)
    key = hashlib.blake2b(np.packbits(docs).tobytes(), digest_size=16).digest()
    cache = {} if cache is None else cache
    parts, merged = [], 0
    for k in range(len(corpus.labels)):
        units = []
        for coder in coders:
            if (coder, k, key) not in cache:
                spans = corpus.spans_of(coder)
                chosen = docs[spans.doc] & (spans.label == k)
                move = shift[spans.doc[chosen]]
                cache[(coder, k, key)] = merge_units(spans.start[chosen] + move, spans.end[chosen] + move)
            coder_units, removed = cache[(coder, k, key)]
            units.append(coder_units)
            merged += removed
        parts.append(label_parts(edges, units, exact))
    return parts, merged


def alpha_u_statistics(parts: Sequence[LabelParts], docs: np.ndarray, row_of: np.ndarray,
                       n_rows: int) -> tuple[AlphaU, list[AlphaU]]:
    """The overall αu and each label's as resampled statistics (`row_of`: corpus document -> row);
    the labels' statistics share the overall one's columns."""
    place = row_of[np.flatnonzero(docs)]

    def lay(values: np.ndarray) -> np.ndarray:
        out = np.zeros(n_rows)
        out[place] = values
        return out

    length = lay(parts[0].lengths) if parts else np.zeros(n_rows)
    per_label = [(lay(p.observed), lay(p.units), lay(p.spread), lay(p.squares), lay(p.cross_linear), length)
                 for p in parts]
    overall = AlphaU(tuple(c for columns in per_label for c in columns), tuple(parts), place)
    return overall, [AlphaU(columns, (p,), place) for columns, p in zip(per_label, parts, strict=True)]
