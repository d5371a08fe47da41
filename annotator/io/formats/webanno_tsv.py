"""WebAnno TSV 3.x, INCEpTION's per-annotator export: span layers read as spans.

The text is rebuilt from the `#Text=` lines as INCEpTION does (sentences placed at their first
token's offset, gaps padded with spaces, each sentence ending in a line break). Offsets in the file
count UTF-16 units (Java) and are converted to code points. Every annotation of a custom span layer
(`webanno.custom.*`) or of NamedEntity is a span: its label is its first feature with a value (a
feature named `holder` is the holder), else the layer's name. DKPro's linguistic layers (POS,
lemma, ...), relations, chains and slot links are counted as not imported. TSV carries no stance
(an import leaves the stored one as it is) and names no coder: it is `--coder`, else the file's
name (INCEpTION exports `annotation/<document>/<user>.tsv`; `CURATION_USER` is the curated result,
read as `gold`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.types import GOLD_CODER, CodingRecord, SpanRecord
from annotator.io.formats.common import (
    LineError,
    ReadOptions,
    Tally,
    finished,
    make_span,
    utf16_to_code_points,
)

MAGIC = "#FORMAT=WebAnno TSV 3"
CURATION_USER = "CURATION_USER"
_LINGUISTIC = ("de.tudarmstadt.ukp.dkpro.core.api.lexmorph.", "de.tudarmstadt.ukp.dkpro.core.api.segmentation.",
               "de.tudarmstadt.ukp.dkpro.core.api.syntax.")
_STACK = re.compile(r"(?<!\\)\|")
_VALUE_ESCAPE = re.compile(r"\\(->|[\\\[\]|_;*tn])")
_TEXT_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_TEXT_UNESCAPED = {"t": "\t", "n": "\n", "f": "\f", "r": "\r", "b": "\b", "\\": "\\"}


@dataclass(frozen=True)
class _Column:
    kind: str  # SP, RL, CH
    layer: str
    feature: str | None  # None: the layer has no features (a placeholder column)

    @property
    def role(self) -> str:
        """span (a feature of a span annotation), link (relation, chain, slot) or other (its companion columns)."""
        if self.kind == "SP" and self.feature and self.feature.startswith("ROLE_"):
            return "link"
        if self.kind == "SP" and self.feature and "." in self.feature:
            return "other"  # a slot's target column
        if self.kind == "SP":
            return "span"
        return "link" if self.feature is None or not self.feature.startswith("BT_") else "other"


@dataclass
class _Annotation:
    layer: str
    begin: int
    end: int
    features: dict[str, str] = field(default_factory=dict)


def is_webanno_tsv(head: str) -> bool:
    return head.lstrip("\ufeff").startswith(MAGIC)


def read_webanno_tsv(path: Path, options: ReadOptions, tally: Tally) -> CodingRecord:
    try:
        content = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", path=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError("WebAnno TSV files are UTF-8", path=str(path)) from exc
    lines = content.split("\n")
    try:
        columns, body = _header(lines)
        text, annotations = _body(lines, body, columns, tally)
    except LineError as exc:
        raise InputError(str(exc), path=str(path), hint="is this a WebAnno TSV 3 file as INCEpTION exports it?") from exc
    to_code_points = utf16_to_code_points(text)
    spans: list[SpanRecord] = []
    for annotation in annotations:
        if annotation.layer.startswith(_LINGUISTIC):
            tally.left_out[f"{_short(annotation.layer)} annotation(s) (linguistic layer)"] += 1
            continue
        raw = {"start": to_code_points(annotation.begin), "end": to_code_points(annotation.end),
               "label": _label(annotation), "holder": _holder(annotation)}
        try:
            spans.append(make_span(raw, text, len(spans), None))
        except LineError as exc:
            raise InputError(str(exc), path=str(path)) from exc
    return finished(text, {"source_file": path.name}, coder_for_file(path, options, tally), spans, None, None,
                    stance_given=False)  # span layers only: the stored stance stays


def coder_for_file(path: Path, options: ReadOptions, tally: Tally) -> str:
    """INCEpTION's exports name no coder inside: --coder, else the file's name."""
    if options.coder:
        return options.coder
    if path.stem == CURATION_USER:
        tally.notes.append(f"coder '{GOLD_CODER}' ({CURATION_USER} is INCEpTION's curated result)")
        return GOLD_CODER
    tally.notes.append(f"coder '{path.stem}' (the file's name; pass --coder to name another)")
    return path.stem


def _header(lines: list[str]) -> tuple[list[_Column], int]:
    if not lines or not is_webanno_tsv(lines[0]):
        raise LineError("line 1: no '#FORMAT=WebAnno TSV 3.x' header")
    columns: list[_Column] = []
    number = 1
    while number < len(lines) and lines[number].startswith(("#T_SP=", "#T_RL=", "#T_CH=")):
        kind, declaration = lines[number][3:5], lines[number][6:]
        layer, *features = declaration.split("|")
        columns += [_Column(kind, layer, f) for f in features] or [_Column(kind, layer, None)]
        number += 1
    return columns, number


def _body(lines: list[str], start: int, columns: list[_Column], tally: Tally) -> tuple[str, list[_Annotation]]:
    text = ""
    length16 = 0
    sentence: list[str] = []
    annotations: dict[tuple[object, ...], _Annotation] = {}
    for number in range(start, len(lines)):
        line = lines[number].rstrip("\r")
        if not line:
            continue
        if line.startswith("#Text="):
            sentence.append(_TEXT_ESCAPE.sub(lambda m: _TEXT_UNESCAPED.get(m.group(1), m.group(1)), line[6:]))
            continue
        if line.startswith("#"):
            continue  # #Sentence.id= and other sentence headers
        fields = line.split("\t")
        try:
            begin, end = (int(x) for x in fields[1].split("-"))
        except (IndexError, ValueError):
            raise LineError(f"line {number + 1}: not a token line (sentence-token<TAB>begin-end<TAB>token ...)") from None
        if sentence:  # the first token of a sentence: place the sentence text
            if length16 > begin and text.endswith("\n"):
                text, length16 = text[:-1], length16 - 1
            if length16 < begin:
                text += " " * (begin - length16)
                length16 = begin
            piece = "\n".join(sentence) + "\n"
            text += piece
            length16 += len(piece.encode("utf-16-le")) // 2
            sentence = []
        _annotate(fields, begin, end, columns, annotations, tally, number + 1)
    if not text.strip():
        raise LineError("the file holds no text (#Text= lines)")
    return text, list(annotations.values())


def _annotate(fields: list[str], begin: int, end: int, columns: list[_Column],
              annotations: dict[tuple[object, ...], _Annotation], tally: Tally, line: int) -> None:
    unit = fields[0]
    if len(fields) < 3 + len(columns):
        present = len(fields) - 3 - (fields[-1] == "")  # INCEpTION ends each row with a tab
        raise LineError(f"line {line}: {present} annotation columns where the header declares {len(columns)}")
    for index, column in enumerate(columns):
        raw = fields[3 + index]
        if raw in ("_", ""):
            continue
        role = column.role
        if role == "link":
            tally.left_out[f"{_short(column.layer)} link(s) (relations, chains and slots are not imported)"] += len(_STACK.split(raw))
            continue
        if role != "span":
            continue
        for stack, value in enumerate(_STACK.split(raw)):
            ident = None
            if value.endswith("]") and not value.endswith("\\]") and "[" in value:
                value, ident = value[: value.rfind("[")], value[value.rfind("[") + 1 : -1]
            key = (column.layer, ident) if ident else (column.layer, unit, stack)
            annotation = annotations.setdefault(key, _Annotation(column.layer, begin, end))
            annotation.begin, annotation.end = min(annotation.begin, begin), max(annotation.end, end)
            if column.feature and value not in ("*", "_"):
                annotation.features.setdefault(column.feature, _VALUE_ESCAPE.sub(_unescape_value, value))


def _unescape_value(match: re.Match[str]) -> str:
    return {"t": "\t", "n": "\n"}.get(match.group(1), match.group(1))


def _label(annotation: _Annotation) -> str:
    for name, value in annotation.features.items():
        if name.lower() != "holder" and value.strip():
            return value
    return _short(annotation.layer)


def _holder(annotation: _Annotation) -> str | None:
    return next((v for k, v in annotation.features.items() if k.lower() == "holder"), None)


def _short(layer: str) -> str:
    return layer.rsplit(".", 1)[-1]
