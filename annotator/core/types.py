"""Domain types shared by every layer: documents, coders, spans, document annotations.

They are small frozen values. ORM rows never leave the store; the store returns these.
Offsets (`start`, `end`) are Python `str` code-point offsets into `Document.text`, end exclusive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NewType

DocumentId = NewType("DocumentId", int)
CoderId = NewType("CoderId", int)
SpanUid = NewType("SpanUid", str)

GOLD_CODER = "gold"
"""Reserved coder name that holds the adjudicated (gold standard) annotation."""


class Status(StrEnum):
    """A coder's progress on one document."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"


def content_hash(text: str) -> str:
    """SHA-256 of the UTF-8 text: a document's identity across projects and exports."""
    import hashlib  # here, not at the top: OpenSSL's loading is ~4 ms of every start of the app

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def doc_id_for(text_hash: str) -> str:
    """The public document id used in exports: the first 16 hex digits of the content hash."""
    return text_hash[:16]


@dataclass(frozen=True, slots=True)
class NewDocument:
    """An article on its way into a project (already decoded and normalised)."""

    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    language: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass(frozen=True, slots=True)
class Document:
    """A stored article. Its text never changes once it exists."""

    id: DocumentId
    content_hash: str
    text: str
    title: str | None
    outlet: str | None
    url: str | None
    date: str | None
    language: str | None
    meta: dict[str, Any]

    @property
    def doc_id(self) -> str:
        return doc_id_for(self.content_hash)


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """One row of the document list: what a coder needs to choose what to read next."""

    id: DocumentId
    doc_id: str
    title: str | None
    outlet: str | None
    date: str | None
    length: int
    status: Status
    span_count: int


@dataclass(frozen=True, slots=True)
class Coder:
    id: CoderId
    name: str


@dataclass(frozen=True, slots=True)
class Span:
    """One highlighted passage with its stance label, by one coder."""

    uid: SpanUid
    document_id: DocumentId
    coder: str
    start: int
    end: int
    label: str
    holder: str | None = None
    note: str | None = None
    unsure: bool = False
    created_at: str | None = None
    updated_at: str | None = None
    provenance: str | None = None
    source_id: str | None = None  # the id it arrived with, when that id was another span's (see core/span_ids.py)


@dataclass(frozen=True, slots=True)
class Annotation:
    """A coder's document-level work: stance, note and status."""

    document_id: DocumentId
    coder: str
    stance: str | None = None
    note: str | None = None
    status: Status = Status.NOT_STARTED
    created_at: str | None = None
    updated_at: str | None = None


def check_offsets(start: int, end: int, length: int) -> str | None:
    """Why (start, end) is not a valid span of a text of `length` code points, or None if it is.

    The one offset rule of the project: the store, the readers and the windows all ask it."""
    # Exact types first: nearly every span passes here, the one test a million-span import pays for.
    if type(start) is int and type(end) is int and 0 <= start < end <= length:  # noqa: E721 (bool is not an offset)
        return None
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool):
        return f"offsets must be integers, got start={start!r}, end={end!r}"
    if start < 0:
        return f"start {start} is negative"
    if end <= start:
        return f"end {end} is not after start {start}"
    if end > length:
        return f"end {end} is past the end of the text ({length} characters)"
    return None


@dataclass(frozen=True, slots=True)
class SpanRecord:
    """A span as it travels in files (export, import, agreement input): offsets, label, attributes."""

    start: int
    end: int
    label: str
    holder: str | None = None
    note: str | None = None
    unsure: bool = False
    uid: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    provenance: str | None = None
    source_id: str | None = None  # the id the span had in the tool it came from, when `uid` is another


@dataclass(frozen=True, slots=True)
class CodingRecord:
    """One document as coded by one coder, or by nobody (`coder` None): one canonical JSONL line.

    Exports are written from these, imports read into them, and agreement is computed over them.
    `source_line` is the 1-based line of the file a record was read from (None when from a project).
    `not_given` names the document fields ("doc_label", "note") the line does not carry (a doccano
    line without `cats`, any format without document notes): an import keeps the stored value of
    those, where None would clear it. A `status` of None is likewise "not given" (a stored one never is).
    """

    doc_id: str
    text: str
    meta: dict[str, Any]
    coder: str | None
    doc_label: str | None = None
    status: Status | None = None
    note: str | None = None
    spans: tuple[SpanRecord, ...] = ()
    updated_at: str | None = None
    source_line: int | None = None
    not_given: frozenset[str] = frozenset()
