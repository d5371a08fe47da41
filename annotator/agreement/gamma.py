"""Mathet, Widlöcher & Métivier's (2015) γ, the unitizing measure built for overlapping spans of unequal
length, through the `pygamma-agreement` package (an optional extra: `pip install 'annotator[gamma]'`).

γ aligns the coders' units (each unit with at most one unit of every other coder, or with nothing) so
that the total disorder — positional plus categorical dissimilarity, Mathet et al.'s combined
dissimilarity, weighted α = β = 1 (the package's default; the authors' Gamma Software uses α = 3) —
is smallest, and compares that disorder with the disorder expected of random continua sampled from
the data: γ = 1 - observed / expected. The expected disorder is estimated by sampling, seeded here
(numpy's global generator, which the package uses), so the same seed gives the same γ. The best alignment is returned unit by unit for the passage view.

The alignment is an integer programme over every possible group of units: we lay the chosen documents
end to end (like αu) and take at most `max_documents` of the documents every coder coded (a seeded
random choice, said in the result), because the programme grows quickly with the number of units.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from annotator.agreement.corpus import Corpus
from annotator.core.errors import InputError

MISSING = ("γ needs the optional package pygamma-agreement (and its solvers); install it with "
           "pip install 'annotator[gamma]'")
GAP = 1_000  # characters between documents laid end to end: far beyond any alignment's reach
SAMPLES = 30  # random continua for the expected disorder (the package's default first batch) …
PRECISION = 0.05  # … and more until its estimate is within 5% (the package's "low" precision)
DELTA_EMPTY = 1.0  # Δ∅, the cost of a unit aligned with nothing (the paper's and the package's unit)

AlignedUnit = tuple[str, int, int, str]  # coder, start, end (code points in the document), label


@dataclass(frozen=True, slots=True)
class Gamma:
    value: float
    observed_disorder: float
    expected_disorder: float
    documents: tuple[str, ...]  # doc_ids it rests on
    n_units: int
    alignment: dict[str, tuple[tuple[AlignedUnit | None, ...], ...]]  # doc_id -> groups, one slot per coder
    seed: int


def available() -> bool:
    try:
        import pygamma_agreement  # noqa: F401
    except ImportError:
        return False
    return True


def gamma_of_units(units: Sequence[tuple[str, float, float, str]], *, seed: int = 0, precision_level: float | None = None,
                   samples: int | None = None, shuffle: bool = False, alpha: float = 1.0,
                   beta: float = 1.0):  # noqa: ANN201 (the package's type)
    """The package's GammaResults for (coder, start, end, label) units on one continuum; `alpha` and
    `beta` weigh the positional and the categorical dissimilarity (the package's defaults: 1 and 1)."""
    continuum, dissimilarity = _continuum(units, alpha, beta)
    from pygamma_agreement.sampler import ShuffleContinuumSampler

    np.random.seed(seed)  # the package samples with numpy's global generator
    sampler = ShuffleContinuumSampler() if shuffle else None
    return continuum.compute_gamma(dissimilarity, n_samples=samples or SAMPLES, sampler=sampler,
                                   precision_level=PRECISION if precision_level is None else precision_level)


def best_alignment_of_units(units: Sequence[tuple[str, float, float, str]], *, alpha: float = 1.0,
                            beta: float = 1.0):  # noqa: ANN201 (the package's type)
    """The best alignment alone (its `disorder` is γ's observed disorder): no sampling, so it is
    deterministic — what the paper's worked dissimilarities and disorders can be checked against."""
    continuum, dissimilarity = _continuum(units, alpha, beta)
    return continuum.get_best_alignment(dissimilarity)


def _continuum(units: Sequence[tuple[str, float, float, str]], alpha: float, beta: float):  # noqa: ANN202
    try:
        from pyannote.core import Segment
        from pygamma_agreement import CombinedCategoricalDissimilarity, Continuum
    except ImportError as exc:
        raise InputError(MISSING) from exc
    continuum = Continuum()
    for coder, start, end, label in units:
        continuum.add(coder, Segment(start, end), label)
    return continuum, CombinedCategoricalDissimilarity(alpha=alpha, beta=beta, delta_empty=DELTA_EMPTY)


def corpus_gamma(corpus: Corpus, *, seed: int = 0, max_documents: int = 20) -> Gamma:
    """γ of the chosen coders over (at most `max_documents` of) the documents every coder coded."""
    if len(corpus.coders) < 2:
        raise InputError("γ needs two or more coders")
    everyone = np.flatnonzero(corpus.coded.all(axis=0))
    if len(everyone) == 0:
        raise InputError("γ needs documents that every chosen coder coded", hint="choose coders who share documents")
    rng = np.random.default_rng(seed)
    chosen = np.sort(rng.choice(everyone, size=min(max_documents, len(everyone)), replace=False))
    units, offset, start_of = [], 0, {}
    for doc in chosen.tolist():
        start_of[doc] = offset
        offset += int(corpus.edges[doc + 1] - corpus.edges[doc]) + GAP
    for c, coder in enumerate(corpus.coders):
        spans = corpus.spans_of(c)
        for doc, start, end, label in zip(spans.doc.tolist(), spans.start.tolist(), spans.end.tolist(),
                                          spans.label.tolist(), strict=True):
            if doc in start_of:
                base = int(corpus.edges[doc])
                units.append((coder, start - base + start_of[doc], end - base + start_of[doc], corpus.labels[label]))
    if len({u[0] for u in units}) < 2:
        raise InputError("γ needs spans from at least two coders on the shared documents")
    result = gamma_of_units(units, seed=seed)
    return Gamma(float(result.gamma), float(result.observed_disorder), float(result.expected_disorder),
                 tuple(corpus.doc_ids[d] for d in chosen.tolist()), len(units),
                 _alignment(result.best_alignment, corpus, start_of), seed)


def _alignment(best, corpus: Corpus, start_of: dict[int, int]) -> dict[str, tuple[tuple[AlignedUnit | None, ...], ...]]:  # noqa: ANN001
    """The best alignment as groups per document, positions back in each document's own offsets."""
    starts = sorted((pos, doc) for doc, pos in start_of.items())
    groups: dict[str, list[tuple[AlignedUnit | None, ...]]] = {}
    for unitary in best.unitary_alignments:
        slots: list[AlignedUnit | None] = []
        doc_id = None
        for coder, unit in unitary.n_tuple:
            if unit is None:
                slots.append(None)
                continue
            pos = int(round(unit.segment.start))
            doc = max((d for p, d in starts if p <= pos), key=lambda d: start_of[d])
            doc_id = corpus.doc_ids[doc]
            slots.append((coder, pos - start_of[doc], int(round(unit.segment.end)) - start_of[doc], str(unit.annotation)))
        if doc_id is not None:
            groups.setdefault(doc_id, []).append(tuple(slots))
    return {doc: tuple(sorted(g, key=lambda s: min(u[1] for u in s if u))) for doc, g in groups.items()}
