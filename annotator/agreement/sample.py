"""The reliability sample: how it was drawn (when `annotator assign` drew it), its size against
Krippendorff's minimum, and whether the figures rest on documents outside it.

Krippendorff's minimum is computed with the formula behind his table of required sample sizes
(core.assignment.krippendorff_minimum, which reproduces the table's entries), for the stance data:
p_c is the share of the least frequent stance category among the pairable values, the significance
level 0.05, and the coders per document those of the data. It does not apply to αu (no table exists).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from annotator.agreement.corpus import Corpus
from annotator.core.assignment import krippendorff_minimum

SIGNIFICANCE = 0.05


@dataclass(frozen=True, slots=True)
class SampleCheck:
    design: Mapping[str, Any] | None  # the stored design of `annotator assign`, None: no assignment
    resting: int  # documents coded by two or more of the chosen coders: what the figures rest on
    outside: int  # of them, documents outside the drawn reliability sample (0 without a design)
    values: int  # pairable stance values
    coders_per_document: float  # mean coders per pairable document
    least_share: float | None  # p_c: share of the least frequent stance category among them
    minimum: tuple[tuple[float, int], ...]  # (α_min, Krippendorff's minimum number of values)

    def notes(self) -> list[str]:
        out = []
        if self.design is not None and self.outside:
            out.append(f"{self.outside:,} of the {self.resting:,} documents the figures rest on lie outside the drawn "
                       "reliability sample: they were coded by two or more coders although the assignment did not ask "
                       "for it, so the figures do not describe the random sample alone.")
        for alpha_min, needed in self.minimum:
            if self.values < needed:
                out.append(f"The stance data hold {self.values:,} pairable values, fewer than the {needed:,} Krippendorff "
                           f"requires to tell α ≥ {alpha_min:.3f} at p = {SIGNIFICANCE} (least frequent category "
                           f"p_c = {self.least_share:.3f}).")
        return out


def check_sample(corpus: Corpus, codes: np.ndarray, n_categories: int, alpha_min: Collection[float],
                 design: Mapping[str, Any] | None = None, reliability: Collection[str] = ()) -> SampleCheck:
    """`codes`: (coders, documents) stance categories, -1 for none (documents.stance_codes)."""
    resting = corpus.coded.sum(axis=0) >= 2
    outside = 0
    if design is not None:
        inside = np.array([doc_id in reliability for doc_id in corpus.doc_ids], dtype=bool)
        outside = int(np.sum(resting & ~inside))
    given = codes >= 0
    pairable = given.sum(axis=0) >= 2
    values = int(given[:, pairable].sum())
    counts = np.bincount(codes[:, pairable][given[:, pairable]], minlength=n_categories)
    used = counts[counts > 0]
    coders_per_document = values / max(int(pairable.sum()), 1)
    share = float(used.min() / used.sum()) if len(used) >= 2 else None
    m = max(2, round(coders_per_document))
    minimum = tuple((a, krippendorff_minimum(a, share, coders=m, significance=SIGNIFICANCE)) for a in alpha_min) \
        if share is not None else ()
    return SampleCheck(design, int(resting.sum()), outside, values, coders_per_document, share, minimum)


def describe(check: SampleCheck) -> list[str]:
    """Sentences for the report: the design, and the size against the minimum."""
    lines = []
    d = check.design
    if d is not None:
        strata = f", stratified by {d.get('stratify')}" if d.get("stratify") else ""
        drawn, total = d.get("reliability_documents") or 0, d.get("documents") or 0
        share, asked = f"{drawn / max(total, 1):.0%}", f"{float(d.get('overlap', 0)):.0%}"
        if share != asked:  # rounding to whole documents: say both, not the asked share as if drawn
            share += f"; --overlap asked for {asked}"
        lines.append(f"Reliability sample drawn by `annotator assign` ({d.get('method', 'random sample')}{strata}, "
                     f"seed {d.get('seed')}): {drawn:,} of {total:,} documents ({share}) for every coder of "
                     f"{', '.join(d.get('coders', []))}.")
    else:
        lines.append("No reliability sample was drawn by `annotator assign`: the figures rest on the documents that two "
                     "or more coders happened to code.")
    if check.minimum:
        needs = "; ".join(f"α_min = {a:.3f}: {n:,} values" for a, n in check.minimum)
        lines.append(f"Size: {check.values:,} pairable stance values ({check.coders_per_document:.1f} coders per "
                     f"document). Krippendorff's minimum at p = {SIGNIFICANCE} with the least frequent category at "
                     f"p_c = {check.least_share:.3f} (from the formula of his table, Content Analysis ch. 12): {needs}.")
    return lines
