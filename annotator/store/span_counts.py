"""Each coder's span count per document (table span_count), kept with every span the store adds or removes.

The document list shows every document's count for the coder at once; counting them there took a COUNT
per document (~0.1 s on 10,000 documents with 600,000 spans, issue 14). A trigger would keep them too,
but doubles a bulk import's time; so the store's write paths keep them: +n for rows a plain INSERT
stored (all or nothing), -1 for a single DELETE that removed a row, and an exact recount of the
(document, coder) pairs a bulk path touched where how many rows changed is not known per pair.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from annotator.store._rows import Session, run_many

_ADD = ("INSERT INTO span_count (document_id, coder_id, spans) VALUES (?, ?, ?)"
        " ON CONFLICT (document_id, coder_id) DO UPDATE SET spans = span_count.spans + excluded.spans")
_RECOUNT = ("INSERT INTO span_count (document_id, coder_id, spans)"
            " SELECT ?, ?, COUNT(*) FROM span WHERE document_id = ? AND coder_id = ?"
            " ON CONFLICT (document_id, coder_id) DO UPDATE SET spans = excluded.spans"
            # A count that is right already is left alone: a merge that changes nothing must change no row.
            " WHERE span_count.spans <> excluded.spans")


def add(tx: Session, pairs: Iterable[tuple[int, int]], sign: int = 1) -> None:
    """Count one span more (or, with sign -1, less) for each (document, coder) in `pairs`."""
    run_many(tx, _ADD, [(document, coder, sign * n) for (document, coder), n in Counter(pairs).items()])


def recount(tx: Session, pairs: Iterable[tuple[int, int]]) -> None:
    """Set the counts of these (document, coder) pairs to what the span table holds now."""
    run_many(tx, _RECOUNT, [(document, coder, document, coder) for document, coder in set(pairs)])
