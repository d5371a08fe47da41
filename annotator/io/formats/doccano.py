"""doccano: its JSONL exports read (every key they carry), and written in the shape doccano imports.

Exports seen in the wild (one file per coder, or `all.jsonl` with a `user`/`annotator` key):
sequence labelling `{"id", "text" | "data", "label" | "labels": [[start, end, label], ...]}`,
with relations `{"entities": [{"id", "label", "start_offset", "end_offset"}], "relations": [...]}`,
text classification `{"text", "label": ["positive"]}`, intent detection and slot filling
`{"text", "entities": [[start, end, label]], "cats": ["intent"]}`. Spans are doccano's labels;
a document label (class or intent) is the coder's stance. A line states the stance only with a
`cats` key (an empty list clears it) or a class among its labels: a line of spans alone leaves
the stored stance as it is. Relations and comments are counted as not imported. Other keys are
kept as the document's metadata.
"""

from __future__ import annotations

from typing import Any

from annotator.core.types import CodingRecord, SpanRecord
from annotator.io.formats.common import (
    LineError,
    ReadOptions,
    Tally,
    coder_name,
    count_unused,
    finished,
    make_span,
    one_stance,
)

SPAN_KEYS = ("label", "labels", "entities")
OWN_KEYS = frozenset({"text", "data", *SPAN_KEYS, "cats", "annotator", "user", "relations", "Comments", "comments"})


def is_doccano(obj: dict[str, Any]) -> bool:
    return any(key in obj for key in (*SPAN_KEYS, "cats")) or isinstance(obj.get("data"), str)


def parse_doccano(obj: dict[str, Any], text: str, options: ReadOptions, tally: Tally, line: int | None) -> CodingRecord:
    spans: list[SpanRecord] = []
    doc_labels: list[Any] = []
    for key in SPAN_KEYS:
        items = obj.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            raise LineError(f"'{key}' must be a list")
        for item in items:
            if isinstance(item, str):
                doc_labels.append(item)
            else:
                spans.append(make_span(_span_fields(item, len(spans)), text, len(spans), tally, options.trust_offsets))
    cats = obj.get("cats")
    if cats is not None:
        if not isinstance(cats, list):
            raise LineError("'cats' must be a list")
        doc_labels += cats
    stance = one_stance(doc_labels, "document label")
    count_unused(obj, ("relations",), tally, lambda key: "doccano relation(s)")
    count_unused(obj, ("Comments", "comments"), tally, lambda key: "doccano comment(s)")
    coder = coder_name(obj.get("annotator") or obj.get("user"), options.coder)
    meta = {("source_id" if k == "id" else k): v for k, v in obj.items() if k not in OWN_KEYS}
    return finished(text, meta, coder, spans, stance, line, stance_given=bool(doc_labels) or cats is not None)


def _span_fields(item: Any, index: int) -> dict[str, Any]:
    """doccano's span ([start, end, label] or an entity object) in our field names."""
    if isinstance(item, list) and len(item) == 3:
        return {"start": item[0], "end": item[1], "label": item[2]}
    if isinstance(item, dict) and "start_offset" in item:
        return {"start": item.get("start_offset"), "end": item.get("end_offset"), "label": item.get("label")}
    raise LineError(f"label {index + 1} is neither [start, end, label], an entity object nor a document label")


def doccano_line(record: CodingRecord) -> dict[str, Any] | None:
    """A line for a doccano project of type "Intent detection and slot filling": spans as `entities`,
    the stance as the one `cats` entry. doccano keeps the other keys (doc_id, annotator) as metadata."""
    if record.coder is None:
        return None
    return {"text": record.text, "entities": [[s.start, s.end, s.label] for s in record.spans],
            "cats": [record.doc_label] if record.doc_label else [], "doc_id": record.doc_id, "annotator": record.coder}
