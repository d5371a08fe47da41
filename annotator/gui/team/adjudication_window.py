"""The Adjudication window (issue 5, "Adjudicate"): go through the disagreements of each document and
build the gold annotation, by keyboard, every decision an undo command on the Project's stack."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.core.types import DocumentId, SpanRecord, Status
from annotator.gui.project import Project
from annotator.gui.team.adjudication_commands import AutoAccept, DecidePassage, SetGoldAnnotation
from annotator.gui.team.adjudication_loader import AdjudicationLoader
from annotator.gui.team.adjudication_model import AdjudicationProgressModel, DocumentProgressView
from annotator.gui.team.adjudication_panels import (
    DecisionBar,
    StancePanel,
    add_undo_actions,
    keys_help,
    passage_lanes,
)
from annotator.gui.team.gold_span_dialog import ask_gold_span
from annotator.gui.widgets.screen_fit import close_on_keys, fit_to_screen
from annotator.gui.widgets.span_lanes import SpanLanesView
from annotator.operations.adjudication_cases import (
    EDITED,
    NONE,
    AdjudicationCase,
    GoldChanges,
    Passage,
    Progress,
    accepted,
)

CHANGED_ELSEWHERE = "The project has changed in another window or program since this list was loaded: press F5 to reload it."


class AdjudicationWindow(QWidget):
    """Documents at least two coders marked done, their disagreements in lanes, and the gold decisions."""

    loaded = Signal()  # the document list was (re)loaded in the background

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.project = project
        self.case: AdjudicationCase | None = None
        self.index: int | None = None  # the current passage of the case
        self.stale = False  # the list may be out of date (work done elsewhere); the message says so
        self.loader = AdjudicationLoader(project.path, self)
        self.setWindowTitle(f"Adjudication — {project.path.name}")
        self.model = AdjudicationProgressModel(self)
        self.documents = DocumentProgressView(self.model)
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
        close_on_keys(self)
        fit_to_screen(self, 1280, 800)

    # --- composition ---------------------------------------------------------------------------
    def _build_layout(self) -> None:
        self.title.setWordWrap(True)
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        for widget in (self.auto_box, self.auto_button):
            top.addWidget(widget)
        top.addWidget(self.summary, 1)
        right = QWidget()
        column = QVBoxLayout(right)
        for widget, stretch in ((self.title, 0), (self.decisions, 0), (self.lanes, 1), (self.stance, 0),
                                (self.message, 0), (keys_help(), 0)):
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
            ("Adjudication of this document done, next document", "D", self.done_and_next),
            ("No gold stance", "Alt+0", lambda: self.choose_stance(None)),
            ("Reload the list from the project file", "F5", self.reload),
        ]
        for n in range(1, 10):
            table.append((f"Accept coder {n}", str(n), lambda n=n: self.accept_coder(n)))
            table.append((f"Stance of coder {n}", f"Alt+{n}", lambda n=n: self.coder_stance(n)))
        for text, keys, handler in table:
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(lambda _checked=False, handler=handler: handler())  # not `checked` into n
            self.addAction(action)
        add_undo_actions(self, self.project)

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
        self.project.changed_elsewhere.connect(self._on_changed_elsewhere)
        self.loader.started.connect(lambda auto: self._busy(True, auto))
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self.say)
        self.loader.finished.connect(lambda: self._busy(False))
        self.project.error.connect(self.say)

    # --- showing -------------------------------------------------------------------------------
    def start(self) -> None:
        """Load the documents (auto-accepting first if switched on) and open the first one not done."""
        self.loader.load(auto=self.auto_box.isChecked())

    def reload(self) -> None:
        if self.stale:
            self.say("")
        self.loader.load(auto=False)

    def say(self, text: str) -> None:
        """A line under the lanes: what happened, or what to do next."""
        self.stale = text == CHANGED_ELSEWHERE
        self.message.setText(text)

    def auto_accept(self) -> None:
        self.loader.load(auto=True)

    def _loaded(self, rows: list[Progress], changes: GoldChanges | None) -> None:
        if changes is not None:
            # The job's commit, on its own connection, is this window's work: not news from elsewhere.
            self.project.take_commits_as_own()
        self.model.set_rows(rows)
        self._show_totals()
        if changes:
            self.project.push(AutoAccept(self.project, changes))  # undoable; the rows show it already
        if changes is not None:
            self.say(f"Accepted {_count(len(changes.added), 'unanimous span')} and "
                     f"{_count(len(changes.stances), 'agreed stance')} into gold.")
        if self.case is not None and (row := self.model.row_of(self.case.document_id)) is not None:
            self.open_document(self.case.document_id, self.passage.key if self.passage else None)
            self.documents.selectRow(row)  # the case is open already: choosing its row opens nothing
        elif rows:
            self.documents.selectRow(next((r for r, p in enumerate(rows) if not p.done), 0))
        else:
            self.title.setText("<b>Nothing to adjudicate yet</b>: no document has been marked done by two coders.")

    def _busy(self, busy: bool, auto: bool = False) -> None:
        self.auto_button.setEnabled(not busy)
        if busy:
            self.summary.setText("Accepting unanimous spans…" if auto else "Loading the documents…")
        else:
            self.loaded.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.loader.wait()
        super().closeEvent(event)

    def open_document(self, document_id: DocumentId, passage_key: str | None = None) -> None:
        self.case = self.project.adjudication_case(document_id)
        self.index = self.case.passage_to_open(passage_key)
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
        self.decisions.show_passage(case, self.index, more_documents=self._following_row(1) is not None)
        if self.index is None:
            self.lanes.clear(f"No disagreement here. Gold has {_count(len(case.gold_spans), 'span')} in this document.")
            return
        p = case.passages[self.index]
        self.lanes.show_passage(case.text, p.start, p.end, passage_lanes(case, p, self.lanes))

    def _show_totals(self) -> None:
        decided, passages, done = self.model.totals()
        self.summary.setText(f"{len(self.model.rows)} documents to adjudicate, {done} done · "
                             f"{decided} of {passages} disagreements decided")

    def _on_document_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        chosen = self.model.rows[current.row()].document_id
        if self.case is None or chosen != self.case.document_id:
            self.open_document(chosen)

    def _on_changed_elsewhere(self) -> None:
        """A merge, the CLI or a coder's window committed: say so, and let the adjudicator reload when it
        suits them (reloading by itself on every coder's commit would keep the list churning). The
        window's own background auto-accept commits on another connection too: while it runs, a
        commit is taken for its own (`_loaded` takes the rest)."""
        if not self.loader.writing:
            self.say(CHANGED_ELSEWHERE)

    def _on_gold_changed(self, document_id: int) -> None:
        if document_id == -1:
            self.reload()  # in the background; the open document is reread at once
        elif self.case is None or document_id != self.case.document_id:  # an undo elsewhere: show where
            row = self.model.row_of(DocumentId(document_id))
            if row is not None:
                self.documents.selectRow(row)
            return
        if self.case is not None:
            self.open_document(self.case.document_id, self.passage.key if self.passage else None)

    # --- moving --------------------------------------------------------------------------------
    @property
    def passage(self) -> Passage | None:
        return self.case.passages[self.index] if self.case and self.index is not None else None

    def step(self, direction: int) -> None:
        """The next (+1) or previous (-1) disagreement; after the last one, the next document."""
        last = len(self.case.passages) - 1 if self.case else -1
        if direction > 0 and (self.index is None or self.index >= last):
            self.step_document(1)
        elif self.case and self.index is not None:
            self.index = min(max(self.index + direction, 0), last)
            self.show_passage()

    def step_document(self, direction: int) -> bool:
        row = self._following_row(direction)
        if row is not None:
            self.documents.selectRow(row)
        return row is not None

    def _following_row(self, direction: int, *, not_done: bool = False) -> int | None:
        return self.model.following(self.documents.currentIndex().row(), direction, not_done=not_done)

    def _next_open(self) -> None:
        """After a decision: on to the next undecided disagreement of the document, if any."""
        if self.case is None or self.index is None:
            return
        following = self.case.next_undecided(self.index)
        if following is not None:
            self.index = following
            self.show_passage()
        else:
            self.say("Every disagreement of this document is decided: press D to mark it done and go on.")

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
        self.say("")
        if self.project.push(DecidePassage(self.project, case, p, decision, chosen)):
            self._next_open()

    def accept_coder(self, number: int) -> None:
        if self.case is not None and number <= len(self.case.coders):
            self.decide(accepted(self.case.coders[number - 1]))

    def edit(self) -> None:
        if self.passage is not None and self.case is not None and (
                span := ask_gold_span(self.case, self.passage, self.project.codebook, self)) is not None:
            self.decide(EDITED, [span])

    def choose_stance(self, stance: str | None) -> None:
        if self.case is not None and stance != self.case.gold.stance:
            self.project.push(SetGoldAnnotation(self.project, self.case.document_id,
                                                f"Set gold stance to {stance or 'none'}", stance=stance))

    def coder_stance(self, number: int) -> None:
        if self.case is not None and number <= len(self.case.coders):
            self.choose_stance(self.case.stances.get(self.case.coders[number - 1]))

    def set_done(self, done: bool) -> str:
        """Mark this document's adjudication done (or reopen it); what is worth saying about it."""
        if self.case is None:
            return ""
        status = Status.DONE if done else Status.IN_PROGRESS
        text = "Mark adjudication done" if done else "Reopen adjudication"
        self.project.push(SetGoldAnnotation(self.project, self.case.document_id, text, status=status))
        left = sum(p.decision is None for p in self.case.passages)
        note = f"“{self.case.title}” marked done with {_count(left, 'disagreement')} still open." if done and left else ""
        self.say(note)
        return note

    def done_and_next(self) -> None:
        """D: this document's adjudication is done; on to the next document not done, as in the main window."""
        if self.case is None:
            return
        note = self.set_done(True) if not self.case.progress.done else ""
        row = self._following_row(1, not_done=True)
        if row is None:
            self.say(f"{note} Every document is adjudicated.".strip())
        else:
            self.documents.selectRow(row)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def open_adjudication_window(project: Project, parent: QWidget | None = None) -> AdjudicationWindow:
    """Show the Adjudication window of `project` (auto-accepting unanimous spans, as switched on by default)."""
    window = AdjudicationWindow(project, parent)
    window.show()
    window.start()
    return window
