"""Where a project lives: a project file (a path) or a team project on a PostgreSQL server (a libpq URL)."""

from __future__ import annotations

import re
from pathlib import Path

SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server_url(location: object) -> bool:
    """Whether `location` names a server project (`postgresql://alice@dbhost/study`) rather than a file."""
    return isinstance(location, str) and location.startswith(SERVER_SCHEMES)


def project_location(text: str) -> str | Path:
    """A command-line project argument: a server URL kept as it is (a Path would fold its `//`), else a path."""
    return text if is_server_url(text) else Path(text)


def redact(url: str) -> str:
    """A server URL without its password, for messages and titles (a path is returned as it is)."""
    return re.sub(r"(://[^:/@?]*):[^@/?]*@", r"\1@", str(url))


def check_output_folder(path: Path | None) -> None:
    """An output the user named goes into a folder that exists: a typo in a folder's name is an error, not
    a new folder somewhere unexpected (the default exports/ folder is made by the export itself)."""
    # Imported here: locations is imported at start, errors need not be.
    from annotator.core.errors import InputError

    if path is not None and not Path(path).absolute().parent.is_dir():
        raise InputError(f"the folder {Path(path).absolute().parent} does not exist", path=str(path),
                         hint="check the path, or create the folder first")
