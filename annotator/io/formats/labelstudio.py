"""Label Studio tasks (the JSON array of "Export JSON", or one task per JSONL line): read and write.

A task is `{"data": {"text": ...}, "annotations": [{"completed_by", "result": [...]}], "predictions": [...]}`.
Each annotation is one coder's work: `labels` results are spans (`value.start/end/labels/text`),
one `choices` result is the stance (an annotation without one leaves the stored stance as it is). The coder is `completed_by` (a user id, or an object with an
email), named through the task's `meta.coder_names` when we wrote the file, else `--coder` when it
is missing. Label Studio before 1.5 counted offsets in UTF-16 units: a span whose quoted text only
fits that way is converted and counted. Cancelled (skipped) annotations are passed over; other
result types (relations, text areas, ratings) and predictions are counted as not imported, except
the `gold` prediction we write ourselves.
"""

from __future__ import annotations

from typing import Any

from annotator.core.types import GOLD_CODER, CodingRecord, SpanRecord
from annotator.io.formats.common import (
    LineError,
    ReadOptions,
    Tally,
    coder_name,
    finished,
    list_of,
    make_record,
    make_span,
    one_stance,
    utf16_to_code_points,
)

GOLD_MODEL = "annotator gold"


def is_labelstudio(obj: dict[str, Any]) -> bool:
    return isinstance(obj.get("data"), dict) and any(k in obj for k in ("annotations", "predictions", "completions", "id"))


def task_text(obj: dict[str, Any]) -> tuple[str, str]:
    """The task's text and its key in `data` (`text`, or the one string of a config like `$review`)."""
    data = obj["data"]
    key = "text"
    if data.get(key) is None:
        strings = [k for k, v in data.items() if isinstance(v, str)]
        key = strings[0] if len(strings) == 1 else key
    text = data.get(key)
    if not isinstance(text, str) or not text.strip():
        raise LineError("no 'data.text' (a non-empty string) in this Label Studio task")
    return text, key


def parse_task(obj: dict[str, Any], options: ReadOptions, tally: Tally, line: int | None) -> list[CodingRecord]:
    """One record per completed annotation of the task; a task nobody annotated is an article."""
    text, key = task_text(obj)
    # doc_id is derived from the text; nested values are Label Studio's own bookkeeping
    meta = {k: v for k, v in obj["data"].items() if k not in (key, "doc_id") and not isinstance(v, dict | list)}
    task_meta = obj.get("meta")
    names = task_meta.get("coder_names") if isinstance(task_meta, dict) else None
    if not isinstance(names, dict):
        names = {}
    if "id" in obj:
        meta.setdefault("source_id", obj["id"])
    records = []
    for annotation in list_of(obj, "annotations") + list_of(obj, "completions"):
        if not isinstance(annotation, dict):
            raise LineError("an annotation must be an object")
        if annotation.get("was_cancelled"):
            tally.passed_over["Label Studio annotation(s) cancelled (skipped by the coder)"] += 1
            continue
        coder = _coder(annotation.get("completed_by"), names, options)
        records.append(_record(annotation, text, meta, coder, options, tally, line))
    for prediction in list_of(obj, "predictions"):
        if isinstance(prediction, dict) and prediction.get("model_version") == GOLD_MODEL:
            records.append(_record(prediction, text, meta, GOLD_CODER, options, tally, line))
        else:
            tally.left_out["Label Studio prediction(s) (model output, not a coder's work)"] += 1
    if not records:
        records.append(make_record(text, meta, None, [], source_line=line))
    return records


def _coder(completed_by: Any, names: dict[str, Any], options: ReadOptions) -> str:
    if isinstance(completed_by, dict):
        completed_by = completed_by.get("email") or completed_by.get("username") or completed_by.get("id")
    if completed_by is not None and str(completed_by) in names:
        return str(names[str(completed_by)])
    if isinstance(completed_by, int) and not isinstance(completed_by, bool):
        return f"user-{completed_by}"
    return coder_name(completed_by, options.coder)


def _record(annotation: dict[str, Any], text: str, meta: dict[str, Any], coder: str, options: ReadOptions,
            tally: Tally, line: int | None) -> CodingRecord:
    spans: list[SpanRecord] = []
    stances: list[Any] = []
    chose = False
    to_code_points = None
    for result in list_of(annotation, "result"):
        kind = result.get("type") if isinstance(result, dict) else None
        value = result.get("value") if isinstance(result, dict) else None
        if kind == "labels" and isinstance(value, dict):
            labels = value.get("labels")
            if not isinstance(labels, list) or not labels:
                raise LineError(f"Label Studio region {result.get('id')!r} has no labels")
            start, end = value.get("start"), value.get("end")
            quoted = value.get("text")
            if isinstance(quoted, str) and isinstance(start, int) and isinstance(end, int) and text[start:end] != quoted:
                to_code_points = to_code_points or utf16_to_code_points(text)
                if text[to_code_points(start) : to_code_points(end)] == quoted:
                    start, end = to_code_points(start), to_code_points(end)
                    tally.repaired["span(s) with UTF-16 offsets (Label Studio before 1.5) converted"] += 1
            for label in labels:
                raw = {"start": start, "end": end, "label": label, "text": quoted}
                spans.append(make_span(raw, text, len(spans), tally, options.trust_offsets))
        elif kind == "choices" and isinstance(value, dict):
            stances += value.get("choices") or []
            chose = True
        else:
            tally.left_out[f"Label Studio result(s) of type {kind!r}"] += 1
    stance = one_stance(stances, "choice")
    return finished(text, dict(meta), coder, spans, stance, line, stance_given=chose)


def labelstudio_task(records: list[CodingRecord]) -> dict[str, Any]:
    """One task for a document: each coder's work an annotation (gold also as a prediction, so that
    Label Studio shows it as a pre-annotation), the text in `data.text`, ids in `data`/`meta`."""
    first = records[0]
    coders = sorted({r.coder for r in records if r.coder and r.coder != GOLD_CODER})
    numbers = {name: i for i, name in enumerate(coders, start=1)}
    task: dict[str, Any] = {"data": {"text": first.text, "doc_id": first.doc_id, **_flat(first.meta)},
                            "annotations": [], "predictions": [],
                            "meta": {"coder_names": {str(i): name for name, i in numbers.items()}}}
    for record in records:
        if record.coder is None:
            continue
        result = _results(record)
        if record.coder == GOLD_CODER:
            task["predictions"].append({"model_version": GOLD_MODEL, "result": result})
        else:
            task["annotations"].append({"completed_by": numbers[record.coder], "result": result,
                                        "was_cancelled": False, "ground_truth": False})
    return task


def _results(record: CodingRecord) -> list[dict[str, Any]]:
    text = record.text
    results: list[dict[str, Any]] = [
        {"id": (s.uid or f"s{i}")[:36], "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": s.start, "end": s.end, "text": text[s.start : s.end], "labels": [s.label]}}
        for i, s in enumerate(record.spans)
    ]
    if record.doc_label:
        results.append({"id": "stance", "from_name": "stance", "to_name": "text", "type": "choices",
                        "value": {"choices": [record.doc_label]}})
    return results


def _flat(meta: dict[str, Any]) -> dict[str, Any]:
    """Task data keeps plain values: Label Studio shows them in its data manager."""
    return {k: v for k, v in meta.items() if k != "text" and v is not None and not isinstance(v, dict | list)}
