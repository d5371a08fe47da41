"""Prodigy: ner/ner.manual/ner.teach span lines, textcat and choice answers, db-out; and writing them.

Only `accept` answers are annotations; `reject` and `ignore` are counted as passed over. A textcat
line (`"label": "X"`, accepted) and a choice line (`"accept": ["X"]`; `[]` clears it) give the
coder's stance; a line with neither key (ner) leaves the stored stance as it is.
The coder is `_annotator_id` (Prodigy names it `<dataset>-<session>`), else `--coder`.
An accepted line without `spans` is a document the coder finished with no spans.
"""

from __future__ import annotations

from typing import Any

from annotator.core.types import CodingRecord
from annotator.io.formats.common import (
    LineError,
    ReadOptions,
    Tally,
    coder_name,
    finished,
    list_of,
    make_span,
    one_stance,
)

_PRODIGY_KEYS = ("_annotator_id", "answer", "_input_hash", "_task_hash", "_session_id", "_view_id")


def is_prodigy(obj: dict[str, Any]) -> bool:
    return any(key in obj for key in _PRODIGY_KEYS) or ("accept" in obj and "options" in obj)


def parse_prodigy(obj: dict[str, Any], text: str, options: ReadOptions, tally: Tally, line: int | None) -> CodingRecord | None:
    """The record of an accepted line; None (counted) for an answer other than accept."""
    answer = obj.get("answer", "accept")
    if answer != "accept":
        tally.passed_over[f"Prodigy answer(s) '{answer}'"] += 1
        return None
    spans = [make_span(s, text, i, tally, options.trust_offsets) for i, s in enumerate(list_of(obj, "spans"))]
    label = obj.get("label")
    if label is not None and not isinstance(label, str):
        raise LineError("'label' must be a label name")
    accepted = list_of(obj, "accept")
    stance = one_stance([label, *accepted], "accepted label")
    meta = obj.get("meta")
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise LineError("'meta' must be an object")
    meta = {k: v for k, v in meta.items() if k != "doc_id"}  # derived from the text, not metadata
    return finished(text, meta, coder_name(obj.get("_annotator_id"), options.coder), spans, stance, line,
                    stance_given=label is not None or "accept" in obj)


def prodigy_line(record: CodingRecord) -> dict[str, Any] | None:
    """A Prodigy task as `db-in` takes it: spans with their text, the stance as the accepted choice."""
    if record.coder is None:
        return None
    text = record.text
    line: dict[str, Any] = {
        "text": text,
        "spans": [{"start": s.start, "end": s.end, "label": s.label, "text": text[s.start : s.end]} for s in record.spans],
    }
    if record.doc_label:
        line["options"] = [{"id": record.doc_label, "text": record.doc_label}]
        line["accept"] = [record.doc_label]
    line.update({"meta": {"doc_id": record.doc_id, **record.meta}, "_annotator_id": record.coder, "answer": "accept"})
    return line
