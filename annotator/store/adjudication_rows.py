"""The rows the adjudication list is computed from, read in bulk: no text, no object per span.

A project of 10,000 documents holds ~600,000 spans; the adjudication window needs only their places
(document, coder, start, end, label), which come back as one flat array of integers (8 bytes each,
not a tuple per span), with the annotations, the documents' titles and the gold spans beside them.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from itertools import chain

from annotator.store._rows import Session, run

SPAN_FIELDS = 5  # document, coder, start, end, label: the flat span array's stride


@dataclass(frozen=True, slots=True)
class AdjudicationRows:
    coders: dict[int, str]  # coder id -> name
    labels: dict[int, str]  # label id -> name
    documents: dict[int, tuple[str, str | None]]  # document id -> (content hash, title)
    annotations: list[tuple[int, int, int | None, str]]  # (document, coder, stance label id, status)
    spans: array[int]  # every span's (document, coder, start, end, label id), flat, in no order
    gold_spans: list[tuple[int, int, int, int, str]]  # (document, start, end, label id, uid) of the gold coder


def adjudication_rows(tx: Session, gold_coder: str) -> AdjudicationRows:
    coders = dict(run(tx, "SELECT id, name FROM coder").all())
    gold = next((i for i, name in coders.items() if name == gold_coder), None)
    spans = array("q")
    spans.extend(chain.from_iterable(run(tx, 'SELECT document_id, coder_id, start, "end", label_id FROM span')))
    return AdjudicationRows(
        coders,
        dict(run(tx, "SELECT id, name FROM label").all()),
        {i: (h, title) for i, h, title in run(tx, "SELECT id, content_hash, title FROM document")},
        run(tx, "SELECT document_id, coder_id, stance_id, status FROM annotation").all(),
        spans,
        run(tx, 'SELECT document_id, start, "end", label_id, uid FROM span WHERE coder_id = ?', (gold,)).all()
        if gold is not None else [],
    )
