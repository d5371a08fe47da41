"""The document-stance figures as functions of per-document sums, for the documents bootstrap.

Percent agreement, Fleiss' κ (Gwet's 2014 form) and each pair's Cohen's κ and agreement are ratios of
sums over documents (documents.py gives the formulas); here each becomes per-document columns and a
vectorised evaluation over many resampled sums at once. Evaluated on every document once (weights 1),
each gives exactly the report's figure: the tests hold them to that.

`codes` is (coders, documents) of category indices, -1 where a coder gave no stance, restricted to
the documents being resampled.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from annotator.agreement.documents import value_counts
from annotator.agreement.resampling import ratio


def agreement_columns(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per document: the share of agreeing coder pairs (0 unless ≥ 2 values), and whether it has ≥ 2 values."""
    r = counts.sum(axis=1).astype(np.float64)
    pairable = r >= 2
    share = np.zeros(len(r))
    c = counts[pairable].astype(np.float64)
    share[pairable] = (c * (c - 1)).sum(axis=1) / (r[pairable] * (r[pairable] - 1))
    return share, pairable.astype(np.float64)


@dataclass(frozen=True)
class PercentAgreement:
    columns: tuple[np.ndarray, ...]  # agreement_columns

    def values(self, sums: np.ndarray, weights: np.ndarray) -> np.ndarray:
        return ratio(sums[:, 0], sums[:, 1])


@dataclass(frozen=True)
class FleissKappa:
    """Columns: agreement (2), rated (1), shares r_dk / r_d of rated documents (k), counts (k)."""

    columns: tuple[np.ndarray, ...]
    n_categories: int

    def values(self, sums: np.ndarray, weights: np.ndarray) -> np.ndarray:
        k = self.n_categories
        agreement = ratio(sums[:, 0], sums[:, 1])
        pi = sums[:, 3 : 3 + k] / np.where(sums[:, 2:3] > 0, sums[:, 2:3], 1.0)
        chance = (pi**2).sum(axis=1)
        kappa = ratio(agreement - chance, 1.0 - chance)
        kappa[np.count_nonzero(sums[:, 3 + k :] > 0, axis=1) < 2] = np.nan
        return kappa


def fleiss_columns(counts: np.ndarray, agreement: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, ...]:
    r = counts.sum(axis=1).astype(np.float64)
    rated = r >= 1
    shares = np.zeros(counts.shape, dtype=np.float64)
    shares[rated] = counts[rated] / r[rated, None]
    used = np.where(rated[:, None], counts, 0).astype(np.float64)
    return (*agreement, rated.astype(np.float64), *shares.T.copy(), *used.T.copy())


def confusion_columns(first: np.ndarray, second: np.ndarray, k: int) -> tuple[np.ndarray, ...]:
    """One column per cell of the pair's confusion matrix: 1 where the document falls in it."""
    both = (first >= 0) & (second >= 0)
    cell = np.where(both, first * k + second, -1)
    return tuple((cell == c).astype(np.float64) for c in range(k * k))


@dataclass(frozen=True)
class CohenKappa:
    columns: tuple[np.ndarray, ...]  # confusion_columns
    n_categories: int

    def confusion(self, sums: np.ndarray) -> np.ndarray:
        return sums.reshape(len(sums), self.n_categories, self.n_categories)

    def values(self, sums: np.ndarray, weights: np.ndarray) -> np.ndarray:
        confusion = self.confusion(sums)
        n = confusion.sum(axis=(1, 2))
        agreement = ratio(np.trace(confusion, axis1=1, axis2=2), n)
        marginals = np.einsum("bi,bi->b", confusion.sum(axis=2), confusion.sum(axis=1))
        chance = ratio(marginals, n * n)
        kappa = ratio(agreement - chance, 1.0 - chance)
        kappa[marginals == n * n] = np.nan  # both coders used one and the same category throughout
        return kappa


@dataclass(frozen=True)
class PairAgreement(CohenKappa):
    def values(self, sums: np.ndarray, weights: np.ndarray) -> np.ndarray:
        confusion = self.confusion(sums)
        return ratio(np.trace(confusion, axis1=1, axis2=2), confusion.sum(axis=(1, 2)))


def stance_statistics(codes: np.ndarray, n_categories: int) -> tuple[PercentAgreement, FleissKappa,
                                                                    list[tuple[CohenKappa, PairAgreement]]]:
    counts = value_counts(codes, n_categories)
    agreement = agreement_columns(counts)
    m = codes.shape[0]
    pairs = []
    for a in range(m):
        for b in range(a + 1, m):
            cells = confusion_columns(codes[a], codes[b], n_categories)
            pairs.append((CohenKappa(cells, n_categories), PairAgreement(cells, n_categories)))
    return PercentAgreement(agreement), FleissKappa(fleiss_columns(counts, agreement), n_categories), pairs
