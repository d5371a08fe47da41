"""What went wrong with the project file, in words a coder can act on (never SQL, never a traceback).

SQLite reports a lock held too long, a full disk, a read-only file and a damaged file as driver
errors; the store turns each into a `ProjectError` that says what happened, that nothing was
changed, and what to do. Long writes (an import, a merge) leave a note beside the project saying so
(`BusyNote`), so a writer kept waiting can say what it waits for.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from annotator.core.errors import ProjectBusy, ProjectDamaged, ProjectError


def explain(error: BaseException, path: Path) -> ProjectError | None:
    """The ProjectError a driver error (or an OSError while writing the project) means; None if it is
    not one we can explain (a bug: let it surface)."""
    cause = getattr(error, "orig", None) or error  # SQLAlchemy (a server project) wraps the driver's error
    if isinstance(cause, OSError):
        return _os_error(cause, path)
    if not isinstance(cause, sqlite3.Error):
        return None
    text = str(cause).lower()
    if "locked" in text or "busy" in text:
        holder = BusyNote(path).describe()
        busy = ProjectBusy(f"the project is busy ({holder}); nothing was changed: try again in a moment", path=str(path))
        busy.holder = holder
        return busy
    if "disk is full" in text or "disk or database is full" in text:
        return ProjectError("the disk is full: nothing was changed", path=str(path),
                            hint="free some space on the disk and try again")
    if "readonly" in text or "read-only" in text:
        return ProjectError("the project file is read-only here: nothing can be saved to it", path=str(path),
                            hint="copy it to a folder you can write to, or ask for write permission")
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return damaged(path, str(cause))
    if "disk i/o error" in text or "unable to open" in text:
        return ProjectError("the project file cannot be written or read (a disk error: the disk may be full,"
                            " removed or read-only): nothing was changed", path=str(path),
                            hint="check the disk and try again")
    if isinstance(cause, sqlite3.IntegrityError):
        if "constraint failed" in text:  # a row that is (or is no longer) there: someone else's change
            return ProjectError("the project no longer holds what was shown (it was changed in another window or "
                                "program meanwhile): nothing was changed", path=str(path),
                                hint="reload what you see (F5, or reopen the document) and try again")
        return ProjectError(f"{cause}: nothing was changed", path=str(path))  # one of our triggers' sentences
    return None


def damaged(path: Path, detail: str) -> ProjectDamaged:
    """The error for a project file whose pages are damaged: where the newest backup is, and how to
    save what can still be read."""
    backups = sorted(path.parent.glob(f"{path.name}.*.bak"), key=lambda p: p.stat().st_mtime)
    recover = (f"save what can still be read with SQLite: sqlite3 {path.name} .recover | sqlite3 "
               f"{path.stem}-recovered{path.suffix}")
    if backups:
        return ProjectDamaged(f"the project file is damaged ({detail}); the newest backup is {backups[-1]}",
                              path=str(path), hint=f"open a copy of that backup, or {recover}")
    return ProjectDamaged(f"the project file is damaged ({detail}) and has no backup beside it", path=str(path),
                          hint=recover)


def _os_error(error: OSError, path: Path) -> ProjectError:
    import errno

    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return ProjectError("the disk is full: nothing was changed", path=str(path),
                            hint="free some space on the disk and try again")
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return ProjectError(f"cannot write here ({error.strerror}): nothing was changed", path=str(path),
                            hint="choose a folder you can write to")
    return ProjectError(f"cannot write the project ({error.strerror}): nothing was changed", path=str(path))


class BusyNote:
    """A small hidden file beside the project, `.NAME.busy`, that says which long write holds it.

    Written when a long write begins and removed when it ends. A note left by a process that was
    killed names a process that no longer runs and is ignored. In a read-only folder there is none.
    """

    def __init__(self, path: Path) -> None:
        self.file = path.with_name(f".{path.name}.busy")

    @contextmanager
    def held(self, activity: str) -> Iterator[None]:
        note = {"activity": activity, "pid": os.getpid(), "host": socket.gethostname(),
                "since": datetime.now().astimezone().strftime("%H:%M")}
        try:
            self.file.write_text(json.dumps(note), encoding="utf-8")
            written = True
        except OSError:
            written = False  # a read-only folder or a full disk: the note is a courtesy
        try:
            yield
        finally:
            if written:
                self.file.unlink(missing_ok=True)

    def describe(self) -> str:
        """What holds the project, as far as anyone said."""
        try:
            note = json.loads(self.file.read_text(encoding="utf-8"))
            activity, pid, host, since = note["activity"], int(note["pid"]), note["host"], note["since"]
        except (OSError, ValueError, KeyError, TypeError):
            return "another window or program is saving to it"
        if host == socket.gethostname() and not _running(pid):
            return "another window or program is saving to it"
        who = "this program" if pid == os.getpid() and host == socket.gethostname() else "another program"
        where = "" if host == socket.gethostname() else f" on {host}"
        return f"{activity} by {who}{where}, since {since}"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
