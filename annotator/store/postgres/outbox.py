"""A coder's edits on their way to the server: written to a local journal first, sent in order, applied once.

While the server cannot be reached an edit is not saved, and the app must not say it is: `send` keeps
it (in memory and, fsynced, in the journal file) and answers False ("offline — retrying"); `flush`,
called by the app's timer, sends what waits, oldest first. Each edit carries a UUID that the server
records (`applied_edit`) in the edit's own transaction, so an edit whose answer was lost (the
connection broke after COMMIT) is skipped when sent again: nothing is lost, nothing applied twice.
The journal also outlives the app: a window killed while offline sends its edits on the next start.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from annotator.core.errors import AnnotatorError
from annotator.core.types import DocumentId, Span, SpanUid
from annotator.store import annotations, spans
from annotator.store.database import utc_now
from annotator.store.postgres.engine import ServerUnreachable
from annotator.store.postgres.server_database import ServerDatabase

log = logging.getLogger(__name__)
_OFFLINE = object()  # an attempt's outcome: the server could not be reached


@dataclass(frozen=True, slots=True)
class Edit:
    """One coder verb, as values: what the store is to do once the server answers."""

    kind: str
    args: dict[str, Any]
    id: str = field(default_factory=lambda: str(uuid.uuid4()))

    # Timestamps are taken now, when the coder acts, not when the edit reaches the server.
    @classmethod
    def add_span(cls, span: Span) -> Edit:
        now = utc_now()
        span = replace(span, created_at=span.created_at or now, updated_at=span.updated_at or now)
        return cls("add_span", {"span": asdict(span)})

    @classmethod
    def delete_span(cls, uid: str) -> Edit:
        return cls("delete_span", {"uid": uid})

    @classmethod
    def update_span(cls, uid: str, **changes: Any) -> Edit:
        # store.update_span stamps the time itself (it takes no updated_at): the time the edit arrives.
        return cls("update_span", {"uid": uid, "changes": changes})

    @classmethod
    def set_annotation(cls, document_id: DocumentId, coder: str, **changes: Any) -> Edit:
        changes = {k: (str(v) if k == "status" else v) for k, v in changes.items()}
        return cls("set_annotation", {"document_id": document_id, "coder": coder,
                                      "changes": {"updated_at": utc_now(), **changes}})


def _add_span(tx: Session, span: dict[str, Any]) -> None:
    spans.add_span(tx, Span(**{**span, "uid": SpanUid(span["uid"]), "document_id": DocumentId(span["document_id"])}))


def _delete_span(tx: Session, uid: str) -> None:
    spans.delete_span(tx, uid)


def _update_span(tx: Session, uid: str, changes: dict[str, Any]) -> None:
    spans.update_span(tx, uid, **changes)


def _set_annotation(tx: Session, document_id: int, coder: str, changes: dict[str, Any]) -> None:
    annotations.set_annotation(tx, DocumentId(document_id), coder, **changes)


_APPLY: dict[str, Callable[..., None]] = {
    "add_span": _add_span, "delete_span": _delete_span, "update_span": _update_span, "set_annotation": _set_annotation,
}


@dataclass
class FlushReport:
    sent: int = 0
    refused: list[tuple[Edit, str]] = field(default_factory=list)  # the server said no: dropped, and said so
    offline: bool = False  # stopped at an edit the server could not be reached for


class Outbox:
    """The edits of one window on a server project, in order. Use from one thread."""

    def __init__(self, db: ServerDatabase, journal: Path | None = None) -> None:
        self._db = db
        self._journal = journal
        self._pending: list[Edit] = _read_journal(journal) if journal else []

    @property
    def pending(self) -> int:
        return len(self._pending)

    def send(self, edit: Edit) -> bool:
        """Send `edit` (after whatever waits): True if it is saved on the server now, False if it waits
        for the server (offline), journaled. A refusal (bad offsets, another coder's row) raises.

        Online, nothing is journaled (an fsync per edit would double a save): an edit in flight when the
        app dies was never reported saved, as with a project file."""
        if not self._pending:
            outcome = self._attempt(edit)
            if outcome is None:
                return True
            if outcome is not _OFFLINE:
                raise AnnotatorError(str(outcome))
        self._write({"id": edit.id, "kind": edit.kind, "args": edit.args})
        self._pending.append(edit)
        report = self.flush()
        refused = next((reason for e, reason in report.refused if e.id == edit.id), None)
        if refused is not None:
            raise AnnotatorError(refused)
        return not report.offline

    def flush(self) -> FlushReport:
        """Send waiting edits, oldest first, until one cannot reach the server."""
        report = FlushReport()
        while self._pending:
            edit = self._pending[0]
            outcome = self._attempt(edit)
            if outcome is _OFFLINE:
                log.info("server unreachable, %d edit(s) wait", len(self._pending))
                report.offline = True
                break
            if outcome is None:
                report.sent += 1
            else:
                report.refused.append((edit, str(outcome)))
            self._pending.pop(0)
            self._write({"done": edit.id})
        if not self._pending:
            self._truncate()
        return report

    def _attempt(self, edit: Edit) -> object:
        """None: applied (now or before); _OFFLINE: the server could not be reached; else the refusal."""
        try:
            self._apply_once(edit)
        except ServerUnreachable:
            return _OFFLINE
        except DBAPIError as exc:
            if _lost_connection(exc):
                return _OFFLINE
            return f"the server refused the edit: {str(exc.orig).strip()}"
        except AnnotatorError as exc:
            return str(exc)
        return None

    def _apply_once(self, edit: Edit) -> None:
        with self._db.transaction() as tx:
            first = tx.connection().exec_driver_sql(
                "INSERT INTO applied_edit (id) VALUES (?) ON CONFLICT DO NOTHING RETURNING id", (edit.id,)).first()
            if first is None:
                log.info("edit %s was applied before (its answer was lost)", edit.id)
                return
            _APPLY[edit.kind](tx, **edit.args)

    def _write(self, entry: dict[str, Any]) -> None:
        if self._journal is None:
            return
        with open(self._journal, "ab") as fh:
            fh.write(orjson.dumps(entry) + b"\n")
            fh.flush()
            os.fsync(fh.fileno())

    def _truncate(self) -> None:
        if self._journal is not None and self._journal.exists() and self._journal.stat().st_size:
            with open(self._journal, "wb") as fh:
                os.fsync(fh.fileno())


def _read_journal(path: Path) -> list[Edit]:
    """The edits of the journal not marked done, in order (a torn last line, from a crash, is skipped)."""
    if not path.exists():
        return []
    edits: dict[str, Edit] = {}
    for line in path.read_bytes().splitlines():
        try:
            entry = orjson.loads(line)
        except orjson.JSONDecodeError:
            log.warning("skipped a torn line of %s", path)
            continue
        if "done" in entry:
            edits.pop(entry["done"], None)
        else:
            edits[entry["id"]] = Edit(entry["kind"], entry["args"], entry["id"])
    return list(edits.values())


def _lost_connection(exc: DBAPIError) -> bool:
    import psycopg

    return bool(exc.connection_invalidated) or isinstance(exc.orig, psycopg.OperationalError)
