"""The main window's layout between runs: size and place, panel widths, zoom, word snapping, list columns."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.gui.coding.reading_layout import DEFAULT_POINT_SIZE
from annotator.gui.coding.reading_splitter import LIST, SIDE
from annotator.gui.settings import AppSettings
from annotator.gui.widgets.screen_fit import fit_to_screen, keep_on_screen

if TYPE_CHECKING:
    from annotator.gui.main_window import MainWindow

WINDOW_SIZE = (1366, 768)  # wanted on a first start; a smaller screen gets less


def restore(window: MainWindow, settings: AppSettings) -> None:
    if window.restoreGeometry(settings.window_geometry):
        keep_on_screen(window)  # remembered from a bigger screen, perhaps
    else:
        fit_to_screen(window, *WINDOW_SIZE)
    if settings.panel_widths is not None:
        window.splitter.wanted[LIST], window.splitter.wanted[SIDE] = settings.panel_widths
    window.reader.set_point_size(settings.reader_point_size or DEFAULT_POINT_SIZE)
    window.snap_action.setChecked(settings.snap_words)
    if settings.hidden_document_columns is not None:
        window.documents.set_hidden_columns(settings.hidden_document_columns)


def save(window: MainWindow, settings: AppSettings) -> None:
    settings.window_geometry = window.saveGeometry()
    settings.panel_widths = (window.splitter.wanted[LIST], window.splitter.wanted[SIDE])
    settings.reader_point_size = window.reader.font().pointSize()
    settings.snap_words = window.snap_action.isChecked()
    settings.hidden_document_columns = window.documents.hidden_columns()
    settings.remember_project(window.project.location)
    settings.sync()
