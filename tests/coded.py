"""Building coders' work through the store, as coders' GUIs would leave it: spans, stance, status."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.core.span_ids import new_span_uid
from annotator.core.types import DocumentId, NewDocument, Span, Status
from annotator.operations.projects import open_project
from annotator.store.annotations import set_annotation
from annotator.store.database import Database
from annotator.store.documents import add_documents
from annotator.store.spans import add_span

SpanSpec = tuple[int, int, str] | tuple[int, int, str, str]  # start, end, label[, holder]


def new_project(path: Path, texts: Iterable[tuple[str, str]]) -> tuple[Database, list[DocumentId]]:
    """A project with the default codebook and these (title, text) documents; their ids in order."""
    db = open_project(path, create=True)
    with db.transaction() as tx:
        added = add_documents(tx, [NewDocument(text, title=title) for title, text in texts])
    return db, [DocumentId(a.id) for a in added]


def code(db: Database, document_id: DocumentId, coder: str, *, stance: str | None = None,
         spans: Iterable[SpanSpec] = (), done: bool = True) -> None:
    """One coder's work on one document, committed in one transaction."""
    with db.transaction() as tx:
        for spec in spans:
            holder = spec[3] if len(spec) == 4 else None
            add_span(tx, Span(new_span_uid(), document_id, coder, spec[0], spec[1], spec[2], holder=holder))
        set_annotation(tx, document_id, coder, stance=stance,
                       status=Status.DONE if done else Status.IN_PROGRESS)
