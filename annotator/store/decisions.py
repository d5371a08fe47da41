"""The adjudicator's decisions on disagreements, kept per document as a project setting.

Gold spans are the result; a decision records that a passage was settled, also when the answer was "no
span here", which leaves nothing else behind. Passages are keyed "start-end" (code-point offsets).
"""

from __future__ import annotations

from annotator.store._rows import Session, dumps, loads, run

_PREFIX = "adjudication.decisions."
# Beside the passages, one key per document: the adjudicator set (or cleared) the gold stance by hand,
# so auto-accept must not set it again from the coders' agreement.
STANCE_KEY = "stance"
STANCE_BY_HAND = "by hand"


def get_decisions(tx: Session, doc_id: str) -> dict[str, str]:
    """passage key -> decision, for one document (by its public doc_id)."""
    row = run(tx, "SELECT value FROM setting WHERE key = ?", (_PREFIX + doc_id,)).first()
    return dict(loads(row[0]) or {}) if row else {}


def all_decisions(tx: Session) -> dict[str, dict[str, str]]:
    """doc_id -> its decisions, for every document with any."""
    rows = run(tx, "SELECT key, value FROM setting WHERE key LIKE ?", (_PREFIX + "%",))  # no % or _ in it
    return {key[len(_PREFIX):]: dict(loads(value) or {}) for key, value in rows}


def set_decision(tx: Session, doc_id: str, passage: str, decision: str | None) -> None:
    """Record (or, with None, forget) the decision on one passage."""
    decisions = get_decisions(tx, doc_id)
    if decision is None:
        decisions.pop(passage, None)
    else:
        decisions[passage] = decision
    if decisions:
        run(tx, "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (_PREFIX + doc_id, dumps(decisions)))
    else:
        run(tx, "DELETE FROM setting WHERE key = ?", (_PREFIX + doc_id,))
