"""Changes kept while they cannot be stored yet, saved in order once they can.

Two things make a change wait: another program holds a project file's write lock (an import, a
merge), or a server project's server cannot be reached ("offline"). A key press must not freeze the
window, and the change must not be lost ("nothing lost"): the app waits a quarter of a second for a
lock (APP_BUSY_TIMEOUT_MS), then keeps the change here, tells the coder, and tries again every
second. The kept commands are on the undo stack already, so Undo takes the last one back without
touching the store. A server project's waiting changes are on disk too (the outbox's journal), so
they outlive the window: closing it while offline leaves them for the next window to send.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand

from annotator.core.errors import ProjectBusy, ServerUnreachable

log = logging.getLogger(__name__)
APP_BUSY_TIMEOUT_MS = 250
RETRY_INTERVAL_MS = 1000
FLUSH_ON_CLOSE_S = 30.0  # closing waits this long for the lock rather than give a kept change up

WAITS = (ProjectBusy, ServerUnreachable)  # what a change waits out, rather than being refused
Waits = ProjectBusy | ServerUnreachable
Apply = Callable[[QUndoCommand], "tuple[bool, Waits | None]"]  # done, or the error that makes it wait


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
        self._reason: Waits | None = None  # what the kept changes wait for, as last heard

    def __bool__(self) -> bool:
        return bool(self._commands)

    def keep(self, command: QUndoCommand, reason: Waits | None) -> None:
        """Keep `command` until it can be stored; `reason` what stopped it (None: not tried, others wait)."""
        self._commands.append(command)
        self._timer.start()
        self._tell(reason)

    def save(self) -> bool:
        """Save the kept changes in order (the timer calls this); whether none wait any more. A change
        the store refuses for another reason (said by `apply`) leaves the undo history untouched."""
        saved = 0
        while self._commands:
            done, reason = self._apply(self._commands[0])
            if reason is not None:
                self._tell(reason)
                return False
            command = self._commands.pop(0)
            saved += done
            if not done:
                command.setObsolete(True)
        self._timer.stop()
        if saved:
            what = "server" if isinstance(self._reason, ServerUnreachable) else "project"
            self.changed.emit(0, f"Saved the {saved} change(s) that waited for the {what}.")
        self._reason = None
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
                          (f"; {left} still wait to be saved." if left else "."))
        return True

    def flush(self, seconds: float = FLUSH_ON_CLOSE_S) -> None:
        """Closing: wait for the lock (up to `seconds`) rather than give a kept change up. Changes that
        wait for a server are tried once: they stay in the journal, for the next window to send."""
        if isinstance(self._reason, ServerUnreachable):
            seconds = 0.0
        deadline = time.monotonic() + seconds
        while self._commands and not self.save() and time.monotonic() < deadline:
            time.sleep(0.2)
        for command in self._commands:
            if isinstance(self._reason, ServerUnreachable):
                log.warning("not sent, the server is away; kept in the journal for the next window: %s",
                            command.text())
            else:
                log.error("not saved, the project stayed busy: %s", command.text())
        self._timer.stop()

    def _tell(self, reason: Waits | None) -> None:
        self._reason = reason or self._reason or ProjectBusy("busy")
        count = len(self._commands)
        if isinstance(self._reason, ServerUnreachable):
            self.changed.emit(count, f"{count} change(s) not saved yet: offline — retrying. The server cannot be "
                              "reached; the changes are kept (also on disk) and sent as soon as it answers.")
            return
        self.changed.emit(count, f"{count} change(s) not saved yet: the project is busy ({self._reason.holder}). "
                          "Kept, and saved as soon as it is free (trying every second).")
