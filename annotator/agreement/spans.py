"""Pairwise span F1 (exact and overlap) and agreement on the holder of overlapping spans.

Hand-written with numpy (no library scores span agreement between coders this way). For coders a, b
on the documents both coded: a span of a is matched when b has a span with the same label that is
identical (exact) or shares at least one character (overlap; touching spans share none). Any-overlap
counting, no one-to-one matching: P = matched spans of a / spans of a, R = matched spans of b / spans
of b, F1 = 2PR / (P + R). F1 is undefined when neither coder marked a span; it is 0 when one coder
marked none or no span is matched (2·TP / (2·TP + FP + FN) with TP = 0, no division by zero).

Spans are compared on "label lanes": position = label · stride + corpus position, so spans of different
labels never meet and every label is scored in one sorted pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.agreement.corpus import Corpus, SpanTable
from annotator.agreement.figures import Figure
from annotator.agreement.unitizing import merge_units


@dataclass(frozen=True, slots=True)
class LabelF1:
    f1_exact: Figure
    f1_overlap: Figure
    n_spans: tuple[int, int]


@dataclass(frozen=True, slots=True)
class PairSpans:
    """Span agreement of two coders over the documents both coded."""

    coders: tuple[str, str]
    f1_exact: Figure
    f1_overlap: Figure
    by_label: dict[str, LabelF1]
    n_documents: int
    n_spans: tuple[int, int]


@dataclass(frozen=True, slots=True)
class HolderPairs:
    """Holder comparisons of overlapping same-label span pairs of two coders."""

    agreeing: int
    compared: int
    both_blank: int


def f1_score(matched_a: int, n_a: int, matched_b: int, n_b: int) -> Figure:
    """F1 of any-overlap counting; `n` is the number of spans (both coders)."""
    n = n_a + n_b
    if n == 0:
        return Figure.undefined("neither coder marked a span", 0)
    if matched_a == 0 or matched_b == 0:
        return Figure(0.0, n)
    precision, recall = matched_a / n_a, matched_b / n_b
    return Figure(2 * precision * recall / (precision + recall), n)


def lanes(table: SpanTable, stride: int) -> tuple[np.ndarray, np.ndarray]:
    offset = table.label * stride
    return offset + table.start, offset + table.end


def exact_matches(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Which spans of a have an identical span in b, and which of b have one in a."""
    width = int(max(np.max(a[1] - a[0], initial=0), np.max(b[1] - b[0], initial=0))) + 1
    key_a, key_b = a[0] * width + (a[1] - a[0]), b[0] * width + (b[1] - b[0])  # orders as (start, end)
    return _found_in(key_a, np.sort(key_b)), _found_in(key_b, np.sort(key_a))


def _found_in(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[at] == keys


def overlap_matches(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Which spans of a share at least one character with some span of b (same lane)."""
    (b_start, b_end), _ = merge_units(*b)
    after = np.searchsorted(b_end, a[0], side="right")  # first merged span of b ending after a starts
    inside = after < len(b_start)
    hit = np.zeros(len(a[0]), dtype=bool)
    hit[inside] = b_start[after[inside]] < a[1][inside]
    return hit


def overlapping_raw_pairs(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Every overlapping (a, b) pair; b's spans may overlap each other."""
    order = np.lexsort((b[1], b[0]))
    b_start, b_end = b[0][order], b[1][order]
    reach = np.maximum.accumulate(b_end) if len(b_end) else b_end
    lo = np.searchsorted(reach, a[0], side="right")
    hi = np.searchsorted(b_start, a[1], side="left")
    counts = np.maximum(hi - lo, 0)
    ia = np.repeat(np.arange(len(a[0])), counts)
    ib = np.arange(int(counts.sum())) + np.repeat(lo - (np.cumsum(counts) - counts), counts)
    real = b_end[ib] > a[0][ia]
    return ia[real], order[ib[real]]


def shared(corpus: Corpus, a: int, b: int) -> tuple[SpanTable, SpanTable, int]:
    """Each coder's spans on the documents both coded, and how many documents that is."""
    both = corpus.coded[a] & corpus.coded[b]
    spans_a, spans_b = corpus.spans_of(a), corpus.spans_of(b)
    return spans_a.take(both[spans_a.doc]), spans_b.take(both[spans_b.doc]), int(both.sum())


@dataclass(frozen=True, slots=True)
class PairMatches:
    """Two coders' spans on the documents both coded, and which of them are matched."""

    spans: tuple[SpanTable, SpanTable]
    exact: tuple[np.ndarray, np.ndarray]  # per span of a, of b: an identical span of the other
    overlap: tuple[np.ndarray, np.ndarray]  # per span: shares a character with a same-label span of the other
    holder_pairs: tuple[np.ndarray, np.ndarray]  # indices (into a, into b) of overlapping same-label pairs
    n_documents: int


def pair_matches(corpus: Corpus, a: int, b: int) -> PairMatches:
    spans_a, spans_b, n_docs = shared(corpus, a, b)
    stride = int(corpus.edges[-1]) + 1
    lane_a, lane_b = lanes(spans_a, stride), lanes(spans_b, stride)
    return PairMatches((spans_a, spans_b), exact_matches(lane_a, lane_b),
                       (overlap_matches(lane_a, lane_b), overlap_matches(lane_b, lane_a)),
                       overlapping_raw_pairs(lane_a, lane_b), n_docs)


def pair_figures(corpus: Corpus, found: PairMatches, names: tuple[str, str]) -> tuple[PairSpans, HolderPairs]:
    spans_a, spans_b = found.spans
    exact, overlap = found.exact, found.overlap
    k = len(corpus.labels)
    count = [np.bincount(t.label, minlength=k) for t in (spans_a, spans_b)]
    hits = {kind: [np.bincount(t.label[m], minlength=k) for t, m in zip((spans_a, spans_b), pair, strict=True)]
            for kind, pair in (("exact", exact), ("overlap", overlap))}
    by_label = {label: LabelF1(f1_score(hits["exact"][0][i], count[0][i], hits["exact"][1][i], count[1][i]),
                               f1_score(hits["overlap"][0][i], count[0][i], hits["overlap"][1][i], count[1][i]),
                               (int(count[0][i]), int(count[1][i])))
                for i, label in enumerate(corpus.labels)}
    n_a, n_b = len(spans_a), len(spans_b)
    result = PairSpans(names, f1_score(int(exact[0].sum()), n_a, int(exact[1].sum()), n_b),
                       f1_score(int(overlap[0].sum()), n_a, int(overlap[1].sum()), n_b), by_label,
                       found.n_documents, (n_a, n_b))
    return result, holder_pairs(spans_a, spans_b, *found.holder_pairs)


def holder_pairs(spans_a: SpanTable, spans_b: SpanTable, ia: np.ndarray, ib: np.ndarray) -> HolderPairs:
    """Compare holders over overlapping same-label pairs; pairs where neither gave a holder are left out."""
    ha, hb = spans_a.holder[ia], spans_b.holder[ib]
    blank = (ha < 0) & (hb < 0)
    return HolderPairs(int(((ha == hb) & ~blank).sum()), int((~blank).sum()), int(blank.sum()))


def holder_agreement(pairs: list[HolderPairs]) -> Figure:
    """Share of compared span pairs (pooled over coder pairs) whose holders are the same name."""
    compared = sum(p.compared for p in pairs)
    if compared == 0:
        return Figure.undefined("no overlapping same-label span pair has a holder")
    return Figure(sum(p.agreeing for p in pairs) / compared, compared)
