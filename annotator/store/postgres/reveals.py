"""Documents a server project's PI has revealed: there every member reads every coder's work (read only).

Row security reads `revealed_document` (server_schema.py's `revealed_rows` policies), so revealing is a
row the PI's session writes, like any of its changes: the app does it as an undoable edit (store/edits.py
`reveal_document`); `annotator server reveal` does it by doc_id (members.py). A project file has no such
table: there every coder's work is in the file anyway.
"""

from __future__ import annotations

from annotator.core.types import DocumentId
from annotator.store._rows import Session, run
from annotator.store.database import utc_now


def is_revealed(tx: Session, document_id: DocumentId) -> bool:
    return run(tx, "SELECT 1 FROM revealed_document WHERE document_id = ?", (document_id,)).first() is not None


def set_revealed(tx: Session, document_id: DocumentId, revealed: bool) -> None:
    """Reveal the document to every member, or make it blind again (a PI's session: others are refused)."""
    if revealed:
        run(tx, "INSERT INTO revealed_document (document_id, revealed_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (document_id, utc_now()))
    else:
        run(tx, "DELETE FROM revealed_document WHERE document_id = ?", (document_id,))
