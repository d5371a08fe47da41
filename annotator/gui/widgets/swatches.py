"""Colour swatches for labels, as icons: made once per colour and size, shared by every list and table."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QIcon, QPixmap


@lru_cache(maxsize=256)
def colour_icon(colour: str, size: int = 12) -> QIcon:
    """A square of `colour`. Cached: the span panel asks for one per row on every repaint, and a
    QColor given to a view as decoration would be turned into a new pixmap each time."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    icon = QIcon(pixmap)
    icon.addPixmap(pixmap, QIcon.Mode.Selected)  # a label's colour stays itself on a selected row
    return icon
