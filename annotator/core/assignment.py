"""Which documents each coder codes: a reliability sample every coder codes, and the rest split among
them. Pure rules (stdlib `random`, seeded), so the same project, coders, overlap and seed always
give the same assignment, on any machine.

The reliability sample is a simple random sample of round(overlap · N) documents, or, with strata
(e.g. the outlet), a stratified random sample with proportional allocation: each stratum gets its
share of the sample by the largest-remainder method (Hamilton), so the strata's sizes add up to the
total. The remaining documents are shuffled and dealt round-robin within each stratum, the deal
continuing across strata, so every coder gets nearly the same number (and mix) of documents.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from annotator.core.errors import InputError

NO_STRATUM = "(none)"


@dataclass(frozen=True, slots=True)
class Assignment:
    """`reliability`: the documents every coder codes; `own`: each coder's other documents."""

    coders: tuple[str, ...]
    reliability: tuple[int, ...]
    own: dict[str, tuple[int, ...]]
    strata: dict[str, tuple[int, int]]  # stratum -> (documents, of them in the reliability sample)

    def documents_of(self, coder: str) -> tuple[int, ...]:
        return tuple(sorted((*self.reliability, *self.own.get(coder, ()))))


def check_design(coders: Sequence[str], overlap: float) -> None:
    if len(set(coders)) < 2:
        raise InputError("an assignment needs at least two different coders",
                         hint="name them with --coders a,b,c")
    if not 0.0 < overlap <= 1.0:
        raise InputError(f"overlap {overlap:g} is not a share of the documents", hint="give a number above 0 and up to 1, e.g. 0.2")


def draw_assignment(documents: Sequence[tuple[int, Hashable]], coders: Sequence[str], overlap: float,
                    seed: int) -> Assignment:
    """`documents`: (id, stratum) in a stable order (use one stratum for all when not stratifying)."""
    check_design(coders, overlap)
    rng = random.Random(seed)
    by_stratum: dict[str, list[int]] = {}
    for doc, stratum in sorted(documents, key=lambda d: d[0]):
        by_stratum.setdefault(str(stratum) if stratum not in (None, "") else NO_STRATUM, []).append(doc)
    sizes = allocate({s: len(docs) for s, docs in by_stratum.items()}, round(overlap * len(documents)))
    reliability: list[int] = []
    own: dict[str, list[int]] = {c: [] for c in coders}
    strata = {}
    turn = 0
    for stratum in sorted(by_stratum):
        docs = by_stratum[stratum][:]
        rng.shuffle(docs)
        chosen, rest = docs[: sizes[stratum]], docs[sizes[stratum] :]
        reliability += chosen
        for doc in rest:
            own[coders[turn % len(coders)]].append(doc)
            turn += 1
        strata[stratum] = (len(docs), len(chosen))
    return Assignment(tuple(coders), tuple(sorted(reliability)), {c: tuple(sorted(d)) for c, d in own.items()}, strata)


def allocate(sizes: dict[str, int], total: int) -> dict[str, int]:
    """Proportional allocation of `total` over strata of `sizes`, by largest remainders (ties: by name)."""
    n = sum(sizes.values())
    if n == 0:
        return {s: 0 for s in sizes}
    quotas = {s: total * size / n for s, size in sizes.items()}
    given = {s: math.floor(q) for s, q in quotas.items()}
    left = total - sum(given.values())
    for s in sorted(quotas, key=lambda s: (-(quotas[s] - given[s]), s))[:left]:
        given[s] += 1
    return given


def krippendorff_minimum(alpha_min: float, p_c: float, coders: int = 2, significance: float = 0.05) -> int:
    """The smallest number of values Krippendorff requires for α_min at a significance level, given
    the probability p_c of the least frequent category (Content Analysis, 3rd ed., ch. 12, his table of
    required sample sizes, after Bloch & Kraemer 1989, eq. 3.7): for two coders
        N = 2 z² [ (1 + α_min)(3 - α_min) / (4 p_c (1 - p_c)(1 - α_min)) - α_min ],
    z the one-tailed normal quantile; for more coders z² is multiplied by their number instead of 2.
    (It reproduces the table: 139 values for p_c = .25, α_min = .800, p = .05; 81 for α_min = .667.)"""
    from statistics import NormalDist

    z = NormalDist().inv_cdf(1.0 - significance)
    inner = (1 + alpha_min) * (3 - alpha_min) / (4 * p_c * (1 - p_c) * (1 - alpha_min)) - alpha_min
    return math.ceil(round(coders * z * z * inner, 6))
