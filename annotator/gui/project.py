"""The open project as the GUI sees it: the database, the coder, the undo stack and change signals.

Widgets read through it and change things only by pushing undo commands (gui/coding/commands.py), each of
which commits one transaction and emits one of these signals. No widget touches the store directly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.codebook import Codebook
from annotator.core.errors import AnnotatorError, ProjectBusy, ServerUnreachable
from annotator.core.locations import is_server_url
from annotator.core.types import Annotation, Document, DocumentId, DocumentSummary, Span, Status
from annotator.gui.waiting_changes import (
    APP_BUSY_TIMEOUT_MS,
    RETRY_INTERVAL_MS,
    WAITS,
    WaitingChanges,
)
from annotator.operations.projects import open_project
from annotator.store import annotations, codebooks, documents, edits, spans
from annotator.store.coders import ensure_coder, list_coders
from annotator.store.database import ChangeWatch, Database
from annotator.store.stats import ProjectStats, project_stats

if TYPE_CHECKING:
    from annotator.operations.adjudication_cases import AdjudicationCase
    from annotator.store.edits import Edit
    from annotator.store.postgres.outbox import Outbox

log = logging.getLogger(__name__)
WATCH_INTERVAL_MS = 1000  # how often to look for commits by another window or the CLI (a few µs each)
# A server project's watch only drains NOTIFYs already received (µs): looking 4 times a second shows a
# coder's work in the PI's window well within a second.
SERVER_WATCH_INTERVAL_MS = 250


class Undoable(Protocol):
    """What `Project.push` and the undo stack need of a command (gui/coding/commands.ProjectCommand)."""

    skip_once: bool
    kept: bool

    def apply(self) -> None: ...
    def revert(self) -> None: ...
    def text(self) -> str: ...
    def edit_for(self, verb: str) -> Edit: ...
    def drop_edit(self) -> None: ...


def failure_sentence(exc: BaseException) -> str:
    """What a failed write means for the coder, in a sentence (never the SQL of a driver's message)."""
    if isinstance(exc, ServerUnreachable):  # the socket path and libpq's words are of no use to the coder
        return "offline — the server cannot be reached; try again once it answers"
    if isinstance(exc, AnnotatorError):
        return str(exc)
    reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]  # a driver error wraps the database's own
    if "locked" in reason or "busy" in reason:
        return f"another window or program is writing to the project right now ({reason}); try again in a moment"
    if "constraint failed" in reason:
        return ("the project no longer holds what this window shows (it was changed in another window or "
                "program); the window shows what is stored at its next look, or reopen the document")
    if "disk" in reason or "full" in reason or isinstance(exc, OSError):
        return f"the project file could not be written ({reason}); free some disk space and try again"
    return reason


