"""Windows that fit the screen they open on (no status bar or OK button below a 768 px laptop screen),
and secondary windows that close by key."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QWidget

# What a window manager may add around a window before it is shown (title bar, borders): unknown
# until then, so kept free. GNOME's title bar is ~37 px, KDE's ~30, Windows' ~31.
FRAME_ALLOWANCE = (16, 48)


def available_area(window: QWidget) -> QRect:
    """The part of the window's screen not taken by panels and docks."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Give `window` the size asked for, or less so that it and its frame fit the available area,
    and move it onto that area if it would stick out."""
    area = available_area(window)
    frame_w, frame_h = frame_size(window)
    window.resize(max(min(width, area.width() - frame_w), 1), max(min(height, area.height() - frame_h), 1))
    keep_on_screen(window)


def frame_size(window: QWidget) -> tuple[int, int]:
    """What the frame adds to the window's width and height (an allowance before it is shown)."""
    if window.isVisible():
        frame, inner = window.frameGeometry(), window.geometry()
        if frame != inner:
            return frame.width() - inner.width(), frame.height() - inner.height()
    return FRAME_ALLOWANCE


def keep_on_screen(window: QWidget) -> None:
    """Shrink and move a window (e.g. one whose remembered geometry came from a bigger screen) so
    that it fits the available area."""
    area = available_area(window)
    frame_w, frame_h = frame_size(window)
    width, height = min(window.width(), area.width() - frame_w), min(window.height(), area.height() - frame_h)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    x = min(max(window.x(), area.left()), area.right() + 1 - width - frame_w)
    y = min(max(window.y(), area.top()), area.bottom() + 1 - height - frame_h)
    if (x, y) != (window.x(), window.y()):
        window.move(x, y)


def close_on_keys(window: QWidget) -> QAction:
    """Escape and Ctrl+W close a secondary window (Agreement, Adjudication), as in a browser or an editor."""
    action = QAction("Close", window)
    action.setShortcuts([QKeySequence(Qt.Key.Key_Escape), QKeySequence(QKeySequence.StandardKey.Close),
                         QKeySequence("Ctrl+W")])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(window.close)
    window.addAction(action)
    return action
