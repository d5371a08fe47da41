"""Parallel lanes: one passage of a document shown once per coder, each lane with that coder's spans.

Every lane shows the same excerpt in the same font and width, so its lines wrap alike and a span in one
lane sits straight above the same words in the next. The passage itself is underlined in every lane, so
it shows also where a coder marked nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QTextCharFormat
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QTextEdit, QVBoxLayout, QWidget

from annotator.gui.widgets.highlighter import FALLBACK_COLOUR, blend
from annotator.gui.widgets.text_positions import TextPositions, display_text

CONTEXT = 240  # characters shown before and after a passage, cut at a paragraph or word break
FILL = 0.38
ELLIPSIS = "… "
PASSAGE = QColor("#404040")  # the disagreement itself: underlined, on a faint tint, in every lane


@dataclass(frozen=True, slots=True)
class Lane:
    """One coder's view of the passage: a title ("1  alice"), a caption (rich text) and spans (start, end, label)."""

    title: str
    caption: str
    spans: Sequence[tuple[int, int, str]]
    chosen: bool = False  # drawn with a frame: e.g. the candidate the adjudicator accepted


def excerpt_bounds(text: str, start: int, end: int, context: int = CONTEXT) -> tuple[int, int]:
    """Where to cut an excerpt around [start, end): at a paragraph break within `context`, else a space."""
    lo, hi = max(0, start - context), min(len(text), end + context)
    if lo > 0:
        cut = text.rfind("\n", lo, start)
        if cut < 0:
            cut = text.find(" ", lo, start)
        lo = cut + 1 if cut >= 0 else lo
    if hi < len(text):
        cut = text.find("\n", end, hi)
        if cut < 0:
            cut = text.rfind(" ", end, hi)
        hi = cut if cut >= end else hi
    return lo, hi


def ends(text: str, start: int, end: int, words: int = 3) -> str:
    """“first words … last words” of text[start:end] (all of it when short)."""
    parts = text[start:end].split()
    if len(parts) <= 2 * words + 1:
        return f"“{' '.join(parts)}”"
    return f"“{' '.join(parts[:words])} … {' '.join(parts[-words:])}”"


class LaneText(QTextEdit):
    """A read-only excerpt as tall as its text: the lanes scroll together in one scroll area."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().setDocumentMargin(6)

    def fit_height(self) -> None:
        self.document().setTextWidth(self.viewport().width())
        self.setFixedHeight(int(self.document().size().height()) + 4)

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt's name)
        super().resizeEvent(event)
        self.fit_height()


class SpanLanesView(QScrollArea):
    """Shows a passage in parallel lanes; `show_passage` replaces what is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.colours: dict[str, QColor] = {}
        self.lanes: list[tuple[QLabel, LaneText]] = []
        self._body = QWidget()
        self._column = QVBoxLayout(self._body)
        self._column.setContentsMargins(6, 6, 6, 6)
        self._column.setSpacing(2)
        self._column.addStretch(1)
        self.setWidget(self._body)
        self.placeholder = QLabel("Choose a disagreement to see every coder's spans side by side.")
        self.placeholder.setWordWrap(True)
        self._column.insertWidget(0, self.placeholder)

    def set_colours(self, colours: dict[str, str]) -> None:
        self.colours = {name: QColor(colour) for name, colour in colours.items()}

    def chip(self, label: str) -> str:
        """Rich text: the label's name after a square in its colour."""
        return f"<span style='color:{self.colours.get(label, QColor(FALLBACK_COLOUR)).name()}'>■</span>&nbsp;{escape(label)}"

    def span_captions(self, text: str, spans: Sequence[tuple[int, int, str]]) -> str:
        """Each span as its label and where it starts and ends in words, so extents can be compared."""
        return " &nbsp; ".join(f"{self.chip(label)} <span style='color:#555555'>{escape(ends(text, start, end))}</span>"
                               for start, end, label in spans)

    def clear(self, message: str = "") -> None:
        for header, lane in self.lanes:
            for widget in (header, lane):
                widget.hide()  # at once: deleteLater waits for the event loop
                self._column.removeWidget(widget)
                widget.deleteLater()
        self.lanes = []
        self.placeholder.setText(message or self.placeholder.text())
        self.placeholder.show()

    def show_passage(self, text: str, start: int, end: int, lanes: Sequence[Lane]) -> None:
        """Show text[start:end] with its context, once per lane, each with the lane's spans."""
        self.clear()
        self.placeholder.hide()
        lo, hi = excerpt_bounds(text, start, end)
        lead = ELLIPSIS if lo > 0 and text[lo - 1] != "\n" else ""  # no ellipsis where a paragraph starts or ends
        excerpt = lead + text[lo:hi] + (" …" if hi < len(text) and text[hi] != "\n" else "")
        positions = TextPositions(excerpt)
        shift = len(lead) - lo  # document offset + shift = excerpt offset

        def qt_range(a: int, b: int) -> tuple[int, int]:
            a, b = max(a, lo), min(b, hi)
            return positions.to_qt(a + shift), positions.to_qt(b + shift)

        for i, lane in enumerate(lanes):
            header = QLabel(f"<b>{escape(lane.title)}</b>&nbsp;&nbsp;{lane.caption}")
            header.setTextFormat(Qt.TextFormat.RichText)
            header.setContentsMargins(2, 8 if i else 0, 2, 0)
            view = LaneText()
            view.setPlainText(display_text(excerpt))
            view.setExtraSelections(self._selections(view, lane, qt_range(start, end), qt_range))
            # every lane has the same border width, so all wrap their lines alike; the chosen one shows it
            view.setStyleSheet(f"QTextEdit {{ border: 2px solid {'palette(highlight)' if lane.chosen else 'transparent'}; }}")
            self._column.insertWidget(self._column.count() - 1, header)
            self._column.insertWidget(self._column.count() - 1, view)
            self.lanes.append((header, view))
            view.fit_height()

    def _selections(self, view: LaneText, lane: Lane, passage: tuple[int, int], qt_range) -> list:  # noqa: ANN001
        base = view.palette().color(QPalette.ColorRole.Base)
        selections = [self._selection(view, passage, background=blend(base, PASSAGE, 0.10), underline=True)]
        # longest first, so an inner span paints over the one that holds it
        for s_start, s_end, label in sorted(lane.spans, key=lambda s: s[0] - s[1]):
            colour = blend(base, self.colours.get(label, QColor(FALLBACK_COLOUR)), FILL)
            selections.append(self._selection(view, qt_range(s_start, s_end), background=colour))
        return selections

    @staticmethod
    def _selection(view: LaneText, qt: tuple[int, int], *, underline: bool = False,
                   background: QColor | None = None) -> QTextEdit.ExtraSelection:
        selection = QTextEdit.ExtraSelection()
        cursor = view.textCursor()
        cursor.setPosition(qt[0])
        cursor.setPosition(qt[1], cursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        fmt = QTextCharFormat()
        if underline:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(PASSAGE)
        if background is not None:
            fmt.setBackground(background)
        selection.format = fmt
        return selection
