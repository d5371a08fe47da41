"""The Agreement window: choose coders and labels, compute in a worker thread, see figures, charts and
the disagreements (issue 4, "In the GUI").

It computes from the project file through its own connection (as `annotator agreement` does), so only
documents a coder marked done count, and the figures are the CLI's to the last digit.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.agreement.methods import methods_text
from annotator.agreement.resampling import Bootstrap
from annotator.gui.jobs import Job
from annotator.gui.project import Project
from annotator.gui.team.agreement_charts import ChartsView
from annotator.gui.team.agreement_figures import FiguresView
from annotator.gui.team.disagreement_list import DisagreementView
from annotator.gui.team.stance_disagreement_list import StanceDisagreementView
from annotator.gui.widgets.screen_fit import close_on_keys, fit_to_screen
from annotator.operations.project_agreement import ProjectAgreement, project_agreement

CODEBOOK_LEVEL = "as the codebook says"
LEVELS = (CODEBOOK_LEVEL, "nominal", "ordinal", "interval")
TOO_FEW = "Choose at least two coders."
GAMMA_DOCUMENTS = 20  # as `annotator agreement --gamma`


def checkable_list(names: list[str]) -> QListWidget:
    widget = QListWidget()
    for name in names:
        item = QListWidgetItem(name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        widget.addItem(item)
    return widget


def checked(widget: QListWidget) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]


class AgreementWindow(QWidget):
    """Inter-coder agreement of the open project."""

    open_passage = Signal(int, int, int)  # document id, start, end: show it in the main window
    computed = Signal()  # a computation ended (see `result`, or the error in `status`)

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.project = project
        self.result: ProjectAgreement | None = None
        self.job: Job | None = None
        self.asking_for_coders = False  # the status line says TOO_FEW
        self.setWindowTitle(f"Agreement — {project.path.name}")
        self.coder_list = checkable_list(project.coders_with_done_work())
        self.label_list = checkable_list([label.name for label in project.codebook.span_labels])
        self.level_box = QComboBox()
        self.level_box.addItems(LEVELS)
        self.compute_button = QPushButton("Compute")
        self.gamma_box = QCheckBox("Also γ (Mathet et al.; slow)")
        self.gamma_box.setToolTip("γ over up to 20 documents every chosen coder coded, its alignment shown under the "
                                  "passages (needs the optional extra: pip install 'annotator[gamma]')")
        self.methods_button = QPushButton("Copy methods text")
        self.methods_button.setToolTip("Copy a methods paragraph quoting these figures, with its BibTeX, to the clipboard")
        self.methods_button.setEnabled(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.figures = FiguresView()
        self.charts = ChartsView()
        self.disagreements = DisagreementView()
        self.stance_disagreements = StanceDisagreementView()
        self.disagreements.lanes.set_colours({label.name: label.colour for label in project.codebook.span_labels})
        self.tabs = QTabWidget()
        self._build_layout()
        self.compute_button.clicked.connect(self.compute)
        self.methods_button.clicked.connect(self.copy_methods)
        self.coder_list.itemChanged.connect(self._check_choice)
        self.disagreements.open_passage.connect(self.open_passage)
        self.stance_disagreements.open_document.connect(lambda document_id: self.open_passage.emit(document_id, 0, 0))
        close_on_keys(self)
        fit_to_screen(self, 1100, 760)

    def _build_layout(self) -> None:
        side = QWidget()
        form = QVBoxLayout(side)
        form.addWidget(QLabel("<b>Coders</b><br>only documents a coder marked done count"))
        form.addWidget(self.coder_list)
        form.addWidget(QLabel("<b>Span labels</b>"))
        form.addWidget(self.label_list)
        for widget in (self.coder_list, self.label_list):
            widget.setMaximumHeight(widget.sizeHintForRow(0) * min(max(widget.count(), 3), 10) + 8)
        scale = QFormLayout()
        scale.addRow("Stance scale", self.level_box)
        form.addLayout(scale)
        form.addWidget(self.gamma_box)
        form.addWidget(self.compute_button)
        form.addWidget(self.methods_button)
        form.addWidget(self.status)
        form.addStretch(1)
        self.tabs.addTab(self.figures, "Figures")
        self.tabs.addTab(self.charts, "Charts")
        self.tabs.addTab(self.disagreements, "Span disagreements")
        self.tabs.addTab(self.stance_disagreements, "Stance disagreements")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(side)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 860])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _check_choice(self) -> None:
        enough = len(checked(self.coder_list)) >= 2
        self.compute_button.setEnabled(enough and self.job is None)
        if not enough:
            self.status.setText(TOO_FEW)
        elif self.asking_for_coders:
            self.status.clear()
        self.asking_for_coders = not enough

    def compute(self) -> None:
        """Start computing with the chosen coders, labels and scale (the window stays usable)."""
        if self.job is not None:
            self.job.wait()  # only when called from code: the button is disabled while a job runs
            self._job_finished()
        labels = checked(self.label_list)
        every_label = len(labels) == self.label_list.count()
        level = self.level_box.currentText()
        path, coders = self.project.path, checked(self.coder_list)
        gamma = GAMMA_DOCUMENTS if self.gamma_box.isChecked() else None
        chosen_labels, chosen_level = None if every_label else labels, None if level == CODEBOOK_LEVEL else level
        # 95% intervals as `annotator agreement` computes them by default (same samples and seed): same figures
        self.job = Job(lambda: project_agreement(path, coders=coders, labels=chosen_labels, level=chosen_level,  # type: ignore[arg-type]
                                                 bootstrap=Bootstrap(), gamma_documents=gamma),
                       "Computing the agreement")
        self.job.succeeded.connect(self._show)
        self.job.failed.connect(self._fail)
        self.job.finished.connect(self._job_finished)
        self.compute_button.setEnabled(False)
        self.status.setText("Computing…")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self.job.start()

    def _show(self, result: ProjectAgreement) -> None:
        self.result = result
        self.methods_button.setEnabled(True)
        self.figures.show_report(result.report)
        self.charts.show_report(result.report)
        self.disagreements.set_gamma(result.report.gamma.alignment if result.report.gamma else {})
        self.disagreements.set_rows(result.disagreements, result.documents)
        self.stance_disagreements.set_rows(result.stance_disagreements, result.documents)
        coders = escape(", ".join(result.report.coders))
        self.status.setText(f"Computed for {coders}: {len(result.disagreements):,} span disagreements, "
                            f"{len(result.stance_disagreements):,} stance disagreements.")

    def copy_methods(self) -> None:
        """The methods paragraph and its BibTeX of the figures shown, to the clipboard."""
        if self.result is None:
            return
        QGuiApplication.clipboard().setText(methods_text(self.result.report))
        self.status.setText("Methods text (with BibTeX) copied to the clipboard.")

    def _fail(self, message: str) -> None:
        self.status.setText(f"<span style='color:#a33333'>{escape(message, quote=False)}</span>")

    def _job_finished(self) -> None:
        if self.job is None:
            return
        QGuiApplication.restoreOverrideCursor()
        self.job = None
        self.compute_button.setEnabled(len(checked(self.coder_list)) >= 2)
        self.computed.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.job is not None:
            self.job.wait()  # a running QThread must not be destroyed with the window
        super().closeEvent(event)


def open_agreement_window(project: Project, parent: QWidget | None = None) -> AgreementWindow:
    """Show the Agreement window of `project` and start computing; connect `open_passage` to follow clicks."""
    window = AgreementWindow(project, parent)
    window.show()
    if len(checked(window.coder_list)) >= 2:
        window.compute()
    else:
        window._check_choice()
    return window
