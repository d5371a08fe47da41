"""Importing files into a project: articles and annotations in every format annotator.io reads.

Each file is one transaction: it imports whole or not at all, and a file that fails does not stop
the others. The outcome of every file is reported (imported, skipped as already present, failed),
with what it held that was not imported, and every file a folder import passes by is listed with
its reason. A cancel stops between batches of a large file (rolling that file back) or between files.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import AnnotatorError, Cancelled
from annotator.io.formats.common import ReadOptions, Tally
from annotator.io.reading import PassedFile, PlannedFile, open_reading, plan_import
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
    tally: Tally | None = None  # what the file held that was not imported as such
    passed: str | None = None  # why a folder import passed this file by (then `ok` says if that is harmless)
    companion: Path | None = None  # a brat .txt's .ann

    @property
    def complete(self) -> bool:
        """Everything the file held was imported (what its tool marks as no annotation aside)."""
        return self.ok and not (self.tally and self.tally.left_out)

    def describe(self) -> str:
        if self.cancelled:
            return "cancelled: nothing from this file was imported"
        if self.passed:
            return f"passed by: {self.passed}"
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
        if self.companion:
            parts.append(f"with {self.companion.name}")
        if self.tally:
            parts += self.tally.describe()
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
    options: ReadOptions | None = None,
) -> list[FileOutcome]:
    """Import files and folders (recursively); returns one outcome per file, in order, then one per
    file passed by (with its reason)."""
    options = options or ReadOptions(coder=coder, trim_boilerplate=trim_boilerplate)
    planned, passed = plan_import([Path(p) for p in paths])
    outcomes = []
    for index, item in enumerate(planned):
        path = item.path
        if cancelled and cancelled():
            break
        if progress:
            progress(index, len(planned), path)
        within = (lambda fraction, i=index, p=path: progress(i + fraction, len(planned), p)) if progress else None
        outcome = import_file(db, item, add_labels=add_labels, options=options, progress=within, cancelled=cancelled)
        outcomes.append(outcome)
        if outcome.cancelled:
            break
    if progress:
        progress(len(outcomes), len(planned), Path())
    return outcomes + [_passed(p) for p in passed]


def _passed(passed: PassedFile) -> FileOutcome:
    return FileOutcome(passed.path, passed.harmless, error=None if passed.harmless else passed.reason, passed=passed.reason)


def import_file(
    db: Database, item: Path | PlannedFile, *, coder: str | None = None, add_labels: bool = False,
    trim_boilerplate: bool = False, options: ReadOptions | None = None,
    progress: Callable[[float], None] | None = None, cancelled: Callable[[], bool] | None = None,
) -> FileOutcome:
    """Import one file in one transaction; a problem with it is reported, never half-imported.

    JSONL is read and written in batches inside the transaction, so memory stays bounded however
    large the file; a bad line anywhere rolls every batch back. After each batch `progress` hears
    the share of the file read and `cancelled` is asked; a cancel rolls the file back.
    """
    counts = ImportCounts()
    options = options or ReadOptions(coder=coder, trim_boilerplate=trim_boilerplate)
    if not isinstance(item, PlannedFile):
        planned, _passed_by = plan_import([item])
        item = planned[0] if planned else PlannedFile(Path(item), "txt")
    path = item.path
    try:
        reader = open_reading(item, options)
        size = max(_size(path), 1)
        with db.transaction() as tx:
            for batch in reader.batches():
                counts.add(import_coding_records(tx, batch, add_labels=add_labels))
                if progress:
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
    tally = reader.tally
    return FileOutcome(path, True, counts, sum(tally.passed_over.values()), tally=tally, companion=item.companion)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading the file reports the problem
