"""Reading articles from .txt, .html/.htm and .csv files, and finding importable files in folders.

Every file is read whole and fails whole: one bad CSV row fails its file. Each article's `meta` gets
`source_file` (the file's name only, so exports do not depend on where a machine keeps its files),
`source_line` for a CSV row, and `encoding` (what the bytes were decoded with). With boilerplate
trimming on, it also gets `boilerplate_trimmed` (see annotator.io.boilerplate).
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.offsets import normalize_newlines
from annotator.core.optional import import_part
from annotator.core.types import NewDocument
from annotator.io import boilerplate
from annotator.io.decode import DecodedText, decode_bytes

ARTICLE_SUFFIXES = frozenset({".txt", ".html", ".htm", ".csv", ".tsv"})
IMPORT_SUFFIXES = ARTICLE_SUFFIXES | {".jsonl"}  # .jsonl files are read by annotator.io.jsonl
HEADLINE_SEARCH_LINES = 12
MAX_TITLE_CHARS = 200
MAX_REPORTED = 10
RESERVED_META = ("source_file", "source_line", "encoding", "boilerplate_trimmed")
CSV_FIELDS = {"title": "title", "outlet": "outlet", "source": "outlet", "url": "url", "date": "date",
              "language": "language"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_CSV_FIELD_LIMIT = 1 << 30  # articles are longer than csv's default 128 KiB field limit allows

log = logging.getLogger(__name__)


def read_articles(path: Path, *, trim_boilerplate: bool = False, text_column: str | None = None,
                  as_table: bool = False) -> list[NewDocument]:
    """The articles in one .txt, .html/.htm or .csv/.tsv file; InputError (path, line, hint) if it cannot be read.

    `as_table` reads the file as CSV/TSV whatever its suffix (a TSV saved as .txt); `text_column`
    names the column holding the article (default: the one called "text")."""
    reader = _READERS.get(path.suffix.lower())
    if as_table or text_column:
        reader = partial(_read_csv, text_column=text_column)
    if reader is None:
        hint = ("JSONL files are read as records, not here" if path.suffix.lower() == ".jsonl"
                else "import .txt, .html, .htm, .csv or .jsonl files")
        raise InputError(f"cannot import a {path.suffix or 'suffix-less'} file as articles", path=str(path), hint=hint)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path=str(path)) from exc
    return reader(data, path, trim_boilerplate)


def iter_article_files(paths: Iterable[Path]) -> list[Path]:
    """Files to import: each given file as is, and each folder's importable files (recursive).

    Folders are walked in sorted order (a folder's own files before its subfolders') and skip hidden
    files and folders (names starting with "."); inside folders only IMPORT_SUFFIXES count. A path given twice is listed once. A given path that
    does not exist is listed too, so that reading it reports the error.
    """
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            found.update(dict.fromkeys(_files_under(path)))
        else:
            found[path] = None
    return list(found)


def _files_under(folder: Path) -> list[Path]:
    files: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        files.extend(Path(root, name) for name in sorted(names)
                     if not name.startswith(".") and Path(name).suffix.lower() in IMPORT_SUFFIXES)
    return files


def _read_txt(data: bytes, path: Path, trim: bool) -> list[NewDocument]:
    decoded = _decoded(data, path)
    text, trim_meta = _trimmed(decoded.text, trim, path=path)
    return [NewDocument(text=text, title=title_from_text(text), meta=_meta(path, decoded) | trim_meta)]


def title_from_text(text: str) -> str | None:
    """A title for the document list (metadata only; the text is untouched).

    Pasted articles often open with a rubric ("Opinion"), an outlet or a byline before the headline,
    so the first of the opening lines that reads like a headline (5-20 words, not ending like a
    sentence, not a caption) wins; otherwise the first non-empty line. Cut to MAX_TITLE_CHARS.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    line = next((x for x in lines[:HEADLINE_SEARCH_LINES] if _looks_like_headline(x)), lines[0] if lines else None)
    if line is None or len(line) <= MAX_TITLE_CHARS:
        return line
    return line[:MAX_TITLE_CHARS].rsplit(" ", 1)[0].rstrip() + "…"


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    return 5 <= len(words) <= 20 and line[-1] not in ".,;:?!" and "Photograph:" not in line and "Photo:" not in line


def _read_html(data: bytes, path: Path, trim: bool) -> list[NewDocument]:
    # Only HTML needs it, and it takes a quarter of a second to import.
    trafilatura = import_part("trafilatura", needed_for="reading HTML pages",
                              hint="reinstall annotator, which brings trafilatura and lxml_html_clean")

    declared = _META_CHARSET.search(data[:4096])
    decoded = _decoded(data, path, declared.group(1).decode("ascii") if declared else None)
    # Parse the markup ourselves and hand trafilatura the tree: given a string that looks like a URL,
    # its date helper (htmldate) would download it. Extraction itself never fetches anything.
    # A fragment (a saved article body without <html>) is read as the body of a page.
    tree = trafilatura.load_html(decoded.text)
    if tree is None:
        tree = trafilatura.load_html(f"<html><body>{decoded.text}</body></html>")
    if tree is None:
        raise InputError("not an HTML page that can be read", path=str(path), hint="save the page again, or its text as .txt")
    language = (tree.get("lang") or "").strip() or None
    page = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False, include_images=False,
                                       include_tables=True, output_format="python")
    extracted = normalize_newlines(page.text)[0] if page is not None and page.text else ""
    if not extracted.strip():
        raise InputError("no article text found in the HTML page", path=str(path),
                         hint="copy the article's text into a .txt file and import that")
    text, trim_meta = _trimmed(extracted, trim, path=path)
    meta = _meta(path, decoded) | {"extracted_with": f"trafilatura {trafilatura.__version__}"}
    if page.author:
        meta["author"] = page.author
    return [NewDocument(text=text, title=page.title or None, outlet=page.sitename or page.hostname or None,
                        url=page.url or None, date=page.date or None, language=language, meta=meta | trim_meta)]


