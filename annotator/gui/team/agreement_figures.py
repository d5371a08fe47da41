"""The agreement figures as tables: the same rows as `annotator agreement` prints, with N and notes.

An undefined figure reads "undefined" in its cell, never a number; its reason is in the cell's tooltip
and in the notes under the tables (a reason inside the cell made the tables wider than the window).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.agreement.continuum import PAIRWISE_NAME
from annotator.agreement.figures import Figure
from annotator.agreement.report import AgreementReport, DocumentAgreement, SpanAgreement
from annotator.agreement.sample import describe as describe_sample
from annotator.agreement.table import number, resampling_line

UNDEFINED_INK = QColor("#a33333")
Cell = str | Figure


def figure_text(figure: Figure, digits: int = 3) -> str:
    """The value and, when computed, its 95% interval in brackets. An undefined figure's reason is listed
    under the tables (inside a cell it made the table wider than the window)."""
    return "undefined" if figure.value is None else number(figure, digits)


def figure_tooltip(figure: Figure) -> str:
    text = f"{figure.value:.6f}, N = {figure.n:,}"
    iv = figure.interval
    if iv is not None:
        text += (f"\n{iv.confidence:.0%} bootstrap interval [{iv.low:.4f}, {iv.high:.4f}], {iv.samples:,} samples "
                 f"({iv.resampled} resampled)")
        text += "".join(f"\nq(α < {a:.3f}) = {q:.3f}" for a, q in iv.q_below)
    return text


class FigureTable(QTableWidget):
    """A read-only table of text and figures, as tall as its rows (the page scrolls, not the table)."""

    def __init__(self, header: Sequence[str], rows: Sequence[Sequence[Cell]], parent: QWidget | None = None) -> None:
        super().__init__(len(rows), len(header), parent)
        self.setHorizontalHeaderLabels(list(header))
        # (where, why) of each undefined figure: "Fleiss' κ (Gwet 2014 form) · Value", reason
        self.reasons = [(f"{row[0]} · {header[c]}", value.reason) for row in rows for c, value in enumerate(row)
                        if isinstance(value, Figure) and value.value is None and value.reason]
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setWordWrap(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.setItem(r, c, self._item(value, numeric=c > 0))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
        # as wide as its columns (an undefined value's reason too): numbers stay next to their names, and
        # the page scrolls sideways when the window is narrower than a reason
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._fit()

    @staticmethod
    def _item(value: Cell, *, numeric: bool) -> QTableWidgetItem:
        if isinstance(value, Figure):
            item = QTableWidgetItem(figure_text(value))
            if value.value is None:
                item.setForeground(UNDEFINED_INK)
                font = QFont()
                font.setItalic(True)
                item.setFont(font)
                item.setToolTip(value.reason or "")
            else:
                item.setToolTip(figure_tooltip(value))
        else:
            item = QTableWidgetItem(value)
        if numeric:
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def _fit(self) -> None:
        self.resizeRowsToContents()
        head = self.horizontalHeader()
        self.setFixedHeight(head.sizeHint().height() + sum(self.rowHeight(r) for r in range(self.rowCount())) + 4)
        self.setFixedWidth(sum(head.sectionSize(c) for c in range(self.columnCount())) + 4)

    def resizeEvent(self, event) -> None:  # noqa: N802, ANN001 (Qt's name)
        super().resizeEvent(event)
        self._fit()


def heading(text: str, caption: str = "") -> QLabel:
    label = QLabel(f"<h3 style='margin-bottom:0'>{text}</h3>" + (f"<span style='color:#555555'>{caption}</span>"
                                                               if caption else ""))
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def document_section(d: DocumentAgreement) -> list[QWidget]:
    widgets: list[QWidget] = [
        heading("Document stance", f"{d.level} scale; {d.n_units} documents with a stance from two or more coders. "
                "N = documents."),
        FigureTable(["Measure", "Value", "N"], [
            ["Percent agreement", d.percent_agreement, str(d.percent_agreement.n)],
            ["Fleiss' κ (Gwet 2014 form)", d.fleiss_kappa, str(d.fleiss_kappa.n)],
            [f"Krippendorff's α ({d.level})", d.krippendorff_alpha, str(d.krippendorff_alpha.n)],
        ]),
    ]
    if d.pairwise:
        widgets.append(FigureTable(["Coder pair", "Cohen's κ", "Agreement", "N"], [
            [f"{p.coders[0]} / {p.coders[1]}", p.cohen_kappa, p.percent_agreement, str(p.n)] for p in d.pairwise]))
    return widgets


def span_section(s: SpanAgreement) -> list[QWidget]:
    rows: list[list[Cell]] = [[label, s.alpha_u_by_label[label], s.f1_exact_by_label[label], s.f1_overlap_by_label[label],
                               f"{s.alpha_u_by_label[label].n:,}"] for label in s.labels]
    rows.append(["All labels", s.alpha_u, s.f1_exact, s.f1_overlap, f"{s.alpha_u.n:,}"])
    widgets: list[QWidget] = [
        heading("Spans", f"αu (Krippendorff 1995/2004) over {s.n_documents} documents coded by every coder, laid end "
                f"to end: {s.n_characters:,} characters, {s.n_units:,} units. F1: unweighted mean over coder pairs."),
        FigureTable(["Label", "αu", "F1 exact", "F1 overlap", "Units"], rows),
    ]
    if s.pairwise:
        widgets.append(FigureTable(["Coder pair", "F1 exact", "F1 overlap", "Documents", "Spans"], [
            [f"{p.coders[0]} / {p.coders[1]}", p.f1_exact, p.f1_overlap, str(p.n_documents),
             f"{p.n_spans[0]:,} / {p.n_spans[1]:,}"] for p in s.pairwise]))
    widgets.append(FigureTable(["Holder", "Agreement", "N (overlapping same-label span pairs)"],
                               [["Holder agreement", s.holder, f"{s.holder.n:,}"]]))
    if s.pairwise_alpha_u:
        widgets.append(heading("αu per coder pair", f"over the documents both coded; {escape(PAIRWISE_NAME)}: "
                               f"{escape(figure_text(s.alpha_u_pairwise))} (N = {s.alpha_u_pairwise.n} pairs)"))
        widgets.append(FigureTable(["Coder pair", "αu of the pair", "Documents", "Characters"], [
            [f"{p.coders[0]} / {p.coders[1]}", p.alpha_u, str(p.n_documents), f"{p.n_characters:,}"]
            for p in s.pairwise_alpha_u]))
    return widgets


def notes_section(notes: Sequence[str], title: str = "Notes") -> list[QWidget]:
    if not notes:
        return []
    body = QLabel("<ul style='margin-left:-20px'>" + "".join(f"<li>{n}</li>" for n in notes) + "</ul>")
    body.setWordWrap(True)
    body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return [heading(title), body]


def undefined_section(widgets: Sequence[QWidget]) -> list[QWidget]:
    """Why each undefined figure of the tables above has no value."""
    reasons = [f"<b>{escape(where)}</b>: {escape(why)}" for table in widgets if isinstance(table, FigureTable)
               for where, why in table.reasons]
    return notes_section(reasons, "Undefined figures")


class FiguresView(QScrollArea):
    """Every figure of a report, stance first, then spans, then the notes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.show_message("Choose coders and labels, then press Compute.")

    def show_message(self, text: str) -> None:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setWidget(label)

    def show_report(self, report: AgreementReport) -> None:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(heading("Coders", escape(", ".join(report.coders)) or "none"))
        design = [*(describe_sample(report.sample) if report.sample else []),
                  *([resampling_line(report)] if report.resampling else [])]
        if design:
            column.addWidget(heading("Reliability sample and intervals", "<br>".join(escape(line) for line in design)))
        tables = [*document_section(report.documents), *span_section(report.spans)]
        notes = [escape(n) for n in report.notes]
        for widget in [*tables, *undefined_section(tables), *notes_section(notes)]:
            column.addWidget(widget)
        column.addStretch(1)
        self.setWidget(page)
