"""The tooltip over the reader's text: what the spans under the mouse are."""

from __future__ import annotations

from annotator.core.codebook import Codebook
from annotator.gui.widgets.span_index import ShownSpan


def span_tooltip_html(spans: list[ShownSpan], codebook: Codebook) -> str:
    """Label, definition and attributes of every span under the mouse (innermost first)."""
    import html  # on the first tooltip: not on the way to the first window

    parts = []
    for shown in spans:
        span = shown.span
        label = codebook.span_label(span.label)
        colour = label.colour if label else "#888888"
        head = f"<b style='color:{colour}'>■</b> <b>{html.escape(span.label)}</b>"
        if shown.other:
            head += f" <i>(by {html.escape(span.coder)})</i>"
        lines = [head]
        if label and label.definition:
            lines.append(html.escape(label.definition))
        for name, value in (("holder", span.holder), ("note", span.note)):
            if value:
                lines.append(f"<i>{name}:</i> {html.escape(value)}")
        if span.unsure:
            lines.append("<i>marked unsure</i>")
        parts.append("<br>".join(lines))
    return "<qt>" + "<hr>".join(parts) + "</qt>"
