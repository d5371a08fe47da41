"""A window's edits on their way to a server project: stored once, kept in a journal while the server is away.

The app's undo commands describe their work as an `Edit` (store/edits.py). On a server project it
goes through `Outbox.deliver`:

- online: applied in one transaction together with its receipt (its UUID in `applied_edit`); nothing
  is journaled (an fsync per edit online would double a save);
- the server cannot be reached: ServerUnreachable is raised, so the app does not report it saved. A
  change that waits is journaled by its caller (`keep`, fsynced): the app keeps it in the queue a busy
  project file's changes wait in (gui/waiting_changes.py) and delivers it again, in order, until it
  goes through. An undo or redo that could not be sent is not kept: the app says it did not happen
  (as for a busy file), so a later window must not send it either;
- the answer was lost after COMMIT (the connection broke in between): the receipt is there, so the
  edit sent again is not applied again. Nothing lost, nothing applied twice;
- refused (offsets outside the text, another coder's row): the error is raised and the journal
  entry closed, never dropped silently.

Edits an earlier window left in the journal (closed while offline, or killed) are sent first (`flush`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from annotator.core.errors import AnnotatorError, ServerUnreachable
from annotator.store import edits
from annotator.store.edits import Edit
from annotator.store.postgres.journal import Journal
from annotator.store.postgres.server_database import ServerDatabase

log = logging.getLogger(__name__)

# The receipt and the edit in one transaction: the receipt's INSERT tells a new edit from a resent one.
_RECEIPT = "INSERT INTO applied_edit (id) VALUES (?) ON CONFLICT DO NOTHING RETURNING id"


@dataclass
class FlushReport:
    sent: int = 0
    refused: list[tuple[Edit, str]] = field(default_factory=list)  # the server said no: said so, not kept
    offline: bool = False  # stopped at an edit the server could not be reached for


class Outbox:
    """The edits of one window on a server project. Use from one thread."""

    def __init__(self, db: ServerDatabase, journal: Journal | None = None) -> None:
        self._db = db
        self._journal = journal
        self._leftovers: list[Edit] = list(journal.claimed) if journal else []

    @property
    def leftovers(self) -> int:
        """Edits of earlier windows (from the journal) not sent yet."""
        return len(self._leftovers)

    @property
    def journaled(self) -> int:
        """Edits written to the journal and not stored yet (this window's and earlier windows')."""
        return self._journal.waiting if self._journal else len(self._leftovers)

    def deliver(self, edit: Edit) -> None:
        """Store `edit` on the server now (once, whatever happened to an earlier try of it).

        ServerUnreachable: not stored (or stored, its answer lost: delivering the same edit again stores
        nothing twice); the caller `keep`s it if it is to wait, in the journal. A refusal is raised as
        the store's error, and a journaled edit is closed."""
        if self._leftovers and self.flush().offline:
            raise ServerUnreachable("the server cannot be reached (edits of an earlier session wait too)",
                                    path=self._db.location)
        try:
            self._apply_once(edit)
        except ServerUnreachable:
            raise
        except AnnotatorError:
            self.forget(edit)  # refused: said to the coder, not kept
            raise
        self.forget(edit)

    def keep(self, edit: Edit) -> None:
        """Journal `edit`, which waits to be delivered (fsynced; a second keep of it writes nothing)."""
        if self._journal is not None:
            self._journal.add(edit)

    def forget(self, edit: Edit) -> None:
        """`edit` waits no more (stored, refused, or taken back before it was ever stored)."""
        if self._journal is not None:
            self._journal.done(edit.id)

    def flush(self) -> FlushReport:
        """Send the edits earlier windows left, oldest first, until one cannot reach the server."""
        report = FlushReport()
        while self._leftovers:
            edit = self._leftovers[0]
            try:
                self._apply_once(edit)
                report.sent += 1
            except ServerUnreachable:
                log.info("server unreachable, %d edit(s) of an earlier session wait", len(self._leftovers))
                report.offline = True
                break
            except AnnotatorError as refusal:
                report.refused.append((edit, str(refusal)))
            self._leftovers.pop(0)
            self.forget(edit)
        return report

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()

    def _apply_once(self, edit: Edit) -> None:
        with self._db.transaction() as tx:
            if tx.connection().exec_driver_sql(_RECEIPT, (edit.id,)).first() is None:
                log.info("edit %s was stored before (its answer was lost): not applied again", edit.id)
                return
            edits.apply(tx, edit)
