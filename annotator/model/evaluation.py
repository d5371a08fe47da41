"""Scoring predictions against the gold standard, per document, for the metrics module to total.

Spans are matched as the agreement module matches two coders' spans (exact: same offsets and label;
overlap: same label and at least one shared character), using its own functions, with the model's
suggestions as coder a and the gold spans as coder b.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from annotator.agreement.spans import exact_matches, overlap_matches
from annotator.model.metrics import GOLD_HIT, GOLD_N, PRED_HIT, PRED_N, Scores, scores

Spans = Sequence[tuple[int, int, str]]


@dataclass(frozen=True, slots=True)
class SystemScores:
    """How one system (the model or a baseline) did on the test documents."""

    name: str
    spans_exact: Scores
    spans_overlap: Scores
    stance: Scores | None  # None: the system gives no document stance (too few stances to train one)


def span_counts(predicted: Spans, gold: Spans, labels: Sequence[str], length: int) -> np.ndarray:
    """Counts of one document, shape (2 = exact/overlap, labels, 4)."""
    index = {label: i for i, label in enumerate(labels)}
    stride = length + 1
    lanes = [_lanes([s for s in side if s[2] in index], index, stride) for side in (predicted, gold)]
    (pred, pred_label), (gold_lane, gold_label) = lanes
    exact = exact_matches(pred, gold_lane)
    overlap = overlap_matches(pred, gold_lane), overlap_matches(gold_lane, pred)
    out = np.zeros((2, len(labels), 4))
    for kind, (hit_pred, hit_gold) in enumerate((exact, overlap)):
        out[kind, :, PRED_N] = np.bincount(pred_label, minlength=len(labels))
        out[kind, :, PRED_HIT] = np.bincount(pred_label[hit_pred], minlength=len(labels))
        out[kind, :, GOLD_N] = np.bincount(gold_label, minlength=len(labels))
        out[kind, :, GOLD_HIT] = np.bincount(gold_label[hit_gold], minlength=len(labels))
    return out


def _lanes(spans: Spans, index: dict[str, int], stride: int) -> tuple[tuple[np.ndarray, np.ndarray], np.ndarray]:
    label = np.array([index[s[2]] for s in spans], dtype=np.int64)
    start = np.array([s[0] for s in spans], dtype=np.int64) + label * stride
    end = np.array([s[1] for s in spans], dtype=np.int64) + label * stride
    return (start, end), label


def stance_counts(predicted: str | None, gold: str, options: Sequence[str]) -> np.ndarray:
    """Counts of one document with a gold stance, shape (options, 4)."""
    out = np.zeros((len(options), 4))
    for i, option in enumerate(options):
        out[i] = (predicted == option, predicted == option == gold, gold == option, predicted == option == gold)
    return out


def score_system(name: str, span_rows: list[np.ndarray], stance_rows: list[np.ndarray] | None,
                 labels: Sequence[str], options: Sequence[str], *, resamples: int, seed: int) -> SystemScores:
    spans = np.stack(span_rows) if span_rows else np.zeros((0, 2, len(labels), 4))
    stance = None
    if stance_rows is not None:
        stance = scores(np.stack(stance_rows) if stance_rows else np.zeros((0, len(options), 4)), options,
                        resamples=resamples, seed=seed)
    return SystemScores(name, scores(spans[:, 0], labels, resamples=resamples, seed=seed),
                        scores(spans[:, 1], labels, resamples=resamples, seed=seed), stance)
