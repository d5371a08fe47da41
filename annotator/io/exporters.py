"""Writing records: canonical JSONL (our format), doccano, Prodigy, Label Studio, CSV, and brat folders.

Writers take `CodingRecord`s in a deterministic order (document, then coder) and write bytes to a
binary file; the same project gives the same bytes. Every span's `text` is `text[start:end]` of the
record's text. brat writes a folder (one subfolder per coder), which appears only when complete.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from annotator.core.types import CodingRecord
from annotator.io.atomic_files import atomic_folder, atomic_output
from annotator.io.export_names import FOLDER_FORMAT_NAMES, SUFFIXES
from annotator.io.formats import brat
from annotator.io.formats.canonical import FORMAT, canonical_line
from annotator.io.formats.doccano import doccano_line
from annotator.io.formats.labelstudio import labelstudio_task
from annotator.io.formats.prodigy import prodigy_line
from annotator.io.formats.table import stance_rows

__all__ = ["FORMAT", "FORMATS", "FOLDER_FORMATS", "SUFFIXES", "atomic_folder", "atomic_output", "canonical_line",
           "doccano_line", "prodigy_line", "write_brat", "write_csv", "write_jsonl"]

CSV_COLUMNS = ("doc_id", "coder", "span_id", "start", "end", "label", "text", "holder", "note", "unsure",
               "doc_label", "status")


def write_jsonl(records: Iterable[CodingRecord], out: BinaryIO, line: Callable[[CodingRecord], dict[str, Any] | None],
                progress: Callable[[int], None] | None = None) -> int:
    """Write one JSON object per line; returns the number of lines."""
    count = 0
    dumps = orjson.dumps
    for record in records:
        obj = line(record)
        if obj is None:
            continue
        out.write(dumps(obj) + b"\n")
        count += 1
        if progress and count % 1000 == 0:
            progress(count)
    return count


def write_labelstudio(records: Iterable[CodingRecord], out: BinaryIO) -> int:
    """One Label Studio task per document (JSONL), each coder's work an annotation; returns the tasks."""
    count = 0
    for _doc_id, group in groupby(records, key=lambda r: r.doc_id):
        out.write(orjson.dumps(labelstudio_task(list(group))) + b"\n")
        count += 1
    return count


def write_csv(records: Iterable[CodingRecord], out: BinaryIO, progress: Callable[[int], None] | None = None) -> int:
    """One row per span, for pandas (`read_csv`) and R (`read.csv`); UTF-8 without BOM, `\\n` line ends."""
    rows = 0

    def span_rows() -> Iterator[tuple[Any, ...]]:
        nonlocal rows
        yield CSV_COLUMNS
        for record in records:
            for s in record.spans:
                yield (record.doc_id, record.coder, s.uid, s.start, s.end, s.label, record.text[s.start : s.end],
                       s.holder or "", s.note or "", "true" if s.unsure else "false", record.doc_label or "",
                       str(record.status) if record.status else "")
                rows += 1
                if progress and rows % 1000 == 0:
                    progress(rows)

    _write_rows(span_rows(), out)
    return rows


def write_stance_csv(records: Iterable[CodingRecord], out: BinaryIO) -> int:
    """One row per (document, coder) with any work: the stance, status and note, and the text."""
    return _write_rows(stance_rows(records), out) - 1


def _write_rows(rows: Iterable[Iterable[Any]], out: BinaryIO) -> int:
    text_out = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(text_out, lineterminator="\n")
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    text_out.flush()
    text_out.detach()
    return count


def write_brat(records: Iterable[CodingRecord], folder: Path, stance_labels: list[str] | None = None) -> int:
    """`folder/<coder>/<doc_id>.txt` and `.ann` for each coder's work, and brat's `annotation.conf`;
    returns the number of .ann files."""
    count = 0
    labels: set[str] = set()
    stances: set[str] = set(stance_labels or ())
    for record in records:
        if record.coder is None:
            continue
        text, ann = brat.brat_files(record)
        place = folder / record.coder
        place.mkdir(parents=True, exist_ok=True)
        (place / f"{record.doc_id}.txt").write_bytes(text.encode("utf-8"))
        (place / f"{record.doc_id}.ann").write_bytes(ann.encode("utf-8"))
        labels.update(s.label for s in record.spans)
        if record.doc_label:
            stances.add(record.doc_label)
        count += 1
    (folder / "annotation.conf").write_bytes(brat.annotation_conf(sorted(labels), sorted(stances)).encode("utf-8"))
    return count


FORMATS: dict[str, Callable[[Iterable[CodingRecord], BinaryIO], int]] = {
    "jsonl": lambda records, out: write_jsonl(records, out, canonical_line),
    "doccano": lambda records, out: write_jsonl(records, out, doccano_line),
    "prodigy": lambda records, out: write_jsonl(records, out, prodigy_line),
    "labelstudio": write_labelstudio,
    "csv": write_csv,
    "csv-stances": write_stance_csv,
}
FOLDER_FORMATS: dict[str, Callable[[Iterable[CodingRecord], Path], int]] = {"brat": write_brat}
assert set(SUFFIXES) == {*FORMATS, *FOLDER_FORMATS} and FOLDER_FORMAT_NAMES == set(FOLDER_FORMATS)  # one list


