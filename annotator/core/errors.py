"""Errors the user can act on. The core raises them; the CLI prints them and the GUI shows a dialog."""

from __future__ import annotations


class AnnotatorError(Exception):
    """Base of every error that is the user's to fix (bad input, wrong file), never a bug."""

    def __init__(self, reason: str, *, path: str | None = None, line: int | None = None, hint: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.path = path
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = where + self.reason
        if self.hint:
            text += f" ({self.hint})"
        return text


class InputError(AnnotatorError):
    """A file or value that cannot be read or does not fit (which file, which line, what is wrong)."""


class ProjectError(AnnotatorError):
    """A project file that cannot be opened as asked (newer schema, not a project, locked, full disk)."""


class Cancelled(AnnotatorError):
    """The user stopped long work (an export): nothing of it was written."""


class ProjectBusy(ProjectError):
    """Another writer (a window, an import, a merge) held the project longer than we waited: try again."""

    holder: str = "another window or program is saving to it"  # what holds the project, as far as is known


class ProjectDamaged(ProjectError):
    """The project file's pages are damaged: restore the newest backup or recover what can be read."""


class ProjectReadOnly(ProjectError):
    """The project can be read here but not written (a read-only folder, file or mount)."""


class ServerUnreachable(ProjectError):
    """A server project's server cannot be reached (it is down, or the network is): worth retrying; a
    change made meanwhile waits and is sent when it answers."""
