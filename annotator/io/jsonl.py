"""Reading JSONL: articles, and annotations in our canonical format, doccano's and Prodigy's.

Every line becomes a `CodingRecord` (coder None for a plain article). Each line's text is
newline-normalised and its spans are moved with it, after checking them against the text as it
arrived. One bad line fails the file, and the error lists the bad lines (file, line number, reason).
"""

from __future__ import annotations

import codecs
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson

from annotator.core.errors import InputError
from annotator.core.offsets import normalize_newlines
from annotator.core.types import CodingRecord, SpanRecord, Status, content_hash, doc_id_for

FORMAT = "annotator/1"
MAX_REPORTED = 10
_ARTICLE_FIELDS = {"title": "title", "outlet": "outlet", "source": "outlet", "url": "url", "date": "date", "language": "language"}


class LineError(ValueError):
    """What is wrong with one line (turned into an InputError with the path and line number)."""


def read_jsonl(path: Path, *, default_coder: str | None = None) -> tuple[list[CodingRecord], int]:
    """The records of a JSONL file, and how many lines were skipped (Prodigy answers other than accept)."""
    reader = JsonlReader(path, default_coder=default_coder)
    records = [record for batch in reader.batches() for record in batch]
    return records, reader.skipped


class JsonlReader:
    """Reads a JSONL file in batches of records, so a large file is never held whole.

    Lines are read and parsed as bytes, one at a time: decoding a whole file with emoji into one
    `str` costs four bytes per character, twice over with `split`. orjson checks UTF-8 as it parses.
    After the first bad line no more batches are yielded, but every line is still read, and once the
    file is done an InputError lists the bad lines. A caller that imports batch by batch inside one
    transaction therefore rolls back: a file imports whole or not at all.
    """

    # A batch ends at BATCH_SIZE records or BATCH_SPANS spans, whichever comes first: a few tens of
    # MB of texts and span objects, however the file mixes articles and annotations.
    BATCH_SIZE = 2_000
    BATCH_SPANS = 50_000

    def __init__(self, path: Path, *, default_coder: str | None = None, batch_size: int | None = None) -> None:
        self.path, self.default_coder = path, default_coder
        self.batch_size = batch_size or self.BATCH_SIZE
        self.skipped = 0  # Prodigy lines whose answer is not 'accept'
        self.bytes_read = 0  # how far into the file the batches have come (for progress)

    def batches(self) -> Iterator[list[CodingRecord]]:
        errors: list[str] = []
        batch: list[CodingRecord] = []
        texts: dict[str, str] = {}  # doc_id -> text: one copy of a text that several coders' lines carry
        seen = spans = 0
        try:
            with open(self.path, "rb") as fh:
                for number, line in enumerate(fh, start=1):
                    self.bytes_read += len(line)
                    if number == 1 and line.startswith(codecs.BOM_UTF8):
                        line = line[len(codecs.BOM_UTF8) :]
                    try:
                        record = _parse_bytes(self.path, number, line, self.default_coder)
                    except LineError as exc:
                        errors.append(f"line {number}: {exc}")
                        continue
                    if record is _BLANK:
                        continue
                    if record is None:
                        self.skipped += 1
                        continue
                    seen += 1
                    if not errors:
                        batch.append(_shared_text(record, texts))
                        spans += len(record.spans)
                    if len(batch) >= self.batch_size or spans >= self.BATCH_SPANS:
                        yield batch
                        batch, texts, spans = [], {}, 0
        except OSError as exc:
            raise InputError(f"cannot read the file: {exc.strerror}", path=str(self.path)) from exc
        if errors:
            more = f" (and {len(errors) - MAX_REPORTED} more)" if len(errors) > MAX_REPORTED else ""
            raise InputError("; ".join(errors[:MAX_REPORTED]) + more, path=str(self.path),
                             hint="fix these lines; nothing from this file was imported")
        if not seen and not self.skipped:
            raise InputError("the file holds no records", path=str(self.path))
        if batch:
            yield batch


_BLANK: Any = object()  # a line with nothing but white space


def _shared_text(record: CodingRecord, texts: dict[str, str]) -> CodingRecord:
    """The record holding the first copy of its text read from this file (equal texts only)."""
    shared = texts.setdefault(record.doc_id, record.text)
    return record if shared is record.text or shared != record.text else replace(record, text=shared)


