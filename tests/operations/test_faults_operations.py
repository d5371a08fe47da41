"""Operations under faults: inputs read before the write lock, hand-outs and dataset sets that appear
whole or not at all, and text from coders (label names) that stays text in the dataset card."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from annotator.core.codebook import Codebook, Label
from annotator.core.errors import InputError
from annotator.operations import importing
from annotator.operations.dataset import DatasetResult, dataset_card
from annotator.operations.importing import import_paths
from annotator.operations.merging import handout
from annotator.operations.projects import open_project
from tests.coded import code, new_project
from tests.faults import count, leftovers


def _lock_is_free(project: Path) -> bool:
    other = sqlite3.connect(project, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


@pytest.mark.parametrize("large", [False, True])
def test_an_input_is_read_before_the_write_lock_is_taken(tmp_path, monkeypatch, large):
    """A slow or stuck read (a network disk) must never hold other writers out of the project: small
    files are parsed whole first, large JSONL files copied aside first and parsed from the copy."""
    if large:
        monkeypatch.setattr(importing, "READ_AHEAD_BYTES", 100)
    project = tmp_path / "p.annotator"
    db = open_project(project)
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"text": f"Article {i} about the talks."}) + "\n" for i in range(30)),
                      encoding="utf-8")
    reads_of_the_input: list[bool] = []  # whether the lock was free at each read of the user's file
    real_open = open

    def watching_open(file, *args, **kwargs):
        if Path(str(file)) == source:
            reads_of_the_input.append(_lock_is_free(project))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", watching_open)
    (outcome,) = import_paths(db, [source])
    monkeypatch.undo()
    assert outcome.ok and outcome.counts.documents_added == 30
    assert reads_of_the_input and all(reads_of_the_input)
    assert leftovers(tmp_path) == []  # the copy aside is gone
    db.close()


def test_a_hand_out_that_fails_midway_leaves_nothing_in_the_way_of_a_retry(tmp_path, monkeypatch):
    db, ids = new_project(tmp_path / "study.annotator", [("one", "Talks failed. Sanctions stay.")])
    code(db, ids[0], "alice", spans=[(0, 5, "pro-engagement")])
    db.close()
    out = tmp_path / "alice.annotator"

    def killed(*_args, **_kwargs):
        raise KeyboardInterrupt  # as a kill or Ctrl+C in the middle of writing the copy

    monkeypatch.setattr("annotator.operations.merging.import_coding_records", killed)
    with pytest.raises(KeyboardInterrupt):
        handout(tmp_path / "study.annotator", "alice", out)
    assert not out.exists() and leftovers(tmp_path) == []
    monkeypatch.undo()
    handout(tmp_path / "study.annotator", "alice", out)  # the retry is not blocked by a 0-document copy
    assert count(out, "document") == 1 and count(out, "span") == 1
    with pytest.raises(InputError, match="exists already"):
        handout(tmp_path / "study.annotator", "alice", out)


def test_the_dataset_card_keeps_label_names_as_text():
    book = Codebook("Stance *study*", span_labels=(Label("pro|anti", "span", key="1"), Label("<b>bold</b>", "span", key="2"),
                                                   Label("_under_ [x](y)", "span", key="3")),
                    stance_options=(Label("**yes**", "stance"),))
    result = DatasetResult(Path("ds"), documents={s: 0 for s in ("train", "dev", "test")},
                           span_labels={s: {} for s in ("train", "dev", "test")},
                           doc_labels={s: {} for s in ("train", "dev", "test")})
    card = dataset_card(result, book, (0.8, 0.1, 0.1), 0, None)
    header = next(line for line in card.splitlines() if line.startswith("| split"))
    assert header.count(" | ") == 4  # split, documents and three labels: "pro|anti" breaks no column
    assert "pro\\|anti" in header and "\\<b\\>bold\\</b\\>" in header and "<b>" not in card
    assert "# Dataset: Stance \\*study\\*" in card and "### \\_under\\_ \\[x\\]\\(y\\) (key 3)" in card
    assert "- **\\*\\*yes\\*\\***:" in card


def test_the_html_report_says_no_shared_documents_instead_of_a_matrix_of_zeros():
    from annotator.agreement.html import report_html
    from annotator.agreement.report import agreement_report
    from annotator.core.types import CodingRecord, Status

    records = [CodingRecord("d1", "First text.", {}, "alice", doc_label="pro-isolation", status=Status.DONE),
               CodingRecord("d1", "First text.", {}, "bob", doc_label="pro-isolation", status=Status.DONE),
               CodingRecord("d2", "Second text.", {}, "cy", doc_label="ambivalent", status=Status.DONE),
               CodingRecord("d2", "Second text.", {}, "bob", doc_label="ambivalent", status=Status.DONE)]
    page = report_html(agreement_report(records))
    assert "alice and cy: no shared documents" in page
    assert page.count("Confusion matrix:") == 2  # alice/bob and bob/cy share one document each
