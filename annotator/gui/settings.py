"""What the app remembers between runs (QSettings): coder name, recent projects, layout, font size.

Windows read and write these typed properties only; the QSettings keys live here and nowhere else.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from annotator.core.locations import is_server_url

MAX_RECENT = 8


class AppSettings:
    """Typed access to the app's QSettings (tests pass a QSettings on a temporary file)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self._qt = settings if settings is not None else QSettings("annotator", "annotator")

    # --- who and what --------------------------------------------------------------------------
    @property
    def coder(self) -> str | None:
        value = self._qt.value("coder")
        return str(value) if value else None

    @coder.setter
    def coder(self, name: str) -> None:
        self._qt.setValue("coder", name)

    def recent_projects(self) -> list[str]:
        value = self._qt.value("recent_projects") or []
        return [value] if isinstance(value, str) else [str(v) for v in value]

    def remember_project(self, path: Path | str) -> None:
        """Put a project first in the recent list: a file by its full path, a server project by its URL
        (`Project.location`: never with a password)."""
        path_text = str(path) if is_server_url(str(path)) else str(Path(path).resolve())
        recent = [path_text] + [p for p in self.recent_projects() if p != path_text]
        self._qt.setValue("recent_projects", recent[:MAX_RECENT])

    @property
    def last_project(self) -> str | None:
        recent = self.recent_projects()
        return recent[0] if recent else None

    # --- the main window -----------------------------------------------------------------------
    @property
    def window_geometry(self) -> QByteArray:
        return self._bytes("window/geometry")

    @window_geometry.setter
    def window_geometry(self, state: QByteArray) -> None:
        self._qt.setValue("window/geometry", state)

    @property
    def panel_widths(self) -> tuple[int, int] | None:
        """The widths the coder gave the document list and the side panels (the article takes the rest)."""
        value = self._qt.value("window/panel_widths")
        parts = value if isinstance(value, list) else str(value or "").split(",")
        numbers = [int(p) for p in (str(p).strip() for p in parts) if p.isdigit()]
        return (numbers[0], numbers[1]) if len(numbers) == 2 else None

    @panel_widths.setter
    def panel_widths(self, widths: tuple[int, int]) -> None:
        self._qt.setValue("window/panel_widths", f"{widths[0]},{widths[1]}")

    @property
    def reader_point_size(self) -> int | None:
        value = self._qt.value("reader/point_size")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    @reader_point_size.setter
    def reader_point_size(self, size: int) -> None:
        self._qt.setValue("reader/point_size", size)

    @property
    def snap_words(self) -> bool:
        value = self._qt.value("coding/snap_words", True)
        return value if isinstance(value, bool) else value in ("true", "1", 1)

    @snap_words.setter
    def snap_words(self, on: bool) -> None:
        self._qt.setValue("coding/snap_words", on)

    @property
    def hidden_document_columns(self) -> list[int] | None:
        """Columns of the document list the coder hid; None until they chose (the list's default)."""
        if not self._qt.contains("documents/hidden_columns"):
            return None
        value = self._qt.value("documents/hidden_columns", "")
        parts = value if isinstance(value, list) else str(value).split(",")
        return [int(p) for p in (str(p).strip() for p in parts) if p.lstrip("-").isdigit()]

    @hidden_document_columns.setter
    def hidden_document_columns(self, columns: list[int]) -> None:
        self._qt.setValue("documents/hidden_columns", ",".join(map(str, columns)))

    def sync(self) -> None:
        self._qt.sync()

    def _bytes(self, key: str) -> QByteArray:
        value = self._qt.value(key, QByteArray())
        return value if isinstance(value, QByteArray) else QByteArray()
