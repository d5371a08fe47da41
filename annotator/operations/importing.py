"""Importing files into a project: articles and annotations in every format annotator.io reads.

Each file is one transaction: it imports whole or not at all, and a file that fails does not stop
the others. The outcome of every file is reported (imported, skipped as already present, failed),
with what it held that was not imported, and every file a folder import passes by is listed with
its reason. A cancel stops between batches of a large file (rolling that file back) or between files.

A file is read before the project's write lock is taken (so a slow or stuck read never locks other
writers out): small files whole, large JSONL files copied aside first. Only regular files are read,
up to a size limit the user can raise. A fault of the project itself (a full disk, a read-only or
damaged file, a lock held too long) stops the import: the files done before it are listed as done,
the ones after it as not tried.
"""

from __future__ import annotations

import logging
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import AnnotatorError, Cancelled, InputError, ProjectError
from annotator.core.types import CodingRecord
from annotator.io.atomic_files import scratch_file
from annotator.io.formats.common import ReadOptions, Tally
from annotator.io.jsonl import JsonlReader
from annotator.io.reading import PassedFile, PlannedFile, Reading, open_reading, plan_import
from annotator.store.database import Database
from annotator.store.records import ImportCounts, import_coding_records

log = logging.getLogger(__name__)

DEFAULT_MAX_FILE_MB = 2048  # a file larger than this is refused unless the limit is raised (--max-file-size)
READ_AHEAD_BYTES = 32 << 20  # JSONL up to this size is parsed whole before the lock; larger ones are copied aside

Progress = Callable[[float, int, Path], None]  # files done (a fraction within a large file), files, file now


@dataclass(frozen=True, slots=True)
class FileOutcome:
    path: Path
    ok: bool
    counts: ImportCounts | None = None
    error: str | None = None
    cancelled: bool = False
    tally: Tally | None = None  # what the file held that was not imported as such
    passed: str | None = None  # why a folder import passed this file by (then `ok` says if that is harmless)
    companion: Path | None = None  # a brat .txt's .ann
    stopped: bool = False  # a fault of the project (not of this file) failed it: the import stopped here
    untried: bool = False  # the import stopped before this file
    trimmed: tuple[int, int] = (0, 0)  # boilerplate trimming: (documents trimmed, characters cut from them)

    @property
    def complete(self) -> bool:
        """Everything the file held was imported (what its tool marks as no annotation aside)."""
        return self.ok and not (self.tally and self.tally.left_out)

    def describe(self) -> str:
        if self.cancelled:
            return "cancelled: nothing from this file was imported"
        if self.untried:
            return "not tried: the import stopped before this file (nothing from it was imported)"
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
        if self.trimmed[0]:
            # Trimming cuts text the user gave us: say how much, and where the cut lines are kept.
            parts.append(f"boilerplate trimmed from {self.trimmed[0]} document(s): {self.trimmed[1]:,} characters cut "
                         "(each cut and its reason is kept in the document's meta.boilerplate_trimmed)")
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
    max_file_mb: int = DEFAULT_MAX_FILE_MB,
) -> list[FileOutcome]:
    """Import files and folders (recursively); returns one outcome per file, in order, then one per
    file passed by (with its reason). A fault of the project stops it (see the module docstring)."""
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
        outcome = import_file(db, item, add_labels=add_labels, options=options, progress=within, cancelled=cancelled,
                              max_file_mb=max_file_mb)
        outcomes.append(outcome)
        if outcome.cancelled:
            break
        if outcome.stopped:
            outcomes += [FileOutcome(later.path, False, error="not tried", untried=True) for later in planned[index + 1:]]
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
    max_file_mb: int = DEFAULT_MAX_FILE_MB,
) -> FileOutcome:
    """Import one file in one transaction; a problem with it is reported, never half-imported.

    The file is read before the transaction takes the write lock (see the module docstring); JSONL is
    written in batches inside it, so memory stays bounded however large the file; a bad line anywhere
    rolls every batch back. After each batch read `progress` hears the share of the file read and
    `cancelled` is asked; a cancel rolls the file back.
    """
    counts = ImportCounts()
    trimmed = [0, 0]
    options = options or ReadOptions(coder=coder, trim_boilerplate=trim_boilerplate)
    if not isinstance(item, PlannedFile):
        planned, _passed_by = plan_import([item])
        item = planned[0] if planned else PlannedFile(Path(item), "txt")
    path = item.path
    try:
        _check_input(path, max_file_mb)
        reader = open_reading(item, options)
        with _read_ahead(reader, path, db.path, progress, cancelled) as batches:
            with db.transaction(activity="an import") as tx:
                for batch in batches:  # a cancel is heard as the batches are read
                    if db.is_server:
                        _refuse_nul(batch)
                    counts.add(import_coding_records(tx, batch, add_labels=add_labels))
                    if options.trim_boilerplate:
                        _count_trimmed(batch, trimmed)
    except Cancelled:
        log.info("import of %s cancelled", path)
        return FileOutcome(path, False, error="cancelled", cancelled=True)
    except ProjectError as exc:  # the project's fault, not the file's: the next file would fail too
        log.info("import of %s stopped: %s", path, exc)
        return FileOutcome(path, False, error=str(exc), stopped=True)
    except AnnotatorError as exc:
        if exc.path is None:
            exc.path = str(path)
        log.info("import of %s failed: %s", path, exc)
        return FileOutcome(path, False, error=str(exc))
    tally = reader.tally
    return FileOutcome(path, True, counts, tally=tally, companion=item.companion, trimmed=(trimmed[0], trimmed[1]))


