"""Paints spans into the reader, one text block at a time, from the span index.

The innermost span of a stretch of text gives its background; an enclosing span of this coder shows as
an underline in its own colour, so nested and overlapping spans stay visible. The current span (picked
in the span panel or by a click) is not painted here: the reader lays it over as an extra selection,
because changing a block's formats makes Qt lay the paragraph out again (about 1 ms per paragraph) and
picking a span should cost no layout at all. Other coders' spans
(shown only on request) get a dotted underline and no fill. Fills are the label colour blended into
the window's background, so text keeps its contrast in light and dark palettes.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from annotator.gui.widgets.span_index import ShownSpan, SpanIndex

FILL = 0.30  # share of the label colour in a span's background
NESTED_FILL = 0.42  # a span inside another: a little stronger, so the inner one stands out
CURRENT_FILL = 0.60  # the span selected in the span panel or by a click (see current_format)
FALLBACK_COLOUR = "#888888"


def blend(base: QColor, colour: QColor, share: float) -> QColor:
    """`colour` laid over `base` with opacity `share`."""
    mix = [round(b + (c - b) * share) for b, c in zip(base.getRgb()[:3], colour.getRgb()[:3], strict=True)]
    return QColor(*mix)


class SpanHighlighter(QSyntaxHighlighter):
    """Highlights the spans of a SpanIndex; call `refresh_range` after a span changes."""

    def __init__(self, document: QTextDocument, index: SpanIndex) -> None:
        super().__init__(document)
        self.index = index
        self.colours: dict[str, QColor] = {}
        self.base = QColor("white")
        self._formats: dict[tuple, QTextCharFormat] = {}  # one format per look, shared by all stretches

    def set_style(self, colours: dict[str, str], base: QColor) -> None:
        self.colours = {name: QColor(colour) for name, colour in colours.items()}
        self.base = base
        self._formats.clear()

    def refresh_range(self, qt_start: int, qt_end: int) -> None:
        """Re-highlight only the blocks that [qt_start, qt_end) touches."""
        document = self.document()
        block = document.findBlock(qt_start)
        last = document.findBlock(max(qt_start, qt_end - 1))
        while block.isValid():
            self.rehighlightBlock(block)
            if block == last:
                break
            block = block.next()

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        block = self.currentBlock()
        start = block.position()
        spans = self.index.overlapping(start, start + len(text))
        if not spans:
            return
        cuts = sorted({start, start + len(text)} | {
            p for s in spans for p in (s.qt_start, s.qt_end) if start < p < start + len(text)
        })
        for left, right in zip(cuts, cuts[1:], strict=False):
            covering = [s for s in spans if s.qt_start < right and s.qt_end > left]
            if covering:
                self.setFormat(left - start, right - left, self._format(covering))

    def _format(self, covering: list[ShownSpan]) -> QTextCharFormat:
        """The look of text covered by `covering` (longest first)."""
        own = [s for s in covering if not s.other]
        others = [s for s in covering if s.other]
        inner = own[-1] if own else None
        look = (
            inner.span.label if inner else None,
            NESTED_FILL if len(own) > 1 else FILL,
            own[-2].span.label if len(own) > 1 else None,
            others[-1].span.label if others else None,
        )
        fmt = self._formats.get(look)
        if fmt is None:
            fmt = self._formats[look] = self._make_format(*look)
        return fmt

    def _make_format(self, inner: str | None, share: float, outer: str | None, other: str | None) -> QTextCharFormat:
        fmt = QTextCharFormat()
        if inner is not None:
            fmt.setBackground(blend(self.base, self._colour(inner), share))
            if outer is not None:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(self._line_colour(outer))
            if other is not None:
                fmt.setFontItalic(True)  # another coder marked this too: visible without hiding our colour
        elif other is not None:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(self._line_colour(other))
        return fmt

    def current_format(self, label: str) -> QTextCharFormat:
        """The look of the current span: a stronger fill, underlined. Drawing only, no layout."""
        fmt = QTextCharFormat()
        fmt.setBackground(blend(self.base, self._colour(label), CURRENT_FILL))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(self._line_colour(label))
        return fmt

    def _colour(self, label: str) -> QColor:
        return self.colours.get(label, QColor(FALLBACK_COLOUR))

    def _line_colour(self, label: str) -> QColor:
        colour = self._colour(label)
        return colour.lighter(160) if self.base.lightness() < 128 else colour
