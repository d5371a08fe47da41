"""The report as plain-text tables for a terminal (what `annotator agreement` prints without --json);
hand-written, a few lines of padding needing no table library."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.agreement.continuum import PAIRWISE_NAME
from annotator.agreement.diagnostics import CoderDiagnostics
from annotator.agreement.documents import PairStance
from annotator.agreement.figures import Figure
from annotator.agreement.report import AgreementReport, DocumentAgreement, SpanAgreement
from annotator.agreement.sample import describe as describe_sample


def number(figure: Figure, digits: int = 3) -> str:
    """The value, and its confidence interval in brackets when it has one."""
    if figure.value is None:
        return "undefined"
    if figure.interval is None:
        return f"{figure.value:.{digits}f}"
    return f"{figure.value:.{digits}f} [{figure.interval.low:.{digits}f}, {figure.interval.high:.{digits}f}]"


def resampling_line(report: AgreementReport) -> str:
    """How the intervals were drawn, in one sentence (empty without intervals)."""
    r = report.resampling
    if r is None:
        return ""
    return (f"[low, high]: {r.confidence:.0%} bootstrap confidence intervals, {r.samples:,} samples, seed {r.seed}: Krippendorff's α "
            f"by resampling pairable values (KALPHA, Hayes & Krippendorff 2007), every other figure by resampling "
            f"the {r.documents:,} coded documents.")


def q_line(figure: Figure) -> str:
    if figure.interval is None or not figure.interval.q_below:
        return ""
    parts = [f"q(α < {a:.3f}) = {q:.3f}" for a, q in figure.interval.q_below]
    return "  Probability of failing to reach α_min: " + ", ".join(parts)


def grid(header: Sequence[str], rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """Left-aligned first column, right-aligned others."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append(indent + "  ".join(cells).rstrip())
    return lines


def report_text(report: AgreementReport) -> str:
    lines = [f"Coders: {', '.join(report.coders) or 'none'}"]
    if report.resampling is not None:
        lines.append(resampling_line(report))
    if report.sample is not None:
        lines += describe_sample(report.sample)
    lines.append("")
    lines += _documents(report.documents)
    lines += [""] + _spans(report.spans)
    if report.gamma is not None:
        g = report.gamma
        lines += ["", f"γ (Mathet, Widlöcher & Métivier 2015; pygamma-agreement): {g.value:.3f} over {len(g.documents)} "
                  f"documents every coder coded ({g.n_units:,} units; observed disorder {g.observed_disorder:.3f}, "
                  f"expected {g.expected_disorder:.3f}; seed {g.seed})"]
    if report.diagnostics:
        lines += [""] + _coders(report.diagnostics)
    if report.notes:
        lines += ["", "Notes"] + [f"  - {note}" for note in report.notes]
    return "\n".join(lines) + "\n"


def _documents(d: DocumentAgreement) -> list[str]:
    lines = [f"Document stance ({d.level}; {d.n_units} documents with a stance from two or more coders)"]
    lines += grid(["measure", "value", "N"], [
        ["percent agreement", number(d.percent_agreement), str(d.percent_agreement.n)],
        ["Fleiss' κ (Gwet 2014)", number(d.fleiss_kappa), str(d.fleiss_kappa.n)],
        [f"Krippendorff's α ({d.level})", number(d.krippendorff_alpha), str(d.krippendorff_alpha.n)],
    ])
    if q_line(d.krippendorff_alpha):
        lines.append(q_line(d.krippendorff_alpha))
    if d.pairwise:
        lines += [""] + grid(["coder pair", "Cohen's κ", "agreement", "N"], [
            [f"{p.coders[0]} / {p.coders[1]}", number(p.cohen_kappa), number(p.percent_agreement), str(p.n)]
            for p in d.pairwise])
    for pair in d.pairwise:
        lines += [""] + _confusion(pair, d.categories)
    return lines


def _confusion(pair: PairStance, categories: tuple[str, ...]) -> list[str]:
    a, b = pair.coders
    rows = [[name, *map(str, counts)] for name, counts in zip(categories, pair.confusion.tolist(), strict=True)]
    return [f"  Confusion: {a} (rows) by {b} (columns)"] + grid([f"{a} \\ {b}", *categories], rows, "    ")


def _spans(s: SpanAgreement) -> list[str]:
    lines = [f"Spans (αu over {s.n_documents} documents coded by every coder: {s.n_characters:,} characters, "
             f"{s.n_units:,} units)"]
    rows = [[label, number(s.alpha_u_by_label[label]), number(s.f1_exact_by_label[label]),
             number(s.f1_overlap_by_label[label]), f"{s.alpha_u_by_label[label].n:,}"] for label in s.labels]
    rows.append(["all labels", number(s.alpha_u), number(s.f1_exact), number(s.f1_overlap), f"{s.alpha_u.n:,}"])
    lines += grid(["label", "αu", "F1 exact", "F1 overlap", "units"], rows)
    lines.append("  (F1: unweighted mean over coder pairs)")
    if s.pairwise:
        lines += [""] + grid(["coder pair", "F1 exact", "F1 overlap", "documents", "spans"], [
            [f"{p.coders[0]} / {p.coders[1]}", number(p.f1_exact), number(p.f1_overlap), str(p.n_documents),
             f"{p.n_spans[0]:,} / {p.n_spans[1]:,}"] for p in s.pairwise])
    lines += ["", f"  Holder agreement: {number(s.holder)} (N = {s.holder.n:,} overlapping same-label span pairs)"]
    if s.pairwise_alpha_u:
        lines += ["", f"  αu per coder pair, over the documents both coded; {PAIRWISE_NAME}: "
                  f"{number(s.alpha_u_pairwise)} (N = {s.alpha_u_pairwise.n} pairs)"]
        lines += grid(["coder pair", "αu", "documents", "characters"], [
            [f"{p.coders[0]} / {p.coders[1]}", number(p.alpha_u), str(p.n_documents), f"{p.n_characters:,}"]
            for p in s.pairwise_alpha_u], "    ")
    return lines


def _coders(diagnostics: tuple[CoderDiagnostics, ...]) -> list[str]:
    lines = ["Coders (α without the coder: stance α with that coder left out; spans: count, median length)"]
    lines += grid(["coder", "documents", "α without", "spans", "median length", "weeks"], [
        [d.coder, f"{d.documents:,}", number(d.alpha_without), f"{sum(d.spans_by_label.values()):,}",
         "—" if d.length_quartiles is None else str(d.length_quartiles[2]), str(len(d.weeks))] for d in diagnostics])
    for d in diagnostics:
        labels = ", ".join(f"{k} {n:,}" for k, n in d.spans_by_label.items())
        pairs = ", ".join(f"{o} κ {number(k)} / F1 {number(d.f1_with[o])}" for o, k in d.kappa_with.items())
        lines.append(f"  {d.coder}: {pairs}; spans per label: {labels or 'none'}")
    return lines