class Project(QObject):
    """One open project file, used by one coder in this window."""

    # How often to look for others' commits; None: never by a timer (tests call look_for_changes themselves).
    watch_interval_ms: int | None = WATCH_INTERVAL_MS

    # document id, the span before the change (None when added), the span after it (None when deleted)
    spans_changed = Signal(int, object, object)
    annotation_changed = Signal(int)  # document id: stance, note or status changed
    documents_changed = Signal()  # documents were added
    codebook_changed = Signal()
    # the gold standard (adjudication) changed: spans, stance or status of the reserved coder "gold" in this
    # document, or -1 when many documents changed at once. Kept apart from spans_changed, which is always
    # about this coder's own spans.
    gold_changed = Signal(int)
    error = Signal(str)  # a change could not be made: a sentence that says what to do
    # How many changes wait to be saved because the project is busy, and a line for the status bar
    # that says so (when none wait any more: that they were saved).
    waiting_changed = Signal(int, str)
    stepped = Signal(str)  # an undo or redo was done: "Undone: Add pro-engagement span"
    # Another window, the CLI (a merge, an import) or a worker thread committed to the file: what is
    # shown may be out of date. Checked every WATCH_INTERVAL_MS and when `look_for_changes` is called.
    changed_elsewhere = Signal()

    def __init__(self, db: Database, coder: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.coder = coder
        self.undo_stack = QUndoStack(self)
        self._document: Document | None = None  # the last document read: the one being coded
        if getattr(db, "read_only", None):  # a read-only folder or mount: shown, and every change says why it cannot be saved
            with db.read() as tx:
                self.codebook: Codebook = codebooks.load_codebook(tx)
        else:
            with db.transaction() as tx:
                ensure_coder(tx, coder)
                self.codebook = codebooks.load_codebook(tx)
        self._watch = ChangeWatch(db)  # after this window's own first commit, which is not news
        self._changed_elsewhere = False  # seen before a command, or postponed: reported at the next look
        self._watch_timer = QTimer(self, timeout=self.look_for_changes)
        if self.watch_interval_ms is not None:
            server = db.is_server and self.watch_interval_ms == WATCH_INTERVAL_MS
            self._watch_timer.start(SERVER_WATCH_INTERVAL_MS if server else self.watch_interval_ms)
        self._failed: Undoable | None = None  # the command whose undo or redo just failed (see `undo`)
        self._stepping = False  # inside `undo`/`redo`, which put the stack back after a failure
        self._waiting = WaitingChanges(self._apply, self)  # pushed while the project was busy: saved later
        self._waiting.changed.connect(self.waiting_changed)
        # A server project's edits go through an outbox: stored once, journaled on disk while the
        # server cannot be reached (they wait in `_waiting` too, as a busy file's changes do).
        self._outbox: Outbox | None = _outbox_for(db) if db.is_server else None
        self._annotations: dict[tuple[DocumentId, str], Annotation] = {}  # as last read or changed here
        # Changes earlier windows left in the journal: sent now, and every second while the server is away.
        self._leftovers_timer = QTimer(self, interval=RETRY_INTERVAL_MS, timeout=self.send_leftovers)
        if self._outbox is not None and self._outbox.leftovers:
            outbox, line = self._outbox, self._send_leftovers()
            # Said once the window is listening (it connects to waiting_changed after this).
            QTimer.singleShot(0, lambda: self.waiting_changed.emit(outbox.leftovers, line))

    @classmethod
    def open(cls, path: str | Path, coder: str, *, create: bool = False, password: str | None = None) -> Project:
        """Open (or create, with the default codebook) the project at `path`; ProjectError if not.

        A server project (a `postgresql://` URL) is opened as its login's coder (whatever `coder` says):
        row security lets the login write that coder's work only."""
        if is_server_url(path):
            db = open_project(path, create=False, password=password)
            try:
                coder = db.coding_login()  # type: ignore[attr-defined]
            except BaseException:
                db.close()
                raise
            return cls(db, coder)
        return cls(open_project(path, create=create, busy_timeout_ms=APP_BUSY_TIMEOUT_MS), coder)

    @property
    def location(self) -> str:
        """The project file's path, or a server project's URL without its password."""
        return self.db.location

    @property
    def path(self) -> Path:
        return self.db.path

    def close(self) -> None:
        self._waiting.flush()  # a server's edits that still wait stay in the journal for the next window
        self.undo_stack.clear()
        self._watch_timer.stop()
        self._leftovers_timer.stop()  # what is left stays in the journal, for the next window
        self._watch.close()
        if self._outbox is not None:
            self._outbox.close()
        self.db.close()

    def look_for_changes(self) -> bool:
        """Emit `changed_elsewhere` if someone else committed since the last look; whether they did."""
        if self._watch.changed() or self._changed_elsewhere:
            self._changed_elsewhere = False
            self.changed_elsewhere.emit()
            return True
        return False

    def take_commits_as_own(self) -> None:
        """Commits seen since the last look were this window's own, made on another connection (a
        worker thread's): not news. Changes postponed before stay postponed."""
        self._watch.changed()

    def postpone_changes(self) -> None:
        """The window could not show the changes now (the coder is mid-edit): report them again."""
        self._changed_elsewhere = True

    # --- reads ---------------------------------------------------------------------------------
    def document(self, document_id: DocumentId) -> Document:
        if self._document is None or self._document.id != document_id:
            with self.db.read() as tx:
                self._document = documents.get_document(tx, document_id)
        return self._document

    def spans(self, document_id: DocumentId) -> list[Span]:
        """This coder's spans of the document, in text order."""
        with self.db.read() as tx:
            return spans.spans_for(tx, document_id, self.coder)

    def other_spans(self, document_id: DocumentId) -> list[Span]:
        """Every other coder's spans of the document (shown only when the coder asks)."""
        with self.db.read() as tx:
            return [s for s in spans.spans_for(tx, document_id) if s.coder != self.coder]

    @property
    def is_server_pi(self) -> bool:
        """A server project opened with a PI's login (who may reveal documents)."""
        login = getattr(self.db, "login", None)
        return bool(self.db.is_server and login is not None and login.is_pi)

    def revealed(self, document_id: DocumentId) -> bool:
        """Whether a server project's PI revealed the document to every member (never, in a file)."""
        if not self.db.is_server:
            return False
        from annotator.store.postgres.reveals import is_revealed

        with self.db.read() as tx:
            return is_revealed(tx, document_id)

    def annotation(self, document_id: DocumentId) -> Annotation:
        with self.db.read() as tx:
            found = annotations.get_annotation(tx, document_id, self.coder)
        self._annotations[(document_id, self.coder)] = found
        return found

    def annotation_now(self, document_id: DocumentId, coder: str, changes: dict[str, object]) -> Annotation:
        """`coder`'s annotation of the document before a change of `changes` made now: as stored, or as
        changes that wait to be stored leave it (so undoing the new change puts theirs back). Read
        from the project unless changes wait; what this window last knew when the server is away."""
        key = (document_id, coder)
        known = self._annotations.get(key)
        if known is None or not self._waiting:
            try:
                with self.db.read() as tx:
                    known = annotations.get_annotation(tx, document_id, coder)
            except ServerUnreachable:
                known = known or Annotation(document_id, coder)  # never seen: as a new document's
        self._annotations[key] = replace(known, **changes)  # type: ignore[arg-type]
        return known

    def summaries(self, text_filter: str | None = None, status: Status | None = None, *,
                  after: int | None = None, limit: int | None = None) -> list[DocumentSummary]:
        with self.db.read() as tx:
            return documents.list_summaries(tx, self.coder, text_filter=text_filter or None, status=status,
                                            after=after, limit=limit)

    def progress(self) -> tuple[int, int]:
        with self.db.read() as tx:
            return annotations.progress(tx, self.coder)

    def stats(self) -> ProjectStats:
        """Documents, spans and every coder's progress (for the PI)."""
        with self.db.read() as tx:
            return project_stats(tx)

    def coders(self) -> list[str]:
        with self.db.read() as tx:
            return [c.name for c in list_coders(tx)]

    def reload_codebook(self) -> bool:
        """Read the codebook again; whether it changed (then `codebook_changed` is emitted)."""
        with self.db.read() as tx:
            codebook = codebooks.load_codebook(tx)
        if codebook == self.codebook:
            return False
        self.codebook = codebook
        self.codebook_changed.emit()
        return True

    def coders_with_done_work(self) -> list[str]:
        """The coders (not gold) who marked a document done: those agreement can be computed for."""
        from annotator.operations.project_agreement import (
            coders_with_done_work,  # the measures load only here
        )

        return coders_with_done_work(self.db)

    def adjudication_case(self, document_id: DocumentId) -> AdjudicationCase:
        """One document as the adjudicator sees it now: coders' spans, stances, passages, gold."""
        from annotator.operations.adjudication_cases import (
            load_case,  # the team windows only: not at start
        )

        return load_case(self.db, document_id)

    # --- writes --------------------------------------------------------------------------------
    def push(self, command: QUndoCommand) -> bool:
        """Do `command` now and, if it worked, put it on the undo stack; whether it was done, or kept.

        The first redo runs here rather than inside QUndoStack.push, because an exception raised in
        a Qt virtual is swallowed by Qt and the failed command would stay on the stack. When the project
        is busy (another program holds its write lock), the command is kept and saved, in order, as soon
        as the project is free (`save_waiting`); `waiting_changed` tells the coder meanwhile.
        """
        waits = None
        if not self._waiting:  # otherwise changes before it wait: it waits behind them, saved in order
            done, waits = self._apply(command)
            if waits is None:
                if done:
                    command.skip_once = True  # type: ignore[attr-defined]  # the stack's first redo() is skipped
                    self.undo_stack.push(command)
                return done
        if self._outbox is not None:  # on disk too, until it is stored (or taken back)
            self._outbox.keep(command.edit_for("apply"))  # type: ignore[attr-defined]
        command.kept = True  # type: ignore[attr-defined]
        self._waiting.keep(command, waits)
        command.skip_once = True  # type: ignore[attr-defined]
        self.undo_stack.push(command)  # on the stack already: Undo takes it back before it is ever saved
        return True

    def write(self, edit: Edit) -> None:
        """Store `edit` in one transaction: in the project file, or on the server (once, whatever
        happened to an earlier try of the same edit). Raises what stopped it: ProjectBusy or
        ServerUnreachable (worth waiting for), or the store's refusal."""
        if not edit.steps:
            return
        if self._outbox is not None:
            self._outbox.deliver(edit)
            return
        with self.db.transaction() as tx:
            edits.apply(tx, edit)

    def save_waiting(self) -> bool:
        """Save the changes that waited for a busy project or an unreachable server, in order (the
        retry timer does this every second); whether none wait any more."""
        return self._waiting.save()

    def _apply(self, command: QUndoCommand) -> tuple[bool, ProjectBusy | ServerUnreachable | None]:
        """Apply `command`: (done, the error that makes it wait: a busy project, a server away)."""
        waits: list[ProjectBusy | ServerUnreachable] = []

        def failed(exc: BaseException) -> None:
            if isinstance(exc, WAITS):
                waits.append(exc)
            else:
                self.error.emit(self.failure_message(exc))

        if not self.attempt(command.apply, on_failure=failed):  # type: ignore[attr-defined]
            return False, waits[0] if waits else None
        command.kept = False  # type: ignore[attr-defined]
        return True, None

    def send_leftovers(self) -> bool:
        """Send the changes earlier windows left in the journal (closed or killed while the server was
        away), oldest first; the retry timer does this every second until none are left. Whether none are."""
        if self._outbox is None:
            return True
        before = self._outbox.leftovers
        line = self._send_leftovers()
        if self._outbox.leftovers < before:
            self._changed_elsewhere = True  # stored after the window read the project: its next look shows them
        if line:
            self.waiting_changed.emit(self._outbox.leftovers, line)
        return not self._outbox.leftovers

    def _send_leftovers(self) -> str:
        """Send what earlier windows left; what the coder is told about it."""
        assert self._outbox is not None
        outbox = self._outbox
        report = outbox.flush()
        parts = [f"Sent {report.sent} change(s) kept from an earlier session."] if report.sent else []
        if report.refused:
            log.error("edits of an earlier session refused: %s", report.refused)
            parts.append(f"{len(report.refused)} could not be stored: {report.refused[0][1]}.")
        if outbox.leftovers:
            parts.append(f"{outbox.leftovers} change(s) of an earlier session not saved yet: offline — retrying.")
            self._leftovers_timer.start()
        else:
            self._leftovers_timer.stop()
        return " ".join(parts)

    def takes_over(self, command: QUndoCommand, verb: str) -> bool:
        """Whether the undo stack's `verb` ("undo"/"redo") of `command` is the Project's, not the store's:
        undoing a change that still waits for a busy project takes it back (it was never saved), and a
        change refused after waiting is no longer there to undo or redo."""
        if command.isObsolete():
            return True
        if verb != "undo" or not self._waiting.take_back(command):
            return False
        if self._outbox is not None:
            self._outbox.forget(command.edit_for("apply"))  # type: ignore[attr-defined]
        command.drop_edit()  # type: ignore[attr-defined]
        command.kept = False  # type: ignore[attr-defined]
        return True

    def undo(self) -> bool:
        """Undo the last command; whether it worked. If its store work fails, the stack is put back
        where it was (the change is still stored, and undoing it can be tried again) and `error` says so."""
        stack = self.undo_stack
        return stack.canUndo() and self._step(stack.undo, stack.redo, f"Undone: {stack.undoText()}")

    def redo(self) -> bool:
        """Redo the next command; on a failure the stack stays where it was, as for `undo`."""
        stack = self.undo_stack
        return stack.canRedo() and self._step(stack.redo, stack.undo, f"Redone: {stack.redoText()}")

    def _step(self, move: Callable[[], None], back: Callable[[], None], done: str) -> bool:
        self._failed, self._stepping = None, True
        try:
            move()
        finally:
            self._stepping = False
        failed, self._failed = self._failed, None
        if failed is None:
            self.stepped.emit(done)
            return True
        failed.skip_once = True  # the stack moves back without the command touching the store again
        back()
        return False

    def command_failed(self, command: Undoable, verb: str, exc: BaseException) -> None:
        """A command's undo or redo could not be stored. Inside `undo`/`redo` the stack is put back;
        anywhere else (the stack driven directly) the command is dropped, so the stack never claims
        a state the file does not hold."""
        what = f"Could not {verb} “{command.text()}”: {failure_sentence(exc)}."
        if self._stepping:
            self._failed = command
            self.error.emit(f"{what} Nothing was changed; {verb} can be tried again.")
        else:
            command.setObsolete(True)  # type: ignore[attr-defined]
            self.error.emit(f"{what} Nothing was changed, and this step has left the undo history.")

    def attempt(self, work, *, on_failure=None) -> bool:  # noqa: ANN001 (any callable)
        """Run `work`; report a failure through `error` (or `on_failure(exc)`) instead of raising into Qt."""
        if self._watch.changed():  # someone else's commit: keep it for the next look
            self._changed_elsewhere = True
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - the window must survive a full disk or a lock
            if not isinstance(exc, AnnotatorError):
                log.exception("a change could not be saved")
            if on_failure is not None:
                on_failure(exc)
            else:
                self.error.emit(self.failure_message(exc))
            return False
        finally:
            self._watch.changed()  # this window's own commit is not news
        return True

    def failure_message(self, exc: BaseException) -> str:
        """What a failed change means for the coder, in a sentence."""
        if isinstance(exc, AnnotatorError):
            return str(exc)
        return f"The change was not saved: {failure_sentence(exc)}. Everything saved before is safe in {self.path.name}."


def _outbox_for(db: Database) -> Outbox:
    """The outbox of a window on a server project, its journal in the app's data folder (one file per
    window; a later window sends what an earlier one could not)."""
    from annotator.gui.about import data_folder  # about imports this module: on use
    from annotator.store.postgres.journal import Journal, journal_key
    from annotator.store.postgres.outbox import Outbox

    journal = Journal(data_folder() / "outbox", journal_key(db.location))
    return Outbox(db, journal)  # type: ignore[arg-type]
