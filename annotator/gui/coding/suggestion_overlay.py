"""Suggested spans drawn as outlines over the reader (never filled, so they never look like a coder's
spans). Painted on a transparent child of the reader's viewport: no text format changes, so showing
or moving between suggestions costs no layout."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QTextEdit, QWidget

OUTLINE = 1.4
CURRENT_OUTLINE = 2.6


def range_rects(edit: QTextEdit, qt_start: int, qt_end: int) -> list[QRectF]:
    """The rectangles, in viewport coordinates, of each line piece of [qt_start, qt_end)."""
    document, rects = edit.document(), []
    shift = QPointF(-edit.horizontalScrollBar().value(), -edit.verticalScrollBar().value())
    block = document.findBlock(qt_start)
    while block.isValid() and block.position() < qt_end:
        layout, origin = block.layout(), document.documentLayout().blockBoundingRect(block).topLeft() + shift
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            first = block.position() + line.textStart()
            start, end = max(qt_start, first), min(qt_end, first + line.textLength())
            if start < end:
                x1, x2 = _x(line, start - block.position()), _x(line, end - block.position())
                rects.append(QRectF(x1, line.y(), x2 - x1, line.height()).translated(origin))
        block = block.next()
    return rects


def _x(line, position: int) -> float:  # noqa: ANN001 (QTextLine)
    x = line.cursorToX(position)
    return float(x[0] if isinstance(x, tuple) else x)


class SuggestionOverlay(QWidget):
    """Outlines of (qt_start, qt_end, colour) ranges; the current one drawn heavier."""

    def __init__(self, edit: QTextEdit) -> None:
        super().__init__(edit.viewport())
        self.edit = edit
        self.ranges: list[tuple[int, int, str]] = []
        self.current: int | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        edit.viewport().installEventFilter(self)
        edit.verticalScrollBar().valueChanged.connect(self.update)
        edit.horizontalScrollBar().valueChanged.connect(self.update)
        self.resize(edit.viewport().size())
        self.show()

    def set_ranges(self, ranges: list[tuple[int, int, str]], current: int | None) -> None:
        self.ranges, self.current = ranges, current
        self.raise_()
        self.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Resize:
            self.resize(self.edit.viewport().size())
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if not self.ranges:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        visible = QRectF(self.rect())
        for i, (start, end, colour) in enumerate(self.ranges):
            pen = QPen(QColor(colour), CURRENT_OUTLINE if i == self.current else OUTLINE)
            pen.setStyle(Qt.PenStyle.SolidLine if i == self.current else Qt.PenStyle.DashLine)
            painter.setPen(pen)
            for rect in range_rects(self.edit, start, end):
                if rect.intersects(visible):
                    painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 3, 3)
        painter.end()
