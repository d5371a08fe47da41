"""Bootstrapped Krippendorff's α as Hayes & Krippendorff's KALPHA macro does it: pairable values
resampled, not whole units. Hand-written with numpy (no maintained Python package implements it).

Sources: Hayes & Krippendorff (2007), "Answering the call for a standard reliability measure for
coding data", Communication Methods and Measures 1(1): 77-89 (the KALPHA macro: "a random sample of
[as many] pairs of judgments [as there are pairable pairs], weighted by how many observers judged a
given unit"; 239 pairs for their 40-unit example); Krippendorff, "Algorithm for bootstrapping a
distribution of α" (2006, revised 2011):

1. o_ck, the observed coincidences (each pair of values in a unit with m_u values weighs 1/(m_u - 1)),
   n.. their total, and D_e, the expected disagreement of the data, which the bootstrap holds fixed;
2. M = Σ_u m_u (m_u - 1) / 2 pairs are drawn with replacement, pair (c, k) with probability o_ck / n..;
3. each sample's α* = 1 - Σ_drawn δ²_ck / (M · D_e);
4. corrections: α* below -1 is -1 (α's floor); a sample whose pairs all hold one and the same value has
   no variation, and its α* (1 by the formula) is taken as 0, as Krippendorff's algorithm prescribes.
   (The algorithm estimates how many such samples to expect; drawing cell counts, we know which they are.)

The draws are vectorised: the counts of each coincidence cell in a sample follow a multinomial
distribution over the cells, so B samples cost B multinomial draws over at most v(v+1)/2 cells.
q(α_min), the probability of failing to reach α_min, is the share of α* below it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from annotator.agreement.figures import Interval
from annotator.agreement.resampling import percentile_interval

RESAMPLED = "pairable values (KALPHA)"


def coincidences(counts: np.ndarray) -> np.ndarray:
    """o_ck from (units, values) counts of units with at least two values."""
    m = counts.sum(axis=1).astype(np.float64)
    weighted = counts / (m - 1.0)[:, None]
    o = weighted.T @ counts.astype(np.float64)
    o[np.diag_indices_from(o)] -= weighted.sum(axis=0)  # a value is not paired with itself
    return o


def squared_differences(level: str, domain: np.ndarray, totals: np.ndarray) -> np.ndarray:
    """δ²_ck of Krippendorff (2011): nominal, ordinal (over the values' totals n_c) or interval."""
    v = len(domain)
    if level == "nominal":
        return 1.0 - np.eye(v)
    if level == "interval":
        return (domain[:, None] - domain[None, :]) ** 2
    cumulative = np.concatenate(([0.0], np.cumsum(totals)))
    c, k = np.minimum.outer(np.arange(v), np.arange(v)), np.maximum.outer(np.arange(v), np.arange(v))
    return (cumulative[k + 1] - cumulative[c] - (totals[c] + totals[k]) / 2.0) ** 2


def alpha_terms(counts: np.ndarray, level: str, domain: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, float]:
    """o_ck, δ²_ck, D_o and D_e of pairable units' value counts."""
    o = coincidences(counts)
    totals = o.sum(axis=1)
    n = totals.sum()
    delta = squared_differences(level, domain, totals)
    observed = float((o * delta).sum() / n)
    expected = float((np.outer(totals, totals) * delta).sum() / (n * (n - 1.0)))
    return o, delta, observed, expected


def bootstrap_alpha(counts: np.ndarray, level: str, domain: np.ndarray, *, samples: int,
                    rng: np.random.Generator) -> np.ndarray:
    """`samples` values of α* (empty when α has no value: no pairable unit or no variation)."""
    counts = counts[counts.sum(axis=1) >= 2]
    if len(counts) == 0:
        return np.empty(0)
    o, delta, _, expected = alpha_terms(counts, level, domain)
    if expected == 0:
        return np.empty(0)
    m = counts.sum(axis=1)
    draws = int(np.sum(m * (m - 1) // 2))
    lower = np.tril_indices_from(o)
    p = np.where(lower[0] == lower[1], o[lower], 2.0 * o[lower]) / o.sum()
    cells = rng.multinomial(draws, p / p.sum(), size=samples)
    alpha = 1.0 - (cells @ delta[lower]) / (draws * expected)
    alpha = np.maximum(alpha, -1.0)
    one_value = (cells[:, lower[0] == lower[1]] == draws).any(axis=1)
    alpha[one_value] = 0.0
    return alpha


def alpha_interval(counts: np.ndarray, level: str, domain: np.ndarray, *, samples: int, rng: np.random.Generator,
                   confidence: float = 0.95, alpha_min: Sequence[float] = (0.667, 0.8)) -> Interval | None:
    values = bootstrap_alpha(counts, level, domain, samples=samples, rng=rng)
    return percentile_interval(values, resampled=RESAMPLED, confidence=confidence, alpha_min=alpha_min)
