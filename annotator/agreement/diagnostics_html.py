"""The coder diagnostics in the HTML report: a table, and a chart per coder (hand-written SVG, no
library): label use and span lengths on the left, agreement with the others week by week on the right."""

from __future__ import annotations

from html import escape

from annotator.agreement.diagnostics import LENGTH_BINS, CoderDiagnostics
from annotator.agreement.figures import Figure

WIDTH, HEIGHT = 720, 170
STANCE_INK, F1_INK, BAR_INK = "#4c72b0", "#55a868", "#8c8c8c"


def _value(figure: Figure) -> str:
    return "undefined" if figure.value is None else f"{figure.value:.3f}"


def diagnostics_section(diagnostics: tuple[CoderDiagnostics, ...]) -> str:
    if not diagnostics:
        return ""
    others = sorted({o for d in diagnostics for o in d.kappa_with})
    head = "".join(f"<th>κ / F1 with {escape(o)}</th>" for o in others)
    rows = []
    for d in diagnostics:
        pairs = "".join(f"<td>{_value(d.kappa_with[o])} / {_value(d.f1_with[o])}</td>" if o in d.kappa_with else "<td>—</td>"
                        for o in others)
        median = "—" if d.length_quartiles is None else f"{d.length_quartiles[2]}"
        rows.append(f"<tr><td>{escape(d.coder)}</td><td>{d.documents:,}</td><td>{_value(d.alpha_without)}</td>{pairs}"
                    f"<td>{sum(d.spans_by_label.values()):,}</td><td>{median}</td></tr>")
    table = (f"<table><thead><tr><th>Coder</th><th>Documents</th><th>α without the coder</th>{head}"
             f"<th>Spans</th><th>Median length</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    caption = ("<p class='caption'>α without the coder: Krippendorff's α of the document stance with that coder left out "
               "(a coder whose removal raises α agrees least with the rest). κ: Cohen's κ on the stance; F1: span F1 "
               "(overlap). Charts: spans per label and span lengths in characters; agreement with the other coders by "
               "week of coding (stance: share of equal stances; F1: span F1, overlap).</p>")
    return "<h2>Coders</h2>" + caption + table + "".join(coder_chart(d) for d in diagnostics)


def coder_chart(d: CoderDiagnostics) -> str:
    parts = [f"<h3>{escape(d.coder)}</h3><svg xmlns='http://www.w3.org/2000/svg' width='{WIDTH}' height='{HEIGHT}' "
             f"role='img' aria-label='Diagnostics of {escape(d.coder)}' font-size='11' font-family='system-ui, sans-serif'>"]
    parts += _bars(list(d.spans_by_label.items()), 10, "spans per label", 110)
    labels = [f"{lo}–{hi - 1}" for lo, hi in zip(LENGTH_BINS[:-1], LENGTH_BINS[1:], strict=True)] + [f"{LENGTH_BINS[-1]}+"]
    parts += _bars(list(zip(labels, d.length_histogram, strict=True)), 250, "span length (characters)", 60)
    parts += _drift(d, 450)
    parts.append("</svg>")
    return "".join(parts)


def _bars(items: list[tuple[str, int]], left: int, title: str, label_width: int) -> list[str]:
    peak = max([n for _, n in items] + [1])
    out = [f"<text x='{left}' y='14' font-weight='bold'>{escape(title)}</text>"]
    step = min(16, (HEIGHT - 30) // max(len(items), 1))
    for i, (name, n) in enumerate(items):
        y = 24 + i * step
        size = n / peak * (180 - label_width)
        out.append(f"<text x='{left + label_width - 4}' y='{y + step - 5}' text-anchor='end'>{escape(name)}</text>"
                   f"<rect x='{left + label_width}' y='{y}' width='{size:.1f}' height='{step - 4}' fill='{BAR_INK}'>"
                   f"<title>{n:,}</title></rect>")
    return out


def _drift(d: CoderDiagnostics, left: int) -> list[str]:
    out = [f"<text x='{left}' y='14' font-weight='bold'>agreement by week</text>"]
    if not d.weeks:
        return out + [f"<text x='{left}' y='40' fill='#a33' font-style='italic'>no dates on this coder's work</text>"]
    top, bottom, right = 24, HEIGHT - 22, WIDTH - 10
    out.append(f"<line x1='{left}' x2='{right}' y1='{bottom}' y2='{bottom}' stroke='#ccc'/>")
    for tick in (0.0, 0.5, 1.0):
        y = bottom - tick * (bottom - top)
        out.append(f"<line x1='{left}' x2='{right}' y1='{y:.1f}' y2='{y:.1f}' stroke='#eee'/>"
                   f"<text x='{left - 3}' y='{y + 4:.1f}' text-anchor='end'>{tick:g}</text>")
    n = len(d.weeks)

    def x(i: int) -> float:
        return left + (i + 0.5) * (right - left) / n

    for series, ink, name in ((lambda w: w.stance, STANCE_INK, "stance"), (lambda w: w.f1_overlap, F1_INK, "F1")):
        points = [(x(i), bottom - series(w).value * (bottom - top), w) for i, w in enumerate(d.weeks)
                  if series(w).value is not None]
        if points:
            out.append(f"<polyline fill='none' stroke='{ink}' stroke-width='1.5' points='"
                       + " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points) + "'/>")
            out += [f"<circle cx='{px:.1f}' cy='{py:.1f}' r='2.5' fill='{ink}'><title>{escape(w.week)}: {name} "
                    f"{_value(series(w))} ({w.documents} documents)</title></circle>" for px, py, w in points]
    out.append(f"<text x='{left}' y='{HEIGHT - 6}'>{escape(d.weeks[0].week)}</text>"
               f"<text x='{right}' y='{HEIGHT - 6}' text-anchor='end'>{escape(d.weeks[-1].week)}</text>"
               f"<text x='{right}' y='14' text-anchor='end'><tspan fill='{STANCE_INK}'>● stance</tspan> "
               f"<tspan fill='{F1_INK}'>● span F1</tspan></text>")
    return out