def _refuse_nul(batch: list[CodingRecord]) -> None:
    """PostgreSQL's text cannot hold U+0000 (SQLite's can): say which line holds one, before the server
    refuses the whole batch with no line to look at."""
    for record in batch:
        fields = [record.text, record.coder, record.doc_label, record.note,
                  *(v for v in record.meta.values() if isinstance(v, str))]
        for span in record.spans:
            fields += [span.label, span.holder, span.note, span.uid, span.provenance, span.source_id]
        if any(field and "\x00" in field for field in fields):
            raise InputError("holds a NUL character (U+0000), which a server project cannot store",
                             line=record.source_line,
                             hint="remove it from the file: it is never part of a real text")


def _count_trimmed(batch: list[CodingRecord], trimmed: list[int]) -> None:
    for record in batch:
        cut = record.meta.get("boilerplate_trimmed")
        if cut and cut.get("removed_chars"):
            trimmed[0] += 1
            trimmed[1] += cut["removed_chars"]


def _check_input(path: Path, max_file_mb: int) -> None:
    """Only regular files (a pipe blocks for ever, /dev/zero never ends), and none above the limit."""
    try:
        info = path.stat()
    except OSError:
        return  # reading it reports the problem
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file (a pipe, a device or a socket): only files are imported", path=str(path))
    if info.st_size > max_file_mb << 20:
        raise InputError(f"the file is {info.st_size / (1 << 20):,.0f} MB, more than the import limit of "
                         f"{max_file_mb:,} MB", path=str(path), hint="raise the limit with --max-file-size MB")


@contextmanager
def _read_ahead(reader: Reading, path: Path, project: Path, progress: Callable[[float], None] | None,
                cancelled: Callable[[], bool] | None) -> Iterator[Iterable[list[CodingRecord]]]:
    """The file's batches, read before the caller takes the write lock: parsed whole when small, or
    (a large JSONL file) copied aside first and parsed from the copy while the caller writes."""
    size = max(_size(path), 1)
    if isinstance(reader, JsonlReader) and size > READ_AHEAD_BYTES:
        with _copy_aside(path, project) as copy:
            reader.read_from = copy
            yield _reporting(reader, size, progress, cancelled)
        return
    yield list(_reporting(reader, size, progress, cancelled))


def _reporting(reader: Reading, size: int, progress: Callable[[float], None] | None,
               cancelled: Callable[[], bool] | None) -> Iterator[list[CodingRecord]]:
    """The reader's batches; after each, `progress` hears the share of the file read, and `cancelled` is asked."""
    for batch in reader.batches():
        if progress:
            progress(min(reader.bytes_read / size, 1.0))
        yield batch
        if cancelled and cancelled():
            raise Cancelled("import cancelled")


@contextmanager
def _copy_aside(path: Path, project: Path) -> Iterator[Path]:
    """A private copy of `path` beside the project (same disk: the import needs the space anyway)."""
    with scratch_file(project.with_name(f"{project.name}.import")) as copy:
        try:
            with open(path, "rb") as source, open(copy, "wb") as target:
                shutil.copyfileobj(source, target, 1 << 20)
        except OSError as exc:
            raise InputError(f"cannot copy the file aside before importing it ({exc.strerror})", path=str(path),
                             hint="free some disk space beside the project") from exc
        yield copy


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading the file reports the problem
