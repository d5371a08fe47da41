"""The report as one JSON-ready object (the keys of `annotator agreement --json`); undefined is null.

Beside the values the issue names, `n_…` keys give the N each figure rests on, and `notes` say what was
left out and why a value is null."""

from __future__ import annotations

from typing import Any

from annotator.agreement.documents import PairStance
from annotator.agreement.figures import Figure
from annotator.agreement.report import AgreementReport, DocumentAgreement, SpanAgreement
from annotator.agreement.spans import PairSpans


def report_json(report: AgreementReport) -> dict[str, Any]:
    return {
        "coders": list(report.coders),
        "documents": _documents(report.documents),
        "spans": _spans(report.spans),
        "notes": list(report.notes),
    }


def _value(figure: Figure) -> float | None:
    return figure.value


def _documents(d: DocumentAgreement) -> dict[str, Any]:
    return {
        "n_units": d.n_units,
        "percent_agreement": _value(d.percent_agreement),
        "fleiss_kappa": _value(d.fleiss_kappa),
        "krippendorff_alpha": _value(d.krippendorff_alpha),
        "level": d.level,
        "pairwise": [_stance_pair(p, d.categories) for p in d.pairwise],
    }


def _stance_pair(p: PairStance, categories: tuple[str, ...]) -> dict[str, Any]:
    return {
        "coders": list(p.coders),
        "cohen_kappa": _value(p.cohen_kappa),
        "n": p.n,
        "percent_agreement": _value(p.percent_agreement),
        # rows: the first coder's stance, columns: the second coder's
        "confusion": {"categories": list(categories), "counts": p.confusion.tolist()},
    }


def _spans(s: SpanAgreement) -> dict[str, Any]:
    return {
        "alpha_u": _value(s.alpha_u),
        "alpha_u_by_label": {k: _value(f) for k, f in s.alpha_u_by_label.items()},
        "f1_exact": _value(s.f1_exact),
        "f1_overlap": _value(s.f1_overlap),
        "pairwise": [_span_pair(p) for p in s.pairwise],
        "holder": _value(s.holder),
        "n_documents": s.n_documents,
        "n_characters": s.n_characters,
        "n_units": s.n_units,
        "n_units_by_label": {k: f.n for k, f in s.alpha_u_by_label.items()},
        "n_holder_pairs": s.holder.n,
        "n_pairs": s.f1_overlap.n,
    }


def _span_pair(p: PairSpans) -> dict[str, Any]:
    return {
        "coders": list(p.coders),
        "f1_exact": _value(p.f1_exact),
        "f1_overlap": _value(p.f1_overlap),
        "by_label": {k: {"f1_exact": _value(f.f1_exact), "f1_overlap": _value(f.f1_overlap), "n_spans": list(f.n_spans)}
                     for k, f in p.by_label.items()},
        "n_documents": p.n_documents,
        "n_spans": list(p.n_spans),
    }
