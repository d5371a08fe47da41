"""A window's journal of edits that wait for the server: a file on the coder's disk, fsynced per line.

Each window on a server project writes `<folder>/<key>.<pid>-<random>.jsonl` (the key names the project and
login) and holds a lock (flock) on it while it is open. A line is an edit that waits
(`{"id", "steps"}`) or the end of one (`{"done": id}`: stored, refused or taken back). A window that
opens the same project later claims the journals no live window holds (closed while offline, or
killed): it takes over their open edits, in order, and removes them. The file is emptied whenever
nothing waits, and removed when its window closes with nothing waiting.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import secrets
from pathlib import Path
from typing import Any

import orjson

from annotator.store.edits import Edit

try:
    import fcntl
except ImportError:  # Windows: no flock; another window's journal is then claimed only once it is closed
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)


def journal_key(location: str) -> str:
    """A file-name-safe key for a project's location (URL without password, so it names the login too)."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", location.rsplit("/", 1)[-1].split("?", 1)[0])[:40] or "project"
    return f"{name}-{hashlib.sha256(location.encode()).hexdigest()[:16]}"


class Journal:
    """This window's journal file; `claimed` are the open edits it took over from earlier windows."""

    def __init__(self, folder: Path, key: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{key}.{os.getpid()}-{secrets.token_hex(4)}.jsonl"  # two windows of one app: two files
        self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        _lock(self._fd)
        self._open: set[str] = set()
        self.claimed: list[Edit] = []
        for other in sorted(folder.glob(f"{key}.*.jsonl"), key=_modified):
            if other != self.path:
                self.claimed += self._claim(other)
        self._open = {edit.id for edit in self.claimed}
        self._rewrite(self.claimed)

    @property
    def waiting(self) -> int:
        return len(self._open)

    def add(self, edit: Edit) -> None:
        """Keep `edit` on disk (fsynced) until `done`."""
        if edit.id not in self._open:
            self._append(edit.to_json())
            self._open.add(edit.id)

    def done(self, edit_id: str) -> None:
        """`edit` no longer waits (stored, refused or taken back); an empty journal is emptied."""
        if edit_id not in self._open:
            return
        self._open.discard(edit_id)
        if self._open:
            self._append({"done": edit_id})
        else:
            self._rewrite([])

    def close(self) -> None:
        """Closing the window: the file stays only if edits wait in it (for the next window to claim)."""
        if self._fd < 0:
            return
        if not self._open:
            with contextlib.suppress(OSError):
                self.path.unlink()
        os.close(self._fd)
        self._fd = -1

    def _claim(self, other: Path) -> list[Edit]:
        try:
            fd = os.open(other, os.O_RDONLY)
        except OSError:
            return []  # claimed and removed by another window just now
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    return []  # its window is open: its edits are that window's to send
            if os.fstat(fd).st_nlink == 0:
                return []  # another window claimed it between our open and our lock
            edits = _open_edits(other)
            if edits:
                log.info("took over %d edit(s) an earlier window left in %s", len(edits), other)
            self._rewrite(self.claimed + edits)  # ours on disk before theirs go
            other.unlink()
            return edits
        finally:
            os.close(fd)

    def _append(self, entry: dict[str, Any]) -> None:
        os.write(self._fd, orjson.dumps(entry) + b"\n")
        os.fsync(self._fd)

    def _rewrite(self, edits: list[Edit]) -> None:
        os.ftruncate(self._fd, 0)
        if edits:
            os.write(self._fd, b"".join(orjson.dumps(e.to_json()) + b"\n" for e in edits))
        os.fsync(self._fd)


def _open_edits(path: Path) -> list[Edit]:
    """The edits of a journal file not marked done, in order (a torn last line, from a crash, is skipped)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    edits: dict[str, Edit] = {}
    for line in data.splitlines():
        try:
            entry = orjson.loads(line)
        except orjson.JSONDecodeError:
            log.warning("skipped a torn line of %s", path)
            continue
        if "done" in entry:
            edits.pop(entry["done"], None)
        else:
            edit = Edit.from_json(entry)
            edits[edit.id] = edit
    return list(edits.values())


def _lock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # our own new file: nobody else holds it


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
