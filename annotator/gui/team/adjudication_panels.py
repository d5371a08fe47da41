"""The adjudicator's controls: the decision bar for the current passage and the document stance panel.

They only report choices by signals; the window turns them into undo commands.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.codebook import Codebook
from annotator.core.types import GOLD_CODER, Span
from annotator.gui.project import Project
from annotator.gui.undo_actions import undo_actions
from annotator.gui.widgets.span_lanes import Lane, SpanLanesView
from annotator.operations.adjudication_cases import (
    NONE,
    AdjudicationCase,
    Passage,
    accepted,
    describe,
)

NOT_SET = "— not set —"
KEYS_HELP = ("Keys: N / P next / previous disagreement (N after the last: next document) · 1–9 accept that "
             "coder's spans · 0 no span · E edit · Alt+1–9 that coder's stance · D document done and next · "
             "Page Down / Up next / previous document · Ctrl+Z undo · F5 reload · Escape close")


def keys_help() -> QLabel:
    label = QLabel(KEYS_HELP)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555555")
    return label


def add_undo_actions(window: QWidget, project: Project) -> None:
    """Undo and redo of the Project's stack in a window of its own, on the main window's keys."""
    window.addActions(list(undo_actions(window, project)))


def passage_lanes(case: AdjudicationCase, p: Passage, view: SpanLanesView) -> list[Lane]:
    """One lane per coder ("1  alice", the number is the key that accepts it), then the gold lane."""
    lanes = [_lane(view, case, f"{n}  {coder}", case.spans_in(coder, p.start, p.end), p.decision == accepted(coder))
             for n, coder in enumerate(case.coders, start=1)]
    lanes.append(_lane(view, case, "gold", case.spans_in(GOLD_CODER, p.start, p.end), False, gold=p.decision or ""))
    return lanes


def _lane(view: SpanLanesView, case: AdjudicationCase, title: str, spans: list[Span], chosen: bool, *,
          gold: str | None = None) -> Lane:
    """A coder's lane, or with `gold` (the decision, "" while open) the gold lane."""
    if not spans:
        caption = "<i>no span here</i>" if gold is None else (
            "<i>no span here, as decided</i>" if gold else "<i>no gold span here yet</i>")
    else:
        caption = view.span_captions(case.text, [(s.start, s.end, s.label) for s in spans])
        extra = sorted({f"holder: {s.holder}" for s in spans if s.holder}
                       | ({s.provenance or "" for s in spans} if gold is not None else set()))
        caption += "".join(f" &nbsp;·&nbsp; {escape(x)}" for x in extra if x)
    return Lane(title, caption, [(s.start, s.end, s.label) for s in spans], chosen)


def key_button(text: str, tooltip: str) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tooltip)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to the window's shortcuts
    return button


