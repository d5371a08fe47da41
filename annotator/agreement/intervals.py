"""Bootstrap confidence intervals on every figure of a report (composition; the measures' resampled
forms live in alpha_bootstrap.py, stance_resampling.py, span_resampling.py, unitizing_resampling.py).

What is resampled:
- Krippendorff's α (document stance): pairable values, as KALPHA does (Hayes & Krippendorff 2007);
  also q, the share of samples below each α_min;
- every other figure: the documents the chosen coders coded, drawn with replacement
  (Cohen's and Fleiss' κ and percent agreement: their units are documents; αu, span F1 and holder
  agreement: documents, since spans within a document are not independent). One draw serves all.
The generator is numpy's PCG64 seeded with `Bootstrap.seed`: the same seed gives the same intervals.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations
from typing import TYPE_CHECKING

import numpy as np

from annotator.agreement.alpha_bootstrap import alpha_interval
from annotator.agreement.corpus import Corpus
from annotator.agreement.documents import (
    alpha_counts,
    stance_categories,
    stance_codes,
    value_counts,
)
from annotator.agreement.figures import Figure, Interval
from annotator.agreement.resampling import (
    Bootstrap,
    DocumentStatistic,
    Resampling,
    percentile_interval,
    resample_documents,
    samples_for,
)
from annotator.agreement.span_resampling import (
    HolderAgreement,
    PairF1,
    holder_columns,
    label_counts,
)
from annotator.agreement.stance_resampling import stance_statistics
from annotator.agreement.unitizing_parts import alpha_u_statistics
from annotator.core.codebook import Codebook

if TYPE_CHECKING:  # the report calls this module, never the other way round
    from annotator.agreement.report import (
        AgreementReport,
        DocumentAgreement,
        SpanAgreement,
        Workings,
    )

DOCUMENTS = "documents"


class _Plan:
    """The statistics to resample, by name (the figures' keys in `with_intervals`)."""

    def __init__(self) -> None:
        self.statistics: dict[str, DocumentStatistic] = {}

    def add(self, name: str, statistic: DocumentStatistic) -> None:
        self.statistics[name] = statistic


def resampled_rows(corpus: Corpus) -> tuple[np.ndarray, np.ndarray]:
    """The documents resampled — every document a chosen coder coded (one coded by a single coder
    still weighs in Fleiss' chance agreement) — and each corpus document's row (-1: none)."""
    rows = np.flatnonzero(corpus.coded.any(axis=0))
    row_of = np.full(len(corpus.doc_ids), -1, dtype=np.int64)
    row_of[rows] = np.arange(len(rows))
    return rows, row_of


def document_statistics(corpus: Corpus, workings: Workings, codes: np.ndarray,
                        n_categories: int) -> dict[str, DocumentStatistic]:
    """Every figure resampled by documents, by name; `codes` are the resampled documents' stances."""
    rows, row_of = resampled_rows(corpus)
    plan = _Plan()
    _plan_stance(plan, codes, n_categories)
    _plan_spans(plan, corpus, workings, row_of, len(rows))
    return plan.statistics


def with_intervals(report: AgreementReport, corpus: Corpus, workings: Workings, codebook: Codebook | None,
                   bootstrap: Bootstrap) -> AgreementReport:
    rows, _ = resampled_rows(corpus)
    samples, note = samples_for(bootstrap, len(rows))
    rng = np.random.default_rng(bootstrap.seed)
    categories, values = stance_categories(corpus, report.documents.level, codebook)
    codes = stance_codes(corpus, categories)[:, rows]
    counts, domain = alpha_counts(value_counts(codes, len(categories)), report.documents.level, values)
    alpha = alpha_interval(counts, report.documents.level, domain, samples=samples, rng=rng,
                           confidence=bootstrap.confidence, alpha_min=bootstrap.alpha_min)
    statistics = document_statistics(corpus, workings, codes, len(categories))
    drawn = resample_documents(list(statistics.values()), len(rows), samples, rng)
    values_of = dict(zip(statistics, drawn, strict=True))
    _derive_means(values_of, corpus)
    found = {name: percentile_interval(v, resampled=DOCUMENTS, confidence=bootstrap.confidence)
             for name, v in values_of.items()}
    found["alpha"] = alpha
    resampling = Resampling(samples, bootstrap.seed, bootstrap.confidence, len(rows), bootstrap.alpha_min)
    notes = report.notes + ((note,) if note else ())
    return replace(report, documents=_documents(report.documents, found), spans=_spans(report.spans, found),
                   notes=notes, resampling=resampling)


def _plan_stance(plan: _Plan, codes: np.ndarray, n_categories: int) -> None:
    percent, fleiss, pairs = stance_statistics(codes, n_categories)
    plan.add("percent", percent)
    plan.add("fleiss", fleiss)
    for i, (kappa, agreement) in enumerate(pairs):
        plan.add(f"cohen {i}", kappa)
        plan.add(f"pair agreement {i}", agreement)


def _plan_spans(plan: _Plan, corpus: Corpus, workings: Workings, row_of: np.ndarray, n_rows: int) -> None:
    m, matches = len(corpus.coders), workings.matches
    if m >= 2:
        parts = workings.continua[tuple(range(m))]
        overall, by_label = alpha_u_statistics(parts, np.all(corpus.coded, axis=0), row_of, n_rows)
        plan.add("alpha_u", overall)
        for name, statistic in zip(corpus.labels, by_label, strict=True):
            plan.add(f"alpha_u {name}", statistic)
    for i, (a, b) in enumerate(combinations(range(m), 2)):
        if (a, b) not in workings.continua:  # no pairwise αu: every coder coded every document
            break
        parts = workings.continua[(a, b)]
        pair_overall, _ = alpha_u_statistics(parts, corpus.coded[a] & corpus.coded[b], row_of, n_rows)
        plan.add(f"pair alpha_u {i}", pair_overall)
    for i, found in enumerate(matches):
        counts = label_counts(found, row_of, n_rows, len(corpus.labels))
        for kind in ("exact", "overlap"):
            plan.add(f"f1 {kind} {i}", PairF1.of(counts, kind))
            for k, name in enumerate(corpus.labels):
                plan.add(f"f1 {kind} {i} {name}", PairF1.of([counts[k]], kind))
    if matches:
        plan.add("holder", HolderAgreement(holder_columns(matches, row_of, n_rows)))


def _derive_means(values_of: dict[str, np.ndarray], corpus: Corpus) -> None:
    """Figures that are means over coder pairs, from the pairs' resampled values."""
    n_pairs = len(corpus.coders) * (len(corpus.coders) - 1) // 2
    if n_pairs == 0:
        return
    for kind in ("exact", "overlap"):
        values_of[f"f1 {kind}"] = _nanmean([values_of[f"f1 {kind} {i}"] for i in range(n_pairs)])
        for name in corpus.labels:
            values_of[f"f1 {kind} {name}"] = _nanmean([values_of[f"f1 {kind} {i} {name}"] for i in range(n_pairs)])
    if "pair alpha_u 0" in values_of:
        alphas = [values_of[f"pair alpha_u {i}"] for i in range(n_pairs)]
        values_of["alpha_u pairwise"] = _weighted(alphas, [_pair_lengths(corpus, i) for i in range(n_pairs)])


def _nanmean(columns: list[np.ndarray]) -> np.ndarray:
    stacked = np.column_stack(columns)
    defined = ~np.isnan(stacked)
    count = defined.sum(axis=1)
    total = np.where(defined, stacked, 0.0).sum(axis=1)
    return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _pair_lengths(corpus: Corpus, i: int) -> float:
    a, b = list(combinations(range(len(corpus.coders)), 2))[i]
    return float(np.diff(corpus.edges)[corpus.coded[a] & corpus.coded[b]].sum())


def _weighted(columns: list[np.ndarray], weights: list[float]) -> np.ndarray:
    """The pairs' weighted mean per sample, over the pairs with a value (weights: the characters each
    pair shares in the data; continuum.weighted_mean)."""
    stacked = np.column_stack(columns)
    w = np.where(np.isnan(stacked), 0.0, np.array(weights)[None, :])
    total = w.sum(axis=1)
    return np.where(total > 0, np.where(np.isnan(stacked), 0.0, stacked * w).sum(axis=1) / np.maximum(total, 1e-300), np.nan)


def _with(figure: Figure, interval: Interval | None) -> Figure:
    return figure.with_interval(interval)


def _documents(d: DocumentAgreement, found: dict[str, Interval | None]) -> DocumentAgreement:
    pairs = tuple(replace(p, cohen_kappa=_with(p.cohen_kappa, found[f"cohen {i}"]),
                          percent_agreement=_with(p.percent_agreement, found[f"pair agreement {i}"]))
                  for i, p in enumerate(d.pairwise))
    return replace(d, percent_agreement=_with(d.percent_agreement, found["percent"]),
                   fleiss_kappa=_with(d.fleiss_kappa, found["fleiss"]),
                   krippendorff_alpha=_with(d.krippendorff_alpha, found["alpha"]), pairwise=pairs)


def _spans(s: SpanAgreement, found: dict[str, Interval | None]) -> SpanAgreement:
    pairs = tuple(replace(p, f1_exact=_with(p.f1_exact, found[f"f1 exact {i}"]),
                          f1_overlap=_with(p.f1_overlap, found[f"f1 overlap {i}"]))
                  for i, p in enumerate(s.pairwise))
    pair_alpha = tuple(replace(p, alpha_u=_with(p.alpha_u, found[f"pair alpha_u {i}"]))
                       for i, p in enumerate(s.pairwise_alpha_u))
    has_pairs = bool(s.pairwise)
    return replace(
        s, alpha_u=_with(s.alpha_u, found.get("alpha_u")),
        alpha_u_by_label={k: _with(f, found.get(f"alpha_u {k}")) for k, f in s.alpha_u_by_label.items()},
        f1_exact=_with(s.f1_exact, found.get("f1 exact")), f1_overlap=_with(s.f1_overlap, found.get("f1 overlap")),
        f1_exact_by_label={k: _with(f, found[f"f1 exact {k}"] if has_pairs else None) for k, f in s.f1_exact_by_label.items()},
        f1_overlap_by_label={k: _with(f, found[f"f1 overlap {k}"] if has_pairs else None)
                             for k, f in s.f1_overlap_by_label.items()},
        pairwise=pairs, holder=_with(s.holder, found.get("holder")), pairwise_alpha_u=pair_alpha,
        alpha_u_pairwise=_with(s.alpha_u_pairwise, found.get("alpha_u pairwise")))

