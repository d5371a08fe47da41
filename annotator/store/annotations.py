"""Document annotations: a coder's stance, note and status on one document."""

from __future__ import annotations

from typing import Any

from annotator.core.errors import InputError
from annotator.core.types import Annotation, DocumentId, Status
from annotator.store._rows import Session, run, run_many
from annotator.store.coders import ensure_coder
from annotator.store.database import utc_now

_UNSET: Any = object()


def get_annotation(tx: Session, document_id: DocumentId, coder: str) -> Annotation:
    """This coder's annotation of the document (a 'not started' one if there is none)."""
    row = run(
        tx,
        "SELECT l.name, a.note, a.status, a.created_at, a.updated_at FROM annotation a"
        " JOIN coder c ON c.id = a.coder_id LEFT JOIN label l ON l.id = a.stance_id"
        " WHERE a.document_id = ? AND c.name = ?",
        (document_id, coder),
    ).first()
    if row is None:
        return Annotation(document_id, coder)
    return Annotation(document_id, coder, row[0], row[1], Status(row[2]), row[3], row[4])


def set_annotation(
    tx: Session, document_id: DocumentId, coder: str, *, stance: str | None = _UNSET, note: str | None = _UNSET,
    status: Status | str = _UNSET, updated_at: str | None = None,
) -> Annotation:
    """Change any of stance, note and status; the others stay as they are."""
    old = get_annotation(tx, document_id, coder)
    stance = old.stance if stance is _UNSET else stance
    note = old.note if note is _UNSET else note
    status = old.status if status is _UNSET else Status(status)
    stance_id = None
    if stance is not None:
        row = run(tx, "SELECT id FROM label WHERE kind = 'stance' AND name = ?", (stance,)).first()
        if row is None:
            raise InputError(f"stance {stance!r} is not an option of the codebook")
        stance_id = row[0]
    coder_id = ensure_coder(tx, coder).id
    now = updated_at or utc_now()
    run(
        tx,
        "INSERT INTO annotation (document_id, coder_id, stance_id, note, status, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(document_id, coder_id) DO UPDATE SET"
        " stance_id = excluded.stance_id, note = excluded.note, status = excluded.status, updated_at = excluded.updated_at",
        (document_id, coder_id, stance_id, note, str(status), old.created_at or now, now),
    )
    return Annotation(document_id, coder, stance, note, status, old.created_at or now, now)


def annotations_of_coder(tx: Session, coder: str) -> dict[DocumentId, Annotation]:
    """Every stored annotation of one coder, by document."""
    rows = run(
        tx,
        "SELECT a.document_id, l.name, a.note, a.status, a.created_at, a.updated_at FROM annotation a"
        " JOIN coder c ON c.id = a.coder_id LEFT JOIN label l ON l.id = a.stance_id WHERE c.name = ?",
        (coder,),
    )
    return {DocumentId(r[0]): Annotation(DocumentId(r[0]), coder, r[1], r[2], Status(r[3]), r[4], r[5]) for r in rows}


def restore_annotations(tx: Session, many: list[Annotation]) -> None:
    """Set stance and status of many annotations in a few statements (undo and redo of a bulk accept)."""
    stance_id = {n: i for i, n in run(tx, "SELECT id, name FROM label WHERE kind = 'stance'")}
    missing = sorted({a.stance for a in many if a.stance is not None and a.stance not in stance_id})
    if missing:
        raise InputError(f"stance {missing[0]!r} is not an option of the codebook")
    coder_id, now = {name: ensure_coder(tx, name).id for name in {a.coder for a in many}}, utc_now()
    run_many(
        tx,
        "INSERT INTO annotation (document_id, coder_id, stance_id, note, status, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(document_id, coder_id) DO UPDATE SET"
        " stance_id = excluded.stance_id, status = excluded.status, updated_at = excluded.updated_at",
        [(a.document_id, coder_id[a.coder], stance_id.get(a.stance) if a.stance else None, a.note, str(a.status),
          a.created_at or now, now) for a in many],
    )


def start(tx: Session, document_id: DocumentId, coder_id: int, status: Status, now: str) -> None:
    """Raise the coder's 'not started' annotation of the document to `status`, in one statement (a coder
    who makes a span has started)."""
    run(tx, "INSERT INTO annotation (document_id, coder_id, stance_id, note, status, created_at, updated_at)"
            " VALUES (?, ?, NULL, NULL, ?, ?, ?) ON CONFLICT(document_id, coder_id) DO UPDATE SET"
            " status = excluded.status, updated_at = excluded.updated_at WHERE annotation.status = 'not_started'",
        (document_id, coder_id, str(status), now, now))


def progress(tx: Session, coder: str) -> tuple[int, int]:
    """(documents this coder marked done, documents in the project)."""
    done = run(
        tx,
        "SELECT COUNT(*) FROM annotation a JOIN coder c ON c.id = a.coder_id WHERE c.name = ? AND a.status = 'done'",
        (coder,),
    ).scalar_one()
    total = run(tx, "SELECT COUNT(*) FROM document").scalar_one()
    return int(done), int(total)