def _read_csv(data: bytes, path: Path, trim: bool, text_column: str | None = None) -> list[NewDocument]:
    decoded = _decoded(data, path)
    rows = _csv_rows(decoded.text, path)
    header = _csv_header(next(rows, None), path, text_column)
    documents, errors = [], []
    for line, row in rows:
        try:
            documents.append(_csv_document(header, row, line, path, decoded, trim))
        except _RowError as exc:
            errors.append((line, str(exc)))
    if errors:
        _raise_row_errors(errors, path)
    if not documents:
        raise InputError("the CSV file has a header but no rows", path=str(path))
    return documents


class _RowError(ValueError):
    """What is wrong with one CSV row (reported with the file's path and the row's line)."""


def _csv_rows(text: str, path: Path) -> Iterator[tuple[int, list[str]]]:
    """(first line number, fields) of each non-empty record; the delimiter is the header's , ; or tab."""
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(f"not valid CSV: {exc}", path=str(path), line=line,
                             hint="check the quotes in this record; nothing from this file was imported") from exc
        if row:
            yield line, row
        line = reader.line_num + 1


def _csv_header(first: tuple[int, list[str]] | None, path: Path,
                text_column: str | None = None) -> list[tuple[str, str | None]]:
    """Each column's (name, role): role "text", a NewDocument field, or None for a `meta` entry."""
    if first is None:
        raise InputError("the CSV file has no header", path=str(path))
    line, names = first
    names = [name.strip() for name in names]
    lowered = [name.lower() for name in names]
    text_name = (text_column or "text").strip().lower()
    problem = None
    if text_name not in lowered:
        problem = f"no {text_name!r} column (the columns are: {', '.join(repr(n) for n in names)})"
        if not text_column:
            problem += "; name the article's column with --text-column"
    elif duplicates := sorted({n for n in lowered if n and lowered.count(n) > 1}):
        problem = f"columns named more than once: {', '.join(duplicates)}"
    elif reserved := [n for n in names if n in RESERVED_META]:
        problem = f"column names reserved for import's own metadata: {', '.join(reserved)}"
    if problem:
        raise InputError(problem, path=str(path), line=line,
                         hint="the first row must name the columns, one of them 'text' (the article)")
    # "source" is the outlet unless an "outlet" column names it; then it is kept in meta as it is
    fields: dict[str, str | None] = {**CSV_FIELDS} if "outlet" not in lowered else {**CSV_FIELDS, "source": None}
    fields.pop(text_name, None)
    fields[text_name] = "text"
    return [(name or f"column_{i + 1}", fields.get(name.lower())) for i, name in enumerate(names)]


def _csv_document(header: list[tuple[str, str | None]], row: list[str], line: int, path: Path,
                  decoded: DecodedText, trim: bool) -> NewDocument:
    if len(row) != len(header):
        raise _RowError(f"{len(row)} fields where the header has {len(header)}")
    fields: dict[str, str | None] = {}
    meta: dict[str, Any] = _meta(path, decoded) | {"source_line": line}
    text = ""
    for (name, role), value in zip(header, row, strict=True):
        if role == "text":
            text = value
        elif role is not None:
            fields[role] = value.strip() or None
        elif value:
            meta[name] = value
    if not text.strip():
        raise _RowError("the text is empty")
    text, trim_meta = _trimmed(text, trim, path=path, line=line)
    return NewDocument(text=text, meta=meta | trim_meta, **fields)


def _raise_row_errors(errors: list[tuple[int, str]], path: Path) -> None:
    hint = "fix these rows; nothing from this file was imported"
    if len(errors) == 1:
        raise InputError(errors[0][1], path=str(path), line=errors[0][0], hint=hint)
    listed = "; ".join(f"line {line}: {reason}" for line, reason in errors[:MAX_REPORTED])
    more = f" (and {len(errors) - MAX_REPORTED} more)" if len(errors) > MAX_REPORTED else ""
    raise InputError(f"{len(errors)} bad rows: {listed}{more}", path=str(path), hint=hint)


def _trimmed(text: str, trim: bool, *, path: Path, line: int | None = None) -> tuple[str, dict[str, Any]]:
    if not trim:
        return text, {}
    trimmed = boilerplate.trim_boilerplate(text)
    if not trimmed.text.strip():
        raise InputError("boilerplate trimming would leave no text", path=str(path), line=line,
                         hint="import this file without boilerplate trimming")
    return trimmed.text, {"boilerplate_trimmed": trimmed.record()}


def _decoded(data: bytes, path: Path, declared_encoding: str | None = None) -> DecodedText:
    decoded = decode_bytes(data, path=str(path), declared_encoding=declared_encoding)
    if decoded.notes:
        log.info("%s: %s", path, "; ".join(decoded.notes))
    return decoded


def _meta(path: Path, decoded: DecodedText) -> dict[str, Any]:
    return {"source_file": path.name, "encoding": decoded.encoding}


_READERS: dict[str, Callable[[bytes, Path, bool], list[NewDocument]]] = {
    ".txt": _read_txt, ".html": _read_html, ".htm": _read_html, ".csv": _read_csv, ".tsv": _read_csv,
}
