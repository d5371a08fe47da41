"""Coders: the people who annotate, by unique name."""

from __future__ import annotations

from annotator.core.errors import InputError
from annotator.core.types import Coder, CoderId
from annotator.store._rows import Session, run
from annotator.store.database import utc_now


def ensure_coder(tx: Session, name: str) -> Coder:
    """The coder called `name`, created if new."""
    name = name.strip()
    if not name:
        raise InputError("a coder needs a name")
    row = run(tx, "SELECT id FROM coder WHERE name = ?", (name,)).first()
    if row is None:
        run(tx, "INSERT INTO coder (name, created_at) VALUES (?, ?)", (name, utc_now()))
        row = run(tx, "SELECT id FROM coder WHERE name = ?", (name,)).first()
    return Coder(CoderId(row[0]), name)


def find_coder(tx: Session, name: str) -> Coder | None:
    row = run(tx, "SELECT id FROM coder WHERE name = ?", (name,)).first()
    return Coder(CoderId(row[0]), name) if row else None


def list_coders(tx: Session) -> list[Coder]:
    return [Coder(CoderId(i), n) for i, n in run(tx, "SELECT id, name FROM coder ORDER BY name")]


def coder_ids(tx: Session) -> dict[str, int]:
    return {n: i for i, n in run(tx, "SELECT id, name FROM coder")}
