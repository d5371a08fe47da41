"""Trained models: each saved with its version, training data hash, date and figures; the newest is used."""

from __future__ import annotations

from typing import Any

from annotator.core.suggestions import StoredModel
from annotator.store._rows import Session, dumps, loads, run
from annotator.store.database import utc_now


def save_model(tx: Session, data_hash: str, meta: dict[str, Any], data: bytes) -> StoredModel:
    """Store a new model; its version is the next number and the first 8 digits of its data hash."""
    number = int(run(tx, "SELECT COUNT(*) FROM model").scalar_one()) + 1
    version = f"{number}-{data_hash[:8]}"
    while run(tx, "SELECT 1 FROM model WHERE version = ?", (version,)).first():  # a merged-in model took it
        number += 1
        version = f"{number}-{data_hash[:8]}"
    created = utc_now()
    run(tx, "INSERT INTO model (version, created_at, data_hash, meta, data) VALUES (?, ?, ?, ?, ?)",
        (version, created, data_hash, dumps(meta), data))
    return StoredModel(version, created, data_hash, meta, data)


def latest_model(tx: Session) -> StoredModel | None:
    """The model trained last (the one suggestions come from), or None."""
    row = run(tx, "SELECT version, created_at, data_hash, meta, data FROM model ORDER BY created_at DESC, id DESC"
                  " LIMIT 1").first()
    return None if row is None else StoredModel(row[0], row[1], row[2], loads(row[3]) or {}, bytes(row[4]))


def list_models(tx: Session) -> list[StoredModel]:
    """Every stored model, newest first, without its bytes (b"")."""
    rows = run(tx, "SELECT version, created_at, data_hash, meta FROM model ORDER BY created_at DESC, id DESC")
    return [StoredModel(r[0], r[1], r[2], loads(r[3]) or {}, b"") for r in rows]


def put_model(tx: Session, model: StoredModel) -> None:
    """Copy a model as it is (a hand-out carries the project's model to the coder)."""
    run(tx, "INSERT INTO model (version, created_at, data_hash, meta, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (model.version, model.created_at, model.data_hash, dumps(model.meta), model.data))
