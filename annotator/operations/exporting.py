"""Exporting a project: canonical JSONL (default), doccano, Prodigy/spaCy or CSV, written atomically."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import InputError
from annotator.io.exporters import FORMATS, SUFFIXES, atomic_output
from annotator.store import coders as coder_store
from annotator.store.database import Database
from annotator.store.records import iter_coding_records

DEFAULT_EXPORT_DIR = Path("exports")


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    format: str
    count: int  # lines (JSONL formats) or rows (CSV)


def default_export_path(project: Path, fmt: str) -> Path:
    return DEFAULT_EXPORT_DIR / f"{project.stem}{SUFFIXES[fmt]}"


def export_project(
    db: Database, out: Path | None = None, *, fmt: str = "jsonl", coders: Iterable[str] | None = None
) -> ExportResult:
    """Write the project's records to `out` (default: exports/<project>.<format>); same project, same bytes."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}", hint=f"choose one of {', '.join(FORMATS)}")
    out = Path(out) if out is not None else default_export_path(db.path, fmt)
    wanted = list(coders) if coders else None
    with db.read() as tx:
        if wanted:
            unknown = [c for c in wanted if coder_store.find_coder(tx, c) is None]
            if unknown:
                known = ", ".join(c.name for c in coder_store.list_coders(tx)) or "none yet"
                raise InputError(f"no coder called {', '.join(unknown)} in this project", hint=f"coders: {known}")
        records = iter_coding_records(tx, coders=wanted, include_uncoded=wanted is None)
        with atomic_output(out) as fh:
            count = FORMATS[fmt](records, fh)
    return ExportResult(out, fmt, count)
