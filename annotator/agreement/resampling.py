"""The bootstrap engine: documents resampled with replacement, every statistic of the report at once.

Hand-written with numpy (no library resamples clustered annotation data this way). A bootstrap
sample draws as many documents as the reliability data hold, uniformly with replacement (Efron &
Tibshirani 1993, ch. 6); its document counts form a weight matrix W (samples × documents).

Every statistic the report resamples by documents is a function of per-document sums: each one
hands over a matrix of per-document columns X (documents × f), and its value in each sample is
computed from W @ X (samples × f) — one matrix product for every figure of the report, chunk by
chunk (a statistic that needs more, such as αu's expected disagreement on small corpora, also
gets W). The same draw serves every statistic, so the intervals describe the same resampled corpora.

Intervals are percentile intervals with the order statistics KALPHA uses (Hayes & Krippendorff 2007):
for B samples and 95%, the ⌊0.025·B⌋-th and the (⌊0.975·B⌋ + 1)-th smallest value.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from annotator.agreement.figures import Interval

DEFAULT_SAMPLES = 10_000
# Document draws per report: 10,000 samples of up to 10,000 documents (the size); larger corpora get
# fewer samples, and the report says so. A fixed budget, not a clock, so that a seed gives the same
# intervals on any machine. benchmarks/bench_agreement.py times it against numpy's raw draws and product.
DRAW_BUDGET = 100_000_000
MIN_SAMPLES = 1_000
_CHUNK_CELLS = 2_500_000  # weights per chunk (samples × documents): ~20 MB of int64


@dataclass(frozen=True, slots=True)
class Bootstrap:
    """What the user asked for: `samples` None means the default (10,000 within the budget)."""

    samples: int | None = None
    seed: int = 0
    confidence: float = 0.95
    alpha_min: tuple[float, ...] = (0.667, 0.800)


@dataclass(frozen=True, slots=True)
class Resampling:
    """How a report's intervals were drawn (the report states it, the methods paragraph quotes it)."""

    samples: int
    seed: int
    confidence: float
    documents: int  # documents resampled: those the chosen coders coded
    alpha_min: tuple[float, ...]


def samples_for(bootstrap: Bootstrap, n_documents: int) -> tuple[int, str | None]:
    """How many samples to draw, and a note when the default had to be lowered to fit the budget."""
    if bootstrap.samples is not None:
        return bootstrap.samples, None
    if n_documents * DEFAULT_SAMPLES <= DRAW_BUDGET:
        return DEFAULT_SAMPLES, None
    fitting = max(MIN_SAMPLES, DRAW_BUDGET // max(n_documents, 1) // 1000 * 1000)
    return fitting, (f"Bootstrap: {fitting:,} samples instead of {DEFAULT_SAMPLES:,}, to keep the intervals of "
                     f"{n_documents:,} documents within about 2 seconds (ask for more with --bootstrap N).")


class DocumentStatistic(Protocol):
    """A figure that is a function of per-document sums. Its columns (one value per resampled
    document each) may be shared with other statistics: the engine sums each array once."""

    @property
    def columns(self) -> tuple[np.ndarray, ...]:
        ...

    def values(self, sums: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """(samples,) values from (samples, f) sums and the (samples, documents) weights; NaN where
        the figure has no value in a sample."""
        ...


def draw_weights(rng: np.random.Generator, n_documents: int, samples: int) -> np.ndarray:
    """(samples, n_documents) counts: how often each document was drawn in each sample."""
    idx = rng.integers(0, n_documents, size=(samples, n_documents), dtype=np.int64)
    idx += (np.arange(samples, dtype=np.int64) * n_documents)[:, None]
    return np.bincount(idx.ravel(), minlength=samples * n_documents).reshape(samples, n_documents)


def resample_documents(statistics: Sequence[DocumentStatistic], n_documents: int, samples: int,
                       rng: np.random.Generator) -> list[np.ndarray]:
    """Each statistic's value in each of `samples` bootstrap samples of the documents."""
    out = [np.full(samples, np.nan) for _ in statistics]
    if n_documents == 0 or not statistics:
        return out
    slot: dict[int, int] = {}
    arrays: list[np.ndarray] = []
    picks = []
    for statistic in statistics:
        pick = []
        for column in statistic.columns:
            if id(column) not in slot:
                slot[id(column)] = len(arrays)
                arrays.append(column)
            pick.append(slot[id(column)])
        picks.append(np.array(pick, dtype=np.int64))
    columns = np.column_stack(arrays).astype(np.float64)
    chunk = max(1, _CHUNK_CELLS // n_documents)
    for lo in range(0, samples, chunk):
        weights = draw_weights(rng, n_documents, min(chunk, samples - lo))
        sums = weights.astype(np.float64) @ columns
        for i, statistic in enumerate(statistics):
            out[i][lo : lo + len(weights)] = statistic.values(sums[:, picks[i]], weights)
    return out


def evaluate_once(statistic: DocumentStatistic, n_documents: int) -> float:
    """The statistic with every document drawn once: the report's own figure."""
    weights = np.ones((1, n_documents), dtype=np.int64)
    sums = np.column_stack(statistic.columns).sum(axis=0)[None, :] if statistic.columns else np.zeros((1, 0))
    return float(statistic.values(sums, weights)[0])


def percentile_interval(values: np.ndarray, *, resampled: str, confidence: float = 0.95,
                        alpha_min: Sequence[float] = ()) -> Interval | None:
    """The percentile interval of the defined values (None when no sample had a value)."""
    defined = np.sort(values[~np.isnan(values)])
    b = len(defined)
    if b == 0:
        return None
    tail = (1.0 - confidence) / 2.0
    low = defined[max(math.floor(tail * b), 1) - 1]
    high = defined[min(math.floor((1.0 - tail) * b), b - 1)]
    q = tuple((float(a), float(np.count_nonzero(defined < a)) / b) for a in alpha_min)
    return Interval(float(low), float(high), b, resampled, confidence, len(values) - b, q)


def ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """numerator / denominator, NaN where the denominator is zero (the figure is undefined there)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator != 0, numerator / np.where(denominator != 0, denominator, 1.0), np.nan)
