"""Importing with progress and cancel: progress within a large file, and a cancel that rolls that file back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.io.jsonl import JsonlReader
from annotator.operations.importing import import_paths
from annotator.operations.projects import open_project
from annotator.store.documents import count_documents


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    small = tmp_path / "a_small.txt"
    small.write_text("Minsk and Brussels talk again.\n\nSanctions stay for now.", encoding="utf-8")
    large = tmp_path / "b_large.jsonl"
    large.write_text("".join(json.dumps({"text": f"Article {i} on the sanctions regime."}) + "\n" for i in range(50)),
                     encoding="utf-8")
    last = tmp_path / "c_last.txt"
    last.write_text("Prisoners were released in December.", encoding="utf-8")
    return [small, large, last]


def test_progress_moves_within_a_large_file(tmp_path: Path, files: list[Path], monkeypatch) -> None:
    monkeypatch.setattr(JsonlReader, "BATCH_SIZE", 10)
    db = open_project(tmp_path / "p.annotator")
    heard: list[tuple[float, int, str]] = []
    outcomes = import_paths(db, files, progress=lambda done, total, path: heard.append((done, total, path.name)))
    assert [o.ok for o in outcomes] == [True, True, True]
    within = [done for done, _total, name in heard if name == "b_large.jsonl"]
    assert within[0] == 1 and within[-1] == 2 and len(within) == 1 + 5  # the start, then each batch of 10
    assert within == sorted(within) and all(1 < d < 2 for d in within[1:-1])
    assert heard[-1][:2] == (3, 3)
    db.close()


def test_cancel_during_a_large_file_rolls_it_back_and_stops(tmp_path: Path, files: list[Path], monkeypatch) -> None:
    monkeypatch.setattr(JsonlReader, "BATCH_SIZE", 10)
    db = open_project(tmp_path / "p.annotator")
    batches_seen = []

    def cancelled() -> bool:
        batches_seen.append(True)
        return len(batches_seen) > 3  # asked before each file and after each batch: cancel in the large file

    outcomes = import_paths(db, files, cancelled=cancelled)
    assert [o.path.name for o in outcomes] == ["a_small.txt", "b_large.jsonl"]  # the last file is not touched
    assert outcomes[0].ok and outcomes[1].cancelled and not outcomes[1].ok
    assert outcomes[1].describe() == "cancelled: nothing from this file was imported"
    with db.read() as tx:
        assert count_documents(tx) == 1  # the small file's article only
    db.close()
