"""Precision, recall and F1 per label, their macro average, and bootstrap 95% intervals (hand-written
with numpy: the counts per document are resampled, which no library does for us).

The counts follow the agreement module's span F1 (annotator/agreement/spans.py), with the model as
coder a and the gold standard as coder b: P = matched predictions / predictions, R = matched gold /
gold, F1 = 2PR / (P + R); F1 is undefined when neither side has a unit of the label, and 0 when one
side has none or nothing matched. For document stance a "match" is a document whose predicted stance
is its gold stance, so P, R and F1 are the usual per-class figures. The macro average is the mean of
the labels whose F1 is defined. Intervals: the percentile bootstrap over documents (Efron &
Tibshirani 1993, ch. 13), a fixed seed making them reproducible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

PRED_N, PRED_HIT, GOLD_N, GOLD_HIT = range(4)
RESAMPLES = 1000


@dataclass(frozen=True, slots=True)
class Estimate:
    """A figure with its 95% interval; `value` None (and `reason`) when it is undefined."""

    value: float | None
    low: float | None = None
    high: float | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class LabelScores:
    label: str
    precision: Estimate
    recall: Estimate
    f1: Estimate
    n_predicted: int
    n_gold: int


@dataclass(frozen=True, slots=True)
class Scores:
    labels: tuple[LabelScores, ...]
    macro_f1: Estimate
    n_documents: int


def prf(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """P, R and F1 (NaN where undefined) from counts whose last axis is (pred n, pred hit, gold n, gold hit)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = counts[..., PRED_HIT] / counts[..., PRED_N]
        recall = counts[..., GOLD_HIT] / counts[..., GOLD_N]
        f1 = 2 * precision * recall / (precision + recall)
    none_matched = (counts[..., PRED_HIT] == 0) | (counts[..., GOLD_HIT] == 0)
    anything = counts[..., PRED_N] + counts[..., GOLD_N] > 0
    f1 = np.where(anything & none_matched, 0.0, f1)
    return precision, recall, np.where(anything, f1, np.nan)


def macro(f1: np.ndarray) -> np.ndarray:
    """Mean over the last axis of the defined values (NaN where none is)."""
    defined = ~np.isnan(f1)
    with np.errstate(invalid="ignore"):
        return np.where(defined, f1, 0.0).sum(axis=-1) / defined.sum(axis=-1)


def scores(counts: np.ndarray, labels: Sequence[str], *, resamples: int = RESAMPLES, seed: int = 0) -> Scores:
    """Figures from per-document counts, shape (documents, labels, 4), with bootstrap intervals."""
    n_docs = counts.shape[0]
    total = counts.sum(axis=0)
    p, r, f = prf(total)
    boot = _resampled(counts, resamples, seed)
    bp, br, bf = prf(boot)
    per_label = tuple(
        LabelScores(label, _estimate(p[i], bp[:, i], "the model predicted none"),
                    _estimate(r[i], br[:, i], "the gold standard has none"),
                    _estimate(f[i], bf[:, i], "neither the model nor the gold standard has one"),
                    int(total[i, PRED_N]), int(total[i, GOLD_N]))
        for i, label in enumerate(labels))
    macro_f1 = _estimate(float(macro(f)), macro(bf), "no label has a defined F1")
    return Scores(per_label, macro_f1, n_docs)


def _resampled(counts: np.ndarray, resamples: int, seed: int) -> np.ndarray:
    """Summed counts of `resamples` bootstrap samples of the documents, shape (resamples, labels, 4)."""
    n_docs = counts.shape[0]
    if n_docs == 0:
        return np.zeros((0,) + counts.shape[1:])
    weights = np.random.default_rng(seed).multinomial(n_docs, np.full(n_docs, 1.0 / n_docs), size=resamples)
    return (weights @ counts.reshape(n_docs, -1)).reshape((resamples,) + counts.shape[1:]).astype(np.float64)


def _estimate(value: float, samples: np.ndarray, reason: str) -> Estimate:
    if np.isnan(value):
        return Estimate(None, reason=reason)
    samples = samples[~np.isnan(samples)]
    if len(samples) == 0:
        return Estimate(float(value))
    low, high = np.percentile(samples, [2.5, 97.5])
    return Estimate(float(value), float(low), float(high))
