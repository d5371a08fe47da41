"""Export with progress and cancel: the progress a dialog shows, and a cancel that leaves no file."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import Cancelled
from annotator.core.types import NewDocument
from annotator.operations import exporting
from annotator.operations.exporting import export_project
from annotator.operations.projects import open_project
from annotator.store.documents import add_documents


@pytest.fixture
def db(tmp_path: Path):
    database = open_project(tmp_path / "p.annotator", create=True)
    with database.transaction() as tx:
        add_documents(tx, [NewDocument(f"Article number {i} about Minsk.") for i in range(7)])
    yield database
    database.close()


def test_progress_counts_documents_up_to_the_total(db, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(exporting, "REPORT_EVERY", 3)
    heard: list[tuple[int, int]] = []
    result = export_project(db, tmp_path / "out" / "all.jsonl", progress=lambda done, total: heard.append((done, total)))
    assert heard == [(0, 7), (3, 7), (6, 7), (7, 7)]
    assert result.count == 7 and result.path.exists()


def test_cancel_stops_the_export_and_leaves_no_file(db, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(exporting, "REPORT_EVERY", 2)
    folder = tmp_path / "out"
    asked = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 2  # the coder presses Cancel half-way

    with pytest.raises(Cancelled, match="no file was written"):
        export_project(db, folder / "all.jsonl", cancelled=cancelled)
    assert len(asked) == 3
    assert list(folder.iterdir()) == []  # neither the export nor its temporary file
