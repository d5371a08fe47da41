"""αu on a continuum of documents: over the documents every coder coded, and per coder pair.

Krippendorff's αu (unitizing.py) assumes every coder unitized the whole continuum, so with rotating
coders (not everyone codes every document) the all-coders αu rests only on the documents everyone
coded — often none. Each pair of coders, though, shares a continuum: the documents both coded. Per
pair we give αu with m = 2 on that continuum, and as the aggregate, clearly named, the mean of the
pairs' αu weighted by the characters each pair shares ("pairwise αu"; N = the pairs with a value).
This aggregate is our construction, not Krippendorff's: the report says so where it shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from annotator.agreement.corpus import Corpus
from annotator.agreement.figures import Figure
from annotator.agreement.unitizing import alpha_from_terms
from annotator.agreement.unitizing_parts import (
    EXACT_DOCUMENTS,
    LabelParts,
    UnitsCache,
    continuum_parts,
)

PAIRWISE_NAME = "pairwise αu (mean over coder pairs, weighted by the characters each pair shares)"


@dataclass(frozen=True, slots=True)
class ContinuumAlpha:
    alpha_u: Figure
    by_label: dict[str, Figure]
    n_documents: int
    n_characters: int
    n_units: int
    merged: int  # spans merged into an overlapping span of the same label by the same coder


@dataclass(frozen=True, slots=True)
class PairAlphaU:
    coders: tuple[str, str]
    alpha_u: Figure
    n_documents: int
    n_characters: int


Parts = dict[tuple[int, ...], list[LabelParts]]  # per coder tuple: each label's per-document parts


def continuum_alpha(corpus: Corpus, coders: Sequence[int], docs: np.ndarray, keep: Parts | None = None,
                    cache: UnitsCache | None = None) -> ContinuumAlpha:
    """αu of `coders` over the documents `docs` (bool per corpus document), laid end to end. The
    per-document parts are kept in `keep` (by coder tuple) for the bootstrap; `cache` shares merged
    units between continua."""
    n_docs = int(docs.sum())
    parts, merged = continuum_parts(corpus, coders, docs, exact=n_docs <= EXACT_DOCUMENTS, cache=cache)
    if keep is not None:
        keep[tuple(coders)] = parts
    terms = [p.terms() for p in parts]
    n_chars, m = int(np.diff(corpus.edges)[docs].sum()), len(coders)
    by_label = {k: alpha_from_terms([t], n_coders=m, n_characters=n_chars) for k, t in zip(corpus.labels, terms, strict=True)}
    overall = alpha_from_terms(terms, n_coders=m, n_characters=n_chars)
    return ContinuumAlpha(overall, by_label, n_docs, n_chars, sum(t.n_units for t in terms), merged)


EVERYONE_CODED_ALL = "every coder coded every document: the all-coders αu applies"


def pairwise_alpha_u(corpus: Corpus, keep: Parts | None = None,
                     cache: UnitsCache | None = None) -> tuple[tuple[PairAlphaU, ...], Figure]:
    """αu of every coder pair over the documents both coded, and their weighted mean — only where not
    every coder coded every document (otherwise the all-coders αu is the figure, and we spare the time)."""
    coded = corpus.coded.any(axis=0)
    if len(corpus.coders) >= 2 and np.array_equal(corpus.coded.all(axis=0), coded):
        return (), Figure.undefined(EVERYONE_CODED_ALL)
    pairs = []
    for a, b in combinations(range(len(corpus.coders)), 2):
        result = continuum_alpha(corpus, (a, b), corpus.coded[a] & corpus.coded[b], keep, cache)
        pairs.append(PairAlphaU((corpus.coders[a], corpus.coders[b]), result.alpha_u, result.n_documents,
                                result.n_characters))
    return tuple(pairs), weighted_mean(pairs)


def weighted_mean(pairs: Sequence[PairAlphaU]) -> Figure:
    defined = [p for p in pairs if p.alpha_u.value is not None]
    if not pairs:
        return Figure.undefined("fewer than two coders")
    if not defined:
        return Figure.undefined("no coder pair has an αu on the documents it shares")
    weights = np.array([p.n_characters for p in defined], dtype=np.float64)
    values = np.array([p.alpha_u.value for p in defined], dtype=np.float64)
    return Figure(float(values @ weights / weights.sum()), len(defined))
