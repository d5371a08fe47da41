"""The project's codebook: labels and stance options as rows, the rest as settings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotator.core.codebook import Attribute, Codebook, Label, key_problem
from annotator.core.errors import InputError
from annotator.store._rows import Session, dumps, loads, run

_LABEL_COLUMNS = "kind, name, key, colour, definition, include, exclude, examples, value, position"


def install_codebook(tx: Session, codebook: Codebook) -> None:
    """Store `codebook` in an empty project (labels, stance options and settings)."""
    for position, label in enumerate(codebook.span_labels + codebook.stance_options):
        _insert_label(tx, label, position)
    _set(tx, "codebook.name", codebook.name)
    _set(tx, "codebook.guidelines", codebook.guidelines)
    _set(tx, "codebook.stance_scale", codebook.stance_scale)
    _set(tx, "codebook.attributes", [[a.name, a.definition, list(a.suggestions)] for a in codebook.attributes])


def has_codebook(tx: Session) -> bool:
    return run(tx, "SELECT 1 FROM label LIMIT 1").first() is not None


def load_codebook(tx: Session) -> Codebook:
    labels = [_label(row) for row in run(tx, f"SELECT {_LABEL_COLUMNS} FROM label ORDER BY position, id")]
    return Codebook(
        name=_get(tx, "codebook.name") or "codebook",
        guidelines=_get(tx, "codebook.guidelines") or "",
        span_labels=tuple(x for x in labels if x.kind == "span"),
        stance_options=tuple(x for x in labels if x.kind == "stance"),
        stance_scale=_get(tx, "codebook.stance_scale") or "nominal",
        attributes=tuple(Attribute(n, d, tuple(s)) for n, d, s in (_get(tx, "codebook.attributes") or [])),
    )


def save_label(tx: Session, label: Label, old_name: str | None = None) -> Label:
    """Add `label`, or update the label called `old_name` (rename, recolour, re-key); spans keep it."""
    taken = {k: n for k, n in run(tx, "SELECT key, name FROM label WHERE kind = 'span' AND key IS NOT NULL")}
    if label.kind == "span":
        problem = key_problem(label.key, {k: n for k, n in taken.items() if n != old_name}, label.name)
        if problem:
            raise InputError(f"label {label.name!r}: {problem}")
    current = old_name if old_name is not None else label.name
    row = run(tx, "SELECT id FROM label WHERE kind = ? AND name = ?", (label.kind, current)).first()
    clash = run(tx, "SELECT id FROM label WHERE kind = ? AND name = ?", (label.kind, label.name)).first()
    if clash and (row is None or clash[0] != row[0]):
        if old_name is not None:
            raise InputError(f"a label called {label.name!r} exists already")
    if row is None:
        position = run(tx, "SELECT COALESCE(MAX(position), -1) + 1 FROM label").scalar_one()
        _insert_label(tx, label, position)
    else:
        run(
            tx,
            "UPDATE label SET name=?, key=?, colour=?, definition=?, include=?, exclude=?, examples=?, value=? WHERE id=?",
            (label.name, label.key, label.colour, label.definition, dumps(list(label.include)),
             dumps(list(label.exclude)), dumps(list(label.examples)), label.value, row[0]),
        )
    return label


def delete_label(tx: Session, kind: str, name: str) -> None:
    """Remove a label nobody has used (a label in use is refused: its spans would be lost)."""
    row = run(tx, "SELECT id FROM label WHERE kind = ? AND name = ?", (kind, name)).first()
    if row is None:
        return
    used = run(tx, "SELECT 1 FROM span WHERE label_id = ? UNION ALL SELECT 1 FROM annotation WHERE stance_id = ? LIMIT 1", (row[0], row[0])).first()
    if used:
        raise InputError(f"label {name!r} is in use; rename it or relabel its spans first")
    run(tx, "DELETE FROM label WHERE id = ?", (row[0],))


def label_ids(tx: Session, kind: str) -> dict[str, int]:
    return {n: i for i, n in run(tx, "SELECT id, name FROM label WHERE kind = ?", (kind,))}


def _insert_label(tx: Session, label: Label, position: int) -> None:
    run(
        tx,
        f"INSERT INTO label ({_LABEL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (label.kind, label.name, label.key, label.colour, label.definition, dumps(list(label.include)),
         dumps(list(label.exclude)), dumps(list(label.examples)), label.value, position),
    )


def _label(row: Sequence[Any]) -> Label:
    kind, name, key, colour, definition, include, exclude, examples, value, _position = row
    return Label(name, kind, key, colour, definition, tuple(loads(include) or ()), tuple(loads(exclude) or ()),
                 tuple(loads(examples) or ()), value)


def _set(tx: Session, key: str, value: object) -> None:
    run(tx, "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, dumps(value)))


def _get(tx: Session, key: str) -> Any:
    row = run(tx, "SELECT value FROM setting WHERE key = ?", (key,)).first()
    return loads(row[0]) if row else None


def get_setting(tx: Session, key: str) -> Any:
    """A project setting (JSON value), or None."""
    return _get(tx, key)


def set_setting(tx: Session, key: str, value: object) -> None:
    _set(tx, key, value)
