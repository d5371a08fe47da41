"""Where agreement data comes from: a project (documents its coders marked done), or annotation files
(a file or a folder of them, in any format import reads: e.g. INCEpTION's per-annotator TSV files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.core.codebook import Codebook
from annotator.core.errors import InputError
from annotator.core.locations import is_server_url
from annotator.core.types import CodingRecord
from annotator.io.formats.common import ReadOptions
from annotator.io.reading import open_reading, plan_import
from annotator.operations.projects import is_project_file
from annotator.store import codebooks
from annotator.store.assignments import load_design, reliability_doc_ids
from annotator.store.database import Database
from annotator.store.records import iter_coding_records


def iter_source_records(path: Path, *, coder: str | None = None) -> list[CodingRecord]:
    """The coded records of a project (only documents a coder marked done count for that coder) or of
    annotation files (every record counts; `coder` names the coder of files that name none)."""
    if not is_server_url(path):
        path = Path(path)
        if not path.exists():
            raise InputError("no such file", path=str(path))
        if not is_project_file(path):
            return _file_records(path, ReadOptions(coder=coder))
    db = Database.open(path, create=False)
    try:
        with db.read() as tx:
            return list(iter_coding_records(tx, only_done=True, include_uncoded=False))
    finally:
        db.close()


def source_codebook(path: Path) -> Codebook | None:
    """The codebook of a project source; None for a JSONL file."""
    if not is_project_file(path):
        return None
    db = Database.open(path, create=False)
    try:
        with db.read() as tx:
            return codebooks.load_codebook(tx)
    finally:
        db.close()


def _file_records(path: Path, options: ReadOptions) -> list[CodingRecord]:
    planned, passed = plan_import([path])
    if not planned:
        reasons = "; ".join(f"{p.path.name}: {p.reason}" for p in passed) or "the folder is empty"
        raise InputError(f"no annotation files here ({reasons})", path=str(path))
    records: list[CodingRecord] = []
    for item in planned:
        for batch in open_reading(item, options).batches():
            records += batch
    return records


def source_sample(path: Path) -> tuple[dict[str, Any] | None, set[str]]:
    """The design of the project's reliability sample (`annotator assign`) and its doc_ids; (None, empty)
    for a file that is not a project, or a project without an assignment."""
    if not is_project_file(path):
        return None, set()
    db = Database.open(path, create=False)
    try:
        with db.read() as tx:
            design = load_design(tx)
            return design, reliability_doc_ids(tx) if design is not None else set()
    finally:
        db.close()
