"""Changes kept while another program holds the project's write lock, saved in order once it is free.

A key press must not freeze the window while an import or a merge elsewhere holds the lock, and the
change must not be lost ("nothing lost"): the app waits a quarter of a second (APP_BUSY_TIMEOUT_MS),
then keeps the change here, tells the coder, and tries again every second. The kept commands are on
the undo stack already, so Undo takes the last one back without touching the store.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand

from annotator.core.errors import ProjectBusy

log = logging.getLogger(__name__)
APP_BUSY_TIMEOUT_MS = 250
RETRY_INTERVAL_MS = 1000
FLUSH_ON_CLOSE_S = 30.0  # closing waits this long for the lock rather than give a kept change up

Apply = Callable[[QUndoCommand], "tuple[bool, ProjectBusy | None]"]  # done, or the busy error that stopped it


class WaitingChanges(QObject):
    """The commands pushed while the project was busy, in order, and the timer that retries them."""

    # How many changes wait, and a line for the status bar that says so (or, once none wait, that
    # they were saved or taken back).
    changed = Signal(int, str)

    def __init__(self, apply: Apply, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._apply = apply
        self._commands: list[QUndoCommand] = []
        self._timer = QTimer(self, interval=RETRY_INTERVAL_MS, timeout=self.save)

    def __bool__(self) -> bool:
        return bool(self._commands)

    def keep(self, command: QUndoCommand, busy: ProjectBusy | None) -> None:
        self._commands.append(command)
        self._timer.start()
        self._tell(busy)

    def save(self) -> bool:
        """Save the kept changes in order (the timer calls this); whether none wait any more. A change
        the store refuses for another reason (said by `apply`) leaves the undo history untouched."""
        saved = 0
        while self._commands:
            done, busy = self._apply(self._commands[0])
            if busy is not None:
                self._tell(busy)
                return False
            command = self._commands.pop(0)
            saved += done
            if not done:
                command.setObsolete(True)
        self._timer.stop()
        if saved:
            self.changed.emit(0, f"Saved the {saved} change(s) that waited for the project.")
        return True

    def take_back(self, command: QUndoCommand) -> bool:
        """Undo of `command`: whether it was the last kept change (then it is dropped, never saved)."""
        if not self._commands or self._commands[-1] is not command:
            return False
        self._commands.pop()
        if not self._commands:
            self._timer.stop()
        left = len(self._commands)
        self.changed.emit(left, "Took back a change that was not saved yet" +
                          (f"; {left} still wait for the project." if left else "."))
        return True

    def flush(self, seconds: float = FLUSH_ON_CLOSE_S) -> None:
        """Closing: wait for the lock (up to `seconds`) rather than give a kept change up."""
        deadline = time.monotonic() + seconds
        while self._commands and not self.save() and time.monotonic() < deadline:
            time.sleep(0.2)
        for command in self._commands:
            log.error("not saved, the project stayed busy: %s", command.text())
        self._timer.stop()

    def _tell(self, busy: ProjectBusy | None) -> None:
        holder = busy.holder if busy is not None else ProjectBusy.holder
        self.changed.emit(len(self._commands), f"{len(self._commands)} change(s) not saved yet: the project is busy "
                          f"({holder}). Kept, and saved as soon as it is free (trying every second).")
