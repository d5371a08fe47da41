"""The codebook: span labels, document stance options and span attributes, read from TOML."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from annotator.core.errors import InputError

LabelKind = Literal["span", "stance"]
Scale = Literal["nominal", "ordinal", "interval"]

# Keys the GUI binds to commands; a label may not take them.
RESERVED_KEYS = frozenset({"Delete", "Backspace", "Return", "Enter", "Escape", "Tab", "Space", "F1", "D", "N"})
_KEY_RE = re.compile(r"^(?:[0-9]|[A-Z]|F(?:[2-9]|1[0-2]))$")
_COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True, slots=True)
class Label:
    """A span label or a document stance option."""

    name: str
    kind: LabelKind = "span"
    key: str | None = None
    colour: str = "#888888"
    definition: str = ""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    value: float | None = None  # position on an ordered stance scale, if the codebook declares one


@dataclass(frozen=True, slots=True)
class Attribute:
    """A free-text span attribute, e.g. `holder`: who expresses the stance."""

    name: str
    definition: str = ""
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Codebook:
    name: str = "codebook"
    guidelines: str = ""
    span_labels: tuple[Label, ...] = ()
    stance_options: tuple[Label, ...] = ()
    stance_scale: Scale = "nominal"
    attributes: tuple[Attribute, ...] = field(default_factory=tuple)

    def span_label(self, name: str) -> Label | None:
        return next((label for label in self.span_labels if label.name == name), None)

    def label_for_key(self, key: str) -> Label | None:
        return next((label for label in self.span_labels if label.key == key), None)


def key_problem(key: str | None, taken: dict[str, str], name: str) -> str | None:
    """Why `key` cannot be bound to label `name` (given key -> label name already bound), or None."""
    if key is None:
        return None
    if key in RESERVED_KEYS:
        return f"key {key!r} is a command key; choose a digit, a letter or F2-F12"
    if not _KEY_RE.match(key):
        return f"key {key!r} is not a single digit, an upper-case letter or F2-F12"
    if key in taken and taken[key] != name:
        return f"key {key!r} is already bound to label {taken[key]!r}"
    return None


def validate(codebook: Codebook) -> list[str]:
    """Every problem of the codebook, as sentences; empty when it is sound."""
    problems: list[str] = []
    taken: dict[str, str] = {}
    for kind, labels in (("span label", codebook.span_labels), ("stance option", codebook.stance_options)):
        names = [label.name for label in labels]
        for dup in sorted({n for n in names if names.count(n) > 1}):
            problems.append(f"{kind} {dup!r} is defined twice")
        for label in labels:
            if not label.name.strip():
                problems.append(f"a {kind} has an empty name")
            if not _COLOUR_RE.match(label.colour):
                problems.append(f"{kind} {label.name!r}: colour {label.colour!r} is not #rrggbb")
    for label in codebook.span_labels:
        problem = key_problem(label.key, taken, label.name)
        if problem:
            problems.append(f"span label {label.name!r}: {problem}")
        elif label.key:
            taken[label.key] = label.name
    if codebook.stance_scale != "nominal":
        unvalued = [o.name for o in codebook.stance_options if o.value is None]
        if unvalued:
            problems.append(f"stance scale is {codebook.stance_scale} but options {unvalued} have no value")
    return problems


def _label(raw: dict[str, Any], kind: LabelKind) -> Label:
    return Label(
        name=str(raw["name"]),
        kind=kind,
        key=str(raw["key"]) if raw.get("key") is not None else None,
        colour=str(raw.get("colour", raw.get("color", "#888888"))),
        definition=str(raw.get("definition", "")).strip(),
        include=tuple(str(x).strip() for x in raw.get("include", ())),
        exclude=tuple(str(x).strip() for x in raw.get("exclude", ())),
        examples=tuple(str(x).strip() for x in raw.get("examples", ())),
        value=float(raw["value"]) if raw.get("value") is not None else None,
    )


def codebook_from_dict(data: dict[str, Any]) -> Codebook:
    """Build a codebook from parsed TOML (or JSON) data; raises InputError when it is unsound."""
    try:
        book = Codebook(
            name=str(data.get("name", "codebook")),
            guidelines=str(data.get("guidelines", "")).strip(),
            span_labels=tuple(_label(x, "span") for x in data.get("span_labels", ())),
            stance_options=tuple(_label(x, "stance") for x in data.get("stance", {}).get("options", ())),
            stance_scale=data.get("stance", {}).get("scale", "nominal"),
            attributes=tuple(
                Attribute(str(a["name"]), str(a.get("definition", "")).strip(), tuple(a.get("suggestions", ())))
                for a in data.get("attributes", ())
            ),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"codebook is malformed: {exc!r}", hint="see resources/codebook.toml for the format") from exc
    if book.stance_scale not in ("nominal", "ordinal", "interval"):
        raise InputError(f"stance scale {book.stance_scale!r} is not nominal, ordinal or interval")
    problems = validate(book)
    if problems:
        raise InputError("codebook is not valid: " + "; ".join(problems))
    return book


def load_codebook(path: Path) -> Codebook:
    """Read a codebook TOML file."""
    import tomllib  # a project holds its codebook: the TOML parser is needed only to make one

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read codebook: {exc}", path=str(path)) from exc
    try:
        return codebook_from_dict(data)
    except InputError as exc:
        raise InputError(exc.reason, path=str(path), hint=exc.hint) from exc


def default_codebook_path() -> Path:
    """The codebook shipped with the app (copied into every new project)."""
    return resource_path("codebook.toml")


def resource_path(name: str) -> Path:
    """A file in the app's `resources/` folder (next to the package in a checkout or install)."""
    here = Path(__file__).resolve().parent.parent
    for base in (here / "resources", here.parent / "resources"):
        if (base / name).exists():
            return base / name
    return here.parent / "resources" / name
