"""Dataset export of the gold annotation: train/dev/test JSONL (and spaCy DocBin), with a dataset card.

A document's split depends only on its content hash and a seed, so it stays put across runs and as
documents are added. Lines are canonical JSONL (coder `gold`) with `meta` cut to the standard fields,
so every line has the same shape (Hugging Face `datasets` and pandas infer one schema).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.agreement.report import agreement_report
from annotator.agreement.table import report_text
from annotator.core.codebook import Codebook
from annotator.core.errors import InputError
from annotator.core.types import GOLD_CODER, CodingRecord, content_hash
from annotator.io.atomic_files import atomic_folder, atomic_output
from annotator.io.exporters import canonical_line, write_jsonl
from annotator.io.jsonl import FORMAT
from annotator.operations.assistance import unassisted
from annotator.store import codebooks
from annotator.store.assignments import load_design, reliability_doc_ids
from annotator.store.database import Database
from annotator.store.records import STANDARD_META, iter_coding_records
from annotator.store.suggestions import assisted_coders

SPLITS = ("train", "dev", "test")


@dataclass
class DatasetResult:
    folder: Path
    documents: dict[str, int] = field(default_factory=dict)
    span_labels: dict[str, Counter] = field(default_factory=dict)
    doc_labels: dict[str, Counter] = field(default_factory=dict)
    misaligned: list[str] = field(default_factory=list)  # spaCy: spans that do not align to tokens


def parse_split(text: str) -> tuple[float, float, float]:
    """'80/10/10' -> (0.8, 0.1, 0.1)."""
    try:
        parts = [float(x) for x in text.split("/")]
    except ValueError:
        parts = []
    if len(parts) != 3 or any(p < 0 for p in parts) or sum(parts) <= 0:
        raise InputError(f"split {text!r} is not three non-negative numbers like 80/10/10")
    total = sum(parts)
    return (parts[0] / total, parts[1] / total, parts[2] / total)


def split_of(text_hash: str, ratios: Sequence[float], seed: int = 0) -> str:
    """The split of a document: a uniform number from its hash and the seed, cut at the ratios."""
    u = int(hashlib.sha256(f"{seed}:{text_hash}".encode()).hexdigest()[:15], 16) / 16**15
    edge = 0.0
    for name, ratio in zip(SPLITS, ratios, strict=True):
        edge += ratio
        if u < edge:
            return name
    return SPLITS[-1]


def export_dataset(db: Database, folder: Path, *, ratios: Sequence[float] = (0.8, 0.1, 0.1), seed: int = 0,
                   spacy: bool = False) -> DatasetResult:
    """Write train/dev/test.jsonl (+ .spacy) and README.md for the gold annotation into `folder`.

    The set is written whole or not at all: built in a hidden folder beside `folder` and renamed into
    place (an earlier set there is replaced only then; a folder with other files is refused)."""
    with db.read() as tx:
        gold = [_dataset_record(r) for r in iter_coding_records(tx, coders=[GOLD_CODER], include_uncoded=False)]
        book = codebooks.load_codebook(tx)
        coded = list(iter_coding_records(tx, only_done=True, include_uncoded=False))
        coded, _assisted = unassisted(coded, assisted_coders(tx))  # agreement measures people, not the model
        design = load_design(tx)  # the card describes the reliability sample as `annotator agreement` does
        reliability = reliability_doc_ids(tx) if design is not None else set()
    if not gold:
        raise InputError("there is no gold annotation yet", hint="adjudicate first (annotator adjudicate, or the Adjudication view)")
    by_split: dict[str, list[CodingRecord]] = {name: [] for name in SPLITS}
    for record in gold:
        by_split[split_of(content_hash(record.text), ratios, seed)].append(record)
    result = DatasetResult(Path(folder))
    with atomic_folder(Path(folder), ours=_dataset_file) as building:
        for name, records in by_split.items():
            with atomic_output(building / f"{name}.jsonl") as fh:
                write_jsonl(records, fh, canonical_line)
            result.documents[name] = len(records)
            result.span_labels[name] = Counter(s.label for r in records for s in r.spans)
            result.doc_labels[name] = Counter(r.doc_label for r in records if r.doc_label)
            if spacy:
                from annotator.io.spacy_docbin import write_docbin

                result.misaligned += write_docbin(records, building / f"{name}.spacy")
        card = dataset_card(result, book, ratios, seed, agreement_summary(coded, book, design, reliability))
        with atomic_output(building / "README.md") as fh:
            fh.write(card.encode("utf-8"))
    return result


def _dataset_file(relative: Path) -> bool:
    """A file the dataset export writes (an earlier set of it may be replaced whole)."""
    return relative.as_posix() in {f"{name}{suffix}" for name in SPLITS for suffix in (".jsonl", ".spacy")} | {"README.md"}


def agreement_summary(records: list[CodingRecord], book: Codebook, design: Mapping[str, Any] | None = None,
                      reliability: Collection[str] = ()) -> str:
    """The coders' agreement (documents they marked done; gold left out) as a text table for the card,
    with the reliability sample `annotator assign` drew (`design`, its doc_ids `reliability`)."""
    report = agreement_report(records, codebook=book, design=design, reliability=reliability)
    return "Inter-coder agreement of the coders' work (documents they marked done):\n\n```\n" + report_text(report) + "```"


def _dataset_record(record: CodingRecord) -> CodingRecord:
    return replace(record, meta={k: record.meta.get(k) for k in STANDARD_META})


def markdown_text(text: str | None) -> str:
    """`text` as literal Markdown text: a name like `*all*` or `a|b` or `<b>` stays itself in the card
    (and in a table cell), never emphasis, a column break or HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text or "").split()))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|~])")


