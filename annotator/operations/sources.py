"""Where agreement data comes from: a project (documents its coders marked done) or a JSONL file."""

from __future__ import annotations

from pathlib import Path

from annotator.core.codebook import Codebook
from annotator.core.errors import InputError
from annotator.core.types import CodingRecord
from annotator.io.jsonl import read_jsonl
from annotator.operations.projects import is_project_file
from annotator.store import codebooks
from annotator.store.database import Database
from annotator.store.records import iter_coding_records


def iter_source_records(path: Path) -> list[CodingRecord]:
    """The coded records of a project (only documents a coder marked done count for that coder) or of
    a JSONL file (every record counts; canonical, doccano or Prodigy lines)."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file", path=str(path))
    if not is_project_file(path):
        records, _skipped = read_jsonl(path)
        return records
    db = Database.open(path, create=False)
    try:
        with db.read() as tx:
            return list(iter_coding_records(tx, only_done=True, include_uncoded=False))
    finally:
        db.close()


def source_codebook(path: Path) -> Codebook | None:
    """The codebook of a project source; None for a JSONL file."""
    if not is_project_file(Path(path)):
        return None
    db = Database.open(path, create=False)
    try:
        with db.read() as tx:
            return codebooks.load_codebook(tx)
    finally:
        db.close()
