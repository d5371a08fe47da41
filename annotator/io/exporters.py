"""Writing records: canonical JSONL (our format), doccano, Prodigy/spaCy JSONL, and CSV (one row per span).

Writers take `CodingRecord`s in a deterministic order and write bytes to a binary file; the same
project gives the same bytes. Every span's `text` is `text[start:end]` of the record's text.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from annotator.core.errors import InputError
from annotator.core.types import CodingRecord
from annotator.io.jsonl import FORMAT

CSV_COLUMNS = ("doc_id", "coder", "span_id", "start", "end", "label", "text", "holder", "note", "unsure",
               "doc_label", "status")


def canonical_line(record: CodingRecord) -> dict[str, Any]:
    """One canonical JSONL object (key order fixed; see resources/annotator-jsonl.schema.json)."""
    text = record.text
    line = {
        "format": FORMAT,
        "doc_id": record.doc_id,
        "text": text,
        "meta": record.meta,
        "coder": record.coder,
        "doc_label": record.doc_label,
        "status": str(record.status) if record.status else None,
        "note": record.note,
        "updated_at": record.updated_at,
        "spans": [
            {"id": s.uid, "start": s.start, "end": s.end, "label": s.label, "text": text[s.start : s.end],
             "holder": s.holder, "note": s.note, "unsure": s.unsure, "provenance": s.provenance,
             "created_at": s.created_at, "updated_at": s.updated_at}
            for s in record.spans
        ],
    }
    for s, out in zip(record.spans, line["spans"], strict=True):
        if s.source_id is not None:  # rare: the span's id in the tool it came from was another span's here
            out["source_id"] = s.source_id
    return line


def doccano_line(record: CodingRecord) -> dict[str, Any] | None:
    if record.coder is None:
        return None
    labels: list[Any] = [[s.start, s.end, s.label] for s in record.spans]
    return {"text": record.text, "label": labels, "doc_id": record.doc_id, "annotator": record.coder,
            "doc_label": record.doc_label}


def prodigy_line(record: CodingRecord) -> dict[str, Any] | None:
    if record.coder is None:
        return None
    return {"text": record.text, "spans": [{"start": s.start, "end": s.end, "label": s.label} for s in record.spans],
            "meta": {"doc_id": record.doc_id, **record.meta}, "_annotator_id": record.coder, "answer": "accept"}


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


def write_csv(records: Iterable[CodingRecord], out: BinaryIO, progress: Callable[[int], None] | None = None) -> int:
    """One row per span, for pandas (`read_csv`) and R (`read.csv`); UTF-8 without BOM, `\\n` line ends."""
    text_out = io.TextIOWrapper(out, encoding="utf-8", newline="")
    writer = csv.writer(text_out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows = 0
    for record in records:
        for s in record.spans:
            writer.writerow((record.doc_id, record.coder, s.uid, s.start, s.end, s.label, record.text[s.start : s.end],
                             s.holder or "", s.note or "", "true" if s.unsure else "false", record.doc_label or "",
                             str(record.status) if record.status else ""))
            rows += 1
            if progress and rows % 1000 == 0:
                progress(rows)
    text_out.flush()
    text_out.detach()
    return rows


FORMATS: dict[str, Callable[[Iterable[CodingRecord], BinaryIO], int]] = {
    "jsonl": lambda records, out: write_jsonl(records, out, canonical_line),
    "doccano": lambda records, out: write_jsonl(records, out, doccano_line),
    "prodigy": lambda records, out: write_jsonl(records, out, prodigy_line),
    "csv": write_csv,
}
SUFFIXES = {"jsonl": ".jsonl", "doccano": ".doccano.jsonl", "prodigy": ".prodigy.jsonl", "csv": ".csv"}


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A file that appears at `path` only when the block completes (temp file in the same folder,
    fsync, rename), so an interrupted export leaves no half-written file behind."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:
        raise InputError(f"cannot write here: {exc.strerror}", path=str(path)) from exc
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        _remove(tmp)
        raise InputError(f"cannot write the file: {exc.strerror}", path=str(path), hint="check free disk space and permissions") from exc
    except BaseException:
        _remove(tmp)
        raise


def _remove(tmp: str) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass
