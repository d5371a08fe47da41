"""The main window: composes the panels around the reader and binds actions from one table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.errors import AnnotatorError
from annotator.core.types import DocumentId, Status
from annotator.gui import file_actions
from annotator.gui.coding.annotation_panel import AnnotationPanel
from annotator.gui.coding.codebook_panel import CodebookPanel, cheat_sheet_html
from annotator.gui.coding.commands import SetStatus
from annotator.gui.coding.controller import CodingController
from annotator.gui.coding.document_panel import DocumentPanel
from annotator.gui.coding.reader import DEFAULT_POINT_SIZE, ReaderView
from annotator.gui.coding.search_bar import SearchBar
from annotator.gui.coding.span_model import SpanTableModel
from annotator.gui.coding.span_panel import SpanPanel
from annotator.gui.project import Project
from annotator.gui.settings import AppSettings
from annotator.gui.team import team_actions
from annotator.gui.undo_actions import undo_actions

Handler = Callable[[], object]


class MainWindow(QMainWindow):
    open_windows: list[MainWindow] = []  # top-level windows stay alive while shown

    def __init__(self, project: Project, settings: AppSettings) -> None:
        super().__init__()
        self.project, self.settings = project, settings
        self.reader = ReaderView()
        self.span_model = SpanTableModel(project)
        self.coding = CodingController(project, self.reader, self.span_model)
        self.documents = DocumentPanel(project)
        self.spans = SpanPanel(self.span_model)
        self.annotation = AnnotationPanel(project)
        self.codebook = CodebookPanel(project)
        self.search = SearchBar(self.reader)
        self._build_layout()
        self._build_actions()
        self._connect()
        self._restore()
        MainWindow.open_windows.append(self)
        first = self.documents.model.next_not_done(None)
        if first is not None:
            self.open_document(first)

    # --- composition ---------------------------------------------------------------------------
    def _build_layout(self) -> None:
        centre = QWidget()
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.search)
        column.addWidget(self.reader, 1)
        self.side_tabs = tabs = QTabWidget()
        tabs.addTab(self.spans, "Spans")
        tabs.addTab(self.codebook, "Codebook")
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.annotation)
        right.addWidget(tabs)
        right.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (self.documents, centre, right):
            self.splitter.addWidget(widget)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 600, 466])
        self.setCentralWidget(self.splitter)
        self.coder_label = QLabel()
        self.statusBar().addPermanentWidget(self.coder_label)
        self._update_title()

    def _action_table(self) -> list[tuple[str, str, str, Handler]]:
        """(menu, text, shortcut, handler): every command of the window, in menu order."""
        nudge = self.coding.nudge
        return [
            ("&File", "&New project…", "Ctrl+N", self.new_project),
            ("&File", "&Open project…", "Ctrl+O", self.open_project),
            ("&File", "&Import articles…", "Ctrl+I", lambda: file_actions.import_articles(self, self.project)),
            ("&File", "&Export…", "Ctrl+E", lambda: file_actions.export(self, self.project)),
            ("&File", "&Hand out to a coder…", "", lambda: team_actions.hand_out(self, self.project)),
            ("&File", "&Merge coders' projects…", "", self.merge_projects),
            ("&File", "Change coder &name…", "", self.change_coder),
            ("&File", "&Quit", "Ctrl+Q", self.close),
            ("&Edit", "&Find in article", "Ctrl+F", self.search.open_bar),
            ("&Edit", "Find &next", "F3", lambda: self.search.find()),
            ("&Edit", "Find &previous", "Shift+F3", lambda: self.search.find(backward=True)),
            ("&Span", "&Next span", "Alt+Down", lambda: self.coding.step_span(+1)),
            ("&Span", "&Previous span", "Alt+Up", lambda: self.coding.step_span(-1)),
            ("&Span", "&Edit holder and note (Enter in the article)", "", self.edit_current_span),
            ("&Span", "&Delete span", "Delete", self.coding.delete_current),
            ("&Span", "Move start left", "Alt+Shift+Left", lambda: nudge("start", -1)),
            ("&Span", "Move start right", "Alt+Shift+Right", lambda: nudge("start", +1)),
            ("&Span", "Move end left", "Alt+Left", lambda: nudge("end", -1)),
            ("&Span", "Move end right", "Alt+Right", lambda: nudge("end", +1)),
            ("&Span", "Move start a word left", "Ctrl+Alt+Shift+Left", lambda: nudge("start", -1, by_word=True)),
            ("&Span", "Move start a word right", "Ctrl+Alt+Shift+Right", lambda: nudge("start", +1, by_word=True)),
            ("&Span", "Move end a word left", "Ctrl+Alt+Left", lambda: nudge("end", -1, by_word=True)),
            ("&Span", "Move end a word right", "Ctrl+Alt+Right", lambda: nudge("end", +1, by_word=True)),
            ("&Document", "Mark &done and next", "D", self.done_and_next),
            ("&Document", "&Next document not done", "N", self.next_document),
            ("&View", "Zoom &in", "Ctrl+=", lambda: self.reader.zoom(+1)),
            ("&View", "Zoom &out", "Ctrl+-", lambda: self.reader.zoom(-1)),
            ("&Team", "Coders' &progress…", "Ctrl+Shift+P", self.show_coder_progress),
            ("&Team", "&Agreement…", "Ctrl+Shift+A", self.show_agreement),
            ("&Team", "A&djudication…", "Ctrl+Shift+J", self.show_adjudication),
            ("&Help", "&Keys and codebook", "F1", self.show_cheat_sheet),
        ]

    def _build_actions(self) -> None:
        self.actions_by_text: dict[str, QAction] = {}
        menus = {}
        for menu_name, text, shortcut, handler in self._action_table():
            menu = menus.get(menu_name) or menus.setdefault(menu_name, self.menuBar().addMenu(menu_name))
            action = menu.addAction(text)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(lambda _checked=False, run=handler: run())
            self.actions_by_text[text.replace("&", "")] = action
        edit = menus["&Edit"]
        undo, redo = undo_actions(self, self.project)
        edit.insertActions(edit.actions()[0], [undo, redo])
        edit.insertSeparator(edit.actions()[2])
        self.undo_action, self.redo_action = undo, redo
        self.recent_menu = menus["&File"].addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        view = menus["&View"]
        self.others_action = self._toggle(view, "Show other coders' spans", False, self.coding.set_show_others)
        self.snap_action = self._toggle(view, "Snap selections to whole words", self.coding.snap_words,
                                        lambda on: setattr(self.coding, "snap_words", on))
        view.addMenu("Document list columns").addActions(self.documents.column_actions)

    def _toggle(self, menu, text: str, on: bool, handler: Callable[[bool], object]) -> QAction:  # noqa: ANN001
        action = menu.addAction(text)
        action.setCheckable(True)
        action.setChecked(on)
        action.toggled.connect(handler)
        return action

    def _connect(self) -> None:
        self.documents.document_chosen.connect(self.open_document)
        self.coding.document_opened.connect(self._on_document_opened)
        self.spans.span_selected.connect(self.coding.set_current)
        self.coding.current_span_changed.connect(self.spans.select_uid)
        self.coding.reader_edit.connect(self.spans.hold_repaint)
        self.reader.painted.connect(self.spans.release_repaint)
        self.reader.edit_requested.connect(self.edit_current_span)
        self.spans.leave_requested.connect(self.reader.setFocus)
        self.annotation.done_and_next.connect(self.done_and_next)
        self.project.error.connect(lambda message: file_actions.show_error(self, "Not saved", message))
        # Changes kept while another program holds the project: the coder sees them wait, then saved.
        self.project.waiting_changed.connect(lambda count, line: self.statusBar().showMessage(line, 0 if count else 8000))
        self.project.codebook_changed.connect(self._update_title)
        self.project.changed_elsewhere.connect(self.show_stored_changes)

    # --- commands ------------------------------------------------------------------------------
    def open_document(self, document_id: int) -> None:
        if document_id != self.coding.document_id:
            self.coding.open_document(DocumentId(document_id))
        self.reader.setFocus()

    def edit_current_span(self) -> None:
        """Edit the current span's holder (then Tab: note, unsure) in the span panel; Escape returns."""
        if self.coding.current_uid is not None:
            self.side_tabs.setCurrentWidget(self.spans)
            self.spans.edit_current()

    def show_stored_changes(self) -> None:
        """Someone else (another window, the CLI, a merge) changed the project: show what is stored
        now, keeping this coder's place: the document, the scroll position, the selection and the
        current span. While the coder is editing a cell or a dialog is open, it waits for the next look."""
        if (self.spans.table.state() == QAbstractItemView.State.EditingState
                or QApplication.activeModalWidget() is not None):
            self.project.postpone_changes()
            return
        codebook = self.project.codebook
        self.project.reload_codebook()
        if self.project.codebook != codebook:
            self.project.codebook_changed.emit()  # reopens the document, renamed labels and all
        self.documents.model.refresh()  # in place: the list keeps its rows and current row
        self.documents.update_progress()
        if self.coding.document_id is not None:
            self.documents.select_document(self.coding.document_id)  # in case documents came and the list reset
            self.annotation.show_document(self.coding.document_id)
            self.coding.show_stored_spans()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.project.look_for_changes()  # coming back from another window: show its work at once

    def done_and_next(self) -> None:
        current = self.coding.document_id
        if current is None:
            return
        if self.project.push(SetStatus(self.project, current, Status.DONE)):
            self.next_document()

    def merge_projects(self, sources: list[Path] | None = None) -> None:
        if team_actions.merge_projects(self, self.project, sources) and self.coding.document_id is not None:
            self.coding.open_document(self.coding.document_id)  # show what the merge brought in

    def show_agreement(self) -> None:
        from annotator.gui.team.agreement_window import open_agreement_window

        self.agreement_window = open_agreement_window(self.project, self)
        self.agreement_window.open_passage.connect(self.show_passage)

    def show_coder_progress(self) -> None:
        from annotator.gui.team.coder_progress import CoderProgressDialog

        if getattr(self, "coder_progress", None) is None:
            self.coder_progress = CoderProgressDialog(self.project, self)
        self.coder_progress.refresh()
        self.coder_progress.show()
        self.coder_progress.raise_()

    def show_adjudication(self) -> None:
        from annotator.gui.team.adjudication_window import open_adjudication_window

        self.adjudication_window = open_adjudication_window(self.project, self)

    def show_passage(self, document_id: int, start: int, end: int) -> None:
        """Open a document at a passage with the other coders' spans shown (for a disagreement)."""
        self.others_action.setChecked(True)
        self.open_document(document_id)
        self.reader.select_range(start, end)
        self.reader.center_cursor()
        self.raise_()
        self.activateWindow()

    def next_document(self) -> None:
        following = self.documents.model.next_not_done(self.coding.document_id)
        if following is None:
            self.statusBar().showMessage("Every document is done. Well done!", 8000)
            return
        self.open_document(following)

    def show_cheat_sheet(self) -> None:
        commands = [(text, action.shortcut().toString()) for text, action in self.actions_by_text.items()
                    if not action.shortcut().isEmpty()]
        commands += [("Undo", "Ctrl+Z"), ("Redo", "Ctrl+Shift+Z"), ("Select text", "Shift+arrows, mouse"),
                     ("Edit the current span's holder, then Tab: note (Escape: back)", "Enter")]
        box = QMessageBox(QMessageBox.Icon.NoIcon, "Keys and codebook", "", parent=self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(cheat_sheet_html(self.project.codebook, commands))
        box.open()
        self.cheat_sheet = box

    def change_coder(self) -> None:
        name, ok = QInputDialog.getText(self, "Coder name", "Your name as a coder (spans are saved under it):",
                                        text=self.project.coder)
        if ok and name.strip() and name.strip() != self.project.coder:
            self.settings.coder = name.strip()
            self.switch_project(self.project.path)

    def new_project(self) -> None:
        path = file_actions.ask_new_project(self)
        if path is not None:
            self.switch_project(path, create=True)

    def open_project(self) -> None:
        path = file_actions.ask_open_project(self)
        if path is not None:
            self.switch_project(path)

    def switch_project(self, path: Path | str, *, create: bool = False) -> MainWindow | None:
        """Open `path` in a new window that replaces this one (the coder name comes from settings)."""
        try:
            project = Project.open(path, self.settings.coder or self.project.coder, create=create)
        except AnnotatorError as exc:
            file_actions.show_error(self, "Cannot open the project", exc)
            return None
        self.settings.remember_project(project.path)
        window = MainWindow(project, self.settings)
        window.show()
        self.close()
        return window

    # --- state ---------------------------------------------------------------------------------
    def _on_document_opened(self, document_id: int) -> None:
        self.documents.select_document(document_id)
        self.annotation.show_document(DocumentId(document_id))
        self._update_title()

    def _update_title(self) -> None:
        doc = self.project.document(self.coding.document_id) if self.coding.document_id else None
        title = (doc.title or doc.doc_id) if doc else "no document"
        self.setWindowTitle(f"{title} — {self.project.path.name} — annotator")
        blind = "" if self.others_action_checked() else " · blind coding"
        self.coder_label.setText(f"Coder: {self.project.coder}{blind}")

    def others_action_checked(self) -> bool:
        return hasattr(self, "others_action") and self.others_action.isChecked()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in self.settings.recent_projects():
            self.recent_menu.addAction(path).triggered.connect(lambda _c=False, p=path: self.switch_project(p))

    def _restore(self) -> None:
        qt = self.settings.qt
        self.restoreGeometry(QByteArray(qt.value("window/geometry", QByteArray())))
        self.splitter.restoreState(QByteArray(qt.value("window/splitter", QByteArray())))
        self.reader.set_point_size(self.settings.get_int("reader/point_size", DEFAULT_POINT_SIZE))
        self.snap_action.setChecked(self.settings.get_bool("coding/snap_words", True))
        if qt.contains("documents/hidden_columns"):
            self.documents.set_hidden_columns(self.settings.get_ints("documents/hidden_columns"))
        self.others_action.toggled.connect(lambda _on: self._update_title())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        qt = self.settings.qt
        qt.setValue("window/geometry", self.saveGeometry())
        qt.setValue("window/splitter", self.splitter.saveState())
        qt.setValue("reader/point_size", self.reader.font().pointSize())
        qt.setValue("coding/snap_words", self.snap_action.isChecked())
        qt.setValue("documents/hidden_columns", ",".join(map(str, self.documents.hidden_columns())))
        self.settings.remember_project(self.project.path)
        qt.sync()
        self.project.close()
        if self in MainWindow.open_windows:
            MainWindow.open_windows.remove(self)
        super().closeEvent(event)
