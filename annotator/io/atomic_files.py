"""Files and folders that appear whole or not at all, with the permissions the user's umask gives.

Everything is built beside its place under a hidden name, `.NAME.XXXXXXXX.part`, and renamed into
place when complete: a kill or a full disk leaves no half-written export, dataset or hand-out. The
builder holds a lock (flock) on its part while it works, so a later run can tell a part left by a
killed run (no lock, older than a minute) from one being written, and removes it.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from annotator.core.errors import InputError

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be removed there anyway
    fcntl = None  # type: ignore[assignment]

STALE_AFTER_S = 60.0  # a part nobody holds a lock on and older than this was left by a killed run
_UMASK_LOCK = threading.Lock()


def user_mode(*, folder: bool = False) -> int:
    """The mode a new file (or folder) gets from the user's umask, as any editor's would."""
    return (0o777 if folder else 0o666) & ~_umask()


@contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """A file that appears at `path` only when the block completes (a part file beside it, fsync,
    rename); an existing file there is replaced only then."""
    path = Path(path)
    part, fd = _new_part(path, folder=False)
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as fh:
            _hold(fh.fileno())
            yield fh
            fh.flush()
            os.fchmod(fh.fileno(), user_mode())
            os.fsync(fh.fileno())
        os.replace(part, path)
    except OSError as exc:
        _remove(part)
        raise _cannot_write(path, exc) from exc
    except BaseException:
        _remove(part)
        raise


@contextmanager
def atomic_folder(path: Path, ours: Callable[[Path], bool] | None = None) -> Iterator[Path]:
    """A folder that appears at `path` only when the block completes (a part folder beside it,
    renamed into place). A folder already there is replaced only if it is empty or holds nothing but
    files `ours(relative path)` says this kind of export writes: never a folder of the user's own."""
    path = Path(path)
    _check_replaceable(path, ours)
    part, fd = _new_part(path, folder=True)
    try:
        _hold(fd)
        yield part
        _check_replaceable(path, ours)  # again: someone may have put files there meanwhile
        _swap_into_place(part, path)
    except OSError as exc:
        shutil.rmtree(part, ignore_errors=True)
        raise _cannot_write(path, exc) from exc
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        raise
    finally:
        os.close(fd)


@contextmanager
def atomic_new_file(path: Path, what: str = "file") -> Iterator[Path]:
    """A path to build a new file at (e.g. a SQLite project, with its -wal and -shm), inside a part
    folder beside `path`; moved to `path` when the block completes, never over a file already there."""
    path = Path(path)
    if path.exists():
        raise InputError(f"the {what} exists already", path=str(path), hint="choose another name or remove it")
    part, fd = _new_part(path, folder=True)
    try:
        _hold(fd)
        yield part / path.name
        _place_new(part / path.name, path, what)
    except OSError as exc:
        raise _cannot_write(path, exc) from exc
    finally:
        shutil.rmtree(part, ignore_errors=True)
        os.close(fd)


@contextmanager
def scratch_file(path: Path) -> Iterator[Path]:
    """A private, empty file (a part of `path`, which never appears) for work in progress, removed
    afterwards: e.g. a copy of an input read before a write lock is taken."""
    part, fd = _new_part(Path(path), folder=False)
    try:
        _hold(fd)
        yield part
    finally:
        os.close(fd)
        _remove(part)


def remove_stale_parts(path: Path) -> list[Path]:
    """Remove parts of `path` left by killed runs (see the module docstring); the ones removed."""
    removed: list[Path] = []
    prefix = f".{Path(path).name}."
    try:
        names = [n for n in os.listdir(Path(path).parent) if n.startswith(prefix) and n.endswith(".part")]
    except OSError:
        return removed
    if Path(path).exists():  # sets moved aside while a new one took their place (no atomic exchange)
        names += [n for n in os.listdir(Path(path).parent) if n.startswith(prefix) and n.endswith(".old")]
    for name in names:
        part = Path(path).parent / name
        if len(name) - len(prefix) - len(".part") == 8 and _stale(part):
            shutil.rmtree(part, ignore_errors=True) if part.is_dir() else _remove(part)
            removed.append(part)
    return removed


def _new_part(path: Path, *, folder: bool) -> tuple[Path, int]:
    """A new part beside `path` (after removing stale ones): its path and an open descriptor."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(path)
        if folder:
            part = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent))
            os.chmod(part, user_mode(folder=True))
            return part, os.open(part, os.O_RDONLY)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
        return Path(name), fd
    except OSError as exc:
        raise _cannot_write(path, exc) from exc


def _check_replaceable(path: Path, ours: Callable[[Path], bool] | None) -> None:
    if not path.exists() and not path.is_symlink():
        return
    if not path.is_dir():
        raise InputError("a file is in the way of the folder to write", path=str(path),
                         hint="choose another folder; nothing was written")
    foreign = [p for p in path.rglob("*") if not p.is_dir() and not (ours and ours(p.relative_to(path)))]
    if foreign:
        raise InputError(f"the folder holds files this export did not write (e.g. {foreign[0].relative_to(path)})",
                         path=str(path), hint="choose a new or empty folder (an export replaces its folder whole); "
                         "nothing was written")


def _swap_into_place(part: Path, path: Path) -> None:
    """`part` becomes `path`; an earlier set at `path` goes only once the new one is in place."""
    if not path.exists():
        os.rename(part, path)
    elif not _exchange(part, path):  # no atomic exchange here: the old set is moved aside first
        old = part.with_name(part.name[: -len(".part")] + ".old")
        os.rename(path, old)
        os.rename(part, path)
        part = old
    shutil.rmtree(part, ignore_errors=True)
    _sync_folder(path.parent)


def _place_new(built: Path, path: Path, what: str) -> None:
    try:
        os.link(built, path)  # fails if a file appeared there meanwhile: never overwritten
    except FileExistsError:
        raise InputError(f"the {what} exists already", path=str(path), hint="choose another name or remove it") from None
    except OSError:  # no hard links on this disk (FAT, exFAT)
        if path.exists():
            raise InputError(f"the {what} exists already", path=str(path), hint="choose another name or remove it") from None
        os.rename(built, path)
    _sync_folder(path.parent)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where that is not possible."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return bool(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0)


def _stale(part: Path) -> bool:
    try:
        if time.time() - part.lstat().st_mtime < STALE_AFTER_S:
            return False
        if fcntl is None:
            return True
        fd = os.open(part, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held by its builder while it works
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def _hold(fd: int) -> None:
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    try:  # Linux: read it without changing it (os.umask sets it: a race with other threads)
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def _cannot_write(path: Path, exc: OSError) -> InputError:
    import errno

    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return InputError("the disk is full: nothing was written", path=str(path), hint="free some space and try again")
    return InputError(f"cannot write here ({exc.strerror}): nothing was written", path=str(path),
                      hint="check the folder's permissions and free disk space")


def _remove(part: Path | str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(part)
