"""Paints spans into the reader, one text block at a time, from the span index.

The innermost span of a stretch of text gives its background; an enclosing span of this coder shows as
an underline in its own colour, so nested and overlapping spans stay visible. The current span (picked
in the span panel or by a click) is not painted here: the reader lays it over as an extra selection,
because changing a block's formats makes Qt lay the paragraph out again (about 1 ms per paragraph) and
picking a span should cost no layout at all. Other coders' spans
(shown only on request) get a dotted underline and no fill. Fills are the label colour blended into
the window's background, so text keeps its contrast in light and dark palettes.

Long articles (1 MB, 10,000 spans, ~1,700 paragraphs): a change of every block (a new text, zoom, a
new codebook) colours at once only the blocks around the view (`colour_all`); the others are coloured
when the coder scrolls to them (`colour_view`), so opening costs what one screen costs. Several blocks
are coloured again by one change of the document over their range (one layout pass), never by
QSyntaxHighlighter.rehighlight(), which lays the document out again after each block (10 s here).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable

from PySide6.QtGui import (
    QColor,
    QSyntaxHighlighter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from annotator.gui.widgets.span_index import SpanIndex

FILL = 0.30  # share of the label colour in a span's background
NESTED_FILL = 0.42  # a span inside another: a little stronger, so the inner one stands out
CURRENT_FILL = 0.60  # the span selected in the span panel or by a click (see current_format)
FALLBACK_COLOUR = "#888888"
AROUND_VIEW = 4_000  # Qt positions coloured before and after the view (a screen or two at any zoom)


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
        self.paused = False  # True while the reader loads a text: no block is worth highlighting yet
        self._now: tuple[int, int] | None = None  # during colour_all: the Qt positions to colour at once
        self.pending: list[int] = []  # numbers of the blocks colour_all left until they are in view, in order

    def set_style(self, colours: dict[str, str], base: QColor) -> None:
        self.colours = {name: QColor(colour) for name, colour in colours.items()}
        self.base = base
        self._formats.clear()

    def refresh_range(self, qt_start: int, qt_end: int) -> None:
        """Colour again the blocks that [qt_start, qt_end) touches."""
        document = self.document()
        block = document.findBlock(qt_start)
        last = document.findBlock(max(qt_start, qt_end - 1))
        if block == last:
            self.rehighlightBlock(block)  # one block: lays out that block only
        else:
            self._recolour(block.blockNumber(), last.blockNumber())

    def _recolour(self, first: int, last: int) -> None:
        """Colour blocks `first`..`last` (numbers) in one change of the document: a block format merged
        with nothing changes nothing but tells the highlighter, and the layout, that they changed
        (rehighlightBlock on each would lay the document out once per block)."""
        document = self.document()
        cursor = QTextCursor(document.findBlockByNumber(first))
        end = document.findBlockByNumber(last)
        cursor.setPosition(end.position() + end.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.mergeBlockFormat(QTextBlockFormat())

    def colour_all(self, change: Callable[[], object], view: tuple[int, int]) -> None:
        """Run `change`, an edit of every block, colouring at once only the blocks near `view` (Qt
        positions); the others wait until `colour_view` finds them in view."""
        self.pending = []
        self._now = (view[0] - AROUND_VIEW, view[1] + AROUND_VIEW)
        try:
            change()
        finally:
            self._now = None

    def colour_near(self, view: tuple[int, int]) -> None:
        """After a new text went in with the highlighter paused: colour the blocks that start near
        `view` (Qt positions) now, in one change of their range, and leave the others pending. The
        same blocks as `colour_all` would colour, without a change of the whole document."""
        document = self.document()
        low, high = view[0] - AROUND_VIEW, view[1] + AROUND_VIEW
        first = document.findBlock(max(0, low))
        if first.position() < low:
            first = first.next()
        last = document.findBlock(max(0, min(high, document.characterCount()) - 1))
        if last.position() >= high:
            last = last.previous()
        if not first.isValid() or not last.isValid() or first.blockNumber() > last.blockNumber():
            self.pending = list(range(document.blockCount()))
            return
        self.pending = [*range(first.blockNumber()), *range(last.blockNumber() + 1, document.blockCount())]
        self._recolour(first.blockNumber(), last.blockNumber())

    def colour_view(self, view: tuple[int, int]) -> None:
        """Colour the blocks still pending near `view` (Qt positions): the coder looks there now."""
        document = self.document()
        first = document.findBlock(max(0, view[0] - AROUND_VIEW)).blockNumber()
        last = document.findBlock(min(view[1] + AROUND_VIEW, document.characterCount() - 1)).blockNumber()
        low, high = bisect_left(self.pending, first), bisect_right(self.pending, last)
        if low < high:
            numbers = self.pending[low:high]
            del self.pending[low:high]
            self._recolour(numbers[0], numbers[-1])

    def highlightBlock(self, _text: str) -> None:  # noqa: N802 (Qt's name)
        # Called for every block of a document on load: on a 1 MB article that is ~1,700 calls, so
        # this loop is kept tight (one pass over the block's few spans per stretch, formats cached).
        if self.paused:
            return
        block = self.currentBlock()
        start = block.position()
        if self._now is not None and not self._now[0] <= start < self._now[1]:
            self.pending.append(block.blockNumber())  # far from the view: when the coder scrolls there
            return
        end = start + block.length() - 1  # in Qt positions: len(text) counts an emoji once, Qt twice
        spans = self.index.overlapping(start, end)  # longest first
        if not spans:
            return
        cuts = sorted({start, end, *[p for s in spans for p in (s.qt_start, s.qt_end) if start < p < end]})
        formats, run_start, run_format = self._formats, start, None
        for left, right in zip(cuts, cuts[1:], strict=False):
            inner = outer = other = None
            own = 0
            for shown in spans:  # longest first: the last own span seen is the innermost
                if shown.qt_start < right and shown.qt_end > left:
                    if shown.other:
                        other = shown
                    else:
                        outer, inner, own = inner, shown, own + 1
            if inner is None and other is None:
                fmt = None  # a gap between spans
            else:
                look = (inner.span.label if inner else None, NESTED_FILL if own > 1 else FILL,
                        outer.span.label if outer else None, other.span.label if other else None)
                fmt = formats.get(look)
                if fmt is None:
                    fmt = formats[look] = self._make_format(*look)
            if fmt is not run_format:  # a stretch that looks like the one before it joins it
                if run_format is not None:
                    self.setFormat(run_start - start, left - run_start, run_format)
                run_start, run_format = left, fmt
        if run_format is not None:
            self.setFormat(run_start - start, end - run_start, run_format)

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
