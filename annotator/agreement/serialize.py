"""The report as one JSON-ready object (the keys of `annotator agreement --json`); undefined is null.

Beside the values the issue names, `n_…` keys give the N each figure rests on, and `notes` say what was
left out and why a value is null. With a bootstrap, `bootstrap` says how the intervals were drawn and
each section (and each pair) has `intervals`: per figure key, `ci_low`, `ci_high`, the samples it rests
on, what was resampled and, for α, `q_below` (α_min -> share of samples below it)."""

from __future__ import annotations

from typing import Any

from annotator.agreement.diagnostics import LENGTH_BINS, CoderDiagnostics
from annotator.agreement.documents import PairStance
from annotator.agreement.figures import Figure, Interval
from annotator.agreement.report import AgreementReport, DocumentAgreement, SpanAgreement
from annotator.agreement.sample import SampleCheck
from annotator.agreement.spans import PairSpans


def report_json(report: AgreementReport) -> dict[str, Any]:
    data: dict[str, Any] = {
        "coders": list(report.coders),
        "documents": _documents(report.documents),
        "spans": _spans(report.spans),
        "notes": list(report.notes),
    }
    if report.gamma is not None:
        g = report.gamma
        data["spans"]["gamma"] = {
            "gamma": g.value, "observed_disorder": g.observed_disorder, "expected_disorder": g.expected_disorder,
            "n_documents": len(g.documents), "n_units": g.n_units, "seed": g.seed, "documents": list(g.documents),
            # per document: groups of aligned units, one slot per coder ([coder, start, end, label] or null)
            "alignment": {doc: [[list(u) if u else None for u in group] for group in groups]
                          for doc, groups in g.alignment.items()},
        }
    if report.sample is not None:
        data["reliability_sample"] = _sample(report.sample)
    if report.diagnostics:
        data["coder_diagnostics"] = [_diagnostics(d) for d in report.diagnostics]
    if report.resampling is not None:
        r = report.resampling
        data["bootstrap"] = {"samples": r.samples, "seed": r.seed, "confidence": r.confidence,
                             "documents_resampled": r.documents, "alpha_min": list(r.alpha_min)}
    return data


def _value(figure: Figure) -> float | None:
    return figure.value


def interval_json(interval: Interval) -> dict[str, Any]:
    data: dict[str, Any] = {"ci_low": interval.low, "ci_high": interval.high, "samples": interval.samples,
                            "resampled": interval.resampled}
    if interval.undefined:
        data["samples_undefined"] = interval.undefined
    if interval.q_below:
        data["q_below"] = {f"{a:g}": q for a, q in interval.q_below}
    return data


def _intervals(figures: dict[str, Figure]) -> dict[str, Any]:
    return {key: interval_json(f.interval) for key, f in figures.items() if f.interval is not None}


def _with_intervals(data: dict[str, Any], figures: dict[str, Figure]) -> dict[str, Any]:
    found = _intervals(figures)
    if found:
        data["intervals"] = found
    return data


def _documents(d: DocumentAgreement) -> dict[str, Any]:
    return _with_intervals({
        "n_units": d.n_units,
        "percent_agreement": _value(d.percent_agreement),
        "fleiss_kappa": _value(d.fleiss_kappa),
        "krippendorff_alpha": _value(d.krippendorff_alpha),
        "level": d.level,
        "pairwise": [_stance_pair(p, d.categories) for p in d.pairwise],
    }, {"percent_agreement": d.percent_agreement, "fleiss_kappa": d.fleiss_kappa,
        "krippendorff_alpha": d.krippendorff_alpha})


def _stance_pair(p: PairStance, categories: tuple[str, ...]) -> dict[str, Any]:
    return _with_intervals({
        "coders": list(p.coders),
        "cohen_kappa": _value(p.cohen_kappa),
        "n": p.n,
        "percent_agreement": _value(p.percent_agreement),
        # rows: the first coder's stance, columns: the second coder's
        "confusion": {"categories": list(categories), "counts": p.confusion.tolist()},
    }, {"cohen_kappa": p.cohen_kappa, "percent_agreement": p.percent_agreement})


def _spans(s: SpanAgreement) -> dict[str, Any]:
    figures = {"alpha_u": s.alpha_u, "f1_exact": s.f1_exact, "f1_overlap": s.f1_overlap, "holder": s.holder,
               "alpha_u_pairwise": s.alpha_u_pairwise, **{f"alpha_u_by_label.{k}": f for k, f in s.alpha_u_by_label.items()},
               **{f"f1_exact_by_label.{k}": f for k, f in s.f1_exact_by_label.items()},
               **{f"f1_overlap_by_label.{k}": f for k, f in s.f1_overlap_by_label.items()}}
    return _with_intervals(_span_values(s), figures)


def _span_values(s: SpanAgreement) -> dict[str, Any]:
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
        # αu where not every coder coded every document: per pair over the documents both coded, and
        # their mean weighted by the characters each pair shares (continuum.PAIRWISE_NAME)
        "alpha_u_pairwise": _value(s.alpha_u_pairwise),
        "n_alpha_u_pairs": s.alpha_u_pairwise.n,
        "pairwise_alpha_u": [_with_intervals({"coders": list(p.coders), "alpha_u": _value(p.alpha_u),
                                              "n_units": p.alpha_u.n, "n_documents": p.n_documents,
                                              "n_characters": p.n_characters}, {"alpha_u": p.alpha_u})
                             for p in s.pairwise_alpha_u],
    }


def _span_pair(p: PairSpans) -> dict[str, Any]:
    return _with_intervals(_span_pair_values(p), {"f1_exact": p.f1_exact, "f1_overlap": p.f1_overlap})


def _span_pair_values(p: PairSpans) -> dict[str, Any]:
    return {
        "coders": list(p.coders),
        "f1_exact": _value(p.f1_exact),
        "f1_overlap": _value(p.f1_overlap),
        "by_label": {k: {"f1_exact": _value(f.f1_exact), "f1_overlap": _value(f.f1_overlap), "n_spans": list(f.n_spans)}
                     for k, f in p.by_label.items()},
        "n_documents": p.n_documents,
        "n_spans": list(p.n_spans),
    }


def _sample(check: SampleCheck) -> dict[str, Any]:
    return {
        "design": dict(check.design) if check.design is not None else None,
        "n_documents_resting": check.resting,
        "n_documents_outside_sample": check.outside,
        "n_values": check.values,
        "least_category_share": check.least_share,
        "krippendorff_minimum_values": {f"{a:g}": n for a, n in check.minimum},
    }


def _diagnostics(d: CoderDiagnostics) -> dict[str, Any]:
    return {
        "coder": d.coder,
        "n_documents": d.documents,
        "alpha_without": _value(d.alpha_without),
        "cohen_kappa_with": {o: _value(f) for o, f in d.kappa_with.items()},
        "f1_overlap_with": {o: _value(f) for o, f in d.f1_with.items()},
        "stances": d.stances,
        "spans_by_label": d.spans_by_label,
        "span_length_quartiles": list(d.length_quartiles) if d.length_quartiles else None,
        "span_length_histogram": {"bins_from": list(LENGTH_BINS), "counts": list(d.length_histogram)},
        "weeks": [{"week": w.week, "n_documents": w.documents, "stance_agreement": _value(w.stance),
                   "n_stances": w.stance.n, "f1_overlap": _value(w.f1_overlap), "n_spans": w.f1_overlap.n}
                  for w in d.weeks],
    }
