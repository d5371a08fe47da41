"""Pictures of the agreement report: a per-label bar chart (painted with QPainter) and confusion heat maps."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.agreement.documents import PairStance
from annotator.agreement.figures import Figure
from annotator.agreement.report import AgreementReport, SpanAgreement
from annotator.gui.team.agreement_figures import UNDEFINED_INK, heading

SERIES = (("αu", "#4c72b0"), ("F1 exact", "#dd8452"), ("F1 overlap", "#55a868"))  # as in the HTML report
HEAT = QColor(76, 114, 176)
BAR, GAP, LEFT, TOP = 16, 18, 170, 34


class LabelBarChart(QWidget):
    """Grouped horizontal bars per label: αu, F1 exact and F1 overlap; "undefined" where there is no value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels: list[str] = []
        self.series: list[dict[str, Figure]] = []

    def set_spans(self, spans: SpanAgreement) -> None:
        self.labels = [*spans.labels, "All labels"]
        self.series = [{**spans.alpha_u_by_label, "All labels": spans.alpha_u},
                       {**spans.f1_exact_by_label, "All labels": spans.f1_exact},
                       {**spans.f1_overlap_by_label, "All labels": spans.f1_overlap}]
        self.setMinimumHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(640, TOP + len(self.labels) * (BAR * len(SERIES) + GAP) + 30)

    def low_end(self) -> float:
        """Where the axis starts: 0, or -0.5 / -1 when a value is negative (α can be)."""
        low = min([0.0, *(f.value for s in self.series for f in s.values() if f.value is not None)])
        return -1.0 if low < -0.5 else (-0.5 if low < 0 else 0.0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ink = self.palette().color(QPalette.ColorRole.WindowText)
        low, right = self.low_end(), self.width() - 70
        bottom = self.height() - 26

        def x(value: float) -> float:
            return LEFT + (value - low) / (1.0 - low) * (right - LEFT)

        self._legend(painter, ink)
        tick = low
        while tick <= 1.0 + 1e-9:
            painter.setPen(QColor("#888888") if tick == 0 else QColor("#dddddd"))
            painter.drawLine(int(x(tick)), TOP - 4, int(x(tick)), bottom)
            painter.setPen(ink)
            painter.drawText(QRectF(x(tick) - 30, bottom + 4, 60, 18), Qt.AlignmentFlag.AlignCenter, f"{tick:g}")
            tick += 0.25
        for row, label in enumerate(self.labels):
            top = TOP + row * (BAR * len(SERIES) + GAP)
            painter.setPen(ink)
            font = painter.font()
            font.setBold(label == "All labels")
            painter.setFont(font)
            painter.drawText(QRectF(0, top, LEFT - 10, BAR * len(SERIES)),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
            for i, ((_, colour), figures) in enumerate(zip(SERIES, self.series, strict=True)):
                self._bar(painter, figures[label], x, top + i * BAR, QColor(colour), ink)
        painter.end()

    def _legend(self, painter: QPainter, ink: QColor) -> None:
        for i, (name, colour) in enumerate(SERIES):
            painter.fillRect(QRectF(LEFT + i * 120, 8, 12, 12), QColor(colour))
            painter.setPen(ink)
            painter.drawText(QRectF(LEFT + i * 120 + 18, 4, 100, 20), Qt.AlignmentFlag.AlignVCenter, name)

    @staticmethod
    def _bar(painter: QPainter, figure: Figure, x, y: float, colour: QColor, ink: QColor) -> None:  # noqa: ANN001
        box = QRectF(x(0) + 4, y, 400, BAR - 2)
        if figure.value is None:
            painter.setPen(UNDEFINED_INK)
            font = QFont(painter.font())
            font.setItalic(True)
            painter.setFont(font)
            painter.drawText(box, Qt.AlignmentFlag.AlignVCenter, "undefined")
            font.setItalic(False)
            painter.setFont(font)
            return
        a, b = sorted((x(0), x(figure.value)))
        painter.fillRect(QRectF(a, y, max(b - a, 1.0), BAR - 3), colour)
        painter.setPen(ink)
        painter.drawText(QRectF(max(a, b) + 4, y - 1, 60, BAR), Qt.AlignmentFlag.AlignVCenter, f"{figure.value:.2f}")


class ConfusionHeatMap(QTableWidget):
    """One coder pair's confusion matrix: rows the first coder's stance, columns the second's."""

    def __init__(self, pair: PairStance, categories: tuple[str, ...], parent: QWidget | None = None) -> None:
        n = len(categories)
        super().__init__(n, n, parent)
        self.setHorizontalHeaderLabels(list(categories))
        self.setVerticalHeaderLabels(list(categories))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        peak = max(int(pair.confusion.max()), 1) if pair.confusion.size else 1
        for r, counts in enumerate(pair.confusion.tolist()):
            for c, count in enumerate(counts):
                self.setItem(r, c, self._cell(count, peak, on_diagonal=r == c))
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.resizeColumnsToContents()
        side = max([self.columnWidth(c) for c in range(n)] + [60])
        for c in range(n):  # equal columns: the cells are a grid of squares-ish, not ragged
            self.setColumnWidth(c, side)
        width = self.verticalHeader().sizeHint().width() + side * n + 4
        self.setFixedSize(width, self.horizontalHeader().sizeHint().height() + sum(self.rowHeight(r) for r in range(n)) + 4)

    @staticmethod
    def _cell(count: int, peak: int, *, on_diagonal: bool) -> QTableWidgetItem:
        item = QTableWidgetItem(str(count))
        strength = count / peak
        colour = QColor(HEAT)
        colour.setAlphaF(0.08 + 0.92 * strength if count else 0.0)
        item.setBackground(colour)
        item.setForeground(QColor("#ffffff") if strength > 0.55 else QColor("#222222"))
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        if on_diagonal:
            font = QFont()
            font.setBold(True)
            item.setFont(font)
        return item


class ChartsView(QScrollArea):
    """The bar chart and, below it, one heat map per coder pair."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.chart = LabelBarChart()
        self.heat_maps: list[ConfusionHeatMap] = []
        self.setWidget(QLabel("No report yet."))

    def show_report(self, report: AgreementReport) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        self.chart = LabelBarChart()
        self.chart.set_spans(report.spans)
        column.addWidget(heading("Span agreement per label", "F1: unweighted mean over coder pairs."))
        column.addWidget(self.chart)
        d = report.documents
        column.addWidget(heading("Document stance: confusion matrices", "Rows: the first coder's stance; columns: "
                                 "the second's. Agreements on the diagonal, in bold."))
        self.heat_maps = []
        for pair in d.pairwise:
            column.addWidget(QLabel(f"<b>{escape(pair.coders[0])}</b> (rows) by <b>{escape(pair.coders[1])}</b> (columns), "
                                    f"{pair.n} documents"))
            self.heat_maps.append(ConfusionHeatMap(pair, d.categories))
            column.addWidget(self.heat_maps[-1])
        column.addStretch(1)
        self.setWidget(page)
