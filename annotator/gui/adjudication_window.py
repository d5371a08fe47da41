"""The Adjudication window (issue 5, "Adjudicate"): go through the disagreements of each document and
build the gold annotation, by keyboard, every decision an undo command on the Project's stack."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.types import GOLD_CODER, DocumentId, SpanRecord, Status
from annotator.gui.adjudication_commands import AutoAccept, DecidePassage, SetGoldAnnotation
from annotator.gui.adjudication_model import AdjudicationProgressModel
from annotator.gui.adjudication_panels import DecisionBar, StancePanel, passage_lanes
from annotator.gui.gold_span_dialog import GoldSpanDialog
from annotator.gui.project import Project
from annotator.gui.span_lanes import SpanLanesView
from annotator.operations.adjudication_cases import (
    EDITED,
    NONE,
    AdjudicationCase,
    Passage,
    accepted,
    adjudication_progress,
    load_case,
)

KEYS_HELP = ("Keys: N / P next / previous disagreement · 1–9 accept that coder's spans · 0 no span · E edit · "
             "Alt+1–9 that coder's stance · D document done · Page Down / Up next / previous document · Ctrl+Z undo")


class AdjudicationWindow(QWidget):
    """Documents at least two coders marked done, their disagreements in lanes, and the gold decisions."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.project = project
        self.case: AdjudicationCase | None = None
        self.index: int | None = None  # the current passage of the case
        self._reselecting = False
        self.setWindowTitle(f"Adjudication — {project.path.name}")
        self.model = AdjudicationProgressModel(self)
        self.documents = QTableView()
        self.auto_box = QCheckBox("Auto-accept unanimous spans")
        self.auto_box.setChecked(True)
        self.auto_box.setToolTip("Spans every coder gave identically (same start, end and label) and stances every "
                                 "coder agreed on go into gold at once, when the window opens and when switched on")
        self.auto_button = QPushButton("Accept unanimous spans now")
        self.summary, self.title, self.message = QLabel(), QLabel(), QLabel()
        self.lanes = SpanLanesView()
        self.lanes.set_colours({label.name: label.colour for label in project.codebook.span_labels})
        self.decisions = DecisionBar()
        self.stance = StancePanel()
        self._build_layout()
        self._build_actions()
        self._connect()
        self.resize(1280, 800)

    # --- composition ---------------------------------------------------------------------------
    def _build_layout(self) -> None:
        self.documents.setModel(self.model)
        self.documents.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.documents.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documents.verticalHeader().hide()
        self.documents.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.documents.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.title.setWordWrap(True)
        self.message.setWordWrap(True)
        help_line = QLabel(KEYS_HELP)
        help_line.setWordWrap(True)
        help_line.setStyleSheet("color: #555555")
        top = QHBoxLayout()
        for widget in (self.auto_box, self.auto_button):
            top.addWidget(widget)
        top.addWidget(self.summary, 1)
        right = QWidget()
        column = QVBoxLayout(right)
        for widget, stretch in ((self.title, 0), (self.decisions, 0), (self.lanes, 1), (self.stance, 0),
                                (self.message, 0), (help_line, 0)):
            column.addWidget(widget, stretch)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.documents)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 860])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def _build_actions(self) -> None:
        table: list[tuple[str, str, Callable[[], object]]] = [
            ("Next disagreement", "N", lambda: self.step(1)),
            ("Previous disagreement", "P", lambda: self.step(-1)),
            ("Next document", "PgDown", lambda: self.step_document(1)),
            ("Previous document", "PgUp", lambda: self.step_document(-1)),
            ("No span here", "0", lambda: self.decide(NONE)),
            ("Edit the gold span", "E", self.edit),
            ("Adjudication of this document done", "D", lambda: self.set_done(not self.stance.done_box.isChecked())),
            ("No gold stance", "Alt+0", lambda: self.choose_stance(None)),
        ]
        for n in range(1, 10):
            table.append((f"Accept coder {n}", str(n), lambda n=n: self.accept_coder(n)))
            table.append((f"Stance of coder {n}", f"Alt+{n}", lambda n=n: self.coder_stance(n)))
        for text, keys, handler in table:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _checked=False, handler=handler: handler())  # not `checked` into n
            self.addAction(action)
        stack = self.project.undo_stack  # the keys of the main window's Edit menu
        for action, keys in ((stack.createUndoAction(self, "Undo"), ["Ctrl+Z"]),
                             (stack.createRedoAction(self, "Redo"), ["Ctrl+Shift+Z", "Ctrl+Y"])):
            action.setShortcuts([QKeySequence(k) for k in keys])
            self.addAction(action)

    def _connect(self) -> None:
        self.documents.selectionModel().currentRowChanged.connect(self._on_document_chosen)
        self.auto_button.clicked.connect(self.auto_accept)
        self.auto_box.toggled.connect(lambda on: on and self.auto_accept())
        self.decisions.decide.connect(self.decide)
        self.decisions.edit.connect(self.edit)
        self.decisions.step.connect(self.step)
        self.stance.stance_chosen.connect(self.choose_stance)
        self.stance.done_toggled.connect(self.set_done)
        self.project.gold_changed.connect(self._on_gold_changed)
        self.project.error.connect(self.message.setText)

    # --- showing -------------------------------------------------------------------------------
    def start(self) -> None:
        """Load the documents, auto-accept if switched on, and open the first one not done."""
        self.reload()
        if self.auto_box.isChecked():
            self.auto_accept()
        first = next((r for r, p in enumerate(self.model.rows) if not p.done), 0)
        if self.model.rows:
            self.documents.selectRow(first)
        else:
            self.title.setText("<b>Nothing to adjudicate yet</b>: no document has been marked done by two coders.")

    def reload(self) -> None:
        self.model.set_rows(adjudication_progress(self.project.db))
        self._show_totals()

    def open_document(self, document_id: DocumentId, passage_key: str | None = None) -> None:
        self.case = load_case(self.project.db, document_id)
        keys = [p.key for p in self.case.passages]
        if passage_key in keys:
            self.index = keys.index(passage_key)
        else:
            open_ones = [i for i, p in enumerate(self.case.passages) if p.decision is None]
            self.index = open_ones[0] if open_ones else (0 if keys else None)
        self.title.setText(f"<h3 style='margin:0'>{escape(self.case.title)}</h3>coded by "
                           f"{escape(', '.join(self.case.coders))}")
        self.stance.show_case(self.case, self.project.codebook)
        self.model.update(self.case.progress)
        self._show_totals()
        self.show_passage()

    def show_passage(self) -> None:
        case = self.case
        if case is None:
            return
        self.decisions.show_passage(case, self.index)
        if self.index is None:
            gold = len(case.gold_spans)
            self.lanes.clear(f"No disagreement here. Gold has {gold} span{'s' if gold != 1 else ''} in this document.")
            return
        p = case.passages[self.index]
        self.lanes.show_passage(case.text, p.start, p.end, passage_lanes(case, p, self.lanes))

    def _show_totals(self) -> None:
        decided, passages, done = self.model.totals()
        self.summary.setText(f"{len(self.model.rows)} documents to adjudicate, {done} done · "
                             f"{decided} of {passages} disagreements decided")

    def _on_document_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._reselecting:
            self.open_document(self.model.rows[current.row()].document_id)

    def _on_gold_changed(self, document_id: int) -> None:
        key = self.passage.key if self.passage else None
        if document_id == -1:
            self.reload()  # the list is rebuilt: select the document shown again, without reopening it
            if self.case is not None and (row := self.model.row_of(self.case.document_id)) is not None:
                self._reselecting = True
                self.documents.selectRow(row)
                self._reselecting = False
        elif self.case is None or document_id != self.case.document_id:  # an undo elsewhere: show where
            row = self.model.row_of(DocumentId(document_id))
            if row is not None:
                self.documents.selectRow(row)
            return
        if self.case is not None:
            self.open_document(self.case.document_id, key)

    # --- moving --------------------------------------------------------------------------------
    @property
    def passage(self) -> Passage | None:
        return self.case.passages[self.index] if self.case and self.index is not None else None

    def step(self, direction: int) -> None:
        if self.case and self.index is not None:
            self.index = min(max(self.index + direction, 0), len(self.case.passages) - 1)
            self.show_passage()

    def step_document(self, direction: int) -> None:
        row = self.documents.currentIndex().row() + direction
        if 0 <= row < self.model.rowCount():
            self.documents.selectRow(row)

    def _next_open(self) -> None:
        """After a decision: on to the next undecided disagreement of the document, if any."""
        if self.case is None or self.index is None:
            return
        later = [i for i, p in enumerate(self.case.passages) if p.decision is None and i > self.index]
        earlier = [i for i, p in enumerate(self.case.passages) if p.decision is None]
        if later or earlier:
            self.index = (later or earlier)[0]
            self.show_passage()
        else:
            self.message.setText("Every disagreement of this document is decided: press D to mark it done.")

    # --- deciding ------------------------------------------------------------------------------
    def decide(self, decision: str, chosen: list[SpanRecord] | None = None) -> None:
        """Settle the current passage: a coder's spans (accepted(coder)), NONE, or EDITED with `chosen`."""
        p, case = self.passage, self.case
        if p is None or case is None:
            return
        if chosen is None:
            coder = decision.removeprefix("coder:") if decision != NONE else None
            chosen = [SpanRecord(s.start, s.end, s.label, holder=s.holder)
                      for s in (case.spans_in(coder, p.start, p.end) if coder else [])]
        self.message.clear()
        if self.project.push(DecidePassage(self.project, case, p, decision, chosen)):
            self._next_open()

    def accept_coder(self, number: int) -> None:
        if self.case is not None and number <= len(self.case.coders):
            self.decide(accepted(self.case.coders[number - 1]))

    def edit(self) -> None:
        p, case = self.passage, self.case
        if p is None or case is None:
            return
        first = (case.spans_in(GOLD_CODER, p.start, p.end) or [None])[0]
        start, end, label = (first.start, first.end, first.label) if first else (p.start, p.end, p.candidates[0].label)
        dialog = GoldSpanDialog(case.text, start, end, self.project.codebook, label=label,
                                holder=first.holder if first else None, parent=self)
        if dialog.exec() and (span := dialog.span()) is not None:
            self.decide(EDITED, [span])

    def choose_stance(self, stance: str | None) -> None:
        if self.case is not None and stance != self.case.gold.stance:
            self.project.push(SetGoldAnnotation(self.project, self.case.document_id,
                                                f"Set gold stance to {stance or 'none'}", stance=stance))

    def coder_stance(self, number: int) -> None:
        if self.case is not None and number <= len(self.case.coders):
            self.choose_stance(self.case.stances.get(self.case.coders[number - 1]))

    def set_done(self, done: bool) -> None:
        if self.case is None:
            return
        status = Status.DONE if done else Status.IN_PROGRESS
        text = "Mark adjudication done" if done else "Reopen adjudication"
        self.project.push(SetGoldAnnotation(self.project, self.case.document_id, text, status=status))
        left = sum(p.decision is None for p in self.case.passages)
        if done and left:
            self.message.setText(f"Marked done with {left} disagreement{'s' if left != 1 else ''} still open.")

    def auto_accept(self) -> None:
        command = AutoAccept(self.project)
        if self.project.push(command):
            spans, stances = command.changed
            self.message.setText(f"Accepted {spans} unanimous span{'s' if spans != 1 else ''} and "
                                 f"{stances} agreed stance{'s' if stances != 1 else ''} into gold.")


def open_adjudication_window(project: Project, parent: QWidget | None = None) -> AdjudicationWindow:
    """Show the Adjudication window of `project` (auto-accepting unanimous spans, as switched on by default)."""
    window = AdjudicationWindow(project, parent)
    window.show()
    window.start()
    return window
