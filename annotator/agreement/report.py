"""The whole agreement report: document stance and spans, per coder pair and over all coders, with the
N of every figure and notes on what was left out and why. This is what the CLI and the GUI call.
Composition only: the measures live in documents.py (krippendorff package + numpy), unitizing.py and
spans.py (hand-written numpy)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from annotator.agreement import documents as stance
from annotator.agreement.corpus import Corpus, build_corpus
from annotator.agreement.documents import Level, PairStance
from annotator.agreement.figures import Figure, mean_of
from annotator.agreement.spans import PairSpans, holder_agreement, pair_spans
from annotator.agreement.unitizing import UnitizingTerms, alpha_from_terms, label_terms, merge_units
from annotator.core.codebook import Codebook
from annotator.core.errors import InputError
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


@dataclass(frozen=True, slots=True)
class AgreementReport:
    coders: tuple[str, ...]
    documents: DocumentAgreement
    spans: SpanAgreement
    notes: tuple[str, ...]


def agreement_report(records: Iterable[CodingRecord], *, coders: Sequence[str] | None = None,
                     labels: Sequence[str] | None = None, level: Level | None = None,
                     codebook: Codebook | None = None) -> AgreementReport:
    """Every measure over the records as given (the caller keeps only what counts, e.g. documents a
    coder marked done). `level` overrides the codebook's stance scale (default nominal)."""
    return report_for(build_corpus(records, coders=coders, labels=labels), level=level, codebook=codebook)


def report_for(corpus: Corpus, *, level: Level | None = None, codebook: Codebook | None = None) -> AgreementReport:
    notes = list(corpus.notes)
    documents = document_agreement(corpus, level or (codebook.stance_scale if codebook else "nominal"), codebook, notes)
    spans = span_agreement(corpus, notes)
    notes.extend(undefined_notes(documents, spans))
    return AgreementReport(corpus.coders, documents, spans, tuple(notes))


def document_agreement(corpus: Corpus, level: Level, codebook: Codebook | None, notes: list[str]) -> DocumentAgreement:
    categories, values = stance_categories(corpus, level, codebook)
    position = {name: i for i, name in enumerate(categories)}
    remap = np.array([position[name] for name in corpus.stance_labels] + [-1], dtype=np.int64)
    codes = remap[corpus.stance]  # -1 (no stance) picks the last entry, -1
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


def span_agreement(corpus: Corpus, notes: list[str]) -> SpanAgreement:
    alpha_u, by_label, continuum = unitizing(corpus, notes)
    pairs, holders = [], []
    for a, b in combinations(range(len(corpus.coders)), 2):
        pair, holder = pair_spans(corpus, a, b)
        pairs.append(pair)
        holders.append(holder)
    blank = sum(h.both_blank for h in holders)
    if blank:
        notes.append(f"Holder: {blank} overlapping same-label span pairs where neither coder gave a holder are left out.")
    exact = {k: mean_of((p.by_label[k].f1_exact for p in pairs), "coder pair") for k in corpus.labels}
    overlap = {k: mean_of((p.by_label[k].f1_overlap for p in pairs), "coder pair") for k in corpus.labels}
    return SpanAgreement(corpus.labels, alpha_u, by_label, mean_of((p.f1_exact for p in pairs), "coder pair"),
                         mean_of((p.f1_overlap for p in pairs), "coder pair"), exact, overlap, tuple(pairs),
                         holder_agreement(holders), *continuum)


def unitizing(corpus: Corpus, notes: list[str]) -> tuple[Figure, dict[str, Figure], tuple[int, int, int]]:
    """αu over the documents every coder coded, laid end to end."""
    m = len(corpus.coders)
    everyone = corpus.coded.all(axis=0) if m >= 2 else np.zeros(len(corpus.doc_ids), dtype=bool)
    partly = int(np.sum(corpus.coded.any(axis=0) & ~everyone))
    if partly and m >= 2:
        notes.append(f"αu: {partly} documents not coded by every coder are left out of the continuum "
                     "(pairwise F1 uses every document both coders of a pair coded).")
    lengths = np.diff(corpus.edges)[everyone]
    edges = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    shift = np.zeros(len(corpus.doc_ids), dtype=np.int64)
    shift[everyone] = edges[:-1] - corpus.edges[:-1][everyone]
    terms, merged = _label_terms(corpus, everyone, shift, edges)
    if merged:
        notes.append(f"αu: {merged} spans overlapping another span of the same label by the same coder were merged "
                     "with it first (a coder's units of one label may not overlap).")
    n_chars = int(edges[-1])
    by_label = {k: alpha_from_terms([t], n_coders=m, n_characters=n_chars) for k, t in zip(corpus.labels, terms, strict=True)}
    overall = alpha_from_terms(terms, n_coders=m, n_characters=n_chars)
    return overall, by_label, (int(everyone.sum()), n_chars, sum(t.n_units for t in terms))


def _label_terms(corpus: Corpus, docs: np.ndarray, shift: np.ndarray, edges: np.ndarray) -> tuple[list[UnitizingTerms], int]:
    spans = corpus.spans.take(docs[corpus.spans.doc])  # still sorted by coder, label, start
    start, end = spans.start + shift[spans.doc], spans.end + shift[spans.doc]
    k, m = len(corpus.labels), len(corpus.coders)
    bounds = np.searchsorted(spans.coder * k + spans.label, np.arange(m * k + 1))
    terms, merged = [], 0
    for label in range(k):
        units = []
        for coder in range(m):
            lo, hi = bounds[coder * k + label], bounds[coder * k + label + 1]
            coder_units, removed = merge_units(start[lo:hi], end[lo:hi])
            units.append(coder_units)
            merged += removed
        terms.append(label_terms(edges, units))
    return terms, merged


def undefined_notes(documents: DocumentAgreement, spans: SpanAgreement) -> list[str]:
    """One sentence per figure without a value, saying why."""
    named = [("percent agreement", documents.percent_agreement), ("Fleiss' κ", documents.fleiss_kappa),
             (f"Krippendorff's α ({documents.level})", documents.krippendorff_alpha), ("αu", spans.alpha_u),
             ("span F1 (exact)", spans.f1_exact), ("span F1 (overlap)", spans.f1_overlap), ("holder agreement", spans.holder)]
    named += [(f"αu of {label!r}", figure) for label, figure in spans.alpha_u_by_label.items()]
    named += [(f"Cohen's κ of {p.coders[0]} and {p.coders[1]}", p.cohen_kappa) for p in documents.pairwise]
    return [f"{name} is undefined: {figure.reason}." for name, figure in named if not figure.defined]
