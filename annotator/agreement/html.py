"""The report as one self-contained HTML page: tables, a per-label bar chart (inline SVG) and the
confusion matrices as heat maps. No scripts, fonts or files beside it: it opens in any browser.
Hand-written markup (stdlib `html.escape`); no charting library is needed for bars and coloured cells."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from annotator.agreement.continuum import PAIRWISE_NAME
from annotator.agreement.diagnostics_html import diagnostics_section
from annotator.agreement.documents import PairStance
from annotator.agreement.figures import Figure
from annotator.agreement.report import AgreementReport, DocumentAgreement, SpanAgreement
from annotator.agreement.sample import describe as describe_sample
from annotator.agreement.table import number, q_line, resampling_line

SERIES = (("αu", "#4c72b0"), ("F1 exact", "#dd8452"), ("F1 overlap", "#55a868"))
STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: .8em 0; }
th, td { padding: .25em .7em; border-bottom: 1px solid #e4e4e4; text-align: right; }
th:first-child, td:first-child { text-align: left; }
td.undefined { color: #a33; font-style: italic; }
table.heat td { border: 1px solid #fff; min-width: 3em; text-align: center; }
.caption { color: #555; font-size: .9em; }
ul.notes li { margin: .3em 0; }
.ci { color: #666; font-size: .85em; white-space: nowrap; }
"""


def cell(figure: Figure) -> str:
    if figure.value is None:
        return f'<td class="undefined" title="{escape(figure.reason or "")}">undefined</td>'
    if figure.interval is None:
        return f"<td>{figure.value:.3f}</td>"
    iv = figure.interval
    return (f"<td>{figure.value:.3f} <span class='ci' title='{iv.confidence:.0%} bootstrap interval, {iv.samples:,} "
            f"samples ({escape(iv.resampled)} resampled)'>[{iv.low:.3f}, {iv.high:.3f}]</span></td>")


