"""The stored assignment of documents to coders (`annotator assign`): rows per (document, coder), the
reliability sample flagged, and the design it was drawn by (a setting), so the agreement report can
say how the sample was drawn."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotator.core.assignment import Assignment
from annotator.core.types import doc_id_for
from annotator.store._rows import Session, on_server, run, run_many
from annotator.store.codebooks import get_setting, set_setting
from annotator.store.coders import ensure_coder

DESIGN_SETTING = "assignment.design"


def documents_with_strata(tx: Session, stratify: str | None) -> list[tuple[int, Any]]:
    """(id, stratum) of every document; the stratum is a document column (outlet, date, language) or a
    metadata field; None for all when not stratifying."""
    if stratify is None:
        return [(int(r[0]), None) for r in run(tx, "SELECT id FROM document ORDER BY id")]
    if stratify in ("outlet", "date", "language", "title"):
        return [(int(r[0]), r[1]) for r in run(tx, f"SELECT id, {stratify} FROM document ORDER BY id")]
    return [(int(r[0]), r[1]) for r in run(tx, "SELECT id, json_extract(meta, ?) FROM document ORDER BY id",
                                            (f'$."{stratify}"',))]


def save_assignment(tx: Session, assignment: Assignment, design: dict[str, Any]) -> None:
    """Replace any earlier assignment with this one (one transaction: the caller's)."""
    earlier = {int(r[0]) for r in run(tx, "SELECT DISTINCT coder_id FROM assignment")}
    run(tx, "DELETE FROM assignment")
    reliability = set(assignment.reliability)
    for coder in assignment.coders:
        coder_id = ensure_coder(tx, coder).id
        earlier.discard(coder_id)
        run_many(tx, "INSERT INTO assignment (document_id, coder_id, reliability) VALUES (?, ?, ?)",
                 ((doc, coder_id, doc in reliability) for doc in assignment.documents_of(coder)))
    set_setting(tx, DESIGN_SETTING, design)
    _drop_idle_coders(tx, earlier)


# Every table that names a coder of a project file (a server's members stay: they are people with logins).
_CODER_TABLES = ("span", "span_tombstone", "annotation", "suggestion", "assisted", "assignment")


def _drop_idle_coders(tx: Session, coder_ids: Iterable[int]) -> None:
    """Coders only the replaced assignment named, who did no work: they go with it (else `stats` and
    the app list them with nothing assigned and nothing done)."""
    if on_server(tx):
        return
    for coder_id in sorted(coder_ids):
        if all(run(tx, f"SELECT 1 FROM {table} WHERE coder_id = ? LIMIT 1", (coder_id,)).first() is None
               for table in _CODER_TABLES):
            run(tx, "DELETE FROM coder WHERE id = ?", (coder_id,))


def load_design(tx: Session) -> dict[str, Any] | None:
    """The design of the stored assignment, or None when there is none."""
    if run(tx, "SELECT 1 FROM assignment LIMIT 1").first() is None:
        return None
    design = get_setting(tx, DESIGN_SETTING)
    return design if isinstance(design, dict) else None


def reliability_doc_ids(tx: Session) -> set[str]:
    """The public doc_ids of the reliability sample."""
    rows = run(tx, "SELECT DISTINCT d.content_hash FROM assignment a JOIN document d ON d.id = a.document_id"
                   " WHERE a.reliability")
    return {doc_id_for(r[0]) for r in rows}


def assigned_document_ids(tx: Session, coder: str) -> set[int] | None:
    """The documents assigned to `coder`, or None when the coder has no assignment (sees everything)."""
    rows = run(tx, "SELECT a.document_id FROM assignment a JOIN coder c ON c.id = a.coder_id WHERE c.name = ?",
               (coder,)).all()
    return {int(r[0]) for r in rows} if rows else None


def assigned_coders(tx: Session) -> list[str]:
    """The coders the stored assignment names, by name (none when no assignment was drawn)."""
    return [r[0] for r in run(tx, "SELECT DISTINCT c.name FROM assignment a JOIN coder c ON c.id = a.coder_id"
                                  " ORDER BY c.name")]
