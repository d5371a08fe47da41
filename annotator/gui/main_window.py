"""The main window: composes the panels around the reader and binds actions from one table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.types import DocumentId, Status
from annotator.gui import file_actions, window_state
from annotator.gui.about import short_path, show_about
from annotator.gui.coding.annotation_panel import AnnotationPanel
from annotator.gui.coding.codebook_menus import CodebookMenus, stance_keys
from annotator.gui.coding.codebook_panel import CodebookPanel
from annotator.gui.coding.commands import SetStatus
from annotator.gui.coding.controller import CodingController
from annotator.gui.coding.document_panel import DocumentPanel
from annotator.gui.coding.keys_sheet import menu_actions, open_keys_sheet
from annotator.gui.coding.reader import ReaderView
from annotator.gui.coding.reading_splitter import LIST, SIDE, ReadingSplitter
from annotator.gui.coding.search_bar import SearchBar
from annotator.gui.coding.span_model import SpanTableModel
from annotator.gui.coding.span_panel import SpanPanel
from annotator.gui.model_menu import install_model_menu
from annotator.gui.project import Project
from annotator.gui.project_switcher import ProjectSwitcher
from annotator.gui.refresh import RefreshController
from annotator.gui.settings import AppSettings
from annotator.gui.team import team_actions
from annotator.gui.team.reveal import reveal_action
from annotator.gui.undo_actions import undo_actions

Handler = Callable[[], object]
ALL_DONE = "Every document is done. Well done!"


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
        self.team = team_actions.TeamWindows(self, project)
        self.switcher = ProjectSwitcher(self, project, settings, MainWindow)
        self._build_layout()
        self._build_actions()
        self._connect()
        window_state.restore(self, settings)
        self.refresher = RefreshController(project, [self.documents, self.annotation, self.coding],
                                           busy=self.spans.is_editing)
        self.model_menu = install_model_menu(self)  # Model menu, Suggestions tab, keys ] and [
        MainWindow.open_windows.append(self)
        self._open_first()

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
        self.splitter = ReadingSplitter(self.documents, centre, right, self.reader.readable_width)
        self.setCentralWidget(self.splitter)
        self.coder_label = QLabel()
        self.statusBar().addPermanentWidget(self.coder_label)

    def _action_table(self) -> list[tuple[str, str, str, Handler]]:
        """(menu, text, shortcut, handler): every command of the window, in menu order."""
        nudge, team, switcher = self.coding.nudge, self.team, self.switcher
        return [
            ("&File", "&New project…", "Ctrl+N", switcher.new_project),
            ("&File", "&Open project…", "Ctrl+O", switcher.open_project),
            ("&File", "Open &server project…", "", switcher.open_server_project),
            ("&File", "&Import articles…", "Ctrl+I", lambda: file_actions.import_articles(self, self.project)),
            ("&File", "&Export…", "Ctrl+E", lambda: file_actions.export(self, self.project)),
            ("&File", "&Hand out to a coder…", "", lambda: team_actions.hand_out(self, self.project)),
            ("&File", "&Merge coders' projects…", "", self.merge_projects),
            ("&File", "Change coder &name…", "", switcher.change_coder),
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
            ("&Team", "Coders' &progress…", "Ctrl+Shift+P", team.show_progress),
            ("&Team", "&Agreement…", "Ctrl+Shift+A", team.show_agreement),
            ("&Team", "A&djudication…", "Ctrl+Shift+J", team.show_adjudication),
            ("&Help", "&Keys and codebook", "F1", self.show_keys_sheet),
            ("&Help", "&About annotator", "", lambda: show_about(self, self.project)),
        ]

    def _build_actions(self) -> None:
        self.actions_by_text: dict[str, QAction] = {}
        menus: dict[str, QMenu] = {}
        for menu_name, text, shortcut, handler in self._action_table():
            menu = menus.get(menu_name) or menus.setdefault(menu_name, self.menuBar().addMenu(menu_name))
            self._add_action(menu, text, shortcut, handler)
        edit = menus["&Edit"]
        self.undo_action, self.redo_action = undo_actions(self, self.project)
        edit.insertActions(edit.actions()[0], [self.undo_action, self.redo_action])
        edit.insertSeparator(edit.actions()[2])
        self.recent_menu = menus["&File"].addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(lambda: self.switcher.fill_recent(self.recent_menu))
        self.label_menu = menus["&Span"].addMenu("&Label as")
        self.codebook_menus = CodebookMenus(self.project, self.coding, self.annotation, self.label_menu,
                                            menus["&Document"].addMenu("&Stance"))
        self.reveal_action = reveal_action(menus["&Team"], self.project, lambda: self.coding.document_id,
                                           lambda line: self.statusBar().showMessage(line, 8000))
        view = menus["&View"]
        self.others_action = self._toggle(view, "Show other coders' spans", False, self.coding.set_show_others)
        self.snap_action = self._toggle(view, "Snap selections to whole words", self.coding.snap_words,
                                        lambda on: setattr(self.coding, "snap_words", on))
        self.list_action = self._toggle(view, "Document list", True, lambda on: self.splitter.show_panel(LIST, on),
                                        "Ctrl+Shift+L")
        self.side_action = self._toggle(view, "Span and stance panels", True,
                                        lambda on: self.splitter.show_panel(SIDE, on), "Ctrl+Shift+R")
        view.addMenu("Document list columns").addActions(self.documents.column_actions)

    def _add_action(self, menu: QMenu, text: str, shortcut: str, handler: Handler) -> QAction:
        action = menu.addAction(text)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False, run=handler: run())
        self.actions_by_text[text.replace("&", "")] = action
        return action

    def _toggle(self, menu: QMenu, text: str, on: bool, handler: Callable[[bool], object], shortcut: str = "") -> QAction:
        action = menu.addAction(text)
        action.setCheckable(True)
        action.setChecked(on)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
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
        self.reader.zoom_changed.connect(lambda _size: self.splitter.give_article_room())
        self.spans.leave_requested.connect(self.reader.setFocus)
        self.annotation.done_and_next.connect(self.done_and_next)
        self.team.open_passage.connect(self.show_passage)
        self.splitter.panels_changed.connect(self._show_panel_state)
        self.project.error.connect(lambda message: file_actions.show_error(self, "Not saved", message))
        # Changes kept while another program holds the project: the coder sees them wait, then saved.
        self.project.waiting_changed.connect(lambda count, line: self.statusBar().showMessage(line, 0 if count else 8000))
        self.project.codebook_changed.connect(self._update_title)
        self.project.annotation_changed.connect(self._show_document_changed)
        self.project.stepped.connect(lambda step: self.statusBar().showMessage(step, 8000))
        self.others_action.toggled.connect(lambda _on: self._update_title())

    # --- commands ------------------------------------------------------------------------------
    def _open_first(self) -> None:
        """The first document not done; if every one is done, the first document, saying so."""
        first = self.documents.model.next_not_done(None)
        if first is None and self.documents.model.rows:
            first = self.documents.model.rows[0].id
            self.statusBar().showMessage(ALL_DONE + " The first document is open; N opens none, D keeps it done.")
        if first is not None:
            self.open_document(first)
        self._update_title()

    def open_document(self, document_id: int) -> None:
        if document_id != self.coding.document_id:
            self.coding.open_document(DocumentId(document_id))
        self.reader.setFocus()

    def edit_current_span(self) -> None:
        """Edit the current span's holder (then Tab: note, unsure) in the span panel; Escape returns."""
        if self.coding.current_uid is not None:
            if not self.splitter.panel_shown(SIDE):
                self.side_action.setChecked(True)
            self.side_tabs.setCurrentWidget(self.spans)
            self.spans.edit_current()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            self.project.look_for_changes()  # coming back from another window: show its work at once

    def done_and_next(self) -> None:
        current = self.coding.document_id
        if current is not None and self.project.push(SetStatus(self.project, current, Status.DONE)):
            self.next_document()

    def next_document(self) -> None:
        following = self.documents.model.next_not_done(self.coding.document_id)
        if following is None:
            self.statusBar().showMessage(ALL_DONE, 8000)
            return
        self.open_document(following)

    def merge_projects(self, sources: list[Path] | None = None) -> None:
        if team_actions.merge_projects(self, self.project, sources) and self.coding.document_id is not None:
            self.coding.open_document(self.coding.document_id)  # show what the merge brought in

    def show_passage(self, document_id: int, start: int, end: int) -> None:
        """Open a document at a passage with the other coders' spans shown (for a disagreement)."""
        self.others_action.setChecked(True)
        self.open_document(document_id)
        self.reader.select_range(start, end)
        self.reader.center_cursor()
        self.raise_()
        self.activateWindow()

    def show_keys_sheet(self) -> None:
        self.keys_sheet = open_keys_sheet(self, self.project.codebook, menu_actions(self.menuBar().actions()),
                                          stance_keys(self.project))

    # --- state ---------------------------------------------------------------------------------
    def _on_document_opened(self, document_id: int) -> None:
        self.documents.select_document(document_id)
        self.annotation.show_document(DocumentId(document_id))
        self._update_title()

    def _show_document_changed(self, document_id: int) -> None:
        """A stance, note or status changed on a document not on screen: an undo or redo there. Show it."""
        if document_id != self.coding.document_id:
            self.open_document(document_id)

    def _update_title(self) -> None:
        doc = self.project.document(self.coding.document_id) if self.coding.document_id else None
        title = (doc.title or doc.doc_id) if doc else "no document"
        path = self.project.path
        self.setWindowTitle(f"{title} — {path.name} in {short_path(path.parent)} — annotator")
        blind = "" if self.others_action.isChecked() else " · blind coding"
        self.coder_label.setText(f"Coder: {self.project.coder}{blind}")

    def _show_panel_state(self) -> None:
        for action, pane in ((self.list_action, LIST), (self.side_action, SIDE)):
            action.blockSignals(True)  # the check mark follows; the splitter has already done it
            action.setChecked(self.splitter.panel_shown(pane))
            action.blockSignals(False)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        window_state.save(self, self.settings)
        self.project.close()
        if self in MainWindow.open_windows:
            MainWindow.open_windows.remove(self)
        super().closeEvent(event)