def _with_line(record: CodingRecord | None, number: int) -> CodingRecord | None:
    return record if record is None else replace(record, source_line=number)


def _parse_bytes(path: Path, number: int, line: bytes, default_coder: str | None) -> CodingRecord | None:
    """One line as read from the file; `_BLANK` for an empty line. Errors are rare, so only then is
    the line decoded, to tell bad UTF-8 from bad JSON and to word the error as for a `str` line."""
    if not line.strip():
        return _BLANK
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError:
        try:
            text_line = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError("JSONL must be UTF-8", path=str(path), line=number, hint="re-save the file as UTF-8") from exc
        if not text_line.strip():  # white space that only Unicode knows (NBSP, U+2028, ...)
            return _BLANK
        return _with_line(parse_line(text_line.rstrip("\n"), default_coder), number)
    return parse_object(obj, default_coder, source_line=number)


def parse_line(line: str, default_coder: str | None = None) -> CodingRecord | None:
    """One JSONL line as a record; None for a Prodigy line whose answer is not 'accept'."""
    try:
        obj = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise LineError(f"not valid JSON ({exc})") from exc
    return parse_object(obj, default_coder)


def parse_object(obj: Any, default_coder: str | None = None, *, source_line: int | None = None) -> CodingRecord | None:
    """A parsed JSONL line as a record; None for a Prodigy line whose answer is not 'accept'."""
    if not isinstance(obj, dict):
        raise LineError("a line must be a JSON object")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise LineError("no 'text' (a non-empty string)")
    if "_annotator_id" in obj or ("spans" in obj and "answer" in obj):
        return _prodigy(obj, text, default_coder, source_line)
    if "spans" in obj:
        return _canonical(obj, text, source_line)
    if "label" in obj or "entities" in obj:
        return _doccano(obj, text, default_coder, source_line)
    return _article(obj, text, source_line)


def _canonical(obj: dict[str, Any], text: str, line: int | None) -> CodingRecord:
    coder = obj.get("coder")
    if coder is not None and (not isinstance(coder, str) or not coder.strip()):
        raise LineError("'coder' must be a name or null")
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise LineError("'meta' must be an object")
    spans = [_span(s, text, i) for i, s in enumerate(_list(obj, "spans"))]
    status = obj.get("status")
    if status is not None and status not in {s.value for s in Status}:
        raise LineError(f"status {status!r} is not one of not_started, in_progress, done")
    doc_label = _optional_str(obj, "doc_label")
    if coder is None and (spans or doc_label):
        raise LineError("spans or a doc_label need a 'coder'")
    return _record(text, meta, coder, spans, doc_label=doc_label, status=Status(status) if status else None,
                   note=_optional_str(obj, "note"), updated_at=_optional_str(obj, "updated_at"), source_line=line)


def _doccano(obj: dict[str, Any], text: str, default_coder: str | None, line: int | None) -> CodingRecord:
    spans, doc_labels = [], []
    items = obj["entities"] if "entities" in obj else obj["label"]
    if not isinstance(items, list):
        raise LineError("'label' must be a list")
    for i, item in enumerate(items):
        if isinstance(item, str):
            doc_labels.append(item)
        elif isinstance(item, list) and len(item) == 3:
            spans.append(_span({"start": item[0], "end": item[1], "label": item[2]}, text, i))
        elif isinstance(item, dict):
            spans.append(_span({"start": item.get("start_offset"), "end": item.get("end_offset"), "label": item.get("label")}, text, i))
        else:
            raise LineError(f"label {i + 1} is neither [start, end, label] nor a document label")
    if len(doc_labels) > 1:
        raise LineError(f"more than one document label: {doc_labels}")
    coder = _coder(obj.get("annotator") or obj.get("user"), default_coder)
    meta = {k: v for k, v in obj.items() if k not in {"text", "label", "entities", "annotator", "user"}}
    if "id" in meta:
        meta["source_id"] = meta.pop("id")
    # doccano and Prodigy lines are finished work: they count as done (agreement counts done documents)
    return _record(text, meta, coder, spans, doc_label=doc_labels[0] if doc_labels else None, status=Status.DONE,
                   source_line=line)


