"""Reading JSON annotation files: JSONL (one record per line) and whole-file JSON documents.

Each line (or each element of a JSON array) is recognised by its keys: our canonical lines,
Label Studio tasks, Prodigy answers, doccano lines, or plain articles (see annotator.io.formats).
Every record's text is newline-normalised and its spans are moved with it, after checking them
against the text as it arrived. One bad line fails the file, and the error lists the bad lines
(file, line number, reason). What a known format holds that is not imported is counted in
`reader.tally`.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson

from annotator.core.errors import InputError
from annotator.core.types import CodingRecord
from annotator.io.formats.canonical import FORMAT, is_canonical, parse_article, parse_canonical
from annotator.io.formats.common import MAX_REPORTED, LineError, ReadOptions, Tally
from annotator.io.formats.doccano import is_doccano, parse_doccano
from annotator.io.formats.labelstudio import is_labelstudio, parse_task
from annotator.io.formats.prodigy import is_prodigy, parse_prodigy

__all__ = ["FORMAT", "JsonlReader", "LineError", "parse_object", "read_jsonl"]


def read_jsonl(path: Path, *, default_coder: str | None = None,
               options: ReadOptions | None = None) -> tuple[list[CodingRecord], int]:
    """The records of a JSONL (or JSON) file, and how many were passed over (e.g. Prodigy rejects)."""
    reader = JsonlReader(path, options=options or ReadOptions(coder=default_coder))
    records = [record for batch in reader.batches() for record in batch]
    return records, reader.skipped


class JsonlReader:
    """Reads a JSONL file in batches of records, so a large file is never held whole.

    Lines are read and parsed as bytes, one at a time: decoding a whole file with emoji into one
    `str` costs four bytes per character, twice over with `split`. orjson checks UTF-8 as it parses.
    After the first bad line no more batches are yielded, but every line is still read, and once the
    file is done an InputError lists the bad lines. A caller that imports batch by batch inside one
    transaction therefore rolls back: a file imports whole or not at all.

    A file that is one JSON document (an array, as Label Studio and doccano export, or a
    pretty-printed object) is read whole; an array's elements are numbered like lines.
    """

    # A batch ends at BATCH_SIZE records or BATCH_SPANS spans, whichever comes first: a few tens of
    # MB of texts and span objects, however the file mixes articles and annotations.
    BATCH_SIZE = 2_000
    BATCH_SPANS = 50_000

    def __init__(self, path: Path, *, default_coder: str | None = None, batch_size: int | None = None,
                 options: ReadOptions | None = None) -> None:
        self.path = path
        self.options = options or ReadOptions(coder=default_coder)
        self.batch_size = batch_size or self.BATCH_SIZE
        self.tally = Tally()
        self.bytes_read = 0  # how far into the file the batches have come (for progress)
        # The file actually read, when not `path` itself: a private copy made before the import took the
        # project's write lock (operations/importing.py); errors still name `path`.
        self.read_from: Path | None = None

    @property
    def skipped(self) -> int:
        """Records the source tool marks as not annotations (Prodigy rejects, cancelled annotations)."""
        return sum(self.tally.passed_over.values())

    def batches(self) -> Iterator[list[CodingRecord]]:
        errors: list[str] = []
        batch: list[CodingRecord] = []
        texts: dict[str, str] = {}  # doc_id -> text: one copy of a text that several coders' lines carry
        where: dict[tuple[str, str], int] = {}  # (doc_id, coder) -> its record's place in the batch
        seen = False  # any record read (Prodigy rejects aside)
        spans = 0
        for number, item in self._items():
            try:
                if isinstance(item, LineError):
                    raise item
                records = parse_object(item, self.options, self.tally, number)
            except LineError as exc:
                errors.append(f"line {number}: {exc}")
                continue
            for record in records:
                seen = True
                if errors:
                    continue
                spans += len(record.spans)
                key = (record.doc_id, record.coder or "")
                if record.coder is not None and key in where:  # e.g. Prodigy's ner and textcat answers
                    try:
                        batch[where[key]] = _merged(batch[where[key]], record)
                    except LineError as exc:
                        errors.append(f"line {number}: {exc}")
                    continue
                where[key] = len(batch)
                batch.append(_shared_text(record, texts))
            if len(batch) >= self.batch_size or spans >= self.BATCH_SPANS:
                yield batch
                batch, texts, where, spans = [], {}, {}, 0
        if errors:
            more = f" (and {len(errors) - MAX_REPORTED} more)" if len(errors) > MAX_REPORTED else ""
            raise InputError("; ".join(errors[:MAX_REPORTED]) + more, path=str(self.path),
                             hint="fix these lines; nothing from this file was imported")
        if not seen and not self.skipped:
            raise InputError("the file holds no records", path=str(self.path))
        if batch:
            yield batch

    def _items(self) -> Iterator[tuple[int, Any]]:
        """(line number, parsed object or the LineError of that line) for every non-blank line."""
        try:
            with open(self.read_from or self.path, "rb") as fh:
                first = fh.read(1 << 16)
                if first.startswith(codecs.BOM_UTF8):
                    first = first[len(codecs.BOM_UTF8):]
                    self.bytes_read += len(codecs.BOM_UTF8)
                document = _whole_document(first, fh)
                if document is not None:
                    self.bytes_read = (self.read_from or self.path).stat().st_size
                    yield from _document_items(document, self.path)
                    return
                fh.seek(self.bytes_read)
                for number, line in enumerate(fh, start=1):
                    self.bytes_read += len(line)
                    item = _parse_bytes(self.path, number, line)
                    if item is not _BLANK:
                        yield number, item
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror}", path=str(self.path)) from exc


_BLANK: Any = object()  # a line with nothing but white space


def _whole_document(head: bytes, fh: Any) -> Any | None:
    """The file as one JSON value when it is one (an array, or an object spread over lines); else None."""
    stripped = head.lstrip()
    if not stripped.startswith((b"[", b"{")):
        return None
    if stripped.startswith(b"{"):
        first_line = stripped.split(b"\n", 1)[0]
        try:
            orjson.loads(first_line)
            return None  # a JSONL file: its first line is a whole object
        except orjson.JSONDecodeError:
            pass
    data = head + fh.read()
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return None  # read as lines, whose errors say which lines are bad


def _document_items(document: Any, path: Path) -> Iterator[tuple[int, Any]]:
    if isinstance(document, list):
        yield from enumerate(document, start=1)
    elif isinstance(document, dict) and "%FEATURE_STRUCTURES" in document:
        raise InputError("a UIMA CAS JSON file is not read as JSONL", path=str(path))
    else:
        yield 1, document


def _merged(first: CodingRecord, later: CodingRecord) -> CodingRecord:
    """One coder's two lines on one document as one record: spans of both, the stance they give."""
    if first.doc_label and later.doc_label and first.doc_label != later.doc_label:
        raise LineError(f"a second stance {later.doc_label!r} for this document and coder "
                        f"(line {first.source_line} gave {first.doc_label!r})")
    return replace(first, spans=first.spans + later.spans, doc_label=first.doc_label or later.doc_label,
                   note=first.note or later.note, status=later.status or first.status,
                   meta=first.meta or later.meta)


