"""Exporting a project: canonical JSONL (default), doccano, Prodigy, Label Studio, CSV or brat, written atomically."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import Cancelled, InputError
from annotator.core.types import CodingRecord
from annotator.io.exporters import FOLDER_FORMATS, FORMATS, SUFFIXES, atomic_folder, atomic_output
from annotator.store import coders as coder_store
from annotator.store.database import Database
from annotator.store.documents import count_documents
from annotator.store.records import iter_coding_records

DEFAULT_EXPORT_DIR = Path("exports")
REPORT_EVERY = 200  # documents between progress reports (and checks for cancel)
Progress = Callable[[int, int], None]  # documents written so far, documents in all


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    format: str
    count: int  # lines (JSONL formats) or rows (CSV)


def default_export_path(project: Path, fmt: str) -> Path:
    return DEFAULT_EXPORT_DIR / f"{project.stem}{SUFFIXES[fmt]}"


def export_project(
    db: Database,
    out: Path | None = None,
    *,
    fmt: str = "jsonl",
    coders: Iterable[str] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write the project's records to `out` (default: exports/<project>.<format>); same project, same bytes.

    `progress` hears how many documents are written; when `cancelled()` turns true the export stops
    with Cancelled and leaves no file behind (the output appears only when complete).
    """
    if fmt not in FORMATS and fmt not in FOLDER_FORMATS:
        raise InputError(f"unknown export format {fmt!r}", hint=f"choose one of {', '.join([*FORMATS, *FOLDER_FORMATS])}")
    out = Path(out) if out is not None else default_export_path(db.path, fmt)
    wanted = list(coders) if coders else None
    with db.read() as tx:
        if wanted:
            unknown = [c for c in wanted if coder_store.find_coder(tx, c) is None]
            if unknown:
                known = ", ".join(c.name for c in coder_store.list_coders(tx)) or "none yet"
                raise InputError(f"no coder called {', '.join(unknown)} in this project", hint=f"coders: {known}")
        records = iter_coding_records(tx, coders=wanted, include_uncoded=wanted is None)
        if progress or cancelled:
            records = _watched(records, count_documents(tx), progress, cancelled)
        if fmt in FOLDER_FORMATS:
            with atomic_folder(out, ours=_brat_file) as folder:
                count = FOLDER_FORMATS[fmt](records, folder)
        else:
            with atomic_output(out) as fh:
                count = FORMATS[fmt](records, fh)
    return ExportResult(out, fmt, count)


def _brat_file(relative: Path) -> bool:
    """A file a brat export writes: annotation.conf, and <coder>/<doc_id>.txt and .ann."""
    return relative.as_posix() == "annotation.conf" or (len(relative.parts) == 2 and relative.suffix in (".txt", ".ann"))


def _watched(records: Iterator[CodingRecord], total: int, progress: Progress | None,
             cancelled: Callable[[], bool] | None) -> Iterator[CodingRecord]:
    """`records`, reporting every REPORT_EVERY documents and stopping when cancelled."""
    documents, last = 0, None
    for record in records:
        if record.doc_id != last:  # records come document by document
            if documents % REPORT_EVERY == 0:
                if cancelled and cancelled():
                    raise Cancelled("export cancelled: no file was written")
                if progress:
                    progress(documents, total)
            documents, last = documents + 1, record.doc_id
        yield record
    if progress:
        progress(total, total)  # finished (with some coders only, not every document had a record)
