"""CSV/TSV tables: articles, and a coder's stance per row (`--stance-column`, `--coder`).

A SemEval-style stance dataset (`Text,Target,Stance`) is read with `--text-column Text
--stance-column Stance --coder NAME`: each row's text is a document and its stance that coder's.
Our own `csv-stances` export (doc_id, coder, stance, status, note, text) is recognised by its
header and read back with the coder of each row. Every other column is kept as metadata.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.types import CodingRecord, NewDocument, Status
from annotator.io.articles import read_articles
from annotator.io.formats.common import ReadOptions, Tally, make_record

STANCE_COLUMNS = ("doc_id", "coder", "stance", "status", "note", "text")
SPAN_COLUMNS = ("span_id", "start", "end", "label")


def table_header(path: Path) -> list[str]:
    """The column names of a CSV/TSV file (its first line, delimiter , ; or tab as the reader picks)."""
    try:
        with open(path, "rb") as fh:
            first = fh.readline(1 << 20).decode("utf-8-sig", errors="replace").rstrip("\r\n")
    except OSError:
        return []
    delimiter = max(",;\t", key=first.count)
    return [name.strip() for name in next(csv.reader(io.StringIO(first), delimiter=delimiter), [])]


def read_table(path: Path, options: ReadOptions, tally: Tally, *, as_table: bool = False) -> list[CodingRecord]:
    header = table_header(path)
    lowered = [name.lower() for name in header]
    if all(name in lowered for name in SPAN_COLUMNS) and not options.text_column:
        raise InputError("this is a span table (one row per span, as `export --format csv` writes): it holds no "
                         "article texts to import", path=str(path), hint="import the JSONL export instead")
    ours = all(name in lowered for name in STANCE_COLUMNS) and not options.stance_column
    stance_column = "stance" if ours else options.stance_column
    if stance_column and stance_column.lower() not in lowered:
        raise InputError(f"no column {stance_column!r} (the columns are: {', '.join(map(repr, header))})", path=str(path))
    if stance_column and not ours and not options.coder:
        raise InputError("--stance-column needs --coder NAME: whose stance is in that column?", path=str(path))
    documents = read_articles(path, trim_boilerplate=options.trim_boilerplate, text_column=options.text_column,
                              as_table=as_table)
    names = {name.lower(): name for name in header}
    return [_record(d, names.get(stance_column.lower()) if stance_column else None, ours, options) for d in documents]


def article_record(document: NewDocument) -> CodingRecord:
    """An article (nobody's work yet) as a record."""
    return make_record(document.text, _meta(document), None, [], source_line=document.meta.get("source_line"))


def _meta(document: NewDocument) -> dict[str, Any]:
    return {"title": document.title, "outlet": document.outlet, "url": document.url, "date": document.date,
            "language": document.language, **document.meta}


def _record(document: NewDocument, stance_column: str | None, ours: bool, options: ReadOptions) -> CodingRecord:
    meta = _meta(document)
    line = meta.get("source_line")
    if stance_column is None:
        return make_record(document.text, meta, None, [], source_line=line)
    stance = meta.pop(stance_column, None)
    if not ours:
        return make_record(document.text, meta, options.coder, [], doc_label=stance, status=Status.DONE, source_line=line,
                           not_given=frozenset({"note"}))  # a stance column carries no document note
    meta.pop("doc_id", None)  # derived from the text
    coder = meta.pop("coder", None) or options.coder
    status = meta.pop("status", None)
    if status and status not in {s.value for s in Status}:
        raise InputError(f"status {status!r} is not one of not_started, in_progress, done", line=line)
    if not coder:
        raise InputError("a row names no coder", line=line, hint="fill the coder column or pass --coder NAME")
    return make_record(document.text, meta, coder, [], doc_label=stance, status=Status(status) if status else None,
                       note=meta.pop("note", None), source_line=line)


def stance_rows(records: Any) -> Any:
    """(header, rows) of the csv-stances export: one row per (document, coder) with any work."""
    yield STANCE_COLUMNS
    for record in records:
        if record.coder is None:
            continue
        yield (record.doc_id, record.coder, record.doc_label or "", str(record.status) if record.status else "",
               record.note or "", record.text)
