"""Suggestions shown to coders, their decisions, the documents coders saw them on, and the two switches.

Kept apart from `span` on purpose: agreement and exports read spans only, so a suggestion changes a
figure only through the span a coder made by accepting it (whose provenance names the model), and a
document a coder saw with suggestions is marked assisted, which agreement leaves out by default.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from annotator.core.suggestions import Decision, SuggestedSpan
from annotator.core.types import GOLD_CODER, DocumentId, doc_id_for
from annotator.store._rows import Session, run, run_many
from annotator.store.assignments import reliability_doc_ids
from annotator.store.codebooks import get_setting, set_setting
from annotator.store.coders import ensure_coder
from annotator.store.database import utc_now

_SWITCH = "model.suggestions."  # + coder name: that coder's Model > Suggestions (off unless set)
RELIABILITY_OFF = "model.no_suggestions_in_reliability_sample"  # the PI's setting
_COLUMNS = 's.id, s.document_id, c.name, s.model_version, s.start, s."end", s.label, s.score, s.decision, s.span_uid'


def show_suggestions(tx: Session, document_id: DocumentId, coder: str, model_version: str,
                     found: Iterable[tuple[int, int, str, float]]) -> list[SuggestedSpan]:
    """Record that `coder` is shown these suggestions on the document (which marks it assisted) and
    return every suggestion of this model for them there, with earlier decisions."""
    coder_id, now = ensure_coder(tx, coder).id, utc_now()
    run(tx, "INSERT INTO assisted (document_id, coder_id, model_version, first_seen_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING", (document_id, coder_id, model_version, now))
    run_many(tx, 'INSERT INTO suggestion (document_id, coder_id, model_version, start, "end", label, score,'
             " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
             [(document_id, coder_id, model_version, s, e, label, score, now) for s, e, label, score in found])
    return suggestions_for(tx, document_id, coder, model_version)


def suggestions_for(tx: Session, document_id: DocumentId, coder: str, model_version: str) -> list[SuggestedSpan]:
    rows = run(tx, f"SELECT {_COLUMNS} FROM suggestion s JOIN coder c ON c.id = s.coder_id WHERE s.document_id = ?"
                   ' AND c.name = ? AND s.model_version = ? ORDER BY s.start, s."end"', (document_id, coder, model_version))
    return [_suggestion(r) for r in rows]


def get_suggestion(tx: Session, suggestion_id: int) -> SuggestedSpan:
    row = run(tx, f"SELECT {_COLUMNS} FROM suggestion s JOIN coder c ON c.id = s.coder_id WHERE s.id = ?",
              (suggestion_id,)).first()
    if row is None:
        raise KeyError(suggestion_id)
    return _suggestion(row)


def set_decision(tx: Session, suggestion_id: int, decision: Decision | None, span_uid: str | None = None) -> None:
    """Record (or, with None, take back) a coder's decision on a suggestion."""
    run(tx, "UPDATE suggestion SET decision = ?, span_uid = ?, decided_at = ? WHERE id = ?",
        (None if decision is None else str(decision), span_uid, utc_now() if decision else None, suggestion_id))


def assisted_coders(tx: Session) -> dict[str, set[str]]:
    """doc_id -> the coders who saw suggestions on that document."""
    rows = run(tx, "SELECT d.content_hash, c.name FROM assisted a JOIN document d ON d.id = a.document_id"
                   " JOIN coder c ON c.id = a.coder_id")
    found: dict[str, set[str]] = defaultdict(set)
    for content_hash, coder in rows:
        found[doc_id_for(content_hash)].add(coder)
    return dict(found)


def mark_assisted(tx: Session, marks: Iterable[tuple[DocumentId, str, str]]) -> None:
    """Mark (document, coder, model version) as assisted, keeping marks already there (merge, hand-out)."""
    now = utc_now()
    rows = [(d, ensure_coder(tx, coder).id, version, now) for d, coder, version in marks]
    run_many(tx, "INSERT INTO assisted (document_id, coder_id, model_version, first_seen_at)"
             " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", rows)


def assisted_marks(tx: Session, coder: str | None = None) -> list[tuple[str, str, str]]:
    """(content hash, coder, model version) of every assisted mark (of one coder)."""
    sql = ("SELECT d.content_hash, c.name, a.model_version FROM assisted a JOIN document d ON d.id = a.document_id"
           " JOIN coder c ON c.id = a.coder_id")
    return [tuple(r) for r in (run(tx, sql + " WHERE c.name = ?", (coder,)) if coder else run(tx, sql))]


def suggestions_enabled(tx: Session, coder: str) -> bool:
    return bool(get_setting(tx, _SWITCH + coder))


def set_suggestions_enabled(tx: Session, coder: str, on: bool) -> None:
    set_setting(tx, _SWITCH + coder, bool(on))


def suggestions_off_in_reliability_sample(tx: Session) -> bool:
    return bool(get_setting(tx, RELIABILITY_OFF))


def set_suggestions_off_in_reliability_sample(tx: Session, off: bool) -> None:
    set_setting(tx, RELIABILITY_OFF, bool(off))


def in_reliability_sample(tx: Session, document_id: DocumentId, coder: str) -> bool:
    """Whether the document is in the double-coded reliability sample: the sample `annotator assign` drew
    when there is one, else any document another coder has begun."""
    drawn = reliability_doc_ids(tx)
    if drawn:
        row = run(tx, "SELECT content_hash FROM document WHERE id = ?", (document_id,)).first()
        return row is not None and doc_id_for(row[0]) in drawn
    others = run(tx, "SELECT COUNT(*) FROM annotation a JOIN coder c ON c.id = a.coder_id WHERE a.document_id = ?"
                     " AND c.name NOT IN (?, ?) AND a.status != 'not_started'", (document_id, GOLD_CODER, coder))
    return int(others.scalar_one()) > 0


def _suggestion(r: Sequence[Any]) -> SuggestedSpan:
    return SuggestedSpan(int(r[0]), DocumentId(r[1]), r[2], r[3], r[4], r[5], r[6], float(r[7]),
                         Decision(r[8]) if r[8] else None, r[9])


def mark_assisted_by_hash(tx: Session, marks: Iterable[tuple[str, str, str]]) -> int:
    """`mark_assisted` for (content hash, coder, model version) marks from another copy of the project
    (merge, hand-out); marks of documents this project lacks are skipped. How many were new."""
    ids = {h: i for i, h in run(tx, "SELECT id, content_hash FROM document")}
    before = int(run(tx, "SELECT COUNT(*) FROM assisted").scalar_one())
    mark_assisted(tx, [(DocumentId(ids[h]), coder, version) for h, coder, version in marks if h in ids])
    return int(run(tx, "SELECT COUNT(*) FROM assisted").scalar_one()) - before
