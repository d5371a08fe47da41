"""An Evaluation as text, as JSON and as one self-contained HTML page with a learning-curve chart."""

from __future__ import annotations

from dataclasses import asdict
from html import escape
from typing import Any

from annotator.model.evaluation import SystemScores
from annotator.model.metrics import Estimate, Scores
from annotator.operations.model_evaluation import Evaluation

KINDS = (("spans_overlap", "Spans, overlap match"), ("spans_exact", "Spans, exact match"), ("stance", "Document stance"))
NO_STANCE_CLASSIFIER = "— (no stance classifier: fewer than two stances among the training documents)"
MEANING = ("Macro-F1 is the mean F1 over labels; [low, high] is a 95% bootstrap interval over test documents. "
           "Spans match as in the agreement report: exact = same offsets and label, overlap = same label and at "
           "least one shared character. The model suggests whole sentences or clauses, so its exact-match F1 is "
           "low wherever coders mark parts of sentences.")


def fmt(e: Estimate | None) -> str:
    if e is None:
        return "—"
    if e.value is None:
        return f"undefined ({e.reason})"
    interval = f" [{e.low:.3f}, {e.high:.3f}]" if e.low is not None else ""
    return f"{e.value:.3f}{interval}"


def _head(ev: Evaluation) -> str:
    return (f"Model evaluation on {ev.source}, split {ev.split} (seed {ev.seed}): {ev.train_documents} training "
            f"document(s), {ev.test_documents} test document(s) ({ev.test_units} sentences and clauses).")


def evaluation_text(ev: Evaluation) -> str:
    lines = [_head(ev), ""]
    if ev.too_little:
        return "\n".join(lines + [ev.too_little, ""])
    for kind, title in KINDS:
        lines.append(f"{title}: macro-F1 [95% CI]")
        for system in ev.systems:
            lines.append(f"  {system.name:<20} {_macro_f1(system, kind, NO_STANCE_CLASSIFIER)}")
        lines.append("")
    model = ev.systems[0]
    for kind, title in KINDS:
        scored = _scores(model, kind)
        if scored is None:
            continue
        lines.append(f"Model, per label ({title.lower()}):")
        for s in scored.labels:
            lines.append(f"  {s.label:<18} P {fmt(s.precision)}  R {fmt(s.recall)}  F1 {fmt(s.f1)}"
                         f"  (predicted {s.n_predicted}, gold {s.n_gold})")
        lines.append("")
    lines.append("Learning curve (model, macro-F1 on the same test documents):")
    for p in ev.curve:
        if p.problem:
            lines.append(f"  {p.fraction:>4.0%} {p.documents:>5} docs  not trainable: {p.problem}")
        else:
            lines.append(f"  {p.fraction:>4.0%} {p.documents:>5} docs  spans overlap {fmt(p.spans_overlap)}"
                         f"  exact {fmt(p.spans_exact)}  stance {fmt(p.stance)}")
    return "\n".join(lines + ["", MEANING, ""])


def _scores(system: SystemScores, kind: str) -> Scores | None:
    return getattr(system, kind)


def _macro_f1(system: SystemScores, kind: str, missing: str) -> str:
    scored = _scores(system, kind)
    return fmt(scored.macro_f1) if scored is not None else missing


def evaluation_json(ev: Evaluation) -> dict[str, Any]:
    return asdict(ev)


def evaluation_html(ev: Evaluation, title: str) -> str:
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>",
             f"<style>{STYLE}</style></head><body><h1>{escape(title)}</h1><p>{escape(_head(ev))}</p>"]
    if ev.too_little:
        parts.append(f"<p class='warn'>{escape(ev.too_little)}</p>")
    else:
        for kind, name in KINDS:
            rows = "".join(f"<tr><td>{escape(s.name)}</td><td>{escape(_macro_f1(s, kind, '—'))}</td></tr>"
                           for s in ev.systems)
            parts.append(f"<h2>{escape(name)}</h2><table><tr><th>system</th><th>macro-F1 [95% CI]</th></tr>{rows}</table>")
            scored = _scores(ev.systems[0], kind)
            if scored is not None:
                rows = "".join(f"<tr><td>{escape(s.label)}</td><td>{fmt(s.precision)}</td><td>{fmt(s.recall)}</td>"
                               f"<td>{fmt(s.f1)}</td><td>{s.n_predicted}</td><td>{s.n_gold}</td></tr>" for s in scored.labels)
                parts.append("<table><tr><th>label (model)</th><th>P</th><th>R</th><th>F1</th><th>predicted</th>"
                             f"<th>gold</th></tr>{rows}</table>")
        parts.append("<h2>Learning curve</h2>" + curve_svg(ev))
    parts.append(f"<p class='caption'>{escape(MEANING)}</p></body></html>")
    return "\n".join(parts)


STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; padding: 0 1em; }
h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: .8em 0; } th, td { padding: .25em .7em; border-bottom: 1px solid #e4e4e4; }
.caption { color: #555; font-size: .9em; } .warn { color: #a33; }
"""
SERIES = (("spans_overlap", "spans, overlap", "#55a868"), ("spans_exact", "spans, exact", "#dd8452"),
          ("stance", "document stance", "#4c72b0"))


def curve_svg(ev: Evaluation, width: int = 560, height: int = 300) -> str:
    """Macro-F1 against training documents, one line per figure, 95% intervals as error bars."""
    left, bottom, top, right = 50, 40, 15, 150
    plot_w, plot_h = width - left - right, height - top - bottom
    points = [p for p in ev.curve if not p.problem]
    most = max((p.documents for p in points), default=1)

    def x(docs: int) -> float:
        return left + plot_w * docs / most

    def y(value: float) -> float:
        return top + plot_h * (1 - value)

    out = [f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' role='img'>"]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        out.append(f"<line x1='{left}' x2='{left + plot_w}' y1='{y(tick):.1f}' y2='{y(tick):.1f}' stroke='#ddd'/>"
                   f"<text x='{left - 6}' y='{y(tick) + 4:.1f}' font-size='11' text-anchor='end'>{tick:.2f}</text>")
    for p in points:
        out.append(f"<text x='{x(p.documents):.1f}' y='{height - bottom + 16}' font-size='11' text-anchor='middle'>"
                   f"{p.documents}</text>")
    out.append(f"<text x='{left + plot_w / 2}' y='{height - 6}' font-size='12' text-anchor='middle'>training documents</text>")
    for n, (attr, label, colour) in enumerate(SERIES):
        values = [(p, getattr(p, attr)) for p in points if getattr(p, attr) is not None and getattr(p, attr).value is not None]
        path = " ".join(f"{x(p.documents):.1f},{y(e.value):.1f}" for p, e in values)
        out.append(f"<polyline points='{path}' fill='none' stroke='{colour}' stroke-width='2'/>")
        for p, e in values:
            if e.low is not None:
                out.append(f"<line x1='{x(p.documents):.1f}' x2='{x(p.documents):.1f}' y1='{y(e.low):.1f}' "
                           f"y2='{y(e.high):.1f}' stroke='{colour}'/>")
            out.append(f"<circle cx='{x(p.documents):.1f}' cy='{y(e.value):.1f}' r='3' fill='{colour}'/>")
        out.append(f"<rect x='{left + plot_w + 12}' y='{top + 18 * n}' width='12' height='12' fill='{colour}'/>"
                   f"<text x='{left + plot_w + 30}' y='{top + 18 * n + 10}' font-size='12'>{escape(label)}</text>")
    out.append("</svg>")
    return "".join(out)


def figures_line(meta: dict[str, Any]) -> str:
    """A stored model's test figures in one sentence (`model train`, `model show`, the app's status bar)."""
    figures = meta.get("figures") or {}
    if figures.get("too_little"):
        return str(figures["too_little"])
    parts = []
    for key, name in (("spans_overlap", "spans (overlap)"), ("spans_exact", "spans (exact)"), ("stance", "stance")):
        f = (figures.get(key) or {}).get("macro_f1")
        if f and f.get("value") is not None:
            interval = f" [{f['low']:.3f}, {f['high']:.3f}]" if f.get("low") is not None else ""
            parts.append(f"{name} {f['value']:.3f}{interval}")
    return (f"Macro-F1 on {meta.get('test_documents')} held-out test document(s): " + ("; ".join(parts) or "none")
            + ". See `annotator model evaluate` for baselines and the learning curve.")