def dataset_card(result: DatasetResult, book: Codebook, ratios: Sequence[float], seed: int, agreement: str | None) -> str:
    md = markdown_text
    labels = [md(x.name) for x in book.span_labels]
    names = [x.name for x in book.span_labels]
    lines = [
        f"# Dataset: {md(book.name)}", "",
        f"Exported {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')} by annotator, format `{FORMAT}`",
        f"(canonical JSONL; schema in resources/annotator-jsonl.schema.json). Gold annotation (coder `{GOLD_CODER}`).",
        f"Split {'/'.join(f'{r:.0%}' for r in ratios)} by SHA-256 of each text with seed {seed}: stable across runs.", "",
        "Offsets are Unicode code-point offsets into `text`, end exclusive: `text[start:end] == span['text']`.", "",
        "## Counts", "",
        "| split | documents | " + " | ".join(labels) + " |",
        "|---|---|" + "---|" * len(labels),
    ]
    for name in SPLITS:
        counts = result.span_labels[name]
        lines.append(f"| {name} | {result.documents[name]} | " + " | ".join(str(counts.get(x, 0)) for x in names) + " |")
    lines += ["", "Document stances per split: " + "; ".join(
        f"{name}: " + (", ".join(f"{md(k)} {v}" for k, v in sorted(result.doc_labels[name].items())) or "none")
        for name in SPLITS)]
    if result.misaligned:
        lines += ["", f"spaCy: {len(result.misaligned)} span(s) do not align to token boundaries (listed in the export report)."]
    lines += ["", "## Agreement", "", agreement or "Not computed.", "", "## Codebook", "", book.guidelines, ""]
    for label in book.span_labels:
        lines += [f"### {md(label.name)} (key {md(label.key)})", "", label.definition, ""]
        lines += [f"- include: {x}" for x in label.include] + [f"- exclude: {x}" for x in label.exclude]
        lines += [f"- example: {x}" for x in label.examples] + [""]
    lines += ["### Document stance options", ""] + [f"- **{md(o.name)}**: {o.definition}" for o in book.stance_options]
    return "\n".join(lines) + "\n"
