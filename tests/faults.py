"""Real faults for tests, never on the developer's files: the CLI run in a child process with a small
file-size limit (a full disk), in a private mount namespace where a folder is a read-only mount (or,
for a user who is not root, with the write permission taken away), or against a damaged copy."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# The child: ignore SIGXFSZ (so a write past the limit fails with EFBIG instead of killing the
# process), set the limit, then run each command as `annotator ARGS` would, and report (code, out, err)
# of each as JSON: one process start for several commands keeps the suite quick.
_CHILD = textwrap.dedent("""
    import contextlib, io, json, resource, signal, sys, traceback
    limit, commands = int(sys.argv[1]), json.loads(sys.argv[2])
    if limit:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
    from annotator.cli import main
    results = []
    for argv in commands:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:
                code = exc.code
            except BaseException:
                traceback.print_exc()
                code = -1
        results.append((code, out.getvalue(), err.getvalue()))
    sys.__stdout__.write(json.dumps(results))
""")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    @property
    def clear(self) -> bool:
        """A clear error: exit code 1, an `annotator: error:` line, and no traceback or SQL."""
        return self.code == 1 and "annotator: error:" in self.err and self.calm

    @property
    def calm(self) -> bool:
        """No traceback and no SQL or driver words, whatever the outcome."""
        return not any(word in self.err for word in ("Traceback", "sqlalche.me", "[SQL:", "sqlite3.", "OperationalError"))


def cli(*args: object, cwd: Path | None = None, file_size_limit: int = 0, wrap: list[str] | None = None) -> Run:
    """`annotator ARGS` in a child process; with `file_size_limit` (bytes) no file can grow past it."""
    return cli_many([list(args)], cwd=cwd, file_size_limit=file_size_limit, wrap=wrap)[0]


def cli_many(commands: list[list[object]], *, cwd: Path | None = None, file_size_limit: int = 0,
             wrap: list[str] | None = None) -> list[Run]:
    """Several `annotator ARGS` commands, one after the other, in one child process (see `cli`)."""
    argvs = json.dumps([[str(a) for a in argv] for argv in commands])
    command = [*(wrap or []), sys.executable, "-c", _CHILD, str(file_size_limit), argvs]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return [Run(*result) for result in json.loads(done.stdout)]


def cli_read_only(folder: Path, commands: list[list[object]], cwd: Path | None = None) -> list[Run]:
    """`annotator ARGS` commands with `folder` read-only: a read-only bind mount in a private mount
    namespace when run as root (root writes through permissions), else without write permission."""
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.iterdir()]}
        for p in modes:
            p.chmod(modes[p] & ~0o222)
        try:
            return cli_many(commands, cwd=cwd)
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
    if shutil.which("unshare") is None or subprocess.run(
            ["unshare", "--mount", "--propagation", "private", "true"], capture_output=True).returncode != 0:
        pytest.skip("needs a private mount namespace (unshare --mount) to make a read-only folder as root")
    mount = f'mount --bind "{folder}" "{folder}" && mount -o remount,bind,ro "{folder}" && exec "$@"'
    return cli_many(commands, cwd=cwd, wrap=["unshare", "--mount", "--propagation", "private", "sh", "-c", mount, "sh"])


def damage(path: Path) -> None:
    """Overwrite every other page of a project after the first (as a failing disk or a bad copy would)."""
    with sqlite3.connect(path) as conn:  # everything in the main file first (no WAL to fall back on)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        for page in range(2, size // 4096, 2):
            fh.seek(page * 4096)
            fh.write(bytes(range(256)) * 16)


def integrity(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def count(path: Path, table: str) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def leftovers(folder: Path) -> list[str]:
    """Hidden part files and folders and sets moved aside: what a fault must not leave. (A project's
    -wal and -shm may stay after a full disk: the WAL holds committed work until it can be folded in.)"""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".part", ".old", "-journal")))
