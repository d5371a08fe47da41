"""What the app remembers between runs (QSettings): coder name, recent projects, layout, font size."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 8


class AppSettings:
    """Typed access to the app's QSettings (tests pass a QSettings on a temporary file)."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.qt = settings if settings is not None else QSettings("annotator", "annotator")

    @property
    def coder(self) -> str | None:
        value = self.qt.value("coder")
        return str(value) if value else None

    @coder.setter
    def coder(self, name: str) -> None:
        self.qt.setValue("coder", name)

    def recent_projects(self) -> list[str]:
        value = self.qt.value("recent_projects") or []
        return [value] if isinstance(value, str) else [str(v) for v in value]

    def remember_project(self, path: Path) -> None:
        path_text = str(Path(path).resolve())
        recent = [path_text] + [p for p in self.recent_projects() if p != path_text]
        self.qt.setValue("recent_projects", recent[:MAX_RECENT])

    @property
    def last_project(self) -> str | None:
        recent = self.recent_projects()
        return recent[0] if recent else None

    def get_int(self, key: str, default: int) -> int:
        try:
            return int(self.qt.value(key, default))
        except (TypeError, ValueError):
            return default

    def get_ints(self, key: str) -> list[int]:
        """A comma-separated list of numbers ("" is an empty list; anything unreadable is skipped)."""
        value = self.qt.value(key, "")
        parts = value if isinstance(value, list) else str(value).split(",")
        return [int(p) for p in (str(p).strip() for p in parts) if p.lstrip("-").isdigit()]

    def get_bool(self, key: str, default: bool) -> bool:
        value = self.qt.value(key, default)
        return value in (True, "true", "1", 1) if not isinstance(value, bool) else value
