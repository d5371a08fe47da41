"""What every format reader shares: the per-file tally of what was not imported, spans and records.

A reader turns one file into `CodingRecord`s. Whatever of a known format it does not import is
counted in a `Tally` (nothing is dropped without a word): `left_out` is data the user may have
wanted (relations, spans in keys we do not read, layers we do not import) and makes the import's
exit code 1; `passed_over` is what the tool itself marks as not an annotation (Prodigy answers
other than accept, cancelled Label Studio annotations) and is reported only; `repaired` counts
what was read in a documented, non-literal way (a stale span text re-derived from its offsets,
UTF-16 offsets converted to code points).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from annotator.core.offsets import Utf16Map, normalize_newlines
from annotator.core.types import (
    CodingRecord,
    SpanRecord,
    Status,
    check_offsets,
    content_hash,
    doc_id_for,
)

MAX_REPORTED = 10
_SPAN_STRINGS = ("holder", "note", "id", "created_at", "updated_at", "provenance")


class LineError(ValueError):
    """What is wrong with one line or record (turned into an InputError with the path and line)."""


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What the user told the import about files that do not say it themselves."""

    coder: str | None = None  # the coder of lines/files that name none
    trust_offsets: bool = False  # a span whose quoted text differs from text[start:end] keeps its offsets
    text_column: str | None = None  # CSV/TSV: the column holding the article
    stance_column: str | None = None  # CSV/TSV: the column holding the coder's stance
    trim_boilerplate: bool = False


@dataclass
class Tally:
    """Counts of what one file held that was not imported as such (see the module docstring)."""

    left_out: Counter[str] = field(default_factory=Counter)
    passed_over: Counter[str] = field(default_factory=Counter)
    repaired: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)  # e.g. where the coder name came from

    def describe(self) -> list[str]:
        parts = []
        if self.left_out:
            parts.append("NOT imported: " + _counts(self.left_out))
        if self.passed_over:
            parts.append("passed over: " + _counts(self.passed_over))
        if self.repaired:
            parts.append(_counts(self.repaired))
        return parts + self.notes


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{n} {what}" for what, n in sorted(counter.items()))


def make_span(raw: Any, text: str, index: int, tally: Tally | None, trust_offsets: bool = False) -> SpanRecord:
    """A span (a dict in our field names) checked against the text as it arrived.

    Runs once per span (a million in a big import): the common case (string attributes or none)
    takes one pass, and only a span that fails it goes through the checks that word the error.
    """
    if not isinstance(raw, dict):
        raise LineError(f"span {index + 1} is not an object")
    get = raw.get
    start: Any = get("start")
    end: Any = get("end")
    label: Any = get("label")
    problem = check_offsets(start, end, len(text))  # the one offset rule (core)
    if problem:
        raise LineError(f"span {index + 1}: {problem}")
    if not isinstance(label, str) or not label.strip():
        raise LineError(f"span {index + 1}: no label")
    quoted = get("text")
    if quoted is not None and quoted != text[start:end]:
        if not (trust_offsets and isinstance(quoted, str)):
            raise LineError(f"span {index + 1}: its text {quoted!r} is not the text at {start}-{end} "
                            f"({text[start:end]!r}); import with --trust-offsets to keep the offsets")
        if tally is not None:
            tally.repaired["span text(s) re-derived from the offsets (--trust-offsets)"] += 1
    unsure = get("unsure", False)
    if unsure is None:
        unsure = False
    if type(unsure) is not bool:  # noqa: E721 ("false" is a string, and would be True)
        raise LineError(f"span {index + 1}: 'unsure' must be true or false, not {unsure!r}")
    values: tuple[Any, ...] = (get("holder"), get("note"), get("id"), get("created_at"), get("updated_at"),
                               get("provenance"))
    for value in values:
        if value is not None and type(value) is not str:  # noqa: E721
            values = tuple(optional_str(raw, key, f"span {index + 1}: ") for key in _SPAN_STRINGS)
            break
    holder, note, uid, created_at, updated_at, provenance = values
    # Memory: a file's spans are all held until it is imported, so equal short strings share one copy.
    label = sys.intern(label)
    if holder is not None:
        holder = sys.intern(holder)
    if updated_at is not None and updated_at == created_at:
        updated_at = created_at
    source_id = get("source_id")  # canonical lines: the span's id in the tool it came from (core/span_ids.py)
    if source_id is not None and type(source_id) is not str:  # noqa: E721
        raise LineError(f"span {index + 1}: 'source_id' must be a string or null")
    return SpanRecord(start, end, label, holder, note, unsure, uid, created_at, updated_at, provenance, source_id)


def make_record(text: str, meta: dict[str, Any], coder: str | None, spans: list[SpanRecord], **kwargs: Any) -> CodingRecord:
    """A record whose text is newline-normalised, its spans moved with it (each keeps its characters)."""
    new_text, shift = normalize_newlines(text)
    if shift:
        spans = [replace(s, start=shift(s.start), end=shift(s.end)) for s in spans]
    return CodingRecord(doc_id_for(content_hash(new_text)), new_text, meta, coder, spans=tuple(spans), **kwargs)


def finished(text: str, meta: dict[str, Any], coder: str, spans: list[SpanRecord], stance: str | None,
             line: int | None, *, stance_given: bool, **kwargs: Any) -> CodingRecord:
    """A record of finished work from another tool: it counts as done (agreement counts done documents).

    Only a file that states the stance (`stance_given`: a doccano `cats`, a Label Studio choice...)
    sets or clears it; these formats carry no document note. What is not given, an import leaves as
    it is stored (a span file must not wipe the coder's stance)."""
    not_given = frozenset(("note",) if stance_given else ("note", "doc_label"))
    return make_record(text, meta, coder, spans, doc_label=stance, status=Status.DONE, source_line=line,
                       not_given=not_given, **kwargs)


def coder_name(value: Any, default: str | None) -> str:
    """The coder a line names, else the one given with --coder; an error if neither."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if default:
        return default
    raise LineError("no coder named on this line (pass --coder NAME)")


def optional_str(obj: dict[str, Any], key: str, where: str = "") -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise LineError(f"{where}'{key}' must be a string or null")
    return value


def list_of(obj: dict[str, Any], key: str) -> list[Any]:
    value = obj.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise LineError(f"'{key}' must be a list")
    return value


def one_stance(values: list[Any], what: str) -> str | None:
    """The one stance of a list of document labels (a document has at most one stance)."""
    names = [v for v in values if v is not None]
    if any(not isinstance(v, str) or not v.strip() for v in names):
        raise LineError(f"{what} must be label names")
    if len(set(names)) > 1:
        raise LineError(f"more than one {what}: {names} (a document has one stance)")
    return names[0] if names else None


def count_unused(obj: dict[str, Any], keys: tuple[str, ...], tally: Tally, what: Callable[[str], str]) -> None:
    """Count the items of known annotation keys that this reader does not import (empty ones are fine)."""
    for key in keys:
        value = obj.get(key)
        if value:
            tally.left_out[what(key)] += len(value) if isinstance(value, list | dict) else 1


def utf16_to_code_points(text: str) -> Callable[[int], int]:
    """Converts offsets counted in UTF-16 units (Java, JavaScript) into code-point offsets of `text`."""
    if text.isascii():
        return lambda offset: offset
    mapping = Utf16Map(text)
    return mapping.from_utf16
