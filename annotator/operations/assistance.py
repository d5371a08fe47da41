"""Agreement measures people, so documents coded with the model's suggestions are left out by default.

A document counts as assisted when any coder saw suggestions on it (the project's `assisted` marks) or
holds a span made by accepting one (provenance "suggested:…", which also travels in JSONL files). The
whole document is left out, for every coder: a pair of coders of whom one was assisted no longer
measures two people's independent reading (pre-annotation pulls coders toward the model: Fort & Sagot
2010; Berzak et al. 2016).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from annotator.agreement.report import AgreementReport
from annotator.core.suggestions import is_suggested
from annotator.core.types import CodingRecord
from annotator.operations.projects import is_project_file
from annotator.operations.sources import iter_source_records
from annotator.store.database import Database
from annotator.store.suggestions import assisted_coders


def assisted_doc_ids(records: Iterable[CodingRecord], marks: Iterable[str] = ()) -> set[str]:
    """doc_ids of the documents any coder was assisted on (marks, or an accepted suggestion's span)."""
    found = set(marks)
    found.update(r.doc_id for r in records if any(is_suggested(s.provenance) for s in r.spans))
    return found


def unassisted(records: list[CodingRecord], marks: Iterable[str] = ()) -> tuple[list[CodingRecord], int]:
    """The records of documents nobody was assisted on, and how many documents were left out."""
    assisted = assisted_doc_ids(records, marks)
    kept = [r for r in records if r.doc_id not in assisted]
    return kept, len({r.doc_id for r in records} & assisted)


def project_marks(path: Path) -> set[str]:
    """doc_ids a project marks as assisted (none for a JSONL file)."""
    if not is_project_file(path):
        return set()
    db = Database.open(path, create=False)
    try:
        with db.read() as tx:
            return set(assisted_coders(tx))
    finally:
        db.close()


def agreement_records(path: Path, *, coder: str | None = None,
                      include_assisted: bool = False) -> tuple[list[CodingRecord], int]:
    """The records agreement is computed on, and how many assisted documents they leave out (0 when
    `include_assisted`: then the count is of assisted documents kept in)."""
    records = iter_source_records(path, coder=coder)
    kept, assisted = unassisted(records, project_marks(path))
    return (records, assisted) if include_assisted else (kept, assisted)


def assistance_note(assisted: int, *, included: bool) -> str | None:
    if assisted == 0:
        return None
    if included:
        return (f"{assisted} document(s) coded with model suggestions are included (--include-assisted): these "
                "figures partly measure agreement with the model, not between people.")
    return (f"{assisted} document(s) coded with model suggestions were left out; agreement is measured on "
            "unassisted documents (--include-assisted counts them).")


def with_assistance_note(report: AgreementReport, assisted: int, *, included: bool) -> AgreementReport:
    note = assistance_note(assisted, included=included)
    return report if note is None else replace(report, notes=(note,) + tuple(report.notes))
