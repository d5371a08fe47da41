"""Long reads off the GUI thread: a QThread that runs one function and reports its result or its error.

The function must open its own database connection (SQLite connections stay in their thread); in WAL
mode it reads while the window's connection keeps writing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QThread, Signal

from annotator.core.errors import AnnotatorError

log = logging.getLogger(__name__)


class Job(QThread):
    """Runs `work()` in a thread; `succeeded(result)` or `failed(sentence)` arrive in the GUI thread."""

    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[], object], what: str) -> None:
        super().__init__()
        self.work, self.what = work, what

    def run(self) -> None:
        try:
            result = self.work()
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug must reach the window, not end the thread silently
            log.exception("%s failed", self.what)
            self.failed.emit(f"{self.what} failed: {exc}")
        else:
            self.succeeded.emit(result)
