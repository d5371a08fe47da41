"""Agreement on the document-level stance: percent agreement, Cohen's κ per coder pair with its
confusion matrix, Fleiss' κ and Krippendorff's α.

Krippendorff's α comes from the `krippendorff` package (nominal, ordinal, interval metrics of
Krippendorff 2011, "Computing Krippendorff's alpha-reliability"). The rest is hand-written with numpy
because no maintained library computes it over missing values: Fleiss' κ in Gwet's (2014, Handbook of
Inter-Rater Reliability, 4th ed., ch. 2) form for unequal numbers of coders per unit,

    p_a = mean over units with r_i ≥ 2 of Σ_k r_ik (r_ik - 1) / (r_i (r_i - 1)),
    p_e = Σ_k π_k²,  π_k = mean over units with r_i ≥ 1 of r_ik / r_i,   κ = (p_a - p_e) / (1 - p_e),

which is Fleiss (1971) when every unit has every coder; and Cohen's (1960) κ from the pair's own
marginals over the documents both coded. Percent agreement is p_a above.

Input: `codes`, an int array (coders, documents) of category indices, -1 where a coder gave no stance;
`stance_categories` and `stance_codes` (at the end) make it from a corpus.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import krippendorff
import numpy as np

from annotator.agreement.corpus import Corpus
from annotator.agreement.figures import Figure
from annotator.core.codebook import Codebook
from annotator.core.errors import InputError

Level = Literal["nominal", "ordinal", "interval"]
NO_PAIRABLE = "no document has a stance from two coders"


@dataclass(frozen=True, slots=True)
class PairStance:
    """Two coders' stance on the documents both gave one."""

    coders: tuple[str, str]
    cohen_kappa: Figure
    percent_agreement: Figure
    confusion: np.ndarray  # rows: first coder's category, columns: second coder's

    @property
    def n(self) -> int:
        return int(self.confusion.sum())


def value_counts(codes: np.ndarray, n_categories: int) -> np.ndarray:
    """(documents, categories): how many coders gave each document each category."""
    coder_idx, doc_idx = np.nonzero(codes >= 0)
    flat = doc_idx * n_categories + codes[coder_idx, doc_idx]
    return np.bincount(flat, minlength=codes.shape[1] * n_categories).reshape(codes.shape[1], n_categories)


def percent_agreement(counts: np.ndarray) -> Figure:
    """Mean over documents with ≥ 2 values of the share of agreeing coder pairs."""
    r = counts.sum(axis=1)
    pairable = r >= 2
    n = int(pairable.sum())
    if n == 0:
        return Figure.undefined(NO_PAIRABLE)
    c, rp = counts[pairable].astype(np.float64), r[pairable].astype(np.float64)
    return Figure(float(np.mean((c * (c - 1)).sum(axis=1) / (rp * (rp - 1)))), n)


def fleiss_kappa(counts: np.ndarray) -> Figure:
    """Fleiss' κ, generalised to unequal numbers of coders per document (Gwet 2014)."""
    agreement = percent_agreement(counts)
    if agreement.value is None:
        return agreement
    r = counts.sum(axis=1)
    rated = counts[r >= 1].astype(np.float64)
    pi = (rated / rated.sum(axis=1, keepdims=True)).mean(axis=0)
    if np.count_nonzero(rated.sum(axis=0)) < 2:
        return Figure.undefined("every stance is the same category, so chance agreement is 1", agreement.n)
    pe = float(np.sum(pi**2))
    return Figure((agreement.value - pe) / (1.0 - pe), agreement.n)


def cohen_kappa(confusion: np.ndarray) -> Figure:
    """Cohen's κ from a pair's confusion matrix (each coder's own marginals)."""
    n = int(confusion.sum())
    if n == 0:
        return Figure.undefined("the two coders share no document with a stance from both")
    rows, cols = confusion.sum(axis=1), confusion.sum(axis=0)
    if int(np.dot(rows, cols)) == n * n:  # both coders used one and the same category throughout
        return Figure.undefined("both coders gave every shared document the same single category, so chance agreement is 1", n)
    po = np.trace(confusion) / n
    pe = float(np.dot(rows, cols)) / (n * n)
    return Figure(float((po - pe) / (1.0 - pe)), n)


def pair_stance(codes: np.ndarray, a: int, b: int, names: tuple[str, str], n_categories: int) -> PairStance:
    both = (codes[a] >= 0) & (codes[b] >= 0)
    flat = codes[a][both] * n_categories + codes[b][both]
    confusion = np.bincount(flat, minlength=n_categories * n_categories).reshape(n_categories, n_categories)
    n = int(both.sum())
    agree = Figure(float(np.trace(confusion)) / n, n) if n else Figure.undefined("the two coders share no document with a stance from both")
    return PairStance(names, cohen_kappa(confusion), agree, confusion)


def alpha_counts(counts: np.ndarray, level: Level, values: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The pairable units' value counts and the value domain α is computed over: for ordinal and
    interval, categories sharing a number are one value (their counts add up)."""
    counts = counts[counts.sum(axis=1) >= 2]
    domain = np.arange(counts.shape[1], dtype=np.float64)
    if level == "nominal":
        return counts, domain
    if values is None:
        raise ValueError(f"{level} α needs a number for every category")
    domain, column = np.unique(values, return_inverse=True)
    merged = np.zeros((counts.shape[0], len(domain)), dtype=counts.dtype)
    np.add.at(merged.T, column, counts.T)
    return merged, domain


def krippendorff_alpha(counts: np.ndarray, level: Level, values: np.ndarray | None = None) -> Figure:
    """Krippendorff's α by the `krippendorff` package. `values` (one number per category) are needed
    for ordinal and interval; categories sharing a number are one value."""
    counts, domain = alpha_counts(counts, level, values)
    n = len(counts)
    if n == 0:
        return Figure.undefined(NO_PAIRABLE)
    if np.count_nonzero(counts.sum(axis=0)) < 2:
        return Figure.undefined("every stance on the shared documents is the same value, so expected disagreement is zero", n)
    value = krippendorff.alpha(value_counts=counts, value_domain=domain, level_of_measurement=level)
    return Figure(float(value), n)


def stance_codes(corpus: Corpus, categories: Sequence[str]) -> np.ndarray:
    """(coders, documents): each coder's stance as an index into `categories`, -1 for none."""
    position = {name: i for i, name in enumerate(categories)}
    remap = np.array([position[name] for name in corpus.stance_labels] + [-1], dtype=np.int64)
    return remap[corpus.stance]  # -1 (no stance) picks the last entry, -1


def stance_categories(corpus: Corpus, level: Level, codebook: Codebook | None) -> tuple[tuple[str, ...], np.ndarray | None]:
    """The stance categories in display order and, for ordinal/interval, their numbers: the codebook's
    option values, else the labels read as numbers."""
    options = [o for o in codebook.stance_options] if codebook else []
    names = [o.name for o in options] + [n for n in corpus.stance_labels if n not in {o.name for o in options}]
    if level == "nominal":
        return tuple(names if codebook else corpus.stance_labels), None
    given = {o.name: o.value for o in options if o.value is not None}
    values = [given[name] if name in given else _number(name, level) for name in names]
    order = sorted(range(len(names)), key=lambda i: values[i])
    return tuple(names[i] for i in order), np.array([values[i] for i in order], dtype=np.float64)


def _number(label: str, level: str) -> float:
    try:
        value = float(label)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise InputError(f"stance {label!r} is not a number, so it has no place on an {level} scale",
                         hint="use --level nominal, or give every stance option a value in the codebook")
    return value
