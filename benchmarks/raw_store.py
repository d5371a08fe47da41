"""The raw baselines of bench_store.py: stdlib `sqlite3` + `orjson`, no SQLAlchemy, no dataclasses.

Each does the same job as our code on the same project file (same schema, indexes and pragmas) in
the most direct way a hand-written script would: no validation, no de-duplication beyond what the
schema needs, no newline normalisation. The export writes the same bytes as ours (the benchmark
checks), so the two are timed on identical output.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from annotator.core.types import NewDocument

# The pragmas our store sets on every connection (annotator/store/database.py); the file is in WAL.
PRAGMAS = ("PRAGMA busy_timeout=10000", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL", "PRAGMA cache_size=-65536")
_DOCUMENT_INSERT = ("INSERT INTO document (content_hash, text, length, title, outlet, url, date, language, meta,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_STANDARD = ("title", "outlet", "url", "date", "language")
_BATCH = 50_000  # span rows per executemany: bounded memory


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


def settings(conn: sqlite3.Connection) -> str:
    names = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout", "wal_autocheckpoint")
    return ", ".join(f"{n}={conn.execute(f'PRAGMA {n}').fetchone()[0]}" for n in names)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _meta_json(meta: dict[str, Any]) -> str:
    return orjson.dumps(meta, option=orjson.OPT_SORT_KEYS).decode()


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def import_documents(path: Path, documents: list[NewDocument]) -> int:
    """10,000 articles: one transaction, one executemany."""
    conn = connect(path)
    now = _now()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(_DOCUMENT_INSERT, ((_hash(d.text), d.text, len(d.text), d.title, d.outlet, d.url, d.date,
                                         d.language, _meta_json(d.meta), now) for d in documents))
    conn.execute("COMMIT")
    count = conn.execute("SELECT COUNT(*) FROM document").fetchone()[0]
    conn.close()
    return count


def import_articles_jsonl(path: Path, source: Path) -> int:
    """Article JSONL: parse each line with orjson, then one executemany."""
    conn = connect(path)
    now = _now()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(_DOCUMENT_INSERT, (_article_row(orjson.loads(line), now) for line in _lines(source)))
    conn.execute("COMMIT")
    count = conn.execute("SELECT COUNT(*) FROM document").fetchone()[0]
    conn.close()
    return count


def _lines(source: Path) -> Iterator[bytes]:
    with open(source, "rb") as fh:
        for line in fh:
            if line.strip():
                yield line


def _article_row(obj: dict[str, Any], now: str) -> tuple[Any, ...]:
    text = obj.pop("text")
    standard = [obj.pop(k, None) for k in _STANDARD]
    return (_hash(text), text, len(text), *standard, _meta_json(obj), now)


def import_annotations(path: Path, source: Path) -> int:
    """Canonical annotation JSONL: documents (once per text), coders, spans and annotations."""
    conn = connect(path)
    now = _now()
    conn.execute("BEGIN IMMEDIATE")
    labels = dict(conn.execute("SELECT name, id FROM label WHERE kind = 'span'"))
    stances = dict(conn.execute("SELECT name, id FROM label WHERE kind = 'stance'"))
    documents: dict[str, int] = {}
    coders: dict[str, int] = {}
    spans: list[tuple[Any, ...]] = []
    annotations: list[tuple[Any, ...]] = []
    for line in _lines(source):
        obj = orjson.loads(line)
        text = obj["text"]
        text_hash = _hash(text)
        document = documents.get(text_hash)
        if document is None:
            meta = dict(obj["meta"])
            standard = [meta.pop(k, None) for k in _STANDARD]
            cur = conn.execute(_DOCUMENT_INSERT, (text_hash, text, len(text), *standard, _meta_json(meta), now))
            document = documents[text_hash] = cur.lastrowid
        coder = coders.get(obj["coder"])
        if coder is None:
            cur = conn.execute("INSERT INTO coder (name, created_at) VALUES (?, ?)", (obj["coder"], now))
            coder = coders[obj["coder"]] = cur.lastrowid
        spans.extend((s["id"], document, coder, labels[s["label"]], s["start"], s["end"], s["holder"], s["note"],
                      s["unsure"], s["provenance"], s["created_at"], s["updated_at"]) for s in obj["spans"])
        annotations.append((document, coder, stances.get(obj["doc_label"]), obj["note"], obj["status"],
                            obj["updated_at"], obj["updated_at"]))
        if len(spans) >= _BATCH:
            _insert_spans(conn, spans)
    _insert_spans(conn, spans)
    conn.executemany("INSERT INTO annotation (document_id, coder_id, stance_id, note, status, created_at, updated_at)"
                     " VALUES (?, ?, ?, ?, ?, ?, ?)", annotations)
    conn.execute("COMMIT")
    count = conn.execute("SELECT COUNT(*) FROM span").fetchone()[0]
    conn.close()
    return count


def _insert_spans(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> None:
    conn.executemany('INSERT INTO span (uid, document_id, coder_id, label_id, start, "end", holder, note, unsure,'
                     " provenance, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    rows.clear()


def export_jsonl(path: Path, out: Path) -> int:
    """Canonical JSONL by a merge-join of three ordered cursors; written to a temp file, fsynced, renamed."""
    conn = connect(path)
    conn.execute("BEGIN")
    tmp = out.with_name(f".{out.name}.part")
    count = 0
    with open(tmp, "wb", buffering=1 << 20) as fh:
        for line in _export_lines(conn):
            fh.write(orjson.dumps(line) + b"\n")
            count += 1
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, out)
    conn.execute("COMMIT")
    conn.close()
    return count


def _export_lines(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    coders = dict(conn.execute("SELECT id, name FROM coder"))
    labels = dict(conn.execute("SELECT id, name FROM label"))
    anns = _Groups(conn.execute("SELECT document_id, coder_id, stance_id, note, status, updated_at FROM annotation"
                                " ORDER BY document_id"))
    spans = _Groups(conn.execute('SELECT document_id, coder_id, uid, start, "end", label_id, holder, note, unsure,'
                                 " created_at, updated_at, provenance FROM span ORDER BY document_id"))
    docs = conn.execute("SELECT id, content_hash, text, title, outlet, url, date, language, meta FROM document ORDER BY id")
    for doc in docs:
        text = doc[2]
        meta = dict(zip(_STANDARD, doc[3:8], strict=True))
        extra = orjson.loads(doc[8]) if doc[8] else {}
        meta.update((k, extra[k]) for k in sorted(extra) if k not in meta)
        head = {"format": "annotator/1", "doc_id": doc[1][:16], "text": text, "meta": meta}
        work: dict[str, list[Any]] = {}  # coder -> [annotation row or None, span dicts]
        for a in anns.take(doc[0]):
            work.setdefault(coders[a[1]], [None, []])[0] = a
        for s in spans.take(doc[0]):
            work.setdefault(coders[s[1]], [None, []])[1].append(
                {"id": s[2], "start": s[3], "end": s[4], "label": labels[s[5]], "text": text[s[3]:s[4]],
                 "holder": s[6], "note": s[7], "unsure": bool(s[8]), "provenance": s[11], "created_at": s[9],
                 "updated_at": s[10]})
        yield from _coder_lines(head, work, labels)


def _coder_lines(head: dict[str, Any], work: dict[str, list[Any]], labels: dict[int, str]) -> Iterable[dict[str, Any]]:
    if not work:
        return [{**head, "coder": None, "doc_label": None, "status": None, "note": None, "updated_at": None, "spans": []}]
    lines = []
    for coder in sorted(work):
        ann, span_list = work[coder]
        stance, note, status, updated = (labels.get(ann[2]), ann[3], ann[4], ann[5]) if ann else (None, None, "not_started", None)
        if not span_list and status == "not_started" and stance is None and not note:
            continue
        span_list.sort(key=lambda s: (s["start"], s["end"], s["label"], s["id"] or ""))
        lines.append({**head, "coder": coder, "doc_label": stance, "status": status, "note": note, "updated_at": updated,
                      "spans": span_list})
    return lines


class _Groups:
    """Rows ordered by their first column, taken a key at a time (the merge-join)."""

    def __init__(self, rows: Iterable[tuple[Any, ...]]) -> None:
        self._rows = iter(rows)
        self._next = next(self._rows, None)

    def take(self, key: int) -> list[tuple[Any, ...]]:
        out = []
        while self._next is not None and self._next[0] <= key:
            if self._next[0] == key:
                out.append(self._next)
            self._next = next(self._rows, None)
        return out
