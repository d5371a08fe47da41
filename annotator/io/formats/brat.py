"""brat standoff: a document's `.txt` with its `.ann` (one coder's annotations); read and write.

Read: text-bound annotations (`T1<TAB>Label 0 5<TAB>text`) are spans; fragments of a discontinuous
annotation (`0 5;8 12`) that only a line break or white space separates are one span (brat splits
spans at line breaks), others become separate spans and are counted as not imported whole.
`AnnotatorNotes` are span notes, the binary attribute `Unsure` marks a span unsure, and an entity
of type `Stance` with attribute `Value` is the document stance (how we write it; brat has no
document labels; a pair without one leaves the stored stance as it is). Relations, events, normalisations, equivalences and other attributes are counted
as not imported. brat offsets count code points of the `.txt` file as it is.
The coder is `--coder`, else the name of the folder holding the pair (our export's layout).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.errors import InputError
from annotator.core.types import CodingRecord, SpanRecord, check_offsets
from annotator.io.formats.common import LineError, ReadOptions, Tally, finished, make_span

STANCE_TYPE = "Stance"
STANCE_ATTRIBUTE = "Value"
UNSURE_ATTRIBUTE = "Unsure"
_TEXT_BOUND = re.compile(r"^(\S+) (\d+ \d+(?:;\d+ \d+)*)$")
_NOT_IMPORTED = {"R": "brat relation(s)", "E": "brat event(s)", "N": "brat normalisation(s)", "*": "brat equivalence(s)"}


@dataclass
class _Ann:
    """The parsed lines of one .ann file."""

    bound: dict[str, tuple[str, list[tuple[int, int]], str, int]] = field(default_factory=dict)  # id -> type, fragments, text, line
    attributes: dict[str, dict[str, str | bool]] = field(default_factory=dict)  # target id -> name -> value
    notes: dict[str, str] = field(default_factory=dict)  # target id -> note


def read_brat(txt: Path, ann: Path, options: ReadOptions, tally: Tally) -> CodingRecord:
    """The record of one .txt/.ann pair."""
    text = _read_text(txt)
    parsed = _parse_ann(_read_text(ann) if ann.stat().st_size else "", ann, tally)
    coder = options.coder or txt.parent.name
    if not options.coder:
        tally.notes.append(f"coder '{coder}' (the folder's name; pass --coder to name another)")
    spans: list[SpanRecord] = []
    stance = None
    stance_given = False
    errors = []
    for ident, (kind, fragments, quoted, line) in parsed.bound.items():
        attributes = parsed.attributes.pop(ident, {})
        try:
            if kind == STANCE_TYPE:
                stance, stance_given = _stance(attributes, ident), True
                continue
            _check_quoted(text, fragments, quoted, options, tally)
            for start, end in _joined(text, fragments, tally):
                raw = {"start": start, "end": end, "label": kind, "note": parsed.notes.get(ident),
                       "unsure": attributes.pop(UNSURE_ATTRIBUTE, False) is True}
                spans.append(make_span(raw, text, len(spans), None))
            for name in attributes:
                tally.left_out[f"brat attribute(s) '{name}'"] += 1
        except LineError as exc:
            errors.append(f"line {line}: {exc}")
    for attributes in parsed.attributes.values():  # attributes of relations, events or unknown ids
        for name in attributes:
            tally.left_out[f"brat attribute(s) '{name}'"] += 1
    if errors:
        raise InputError("; ".join(errors[:10]), path=str(ann), hint="fix these lines; nothing from this pair was imported")
    return finished(text, {"source_file": txt.name}, coder, spans, stance, None, stance_given=stance_given)


def _read_text(path: Path) -> str:
    """The file as brat reads it: UTF-8, nothing changed (offsets count its characters, `\r` too)."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", path=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError("brat files must be UTF-8", path=str(path), hint="re-save the file as UTF-8") from exc


