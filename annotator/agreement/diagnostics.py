"""Per coder: who agrees with whom, how each coder uses the labels, and whether agreement drifts over time.

Hand-written with numpy over the report's corpus and span matches (no library does this). For each
coder:
- α without the coder: Krippendorff's α of the document stance with that coder's values left out
  (a coder whose removal raises α most agrees least with the rest); undefined with fewer than three coders;
- Cohen's κ and span F1 (overlap) with each other coder: the report's pairwise figures, seen from this coder;
- label use: stances given, spans per label, span lengths (characters: quartiles and a histogram);
- drift: per ISO week in which the coder last saved a document, the share of the other coders' stances on
  those documents that equal the coder's, and span F1 (overlap) against the others on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from annotator.agreement.corpus import Corpus
from annotator.agreement.documents import Level, PairStance, krippendorff_alpha, value_counts
from annotator.agreement.figures import Figure
from annotator.agreement.spans import PairMatches, PairSpans, f1_score

LENGTH_BINS = (1, 10, 25, 50, 100, 200, 400, 800)  # histogram of span lengths: [1, 10), [10, 25), …, [800, ∞)


@dataclass(frozen=True, slots=True)
class WeekAgreement:
    week: str
    documents: int
    stance: Figure  # share of the other coders' stances equal to this coder's; N = compared stances
    f1_overlap: Figure  # against the other coders on these documents; N = spans


@dataclass(frozen=True, slots=True)
class CoderDiagnostics:
    coder: str
    documents: int
    alpha_without: Figure
    kappa_with: dict[str, Figure]
    f1_with: dict[str, Figure]
    stances: dict[str, int]
    spans_by_label: dict[str, int]
    length_quartiles: tuple[int, int, int, int, int] | None  # min, 25%, median, 75%, max (observed lengths: "lower")
    length_histogram: tuple[int, ...]  # counts per LENGTH_BINS bin
    weeks: tuple[WeekAgreement, ...]


def coder_diagnostics(corpus: Corpus, codes: np.ndarray, n_categories: int, level: Level,
                      values: np.ndarray | None, categories: Sequence[str], pairs: Sequence[PairStance],
                      span_pairs: Sequence[PairSpans], matches: Sequence[PairMatches]) -> tuple[CoderDiagnostics, ...]:
    """`codes`: (coders, documents) stance categories (-1 none); `pairs`/`span_pairs`: the report's
    PairStance/PairSpans in combinations order; `matches`: the pairs' span matches in that order."""
    m = len(corpus.coders)
    index = {pair: i for i, pair in enumerate(combinations(range(m), 2))}
    out = []
    for c, name in enumerate(corpus.coders):
        others = [o for o in range(m) if o != c]
        kappa = {corpus.coders[o]: pairs[index[_ordered(c, o)]].cohen_kappa for o in others}
        f1 = {corpus.coders[o]: span_pairs[index[_ordered(c, o)]].f1_overlap for o in others}
        spans = corpus.spans_of(c)
        lengths = (spans.end - spans.start).astype(np.int64)
        out.append(CoderDiagnostics(
            name, int(corpus.coded[c].sum()), _alpha_without(codes, c, n_categories, level, values), kappa, f1,
            {k: int(n) for k, n in zip(categories, np.bincount(codes[c][codes[c] >= 0], minlength=n_categories), strict=True)},
            {k: int(n) for k, n in zip(corpus.labels, np.bincount(spans.label, minlength=len(corpus.labels)), strict=True)},
            _quartiles(lengths), tuple(int(n) for n in np.bincount(np.searchsorted(LENGTH_BINS, lengths, side="right") - 1,
                                                                   minlength=len(LENGTH_BINS))[: len(LENGTH_BINS)]),
            _weeks(corpus, codes, c, index, matches)))
    return tuple(out)


def _ordered(c: int, o: int) -> tuple[int, int]:
    """Two coders as combinations() pairs them: the lower index first."""
    return (c, o) if c < o else (o, c)


def _alpha_without(codes: np.ndarray, coder: int, n_categories: int, level: Level, values: np.ndarray | None) -> Figure:
    if codes.shape[0] < 3:
        return Figure.undefined("fewer than three coders: leaving one out leaves no pair")
    rest = np.delete(codes, coder, axis=0)
    return krippendorff_alpha(value_counts(rest, n_categories), level, values)


def _quartiles(lengths: np.ndarray) -> tuple[int, int, int, int, int] | None:
    if len(lengths) == 0:
        return None
    q = np.quantile(lengths, [0, 0.25, 0.5, 0.75, 1.0], method="lower")
    return tuple(int(v) for v in q)  # type: ignore[return-value]


def _weeks(corpus: Corpus, codes: np.ndarray, c: int, index: dict[tuple[int, int], int],
           matches: Sequence[PairMatches]) -> tuple[WeekAgreement, ...]:
    """Every week at once: each document and span is counted in the week coder `c` last saved it."""
    if corpus.week is None or not len(corpus.weeks):
        return ()
    n_weeks = len(corpus.weeks)
    mine = corpus.week[c]  # per document: the week of c's save, -1 for none / not coded
    docs = np.bincount(mine[mine >= 0], minlength=n_weeks)
    others = np.delete(codes, c, axis=0)
    compared = (codes[c][None, :] >= 0) & (others >= 0)
    same = compared & (others == codes[c][None, :])
    dated = mine >= 0
    n_compared = np.bincount(mine[dated], weights=compared.sum(axis=0)[dated], minlength=n_weeks)
    n_same = np.bincount(mine[dated], weights=same.sum(axis=0)[dated], minlength=n_weeks)
    counts = np.zeros((n_weeks, 4))  # matched mine, mine, matched theirs, theirs
    for o in range(len(corpus.coders)):
        if o != c:
            counts += _overlap_counts(matches[index[_ordered(c, o)]], mine_first=c < o, week=mine, n_weeks=n_weeks)
    out = []
    for w in np.flatnonzero(docs).tolist():
        stance = Figure(n_same[w] / n_compared[w], int(n_compared[w])) if n_compared[w] else \
            Figure.undefined("no other coder gave a stance on these documents")
        out.append(WeekAgreement(corpus.weeks[w], int(docs[w]), stance, f1_score(*(int(v) for v in counts[w]))))
    return tuple(out)


def _overlap_counts(found: PairMatches, *, mine_first: bool, week: np.ndarray, n_weeks: int) -> np.ndarray:
    """Per week: [matched spans of mine, spans of mine, matched spans of theirs, spans of theirs]."""
    (a, b), (ma, mb) = found.spans, found.overlap
    if not mine_first:
        a, b, ma, mb = b, a, mb, ma
    out = np.zeros((n_weeks, 4))
    for column, (table, matched) in enumerate(((a, ma), (b, mb))):
        w = week[table.doc]
        dated = w >= 0
        out[:, 2 * column] = np.bincount(w[dated], weights=matched[dated].astype(np.float64), minlength=n_weeks)
        out[:, 2 * column + 1] = np.bincount(w[dated], minlength=n_weeks)
    return out
