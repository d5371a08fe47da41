"""Model > Suggestions in the coding window: outlined suggestions, ] [ Enter Backspace and label keys,
undo, exports with provenance, training in a worker thread with cancel."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core.suggestions import Decision
from annotator.core.types import DocumentId
from annotator.gui.main_window import MainWindow
from annotator.gui.project import Project
from annotator.operations.exporting import export_project
from annotator.operations.model_training import train_project_model
from annotator.store import models, suggestions
from tests.gui.driving import CTRL, SHIFT, keys
from tests.model.corpus import gold_project


@pytest.fixture(scope="module")
def trained_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    path = tmp_path_factory.mktemp("suggest") / "study.annotator"
    db, ids, made = gold_project(path, 30, seed=2)
    db.close()
    train_project_model(path)
    return path, list(zip(ids, made, strict=True))


@pytest.fixture
def model_window(qtbot, trained_project, tmp_path: Path, settings):
    source, docs = trained_project
    path = tmp_path / "study.annotator"
    path.write_bytes(source.read_bytes())
    win = MainWindow(Project.open(path, "ann"), settings)
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    yield win, docs
    if win in MainWindow.open_windows:
        win.close()


def _open(qtbot, window: MainWindow, document_id: int):
    window.open_document(DocumentId(document_id))
    keys(qtbot, window.reader, (Qt.Key.Key_Home, CTRL))
    return window.reader


def test_suggestions_are_off_until_switched_on_and_then_outlined(qtbot, model_window) -> None:
    window, docs = model_window
    controller = window.model_menu.controller
    document_id, (text, gold, _stance) = docs[0]
    _open(qtbot, window, document_id)
    assert controller.shown.suggestions == () and window.model_menu.overlay_ranges() == []
    with window.project.db.read() as tx:
        assert suggestions.assisted_coders(tx) == {}
    window.model_menu.toggle.trigger()  # Model > Suggestions
    assert [(s.start, s.end, s.label) for s in controller.shown.suggestions] == gold
    assert len(window.model_menu.overlay_ranges()) == len(gold)
    assert window.project.spans(DocumentId(document_id)) == []  # suggestions are not spans
    window.grab().save(str(Path("/tmp") / "suggestions_window.png"))


def test_keyboard_accepts_rejects_relabels_and_undoes(qtbot, model_window, tmp_path: Path) -> None:
    window, docs = model_window
    controller = window.model_menu.controller
    window.model_menu.toggle.trigger()
    document_id, (text, gold, _stance) = next(d for d in docs if len(d[1][1]) >= 3)
    reader = _open(qtbot, window, document_id)
    keys(qtbot, reader, Qt.Key.Key_BracketRight)
    first = controller.active()
    assert (first.start, first.end) == gold[0][:2] and reader.selection() == gold[0][:2]
    keys(qtbot, reader, Qt.Key.Key_Return)  # accept
    spans = window.project.spans(DocumentId(document_id))
    version = controller.shown.model_version
    assert [(s.start, s.end, s.label, s.provenance) for s in spans] == [(*gold[0], f"suggested:{version}")]
    assert text[spans[0].start:spans[0].end] == text[gold[0][0]:gold[0][1]]
    second = controller.active()  # moved on by itself
    assert (second.start, second.end) == gold[1][:2]
    keys(qtbot, reader, Qt.Key.Key_Backspace)  # reject
    assert controller.shown.suggestions[1].decision == Decision.REJECTED
    assert len(window.project.spans(DocumentId(document_id))) == 1
    other = next(x for x in window.project.codebook.span_labels if x.name != gold[2][2])
    keys(qtbot, reader, getattr(Qt.Key, f"Key_{other.key}"))  # a label key accepts as that label
    third = window.project.spans(DocumentId(document_id))[-1]
    assert (third.start, third.end, third.label) == (gold[2][0], gold[2][1], other.name)
    keys(qtbot, reader, (Qt.Key.Key_Z, CTRL))
    assert len(window.project.spans(DocumentId(document_id))) == 1
    assert controller.shown.suggestions[2].decision is None
    keys(qtbot, reader, (Qt.Key.Key_Z, CTRL))
    assert controller.shown.suggestions[1].decision is None
    keys(qtbot, reader, (Qt.Key.Key_Z, CTRL | SHIFT))
    assert controller.shown.suggestions[1].decision == Decision.REJECTED
    # The export carries the accepted span's provenance; the document is marked assisted.
    out = export_project(window.project.db, tmp_path / "out.jsonl", fmt="jsonl").path
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    mine = [r for r in lines if r["coder"] == "ann"]
    assert [s["provenance"] for r in mine for s in r["spans"]] == [f"suggested:{version}"]
    assert all(r["text"][s["start"]:s["end"]] == s["text"] for r in mine for s in r["spans"])
    with window.project.db.read() as tx:
        assert list(suggestions.assisted_coders(tx).values()) == [{"ann"}]


def test_a_selection_of_ones_own_keeps_the_usual_label_keys(qtbot, model_window) -> None:
    window, docs = model_window
    window.model_menu.toggle.trigger()
    document_id, (text, gold, _stance) = docs[0]
    reader = _open(qtbot, window, document_id)
    keys(qtbot, reader, Qt.Key.Key_BracketRight, (Qt.Key.Key_Home, CTRL), (Qt.Key.Key_Right, CTRL | SHIFT))
    assert window.model_menu.controller.active() is None
    keys(qtbot, reader, Qt.Key.Key_2)
    span = window.project.spans(DocumentId(document_id))[0]
    assert span.provenance is None and span.start == 0 and span.label == "pro-isolation"


def test_training_runs_in_a_worker_and_can_be_cancelled(qtbot, model_window) -> None:
    window, _docs = model_window
    with window.project.db.read() as tx:
        before = len(models.list_models(tx))
    # Waits poll the thread's state and the status bar: waiting for `finished` could miss a signal the
    # thread sent before the wait began (a cancel is quick), and the result reaches the window queued.
    worker = window.model_menu.train()
    worker.requestInterruption()  # the coder pressed Cancel: training stops at its next step
    qtbot.waitUntil(worker.isFinished, timeout=120_000)
    qtbot.waitUntil(lambda: "cancelled" in window.statusBar().currentMessage(), timeout=10_000)
    with window.project.db.read() as tx:
        assert len(models.list_models(tx)) == before
    worker = window.model_menu.train()
    qtbot.waitUntil(worker.isFinished, timeout=120_000)
    qtbot.waitUntil(lambda: "trained" in window.statusBar().currentMessage(), timeout=10_000)
    with window.project.db.read() as tx:
        assert len(models.list_models(tx)) == before + 1