def _prodigy(obj: dict[str, Any], text: str, default_coder: str | None, line: int | None) -> CodingRecord | None:
    if obj.get("answer", "accept") != "accept":
        return None
    spans = [_span(s, text, i) for i, s in enumerate(_list(obj, "spans"))]
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise LineError("'meta' must be an object")
    meta = {k: v for k, v in meta.items() if k != "doc_id"}  # derived from the text, not metadata
    return _record(text, meta, _coder(obj.get("_annotator_id"), default_coder), spans, status=Status.DONE, source_line=line)


def _article(obj: dict[str, Any], text: str, line: int | None) -> CodingRecord:
    meta: dict[str, Any] = dict(obj.get("meta") or {}) if isinstance(obj.get("meta"), dict) else {}
    for key, value in obj.items():
        if key in ("text", "meta"):
            continue
        meta[_ARTICLE_FIELDS.get(key, "source_id" if key == "id" else key)] = value
    return _record(text, meta, None, [], source_line=line)


def _span(raw: Any, text: str, index: int) -> SpanRecord:
    """A span checked against the text as it arrived (before newline normalisation).

    Runs once per span (a million in a big import): the common case is checked with exact types
    first, and only a span that fails it goes through the slower checks that word the error.
    """
    if not isinstance(raw, dict):
        raise LineError(f"span {index + 1} is not an object")
    get = raw.get
    start, end, label = get("start"), get("end"), get("label")
    if not (type(start) is int and type(end) is int):  # noqa: E721 (bool is an int, and not an offset)
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
            raise LineError(f"span {index + 1}: start and end must be integers")
    if end <= start or start < 0 or end > len(text):
        raise LineError(f"span {index + 1}: offsets {start}-{end} are not inside the text ({len(text)} characters)")
    if not isinstance(label, str) or not label.strip():
        raise LineError(f"span {index + 1}: no label")
    quoted = get("text")
    if quoted is not None and quoted != text[start:end]:
        raise LineError(f"span {index + 1}: its text {quoted!r} is not the text at {start}-{end} ({text[start:end]!r})")
    values = (get("holder"), get("note"), get("id"), get("created_at"), get("updated_at"), get("provenance"))
    for value in values:
        if value is not None and type(value) is not str:  # noqa: E721
            values = tuple(_optional_str(raw, key) for key in _SPAN_STRINGS)  # raises, naming the key
            break
    holder, note, uid, created_at, updated_at, provenance = values
    # Memory: a file's spans are all held until it is imported, so equal short strings share one copy.
    if type(label) is str:  # noqa: E721
        label = sys.intern(label)
    if type(holder) is str:  # noqa: E721
        holder = sys.intern(holder)
    if updated_at is not None and updated_at == created_at:
        updated_at = created_at
    unsure = get("unsure")
    if type(unsure) is not bool:  # noqa: E721 ("no" and "false" are true values in Python)
        if unsure is not None:
            raise LineError(f"span {index + 1}: 'unsure' must be true or false, not {unsure!r}")
        unsure = False
    source_id = get("source_id")
    if source_id is not None and type(source_id) is not str:  # noqa: E721
        raise LineError(f"span {index + 1}: 'source_id' must be a string or null")
    return SpanRecord(start, end, label, holder, note, unsure, uid, created_at, updated_at, provenance, source_id)


_SPAN_STRINGS = ("holder", "note", "id", "created_at", "updated_at", "provenance")


def _record(text: str, meta: dict[str, Any], coder: str | None, spans: list[SpanRecord], **kwargs: Any) -> CodingRecord:
    new_text, shift = normalize_newlines(text)
    if shift:  # the spans move with the text: each keeps exactly the characters it had
        spans = [replace(s, start=shift(s.start), end=shift(s.end)) for s in spans]
    return CodingRecord(doc_id_for(content_hash(new_text)), new_text, meta, coder, spans=tuple(spans), **kwargs)


def _coder(value: Any, default: str | None) -> str:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if default:
        return default
    raise LineError("no coder named on this line (pass --coder NAME)")


def _list(obj: dict[str, Any], key: str) -> list[Any]:
    value = obj.get(key) or []
    if not isinstance(value, list):
        raise LineError(f"'{key}' must be a list")
    return value


def _optional_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise LineError(f"'{key}' must be a string or null")
    return value