class DecisionBar(QWidget):
    """"Passage 2 of 5" and one button per choice: each coder's spans (1-9), no span (0), edit (E)."""

    decide = Signal(str)  # a decision: accepted(coder) or NONE
    edit = Signal()
    step = Signal(int)  # -1: previous passage, +1: next

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.where = QLabel()
        self.where.setTextFormat(Qt.TextFormat.RichText)
        self.buttons: list[QPushButton] = []
        self.row = QHBoxLayout()
        self.row.setContentsMargins(0, 0, 0, 0)
        self.previous_button = key_button("◀ Previous (P)", "Previous disagreement")
        self.next_button = key_button("Next (N) ▶", "Next disagreement (after the last one: the next document)")
        self.previous_button.clicked.connect(lambda: self.step.emit(-1))
        self.next_button.clicked.connect(lambda: self.step.emit(1))
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.where, 1)
        top.addWidget(self.previous_button)
        top.addWidget(self.next_button)
        column.addLayout(top)
        column.addLayout(self.row)

    def show_passage(self, case: AdjudicationCase, index: int | None, *, more_documents: bool = False) -> None:
        """Buttons for the passage `index` of `case` (None: the document has no disagreement); with
        `more_documents`, Next goes on to the next document after the last disagreement."""
        for button in self.buttons:
            button.hide()  # at once: deleteLater waits for the event loop
            self.row.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        passage = case.passages[index] if index is not None else None
        self.where.setText(self._where(case, index, passage))
        self.previous_button.setEnabled(index is not None and index > 0)
        self.next_button.setEnabled(more_documents or (index is not None and index < len(case.passages) - 1))
        if passage is None:
            return
        for number, coder in enumerate(case.coders[:9], start=1):
            self._add(f"{number}  Accept {coder}", f"Gold gets {coder}'s spans here", accepted(coder), passage)
        self._add("0  No span", "Gold gets no span here", NONE, passage)
        button = key_button("E  Edit…", "Draw the gold span yourself")
        button.clicked.connect(self.edit)
        self.buttons.append(button)
        self.row.addWidget(button)

    def _add(self, text: str, tooltip: str, decision: str, passage: Passage) -> None:
        button = key_button(text, tooltip)
        button.setCheckable(True)
        button.setChecked(passage.decision == decision)
        button.clicked.connect(lambda _checked=False, d=decision: self.decide.emit(d))
        self.buttons.append(button)
        self.row.addWidget(button)

    @staticmethod
    def _where(case: AdjudicationCase, index: int | None, passage: Passage | None) -> str:
        if passage is None or index is None:
            return "<b>No disagreement in this document</b>: the coders' spans agree (or nobody marked any)."
        state = describe(passage.decision)
        chosen = (passage.decision or "").removeprefix("coder:")
        if chosen in case.coders and not case.spans_in(chosen, passage.start, passage.end):
            state = f"{chosen}'s: no span there"
        colour = "#2e7d32" if passage.decision else "#a33333"
        return (f"<b>Disagreement {index + 1} of {len(case.passages)}</b> &nbsp; decision: "
                f"<span style='color:{colour}'><b>{escape(state)}</b></span>")


class StancePanel(QWidget):
    """Each coder's document stance, the gold stance, and whether the document's adjudication is done."""

    stance_chosen = Signal(object)  # str, or None for no gold stance
    done_toggled = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stances = QLabel()
        self.stances.setWordWrap(True)
        self.stances.setTextFormat(Qt.TextFormat.RichText)
        self.gold_box = QComboBox()
        self.gold_box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.done_box = QCheckBox("Adjudication of this document done  (D)")
        self.done_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.gold_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(self.stances)
        row = QHBoxLayout()
        row.addWidget(QLabel("<b>Gold stance</b> (Alt+1–9: that coder's, Alt+0: none)"))
        row.addWidget(self.gold_box)
        row.addStretch(1)
        row.addWidget(self.done_box)
        column.addLayout(row)
        self.gold_box.activated.connect(lambda i: self.stance_chosen.emit(self.gold_box.itemData(i)))
        self.done_box.clicked.connect(self.done_toggled)

    def show_case(self, case: AdjudicationCase, codebook: Codebook) -> None:
        parts = [f"{n}&nbsp;{escape(c)}:&nbsp;<b>{escape(case.stances.get(c) or 'none')}</b>"
                 for n, c in enumerate(case.coders, start=1)]
        self.stances.setText("<b>Document stance</b> of the coders: &nbsp;" + " &nbsp;·&nbsp; ".join(parts))
        with QSignalBlocker(self.gold_box), QSignalBlocker(self.done_box):
            self.gold_box.clear()
            self.gold_box.addItem(NOT_SET, None)
            for option in codebook.stance_options:
                who = [c for c in case.coders if case.stances.get(c) == option.name]
                self.gold_box.addItem(f"{option.name}  ({', '.join(who)})" if who else option.name, option.name)
            self.gold_box.setCurrentIndex(max(self.gold_box.findData(case.gold.stance), 0))
            self.done_box.setChecked(case.progress.done)
