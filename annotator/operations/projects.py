"""Opening and creating projects: a new project gets the default codebook."""

from __future__ import annotations

from pathlib import Path

from annotator.core.codebook import Codebook, default_codebook_path, load_codebook
from annotator.core.locations import is_server_url
from annotator.store import codebooks
from annotator.store.database import Database


def open_project(path: str | Path, *, create: bool = True, codebook: Codebook | None = None,
                 password: str | None = None, busy_timeout_ms: int | None = None) -> Database:
    """Open the project at `path`; a new one is created with `codebook` (default: resources/codebook.toml).

    `password`: for a server project. `busy_timeout_ms`: how long a write waits for another writer's
    lock before it says the project is busy (default: the store's, for scripted work; the app waits
    less and retries)."""
    db = Database.open(path, create=create, password=password, busy_timeout_ms=busy_timeout_ms)
    try:
        with db.read() as tx:
            installed = codebooks.has_codebook(tx)
        if not installed:  # a read-only project always has one: it was made by annotator
            with db.transaction() as tx:
                if not codebooks.has_codebook(tx):
                    codebooks.install_codebook(tx, codebook or load_codebook(default_codebook_path()))
    except BaseException:
        db.close()
        raise
    return db


def is_project_file(path: str | Path) -> bool:
    """Whether `path` looks like a project (a SQLite file, or a server project's URL), as opposed to a
    JSONL file."""
    if is_server_url(path):
        return True
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False
