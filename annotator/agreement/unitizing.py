"""Krippendorff's unitizing alpha (αu) over a character continuum. Hand-written: no maintained
Python library computes the 1995/2004 αu (the `krippendorff` package does coding α only).

Definitions (Krippendorff 1995, "On the reliability of unitizing continuous data", Sociological
Methodology 25: 47-76; Krippendorff 2004, Content Analysis, 2nd ed., pp. 251-256). For one label k,
m coders and a continuum of length L, each coder's units of k and the gaps between them partition it:

    D_o = Σ_i Σ_j≠i Σ_g Σ_h δ²(g, h) / (m (m-1) L²), where δ²(g, h) is
          (b_g - b_h)² + (e_g - e_h)²   when units g and h overlap,
          l_g²                          when unit g lies inside a gap h of the other coder (and vice versa),
          0                             otherwise;
    D_e = (2 / L) Σ_g [ (N-1)/3 · (2 l_g³ - 3 l_g² + l_g) + l_g² Σ_{gaps G ≥ l_g} (G - l_g + 1) ]
          / ( m L (m L - 1) - Σ_g l_g (l_g - 1) ),   N = number of units of k by all coders;
    αu_k = 1 - D_o / D_e, and over labels αu = 1 - Σ_k D_o / Σ_k D_e.

The continuum is the documents laid end to end. Gaps end at document edges, so no unit (observed or
placed by chance in D_e) crosses a document boundary and the order of the documents does not matter.
Sums run over unit boundaries with sorting and `searchsorted`: O(n log n) in the number of units,
whatever the length of the texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from annotator.agreement.figures import Figure

Units = tuple[np.ndarray, np.ndarray]  # starts, ends of one coder's units of one label


@dataclass(frozen=True, slots=True)
class UnitizingTerms:
    """D_o and D_e of one label, and how many units (after merging) they rest on."""

    observed: float
    expected: float
    n_units: int


def merge_units(starts: np.ndarray, ends: np.ndarray) -> tuple[Units, int]:
    """One coder's units of one label with overlapping ones merged (touching ones stay apart), sorted;
    and how many units the merging removed."""
    order = np.lexsort((ends, starts))
    s, e = starts[order], ends[order]
    if len(s) == 0:
        return (s, e), 0
    reach = np.maximum.accumulate(e)
    first = np.empty(len(s), dtype=bool)
    first[0] = True
    first[1:] = s[1:] >= reach[:-1]
    heads = np.flatnonzero(first)
    return (s[heads], np.maximum.reduceat(e, heads)), int(len(s) - len(heads))


def gap_lengths(edges: np.ndarray, units: Units) -> np.ndarray:
    """Lengths of the non-empty gaps a coder's units leave in each document (`edges` are the document
    boundaries on the continuum)."""
    starts, ends = units
    gap_starts = np.sort(np.concatenate((edges[:-1], ends)))
    gap_ends = np.sort(np.concatenate((starts, edges[1:])))
    lengths = gap_ends - gap_starts
    return lengths[lengths > 0]


def overlapping_pairs(a: Units, b: Units) -> tuple[np.ndarray, np.ndarray]:
    """Indices (ia, ib) of every pair of overlapping units; `b` must be sorted and non-overlapping."""
    lo = np.searchsorted(b[1], a[0], side="right")  # first unit of b ending after a starts
    hi = np.searchsorted(b[0], a[1], side="left")  # units of b starting before a ends
    counts = np.maximum(hi - lo, 0)
    ia = np.repeat(np.arange(len(a[0])), counts)
    shift = np.repeat(lo - (np.cumsum(counts) - counts), counts)
    return ia, np.arange(int(counts.sum())) + shift


def pair_sum(a: Units, b: Units) -> float:
    """Σ_g Σ_h δ² between the units of two coders (one ordered pair i, j)."""
    ia, ib = overlapping_pairs(a, b)
    d_start = (a[0][ia] - b[0][ib]).astype(np.float64)
    d_end = (a[1][ia] - b[1][ib]).astype(np.float64)
    total = float(np.sum(d_start**2 + d_end**2))
    for units, matched in ((a, ia), (b, ib)):  # a unit overlapping nothing lies inside a gap
        alone = np.bincount(matched, minlength=len(units[0])) == 0
        total += float(np.sum(((units[1] - units[0])[alone]).astype(np.float64) ** 2))
    return total


def label_terms(edges: np.ndarray, coders_units: Sequence[Units]) -> UnitizingTerms:
    """D_o and D_e of one label; `coders_units` holds each coder's merged units on the continuum."""
    m = len(coders_units)
    length = int(edges[-1] - edges[0])
    observed = 2.0 * sum(pair_sum(a, b) for a, b in combinations(coders_units, 2))
    int_lengths = np.concatenate([e - s for s, e in coders_units]).astype(np.int64)
    lengths = int_lengths.astype(np.float64)
    if m < 2 or length == 0 or len(lengths) == 0:
        return UnitizingTerms(0.0, 0.0, len(lengths))
    gaps = np.sort(np.concatenate([gap_lengths(edges, units) for units in coders_units])).astype(np.float64)
    after = np.concatenate((np.cumsum(gaps[::-1])[::-1], [0.0]))  # after[i] = sum of gaps[i:]
    first_fit = np.searchsorted(gaps, lengths, side="left")
    fits = after[first_fit] - (len(gaps) - first_fit) * (lengths - 1)  # Σ (G - l + 1) over gaps G ≥ l
    n = len(lengths)
    spread = (n - 1) / 3.0 * (2 * lengths**3 - 3 * lengths**2 + lengths)
    denominator = m * length * (m * length - 1) - int(np.sum(int_lengths * (int_lengths - 1)))
    expected = 2.0 / length * float(np.sum(spread + lengths**2 * fits)) / denominator
    return UnitizingTerms(observed / (m * (m - 1) * length**2), expected, n)


def alpha_from_terms(terms: Sequence[UnitizingTerms], *, n_coders: int, n_characters: int) -> Figure:
    """αu = 1 - ΣD_o / ΣD_e over the given labels (one label: its own αu)."""
    n_units = sum(t.n_units for t in terms)
    if n_coders < 2:
        return Figure.undefined("fewer than two coders", n_units)
    if n_characters == 0:
        return Figure.undefined("no text coded by every coder", n_units)
    if n_units == 0:
        return Figure.undefined("no coder marked a span", n_units)
    expected = sum(t.expected for t in terms)
    if expected == 0:
        return Figure.undefined("expected disagreement is zero (the units leave no room to differ)", n_units)
    return Figure(1.0 - sum(t.observed for t in terms) / expected, n_units)
