"""P/R/F1 per label, macro-F1 and bootstrap intervals, against independent computations."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import precision_recall_fscore_support

from annotator.model.evaluation import span_counts, stance_counts
from annotator.model.metrics import scores


def test_span_counts_follow_the_agreement_modules_matching() -> None:
    gold = [(0, 10, "a"), (20, 30, "a"), (40, 50, "b")]
    predicted = [(0, 10, "a"), (25, 35, "a"), (40, 50, "a"), (60, 70, "b")]
    counts = span_counts(predicted, gold, ["a", "b"], 100)
    exact, overlap = counts
    # exact: a predicted (0,10) matches; a gold (0,10) matched. b: nothing matches.
    assert exact.tolist() == [[3, 1, 2, 1], [1, 0, 1, 0]]
    # overlap: (25,35) shares characters with gold (20,30); (40,50,'a') meets no gold 'a'
    assert overlap.tolist() == [[3, 2, 2, 2], [1, 0, 1, 0]]
    s = scores(exact[None], ["a", "b"], resamples=10)
    p, r = 1 / 3, 1 / 2
    assert s.labels[0].f1.value == 2 * p * r / (p + r)
    assert s.labels[1].f1.value == 0.0  # both sides have one, none matched: 0, not undefined
    assert s.macro_f1.value == (2 * p * r / (p + r) + 0.0) / 2


def test_stance_figures_equal_scikit_learns() -> None:
    rng = np.random.default_rng(4)
    options = ["x", "y", "z"]
    gold = rng.choice(options, size=80).tolist()
    predicted = [g if rng.random() < 0.6 else rng.choice(options) for g in gold]
    counts = np.stack([stance_counts(p, g, options) for p, g in zip(predicted, gold, strict=True)])
    s = scores(counts, options, resamples=10)
    p, r, f, _ = precision_recall_fscore_support(gold, predicted, labels=options, zero_division=np.nan)
    for i, label in enumerate(s.labels):
        assert np.isclose(label.precision.value, p[i]) and np.isclose(label.recall.value, r[i])
        assert np.isclose(label.f1.value, f[i])
    assert np.isclose(s.macro_f1.value, np.mean(f))


def test_an_undefined_label_stays_out_of_the_macro_average() -> None:
    counts = np.array([[[2, 2, 2, 2], [0, 0, 0, 0]]], dtype=float)
    s = scores(counts, ["a", "b"], resamples=10)
    assert s.labels[1].f1.value is None and "neither" in s.labels[1].f1.reason
    assert s.macro_f1.value == 1.0


def test_bootstrap_interval_agrees_with_a_plain_loop_over_resampled_documents() -> None:
    rng = np.random.default_rng(7)
    n_docs = 60
    gold = rng.integers(0, 2, size=n_docs)
    predicted = np.where(rng.random(n_docs) < 0.7, gold, 1 - gold)
    counts = np.stack([stance_counts(str(p), str(g), ["0", "1"]) for p, g in zip(predicted, gold, strict=True)])
    ours = scores(counts, ["0", "1"], resamples=4000, seed=1).macro_f1
    loop_rng = np.random.default_rng(99)
    values = []
    for _ in range(4000):  # written differently: index resampling and F1 = 2TP / (2TP + FP + FN) per class
        pick = loop_rng.integers(0, n_docs, size=n_docs)
        g, p = gold[pick], predicted[pick]
        f1 = [2 * np.sum((p == k) & (g == k)) / (np.sum(p == k) + np.sum(g == k)) for k in (0, 1)]
        values.append(np.mean(f1))
    low, high = np.percentile(values, [2.5, 97.5])
    assert abs(ours.low - low) < 0.03 and abs(ours.high - high) < 0.03  # Monte Carlo error of 4,000 resamples