def _parse_ann(content: str, path: Path, tally: Tally) -> _Ann:
    parsed = _Ann()
    errors = []
    for number, line in enumerate(content.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            _parse_line(line, number, parsed, tally)
        except LineError as exc:
            errors.append(f"line {number}: {exc}")
    if errors:
        raise InputError("; ".join(errors[:10]), path=str(path), hint="fix these lines; nothing from this pair was imported")
    return parsed


def _parse_line(line: str, number: int, parsed: _Ann, tally: Tally) -> None:
    fields = line.split("\t")
    ident = fields[0]
    if ident.startswith("T"):
        match = _TEXT_BOUND.match(fields[1]) if len(fields) >= 3 else None
        if match is None:
            raise LineError("not a brat text-bound annotation (T1<TAB>Type start end<TAB>text)")
        places = [part.split(" ") for part in match.group(2).split(";")]  # the pattern allows "start end" only
        fragments = [(int(start), int(end)) for start, end in places]
        parsed.bound[ident] = (match.group(1), fragments, "\t".join(fields[2:]), number)
    elif ident.startswith(("A", "M")):
        parts = fields[1].split(" ") if len(fields) >= 2 else []
        if len(parts) not in (2, 3):
            raise LineError("not a brat attribute (A1<TAB>Name T1 [value])")
        parsed.attributes.setdefault(parts[1], {})[parts[0]] = parts[2] if len(parts) == 3 else True
    elif ident.startswith("#"):
        parts = fields[1].split(" ") if len(fields) >= 3 else []
        if len(parts) == 2 and parts[0] == "AnnotatorNotes":
            parsed.notes[parts[1]] = fields[2]
        else:
            tally.left_out["brat comment(s)"] += 1
    elif ident[:1] in _NOT_IMPORTED:
        tally.left_out[_NOT_IMPORTED[ident[:1]]] += 1
    else:
        raise LineError(f"unknown brat annotation id {ident!r}")


def _stance(attributes: dict[str, str | bool], ident: str) -> str:
    value = attributes.pop(STANCE_ATTRIBUTE, None)
    if not isinstance(value, str):
        raise LineError(f"the {STANCE_TYPE} annotation {ident} has no '{STANCE_ATTRIBUTE}' attribute")
    return value


def _check_quoted(text: str, fragments: list[tuple[int, int]], quoted: str, options: ReadOptions, tally: Tally) -> None:
    for start, end in fragments:  # checked before the text at them is compared with the quote
        problem = check_offsets(start, end, len(text))
        if problem:
            raise LineError(f"offsets {start}-{end}: {problem}")
    actual = " ".join(text[a:b] for a, b in fragments).replace("\n", " ")
    if quoted.replace("\n", " ") != actual:
        if not options.trust_offsets:
            raise LineError(f"its text {quoted!r} is not the text at its offsets ({actual!r}); "
                            "import with --trust-offsets to keep the offsets")
        tally.repaired["span text(s) re-derived from the offsets (--trust-offsets)"] += 1


def _joined(text: str, fragments: list[tuple[int, int]], tally: Tally) -> list[tuple[int, int]]:
    """Fragments that only white space separates, joined into one span each."""
    ordered = sorted(fragments)
    spans = [list(ordered[0])]
    for start, end in ordered[1:]:
        if text[spans[-1][1] : start].strip() == "":
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    if len(spans) > 1:
        tally.left_out["discontinuous brat annotation(s) imported as separate spans (their link is lost)"] += 1
    return [(a, b) for a, b in spans]


def pair_files(paths: Iterable[Path]) -> dict[Path, Path]:
    """Each .txt that has an .ann beside it -> that .ann."""
    paths = list(paths)
    anns = {p.with_suffix(""): p for p in paths if p.suffix.lower() == ".ann"}
    return {p: anns[p.with_suffix("")] for p in paths if p.suffix.lower() == ".txt" and p.with_suffix("") in anns}


def brat_files(record: CodingRecord) -> tuple[str, str]:
    """The .txt and .ann contents of one coder's record."""
    text = record.text
    lines: list[str] = []
    counter = Counter[str]()

    def next_id(prefix: str) -> str:
        counter[prefix] += 1
        return f"{prefix}{counter[prefix]}"

    for s in record.spans:
        _check_type_name(s.label)
        fragments = _fragments(text, s.start, s.end)
        tid = next_id("T")
        places = ";".join(f"{a} {b}" for a, b in fragments)
        quoted = " ".join(text[a:b] for a, b in fragments).replace("\n", " ")
        lines.append(f"{tid}\t{s.label} {places}\t{quoted}")
        if s.unsure:
            lines.append(f"{next_id('A')}\t{UNSURE_ATTRIBUTE} {tid}")
        if s.note:
            lines.append(f"{next_id('#')}\tAnnotatorNotes {tid}\t{_one_line(s.note)}")
    if record.doc_label:
        _check_type_name(record.doc_label)
        first = _first_line(text)
        tid = next_id("T")
        lines.append(f"{tid}\t{STANCE_TYPE} {first[0]} {first[1]}\t{text[first[0]:first[1]]}")
        lines.append(f"{next_id('A')}\t{STANCE_ATTRIBUTE} {tid} {record.doc_label}")
    return text, "".join(line + "\n" for line in lines)


def annotation_conf(span_labels: list[str], stances: list[str]) -> str:
    """brat's annotation.conf for an export: the labels as entities, Stance with its values."""
    entities = "\n".join([*span_labels, STANCE_TYPE])
    values = "|".join(stances) or "none"
    return (f"[entities]\n{entities}\n\n[relations]\n\n[events]\n\n[attributes]\n"
            f"{UNSURE_ATTRIBUTE}\tArg:<ENTITY>\n{STANCE_ATTRIBUTE}\tArg:{STANCE_TYPE}, Value:{values}\n")


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span cut at line breaks (brat shows no annotation across lines)."""
    pieces = [(m.start() + start, m.end() + start) for m in re.finditer(r"[^\n]+", text[start:end])]
    return pieces or [(start, end)]


def _first_line(text: str) -> tuple[int, int]:
    match = re.search(r"\S[^\n]*", text)
    assert match is not None  # a document's text is never blank
    return match.start(), len(match.group(0).rstrip()) + match.start()


def _one_line(note: str) -> str:
    return note.replace("\r", " ").replace("\n", " ").replace("\t", " ")


def _check_type_name(name: str) -> None:
    if not re.fullmatch(r"[^\s;]+", name):
        raise InputError(f"the label {name!r} cannot be a brat type (no spaces or ';')",
                         hint="rename it in the codebook, or export to another format")
