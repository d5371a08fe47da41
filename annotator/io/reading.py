"""Which reader reads a file: the format by content (not only by suffix), folders walked file by file.

`plan_import` lists every file a set of paths holds, each with the format that will read it, and
every file it passes by with the reason (nothing in a folder is skipped without a word). A brat
`.txt` travels with its `.ann`. `open_reading` gives a reader with `batches()` of records, a
`tally` of what was not imported, and `bytes_read` for progress.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from annotator.core.errors import InputError
from annotator.core.types import CodingRecord
from annotator.io.articles import read_articles
from annotator.io.formats import brat, table, uima_cas, webanno_tsv
from annotator.io.formats.common import ReadOptions, Tally
from annotator.io.jsonl import JsonlReader

HEAD_BYTES = 1 << 16
JSON_SUFFIXES = frozenset({".jsonl", ".json", ".ndjson"})
TABLE_SUFFIXES = frozenset({".csv", ".tsv"})
ARCHIVE_SUFFIXES = frozenset({".zip", ".gz", ".tgz", ".tar", ".7z", ".rar"})


@dataclass(frozen=True, slots=True)
class PlannedFile:
    """One file to import, the format that reads it, and its companion (a brat .txt's .ann)."""

    path: Path
    format: str  # jsonl, cas-json, webanno-tsv, brat, table, html, txt
    companion: Path | None = None


@dataclass(frozen=True, slots=True)
class PassedFile:
    """A file an import passes by, and why; `harmless` ones (configuration, hidden files) do not fail it."""

    path: Path
    reason: str
    harmless: bool = False


class Reading(Protocol):
    tally: Tally
    bytes_read: int

    def batches(self) -> Iterator[list[CodingRecord]]: ...


def plan_import(paths: Iterable[Path]) -> tuple[list[PlannedFile], list[PassedFile]]:
    """The files to import under `paths` (given files as they are, folders walked in sorted order),
    and the files passed by with their reasons. A path given twice is planned once."""
    planned: dict[Path, PlannedFile] = {}
    passed: list[PassedFile] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files = _files_under(path, passed)
            pairs = brat.pair_files(files)
            companions = set(pairs.values())
            for file in files:
                if file in companions:
                    continue  # read with its .txt
                _plan(file, pairs.get(file), planned, passed, in_folder=True)
        else:
            pairs = brat.pair_files([path, path.with_suffix(".ann")] if path.suffix.lower() == ".txt" else [])
            _plan(path, pairs.get(path) if pairs and pairs[path].exists() else None, planned, passed, in_folder=False)
    return list(planned.values()), passed


def _files_under(folder: Path, passed: list[PassedFile]) -> list[Path]:
    files = []
    for root, dirs, names in os.walk(folder):
        for name in sorted(d for d in dirs if d.startswith(".")):
            passed.append(PassedFile(Path(root, name), "hidden folder", harmless=True))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                passed.append(PassedFile(Path(root, name), "hidden file", harmless=True))
            else:
                files.append(Path(root, name))
    return files


def _plan(path: Path, companion: Path | None, planned: dict[Path, PlannedFile], passed: list[PassedFile],
          *, in_folder: bool) -> None:
    if path in planned:
        return
    if not _regular_file(path):  # a pipe would block the import for ever, /dev/zero never end
        if in_folder:
            passed.append(PassedFile(path, "not a regular file (a pipe, a device or a socket): only files are imported"))
        else:  # given by name: importing it says so as an error, without opening it
            planned[path] = PlannedFile(path, "txt")
        return
    suffix = path.suffix.lower()
    if suffix == ".conf":
        passed.append(PassedFile(path, "a configuration file (brat's), not data", harmless=True))
        return
    if suffix == ".ann":
        passed.append(PassedFile(path, "a brat .ann file needs its .txt beside it (same name)"))
        return
    if suffix in ARCHIVE_SUFFIXES:
        passed.append(PassedFile(path, "an archive: unpack it and import the folder"))
        return
    fmt = "brat" if companion else detect_format(path)
    if fmt is None:
        if in_folder:
            passed.append(PassedFile(path, f"not a format annotator reads ({suffix or 'no suffix'})"))
            return
        fmt = "txt"  # a file given by name: reading it says what is wrong with it
    planned[path] = PlannedFile(path, fmt, companion)


def _regular_file(path: Path) -> bool:
    """A regular file, or a path that does not exist (reading it says so); symbolic links are followed."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return True  # reading it reports the error


def detect_format(path: Path) -> str | None:
    """The format of a file by its first bytes, then its suffix; None for what no reader takes."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        return "txt" if path.suffix else None  # reading it reports the error
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    stripped = text.lstrip()
    suffix = path.suffix.lower()
    if webanno_tsv.is_webanno_tsv(text):
        return "webanno-tsv"
    if stripped.startswith(("{", "[")) or suffix in JSON_SUFFIXES:
        return "cas-json" if '"%FEATURE_STRUCTURES"' in head.decode("utf-8", errors="ignore") else "jsonl"
    if suffix in (".html", ".htm") or stripped[:200].lower().startswith(("<!doctype html", "<html")):
        return "html"
    if suffix in TABLE_SUFFIXES or (suffix in ("", ".txt") and _looks_like_table(text)):
        return "table"
    if suffix in ("", ".txt"):
        return "txt"
    return None


def _looks_like_table(text: str) -> bool:
    """A CSV/TSV saved as .txt (or without suffix): a header naming a `text` column, and the first
    records as wide as the header."""
    first = text.split("\n", 1)[0].rstrip("\r")
    delimiter = max(",;\t", key=first.count)
    if not first.count(delimiter):
        return False
    try:
        rows = list(itertools.islice(csv.reader(io.StringIO(text), delimiter=delimiter), 20))
    except csv.Error:
        return False
    rows = [row for row in rows if row][:-1] or rows  # the head may end mid-record
    header = [name.strip().lower() for name in rows[0]]
    return "text" in header and len(rows) > 1 and all(len(row) == len(header) for row in rows[1:])


def open_reading(planned: PlannedFile, options: ReadOptions) -> Reading:
    """A reader for one planned file."""
    if planned.format == "jsonl":
        return JsonlReader(planned.path, options=options)
    return _WholeFile(planned, options)


class _WholeFile:
    """A file read whole into one batch (articles, tables, brat pairs, TSV, CAS JSON)."""

    def __init__(self, planned: PlannedFile, options: ReadOptions) -> None:
        self.planned, self.options = planned, options
        self.tally = Tally()
        self.bytes_read = 0

    def batches(self) -> Iterator[list[CodingRecord]]:
        records = self._read()
        self.bytes_read = _size(self.planned.path)
        yield records

    def _read(self) -> list[CodingRecord]:
        path, fmt, options = self.planned.path, self.planned.format, self.options
        if fmt == "brat":
            assert self.planned.companion is not None
            return [brat.read_brat(path, self.planned.companion, options, self.tally)]
        if fmt == "webanno-tsv":
            return [webanno_tsv.read_webanno_tsv(path, options, self.tally)]
        if fmt == "cas-json":
            document = uima_cas.load_json(path)
            if not uima_cas.is_cas_json(document):
                raise InputError("not a UIMA CAS JSON document", path=str(path))
            return [uima_cas.read_cas_json(path, document, options, self.tally)]
        if fmt == "table":
            return table.read_table(path, options, self.tally, as_table=path.suffix.lower() not in TABLE_SUFFIXES)
        documents = read_articles(path, trim_boilerplate=options.trim_boilerplate)
        return [table.article_record(d) for d in documents]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
