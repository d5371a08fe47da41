"""The tables of a project file (SQLModel). Rows never leave the store; its functions return core types.

Timestamps are ISO-8601 UTC strings (sortable, exact in exports, no naive-datetime pitfalls).
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from annotator.store.migrations import APPLICATION_ID  # noqa: F401 - there, so opening a file needs no ORM

SCHEMA_VERSION = 5  # migrations.SCHEMA_VERSION (its last step) is what opening a file uses: keep them equal


class DocumentRow(SQLModel, table=True):
    __tablename__ = "document"
    id: int | None = Field(default=None, primary_key=True)
    content_hash: str = Field(unique=True)  # SHA-256 of the text: identity across projects
    length: int  # len(text) in code points, kept so span checks and lists never read the text
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    language: str | None = None
    meta: str = "{}"  # JSON object of free metadata
    created_at: str
    # Last: SQLite stores a row's columns in order, so the list of documents (title, outlet, ...)
    # is read without walking each text's overflow pages.
    text: str


class CoderRow(SQLModel, table=True):
    __tablename__ = "coder"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    created_at: str


class LabelRow(SQLModel, table=True):
    """A span label (kind 'span') or a document stance option (kind 'stance')."""

    __tablename__ = "label"
    __table_args__ = (UniqueConstraint("kind", "name"), CheckConstraint("kind IN ('span', 'stance')"))
    id: int | None = Field(default=None, primary_key=True)
    kind: str
    name: str
    key: str | None = None
    colour: str = "#888888"
    definition: str = ""
    include: str = "[]"  # JSON list of strings
    exclude: str = "[]"
    examples: str = "[]"
    value: float | None = None
    position: int = 0


class SettingRow(SQLModel, table=True):
    """Project-wide values (codebook name, guidelines, stance scale, attributes), JSON-encoded."""

    __tablename__ = "setting"
    key: str = Field(primary_key=True)
    value: str


class SpanRow(SQLModel, table=True):
    __tablename__ = "span"
    __table_args__ = (
        CheckConstraint("start >= 0 AND \"end\" > start", name="span_offsets"),
        Index("ix_span_document_coder", "document_id", "coder_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    uid: str = Field(unique=True)  # stable UUID: survives export, import, merge and undo
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE")
    coder_id: int = Field(foreign_key="coder.id", index=True)
    label_id: int = Field(foreign_key="label.id", index=True)
    start: int
    end: int
    holder: str | None = None
    note: str | None = None
    unsure: bool = False
    provenance: str | None = None  # gold spans: unanimous / majority / adjudicated (by whom)
    created_at: str
    updated_at: str
    # The id the span arrived with when another document's or coder's span held it (brat "T1", "1", ...):
    # it got a new `uid`, and exports keep this one for round trips. Null for nearly every span.
    source_id: str | None = None


class SpanCountRow(SQLModel, table=True):
    """How many spans a coder has in a document, kept by the store with every span it adds or removes:
    the document list shows it for 10,000 documents at once (a COUNT per document took ~0.1 s)."""

    __tablename__ = "span_count"
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE", primary_key=True)
    coder_id: int = Field(foreign_key="coder.id", primary_key=True)
    spans: int


class SpanTombstoneRow(SQLModel, table=True):
    """A deleted span's uid, so that merging an older copy does not bring it back."""

    __tablename__ = "span_tombstone"
    uid: str = Field(primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE", index=True)
    coder_id: int = Field(foreign_key="coder.id")
    deleted_at: str


class AnnotationRow(SQLModel, table=True):
    """A coder's document-level work: stance, note, status."""

    __tablename__ = "annotation"
    __table_args__ = (
        UniqueConstraint("document_id", "coder_id"),
        CheckConstraint("status IN ('not_started', 'in_progress', 'done')"),
        Index("ix_annotation_coder_status", "coder_id", "status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE")
    coder_id: int = Field(foreign_key="coder.id")
    stance_id: int | None = Field(default=None, foreign_key="label.id")
    note: str | None = None
    status: str = "not_started"
    created_at: str
    updated_at: str


class ModelRow(SQLModel, table=True):
    """A trained stance model: plain arrays in a NumPy .npz archive (never a pickle), and what it was
    trained on (labels, counts, data hash) and how well it did (figures), as JSON."""

    __tablename__ = "model"
    id: int | None = Field(default=None, primary_key=True)
    version: str = Field(unique=True)  # what a suggested span's provenance names: "suggested:<version>"
    created_at: str
    data_hash: str  # SHA-256 of the training documents, spans and stances
    meta: str = "{}"
    data: bytes


class SuggestionRow(SQLModel, table=True):
    """A span the model suggested to a coder, and the coder's decision. Never a span: agreement and
    exports see only the span an accepted suggestion created (its provenance names the model)."""

    __tablename__ = "suggestion"
    __table_args__ = (
        UniqueConstraint("document_id", "coder_id", "model_version", "start", "end"),
        CheckConstraint("decision IS NULL OR decision IN ('accepted', 'rejected')", name="suggestion_decision"),
    )
    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE")
    coder_id: int = Field(foreign_key="coder.id")
    model_version: str
    start: int
    end: int
    label: str
    score: float
    decision: str | None = None
    span_uid: str | None = None  # the span an acceptance created
    decided_at: str | None = None
    created_at: str


class AssistedRow(SQLModel, table=True):
    """A document a coder saw with the model's suggestions: left out of agreement by default."""

    __tablename__ = "assisted"
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE", primary_key=True)
    coder_id: int = Field(foreign_key="coder.id", primary_key=True)
    model_version: str
    first_seen_at: str


class AssignmentRow(SQLModel, table=True):
    """Which documents a coder is to code (`annotator assign`); `reliability`: the document is in the
    reliability sample every coder codes. No rows: no assignment, every coder sees every document."""

    __tablename__ = "assignment"
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE", primary_key=True)
    coder_id: int = Field(foreign_key="coder.id", primary_key=True, index=True)
    reliability: bool = False


# Rules SQLite enforces itself, whatever program writes to the file.
# Inserts are checked by the store's Python (a trigger on INSERT doubles a bulk import's time); updates,
# rarer, by SQLite as well: the path that once moved a span to another document's offsets was an update.
TRIGGERS = (
    """CREATE TRIGGER IF NOT EXISTS document_text_immutable BEFORE UPDATE OF text, content_hash, length ON document
       BEGIN SELECT RAISE(ABORT, 'a document''s text never changes'); END""",
    """CREATE TRIGGER IF NOT EXISTS span_stays_inside_its_text BEFORE UPDATE OF start, "end", document_id ON span
       WHEN NEW."end" > (SELECT length FROM document WHERE id = NEW.document_id)
       BEGIN SELECT RAISE(ABORT, 'a span must lie inside its document''s text'); END""",
    """CREATE TRIGGER IF NOT EXISTS span_keeps_its_document_and_coder BEFORE UPDATE OF document_id, coder_id ON span
       WHEN NEW.document_id IS NOT OLD.document_id OR NEW.coder_id IS NOT OLD.coder_id
       BEGIN SELECT RAISE(ABORT, 'a span never moves to another document or coder'); END""",
)