def _shared_text(record: CodingRecord, texts: dict[str, str]) -> CodingRecord:
    """The record holding the first copy of its text read from this file (equal texts only)."""
    shared = texts.setdefault(record.doc_id, record.text)
    return record if shared is record.text or shared != record.text else replace(record, text=shared)


def _parse_bytes(path: Path, number: int, line: bytes) -> Any:
    """One line as read from the file: the parsed value, `_BLANK`, or the LineError saying why not.

    Errors are rare, so only then is the line decoded, to tell bad UTF-8 from bad JSON."""
    if not line.strip():
        return _BLANK
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        try:
            text_line = line.decode("utf-8")
        except UnicodeDecodeError as bad:
            raise InputError("JSONL must be UTF-8", path=str(path), line=number, hint="re-save the file as UTF-8") from bad
        if not text_line.strip():  # white space that only Unicode knows (NBSP, U+2028, ...)
            return _BLANK
        # The parser counts within this one line: its "line 1 column 57" beside "line 3" read as two lines.
        return LineError(f"not valid JSON ({exc.msg} at column {exc.colno})")


def parse_object(obj: Any, options: ReadOptions | None = None, tally: Tally | None = None,
                 line: int | None = None) -> list[CodingRecord]:
    """The records of one parsed line (several for a Label Studio task; none for a Prodigy reject)."""
    options = options or ReadOptions()
    tally = tally if tally is not None else Tally()
    if not isinstance(obj, dict):
        raise LineError("a line must be a JSON object")
    if is_labelstudio(obj):
        return parse_task(obj, options, tally, line)
    text = obj.get("text")
    if text is None and isinstance(obj.get("data"), str):
        text = obj["data"]  # doccano 1.x exports
    if not isinstance(text, str) or not text.strip():
        raise LineError("no 'text' (a non-empty string)")
    if is_prodigy(obj):
        record = parse_prodigy(obj, text, options, tally, line)
        return [record] if record is not None else []
    if is_canonical(obj):
        return [parse_canonical(obj, text, options, tally, line)]
    if is_doccano(obj):
        return [parse_doccano(obj, text, options, tally, line)]
    return [parse_article(obj, text, line)]
