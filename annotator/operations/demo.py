"""The demo project: the sample articles of resources/demo with the default codebook, ready to label."""

from __future__ import annotations

from pathlib import Path

from annotator.core.codebook import resource_path
from annotator.operations.importing import import_paths
from annotator.operations.projects import open_project

DEMO_NAME = "demo.annotator"


def ensure_demo_project(folder: Path) -> Path:
    """Create `folder/demo.annotator` from the demo articles unless it exists; return its path.

    Boilerplate is trimmed at import, as a coder would do with pasted web text.
    """
    path = Path(folder) / DEMO_NAME
    if path.exists():
        return path
    db = open_project(path)
    try:
        outcomes = import_paths(db, [resource_path("demo")], trim_boilerplate=True)
    finally:
        db.close()
    failed = [o for o in outcomes if not o.ok]
    if failed:  # the shipped articles always import; a failure here is a packaging bug
        raise RuntimeError(f"demo articles failed to import: {[o.error for o in failed]}")
    return path
