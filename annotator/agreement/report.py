"""The whole agreement report: document stance and spans, per coder pair and over all coders, with the
N of every figure and notes on what was left out and why. This is what the CLI and the GUI call.
Composition only: the measures live in documents.py (krippendorff package + numpy), unitizing.py and
spans.py (hand-written numpy)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Any

import numpy as np

from annotator.agreement import documents as stance
from annotator.agreement.continuum import PairAlphaU, Parts, continuum_alpha, pairwise_alpha_u
from annotator.agreement.corpus import Corpus, build_corpus
from annotator.agreement.diagnostics import CoderDiagnostics, coder_diagnostics
from annotator.agreement.documents import Level, PairStance
from annotator.agreement.figures import Figure, mean_of
from annotator.agreement.gamma import Gamma
from annotator.agreement.resampling import Bootstrap, Resampling
from annotator.agreement.sample import SampleCheck, check_sample
from annotator.agreement.spans import (
    PairMatches,
    PairSpans,
    holder_agreement,
    pair_figures,
    pair_matches,
)
from annotator.agreement.unitizing_parts import UnitsCache
from annotator.core.codebook import Codebook
from annotator.core.types import CodingRecord


@dataclass(frozen=True, slots=True)
class DocumentAgreement:
    level: Level
    categories: tuple[str, ...]
    n_units: int  # documents with a stance from at least two coders
    percent_agreement: Figure
    fleiss_kappa: Figure
    krippendorff_alpha: Figure
    pairwise: tuple[PairStance, ...]


@dataclass(frozen=True, slots=True)
class SpanAgreement:
    labels: tuple[str, ...]
    alpha_u: Figure
    alpha_u_by_label: dict[str, Figure]
    f1_exact: Figure  # unweighted mean over coder pairs
    f1_overlap: Figure
    f1_exact_by_label: dict[str, Figure]  # per label, mean over coder pairs
    f1_overlap_by_label: dict[str, Figure]
    pairwise: tuple[PairSpans, ...]
    holder: Figure
    n_documents: int  # documents on the αu continuum (coded by every coder)
    n_characters: int  # its length
    n_units: int  # αu units after merging
    pairwise_alpha_u: tuple[PairAlphaU, ...] = ()  # per coder pair, over the documents both coded
    alpha_u_pairwise: Figure = Figure.undefined("not computed")  # continuum.PAIRWISE_NAME


@dataclass(frozen=True, slots=True)
class AgreementReport:
    coders: tuple[str, ...]
    documents: DocumentAgreement
    spans: SpanAgreement
    notes: tuple[str, ...]
    resampling: Resampling | None = None  # how the intervals were drawn; None: no intervals
    sample: SampleCheck | None = None  # the reliability sample: design, size against the minimum
    diagnostics: tuple[CoderDiagnostics, ...] = ()  # per coder: agreement with the others, label use, drift
    gamma: Gamma | None = None  # Mathet et al.'s γ, when asked for (optional extra)


def agreement_report(records: Iterable[CodingRecord], *, coders: Sequence[str] | None = None,
                     labels: Sequence[str] | None = None, level: Level | None = None,
                     codebook: Codebook | None = None, bootstrap: Bootstrap | None = None,
                     design: Mapping[str, Any] | None = None, reliability: Collection[str] = (),
                     gamma_documents: int | None = None, gamma_seed: int = 0) -> AgreementReport:
    """Every measure over the records as given (the caller keeps only what counts, e.g. documents a
    coder marked done). `level` overrides the codebook's stance scale (default nominal); `bootstrap`
    adds a confidence interval to every figure that has a value; `design` and `reliability` (doc_ids)
    describe a reliability sample drawn by `annotator assign`; `gamma_documents` asks for γ over at
    most that many documents (gamma.py)."""
    corpus = build_corpus(records, coders=coders, labels=labels)
    return report_for(corpus, level=level, codebook=codebook, bootstrap=bootstrap, design=design, reliability=reliability,
                      gamma_documents=gamma_documents, gamma_seed=gamma_seed)


def report_for(corpus: Corpus, *, level: Level | None = None, codebook: Codebook | None = None,
               bootstrap: Bootstrap | None = None, design: Mapping[str, Any] | None = None,
               reliability: Collection[str] = (), gamma_documents: int | None = None,
               gamma_seed: int = 0) -> AgreementReport:
    report, workings = report_parts(corpus, level=level, codebook=codebook)
    categories, values = stance.stance_categories(corpus, report.documents.level, codebook)
    codes = stance.stance_codes(corpus, categories)
    alpha_min = bootstrap.alpha_min if bootstrap else Bootstrap().alpha_min
    sample = check_sample(corpus, codes, len(categories), alpha_min, design, reliability)
    diagnostics = coder_diagnostics(corpus, codes, len(categories), report.documents.level, values, categories,
                                    report.documents.pairwise, report.spans.pairwise, workings.matches)
    report = replace(report, sample=sample, diagnostics=diagnostics,
                     notes=report.notes + tuple(alpha_without_notes(diagnostics)) + tuple(sample.notes()))
    if gamma_documents:
        from annotator.agreement.gamma import (
            corpus_gamma,  # optional extra: imported only when asked for
        )

        report = replace(report, gamma=corpus_gamma(corpus, seed=gamma_seed, max_documents=gamma_documents))
    if bootstrap is None:
        return report
    # The bootstrap's modules are imported only when intervals are asked for.
    from annotator.agreement.intervals import with_intervals

    return with_intervals(report, corpus, workings, codebook, bootstrap)


@dataclass(frozen=True, slots=True)
class Workings:
    """What the figures were computed from, for the bootstrap to reuse: each coder pair's span
    matches, and the αu parts per coder tuple (all coders, each pair)."""

    matches: list[PairMatches]
    continua: Parts
    units: UnitsCache = field(default_factory=dict)  # merged units, shared by the all-coders and pair continua


def report_parts(corpus: Corpus, *, level: Level | None = None,
                 codebook: Codebook | None = None) -> tuple[AgreementReport, Workings]:
    """The report without intervals, and what it was computed from."""
    notes = list(corpus.notes)
    documents = document_agreement(corpus, level or (codebook.stance_scale if codebook else "nominal"), codebook, notes)
    workings = Workings([pair_matches(corpus, a, b) for a, b in combinations(range(len(corpus.coders)), 2)], {})
    spans = span_agreement(corpus, notes, workings)
    notes.extend(undefined_notes(documents, spans))
    return AgreementReport(corpus.coders, documents, spans, tuple(notes)), workings


def document_agreement(corpus: Corpus, level: Level, codebook: Codebook | None, notes: list[str]) -> DocumentAgreement:
    categories, values = stance.stance_categories(corpus, level, codebook)
    codes = stance.stance_codes(corpus, categories)
    counts = stance.value_counts(codes, len(categories))
    per_doc = counts.sum(axis=1)
    silent = int(np.sum(corpus.coded.any(axis=0) & (per_doc == 0)))
    if silent:
        notes.append(f"{silent} coded documents have no stance from any coder: no stance measure uses them.")
    if np.any(per_doc == 1):
        notes.append(f"{int(np.sum(per_doc == 1))} documents have a stance from one coder only: they enter Fleiss' "
                     "chance agreement (Gwet 2014) but not percent agreement, κ or α.")
    pairs = tuple(stance.pair_stance(codes, a, b, (corpus.coders[a], corpus.coders[b]), len(categories))
                  for a, b in combinations(range(len(corpus.coders)), 2))
    return DocumentAgreement(level, categories, int(np.sum(per_doc >= 2)), stance.percent_agreement(counts),
                             stance.fleiss_kappa(counts), stance.krippendorff_alpha(counts, level, values), pairs)


def span_agreement(corpus: Corpus, notes: list[str], workings: Workings | None = None) -> SpanAgreement:
    if workings is None:
        workings = Workings([pair_matches(corpus, a, b) for a, b in combinations(range(len(corpus.coders)), 2)], {})
    alpha_u, by_label, continuum = unitizing(corpus, notes, workings.continua, workings.units)
    pairs, holders = [], []
    for (a, b), found in zip(combinations(range(len(corpus.coders)), 2), workings.matches, strict=True):
        pair, holder = pair_figures(corpus, found, (corpus.coders[a], corpus.coders[b]))
        pairs.append(pair)
        holders.append(holder)
    blank = sum(h.both_blank for h in holders)
    if blank:
        notes.append(f"Holder: {blank} overlapping same-label span pairs where neither coder gave a holder are left out.")
    exact = {k: mean_of((p.by_label[k].f1_exact for p in pairs), "coder pair") for k in corpus.labels}
    overlap = {k: mean_of((p.by_label[k].f1_overlap for p in pairs), "coder pair") for k in corpus.labels}
    return SpanAgreement(corpus.labels, alpha_u, by_label, mean_of((p.f1_exact for p in pairs), "coder pair"),
                         mean_of((p.f1_overlap for p in pairs), "coder pair"), exact, overlap, tuple(pairs),
                         holder_agreement(holders), *continuum, *pairwise_alpha_u(corpus, workings.continua, workings.units))


def unitizing(corpus: Corpus, notes: list[str], keep: Parts | None = None,
              cache: UnitsCache | None = None) -> tuple[Figure, dict[str, Figure], tuple[int, int, int]]:
    """αu over the documents every coder coded, laid end to end."""
    m = len(corpus.coders)
    everyone = np.all(corpus.coded, axis=0) if m >= 2 else np.zeros(len(corpus.doc_ids), dtype=bool)
    partly = int(np.sum(corpus.coded.any(axis=0) & ~everyone))
    if partly and m >= 2:
        notes.append(f"αu: {partly} documents not coded by every coder are left out of the all-coders continuum "
                     "(pairwise αu and F1 use every document both coders of a pair coded).")
    result = continuum_alpha(corpus, tuple(range(m)), everyone, keep, cache)
    if result.merged:
        notes.append(f"αu: {result.merged} spans overlapping another span of the same label by the same coder were "
                     "merged with it first (a coder's units of one label may not overlap).")
    return result.alpha_u, result.by_label, (result.n_documents, result.n_characters, result.n_units)


def undefined_notes(documents: DocumentAgreement, spans: SpanAgreement) -> list[str]:
    """One sentence per figure without a value, saying why."""
    return [f"{name} is undefined: {reason}." for name, reason in undefined_figures(documents, spans)]


def undefined_figures(documents: DocumentAgreement, spans: SpanAgreement) -> list[tuple[str, str | None]]:
    """(name, reason) of every figure without a value."""
    named = [("percent agreement", documents.percent_agreement), ("Fleiss' κ", documents.fleiss_kappa),
             (f"Krippendorff's α ({documents.level})", documents.krippendorff_alpha), ("αu", spans.alpha_u),
             ("span F1 (exact)", spans.f1_exact), ("span F1 (overlap)", spans.f1_overlap), ("holder agreement", spans.holder)]
    named += [(f"αu of {label!r}", figure) for label, figure in spans.alpha_u_by_label.items()]
    if spans.pairwise_alpha_u:
        named += [("pairwise αu", spans.alpha_u_pairwise)]
    named += [(f"Cohen's κ of {p.coders[0]} and {p.coders[1]}", p.cohen_kappa) for p in documents.pairwise]
    return [(name, figure.reason) for name, figure in named if not figure.defined]


def alpha_without_notes(diagnostics: Sequence[CoderDiagnostics]) -> list[str]:
    """Why the coders table's "α without" is undefined, once per reason (the table only says "undefined")."""
    by_reason: dict[str, list[str]] = {}
    for d in diagnostics:
        if not d.alpha_without.defined:
            by_reason.setdefault(d.alpha_without.reason or "no reason given", []).append(d.coder)
    return [f"α without the coder is undefined for {', '.join(coders[:-1]) + ' and ' if len(coders) > 1 else ''}"
            f"{coders[-1]} ({reason})." for reason, coders in by_reason.items()]