def table(header: Sequence[str], rows: Sequence[str], css: str = "") -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(f"<tr>{row}</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def report_html(report: AgreementReport, title: str = "Inter-coder agreement") -> str:
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>",
             f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1>",
             f"<p>Coders: {escape(', '.join(report.coders) or 'none')}</p>"]
    if report.resampling is not None:
        parts.append(f"<p class='caption'>{escape(resampling_line(report))}</p>")
    if report.sample is not None:
        parts += [f"<p class='caption'>{escape(line)}</p>" for line in describe_sample(report.sample)]
    parts += [_documents(report.documents), _spans(report.spans), diagnostics_section(report.diagnostics)]
    if report.notes:
        parts.append("<h2>Notes</h2><ul class='notes'>" + "".join(f"<li>{escape(n)}</li>" for n in report.notes) + "</ul>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _documents(d: DocumentAgreement) -> str:
    rows = [f"<td>{escape(name)}</td>{cell(f)}<td>{f.n}</td>" for name, f in (
        ("Percent agreement", d.percent_agreement), ("Fleiss' κ (Gwet 2014 form)", d.fleiss_kappa),
        (f"Krippendorff's α ({d.level})", d.krippendorff_alpha))]
    parts = [f"<h2>Document stance</h2><p class='caption'>{d.n_units} documents with a stance from two or more "
             "coders. N = documents.</p>", table(["Measure", "Value", "N"], rows)]
    if q_line(d.krippendorff_alpha):
        parts.append(f"<p>{escape(q_line(d.krippendorff_alpha).strip())}</p>")
    if d.pairwise:
        pair_rows = [f"<td>{escape(p.coders[0])} / {escape(p.coders[1])}</td>{cell(p.cohen_kappa)}"
                     f"{cell(p.percent_agreement)}<td>{p.n}</td>" for p in d.pairwise]
        parts.append(table(["Coder pair", "Cohen's κ", "Agreement", "N"], pair_rows))
        parts += [_heat_map(p, d.categories) for p in d.pairwise]
    return "\n".join(parts)


def _heat_map(pair: PairStance, categories: tuple[str, ...]) -> str:
    a, b = (escape(c) for c in pair.coders)
    if pair.n == 0:  # a matrix of zeros would look like a result
        return f"<p class='caption'>{a} and {b}: no shared documents (none has a stance from both), so no confusion matrix.</p>"
    peak = max(int(pair.confusion.max()), 1) if pair.confusion.size else 1
    rows = []
    for name, counts in zip(categories, pair.confusion.tolist(), strict=True):
        cells = "".join(_heat_cell(count, peak) for count in counts)
        rows.append(f"<th>{escape(name)}</th>{cells}")
    head = "".join(f"<th>{escape(c)}</th>" for c in categories)
    return (f"<p class='caption'>Confusion matrix: {a} (rows) by {b} (columns), {pair.n} documents</p>"
            f"<table class='heat'><thead><tr><th>{a} \\ {b}</th>{head}</tr></thead>"
            f"<tbody>{''.join(f'<tr>{r}</tr>' for r in rows)}</tbody></table>")


def _heat_cell(count: int, peak: int) -> str:
    strength = count / peak
    ink = "#fff" if strength > 0.55 else "#222"
    return f"<td style='background: rgba(76, 114, 176, {strength:.3f}); color: {ink}'>{count}</td>"


def _spans(s: SpanAgreement) -> str:
    rows = [f"<td>{escape(k)}</td>{cell(s.alpha_u_by_label[k])}{cell(s.f1_exact_by_label[k])}"
            f"{cell(s.f1_overlap_by_label[k])}<td>{s.alpha_u_by_label[k].n:,}</td>" for k in s.labels]
    rows.append(f"<td><b>All labels</b></td>{cell(s.alpha_u)}{cell(s.f1_exact)}{cell(s.f1_overlap)}<td>{s.alpha_u.n:,}</td>")
    parts = [f"<h2>Spans</h2><p class='caption'>αu (Krippendorff 1995/2004) over {s.n_documents} documents coded by "
             f"every coder, laid end to end: {s.n_characters:,} characters, {s.n_units:,} units. F1 is the unweighted "
             "mean over coder pairs.</p>", table(["Label", "αu", "F1 exact", "F1 overlap", "Units"], rows),
             bar_chart(s)]
    if s.pairwise:
        pair_rows = [f"<td>{escape(p.coders[0])} / {escape(p.coders[1])}</td>{cell(p.f1_exact)}{cell(p.f1_overlap)}"
                     f"<td>{p.n_documents}</td><td>{p.n_spans[0]:,} / {p.n_spans[1]:,}</td>" for p in s.pairwise]
        parts.append(table(["Coder pair", "F1 exact", "F1 overlap", "Documents", "Spans"], pair_rows))
    parts.append(f"<p>Holder agreement over overlapping same-label span pairs: "
                 f"<b>{escape(number(s.holder))}</b> (N = {s.holder.n:,} pairs)</p>")
    if s.pairwise_alpha_u:
        rows = [f"<td>{escape(p.coders[0])} / {escape(p.coders[1])}</td>{cell(p.alpha_u)}<td>{p.n_documents}</td>"
                f"<td>{p.n_characters:,}</td>" for p in s.pairwise_alpha_u]
        parts += [f"<p class='caption'>αu per coder pair over the documents both coded; {escape(PAIRWISE_NAME)}: "
                  f"<b>{escape(number(s.alpha_u_pairwise))}</b> (N = {s.alpha_u_pairwise.n} pairs).</p>",
                  table(["Coder pair", "αu", "Documents", "Characters"], rows)]
    return "\n".join(parts)


def bar_chart(s: SpanAgreement, width: int = 640) -> str:
    """Grouped horizontal bars per label: αu, F1 exact, F1 overlap (mean over pairs)."""
    series = [s.alpha_u_by_label, s.f1_exact_by_label, s.f1_overlap_by_label]
    values = [f.value for by_label in series for f in by_label.values() if f.value is not None]
    values += [f.interval.low for by_label in series for f in by_label.values() if f.interval is not None]
    low = min([0.0, *values])
    low = -1.0 if low < -0.5 else (-0.5 if low < 0 else 0.0)
    left, right, bar, gap = 150, width - 20, 12, 14
    row = bar * len(SERIES) + gap
    height = 40 + row * len(s.labels) + 30

    def x(v: float) -> float:
        return left + (v - low) / (1.0 - low) * (right - left)

    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' role='img' "
             "aria-label='Agreement per label' font-size='12' font-family='system-ui, sans-serif'>"]
    for i, (name, colour) in enumerate(SERIES):
        parts.append(f"<rect x='{left + i * 120}' y='6' width='12' height='12' fill='{colour}'/>"
                     f"<text x='{left + i * 120 + 16}' y='16'>{name}</text>")
    tick = low
    while tick <= 1.0 + 1e-9:
        parts.append(f"<line x1='{x(tick):.1f}' x2='{x(tick):.1f}' y1='30' y2='{height - 24}' stroke='#ddd'/>"
                     f"<text x='{x(tick):.1f}' y='{height - 10}' text-anchor='middle'>{tick:g}</text>")
        tick += 0.25
    parts.append(f"<line x1='{x(0):.1f}' x2='{x(0):.1f}' y1='30' y2='{height - 24}' stroke='#555'/>")
    for r, label in enumerate(s.labels):
        top = 36 + r * row
        parts.append(f"<text x='{left - 8}' y='{top + row / 2:.1f}' text-anchor='end'>{escape(label)}</text>")
        for i, ((_, colour), by_label) in enumerate(zip(SERIES, series, strict=True)):
            parts.append(_bar(by_label[label], x, top + i * bar, bar - 2, colour))
    parts.append("</svg>")
    return "".join(parts)


def _bar(figure: Figure, x: Callable[[float], float], y: float, size: int, colour: str) -> str:
    if figure.value is None:
        return f"<text x='{x(0) + 4:.1f}' y='{y + size - 1}' fill='#a33' font-style='italic'>undefined</text>"
    a, b = sorted((x(0), x(figure.value)))
    bar = (f"<rect x='{a:.1f}' y='{y}' width='{max(b - a, 0.5):.1f}' height='{size}' fill='{colour}'>"
           f"<title>{escape(number(figure))} (N = {figure.n})</title></rect>")
    return bar + error_bar(figure, x, y + size / 2, size / 2)


def error_bar(figure: Figure, x: Callable[[float], float], middle: float, half: float) -> str:
    """The figure's confidence interval as a whisker with end caps (nothing without an interval)."""
    if figure.interval is None:
        return ""
    lo, hi = x(figure.interval.low), x(figure.interval.high)
    ink = "stroke='#222' stroke-width='1.2'"
    return (f"<line class='ci' x1='{lo:.1f}' x2='{hi:.1f}' y1='{middle:.1f}' y2='{middle:.1f}' {ink}/>"
            f"<line x1='{lo:.1f}' x2='{lo:.1f}' y1='{middle - half:.1f}' y2='{middle + half:.1f}' {ink}/>"
            f"<line x1='{hi:.1f}' x2='{hi:.1f}' y1='{middle - half:.1f}' y2='{middle + half:.1f}' {ink}/>")
