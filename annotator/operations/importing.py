"""Importing files into a project: articles (.txt, .html, .csv, .jsonl) and annotations (.jsonl).

Each file is one transaction: it imports whole or not at all, and a file that fails does not stop
the others. The outcome of every file is reported (imported, skipped as already present, failed).
A cancel stops between batches of a large file (rolling that file back) or between files.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import AnnotatorError, Cancelled
from annotator.core.types import CodingRecord
from annotator.io.articles import iter_article_files, read_articles
from annotator.io.jsonl import JsonlReader
from annotator.store.database import Database
from annotator.store.records import ImportCounts, import_coding_records

log = logging.getLogger(__name__)

Progress = Callable[[float, int, Path], None]  # files done (a fraction within a large file), files, file now


@dataclass(frozen=True, slots=True)
class FileOutcome:
    path: Path
    ok: bool
    counts: ImportCounts | None = None
    skipped_lines: int = 0
    error: str | None = None
    cancelled: bool = False

    def describe(self) -> str:
        if self.cancelled:
            return "cancelled: nothing from this file was imported"
        if not self.ok:
            return f"failed: {self.error}"
        c = self.counts or ImportCounts()
        parts = [f"{c.documents_added} new document(s)"]
        if c.documents_skipped:
            parts.append(f"{c.documents_skipped} already present (skipped)")
        if c.spans_added or c.spans_updated or c.spans_unchanged:
            parts.append(f"{c.spans_added} span(s) added, {c.spans_updated} updated, {c.spans_unchanged} unchanged")
        if c.spans_renumbered:
            parts.append(f"{c.spans_renumbered} span id(s) were another document's or coder's already: those spans got "
                         "new ids (the file's id kept as source_id)")
        if c.annotations_changed:
            parts.append(f"{c.annotations_changed} document annotation(s) set")
        if c.labels_added:
            parts.append(f"labels added to the codebook: {', '.join(c.labels_added)}")
        if self.skipped_lines:
            parts.append(f"{self.skipped_lines} line(s) skipped (Prodigy answer not 'accept')")
        return "; ".join(parts)


def import_paths(
    db: Database,
    paths: Iterable[str | Path],
    *,
    coder: str | None = None,
    add_labels: bool = False,
    trim_boilerplate: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[FileOutcome]:
    """Import files and folders (recursively); returns one outcome per file, in order."""
    files = iter_article_files([Path(p) for p in paths])
    outcomes = []
    for index, path in enumerate(files):
        if cancelled and cancelled():
            break
        if progress:
            progress(index, len(files), path)
        within = (lambda fraction, i=index, p=path: progress(i + fraction, len(files), p)) if progress else None
        outcome = import_file(db, path, coder=coder, add_labels=add_labels, trim_boilerplate=trim_boilerplate,
                              progress=within, cancelled=cancelled)
        outcomes.append(outcome)
        if outcome.cancelled:
            break
    if progress:
        progress(len(outcomes), len(files), Path())
    return outcomes


def import_file(
    db: Database, path: Path, *, coder: str | None = None, add_labels: bool = False, trim_boilerplate: bool = False,
    progress: Callable[[float], None] | None = None, cancelled: Callable[[], bool] | None = None,
) -> FileOutcome:
    """Import one file in one transaction; a problem with it is reported, never half-imported.

    JSONL is read and written in batches inside the transaction, so memory stays bounded however
    large the file; a bad line anywhere rolls every batch back. After each batch `progress` hears
    the share of the file read and `cancelled` is asked; a cancel rolls the file back.
    """
    counts = ImportCounts()
    try:
        reader, batches = _batches(path, coder, trim_boilerplate)
        size = max(path.stat().st_size, 1) if reader else 1
        with db.transaction() as tx:
            for batch in batches:
                counts.add(import_coding_records(tx, batch, add_labels=add_labels))
                if progress and reader:
                    progress(min(reader.bytes_read / size, 1.0))
                if cancelled and cancelled():
                    raise Cancelled("import cancelled")
    except Cancelled:
        log.info("import of %s cancelled", path)
        return FileOutcome(path, False, error="cancelled", cancelled=True)
    except AnnotatorError as exc:
        if exc.path is None:
            exc.path = str(path)
        log.info("import of %s failed: %s", path, exc)
        return FileOutcome(path, False, error=str(exc))
    return FileOutcome(path, True, counts, reader.skipped if reader else 0)


def _batches(path: Path, coder: str | None, trim_boilerplate: bool) -> tuple[JsonlReader | None, Iterable[list[CodingRecord]]]:
    if path.suffix.lower() == ".jsonl":
        reader = JsonlReader(path, default_coder=coder)
        return reader, reader.batches()
    documents = read_articles(path, trim_boilerplate=trim_boilerplate)
    records = [
        CodingRecord("", d.text, {"title": d.title, "outlet": d.outlet, "url": d.url, "date": d.date,
                                  "language": d.language, **d.meta}, None)
        for d in documents
    ]
    return None, [records]
