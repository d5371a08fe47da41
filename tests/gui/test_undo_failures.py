"""Issue 16's bug: an undo or redo that the store refuses must leave the undo stack where the file is,
and say so in a sentence. The store is made to fail mid-undo and mid-redo, then the stack, the
database and the window are checked against each other."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from PySide6.QtCore import Qt

from annotator.core.types import Span
from annotator.gui.main_window import MainWindow
from annotator.gui.project import Project
from annotator.operations.projects import open_project
from annotator.store.spans import add_span
from tests.gui.driving import CTRL, PLAIN, SHIFT, keys, open_doc


class FailingStore:
    """Makes the next `count` write transactions of a project fail as a locked file does."""

    def __init__(self, project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = project.db.transaction

        @contextmanager
        def transaction() -> Iterator:
            if self.count > 0:
                self.count -= 1
                raise sqlite3.OperationalError("database is locked")  # what the store raises on a locked file
            with real() as tx:
                yield tx

        monkeypatch.setattr(project.db, "transaction", transaction)

    def fail_next(self, count: int = 1) -> None:
        self.count = count


@pytest.fixture
def errors(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr("annotator.gui.file_actions.show_error", lambda _p, _t, message: shown.append(str(message)))
    return shown


def label_maximum_pressure(qtbot, window: MainWindow) -> Span:
    reader = open_doc(qtbot, window, PLAIN)
    keys(qtbot, reader, (Qt.Key.Key_Right, CTRL | SHIFT, 2), Qt.Key.Key_1)
    [span] = window.project.spans(PLAIN)
    return span


def test_a_failed_undo_keeps_the_stack_on_the_stored_span_and_can_be_tried_again(
        qtbot, window: MainWindow, errors: list[str], monkeypatch) -> None:
    span = label_maximum_pressure(qtbot, window)
    store = FailingStore(window.project, monkeypatch)
    store.fail_next()
    keys(qtbot, window.reader, (Qt.Key.Key_Z, CTRL))
    assert [s.uid for s in window.project.spans(PLAIN)] == [span.uid]  # still stored
    assert window.project.undo_stack.index() == 1 and window.undo_action.isEnabled()  # and the stack says so
    assert not window.redo_action.isEnabled()
    assert span.uid in window.reader.index and window.span_model.rowCount() == 1
    assert len(errors) == 1 and "Could not undo" in errors[0] and "database is locked" in errors[0]
    assert "try" in errors[0] and "[SQL" not in errors[0]
    keys(qtbot, window.reader, (Qt.Key.Key_Z, CTRL))  # the lock has gone: undo again works
    assert window.project.spans(PLAIN) == [] and window.span_model.rowCount() == 0
    keys(qtbot, window.reader, (Qt.Key.Key_Z, CTRL | SHIFT))  # and redo brings the same span back, once
    assert [s.uid for s in window.project.spans(PLAIN)] == [span.uid]
    assert len(errors) == 1


def test_a_failed_redo_keeps_the_stack_before_it(qtbot, window: MainWindow, errors: list[str], monkeypatch) -> None:
    span = label_maximum_pressure(qtbot, window)
    keys(qtbot, window.reader, (Qt.Key.Key_Z, CTRL))
    store = FailingStore(window.project, monkeypatch)
    store.fail_next()
    keys(qtbot, window.reader, (Qt.Key.Key_Z, CTRL | SHIFT))
    assert window.project.spans(PLAIN) == [] and window.project.undo_stack.index() == 0
    assert window.redo_action.isEnabled() and not window.undo_action.isEnabled()
    assert len(errors) == 1 and "Could not redo" in errors[0]
    keys(qtbot, window.reader, (Qt.Key.Key_Z, CTRL | SHIFT))
    assert [s.uid for s in window.project.spans(PLAIN)] == [span.uid] and window.project.undo_stack.index() == 1


def test_a_redo_refused_by_the_file_is_a_sentence_not_sql(qtbot, window: MainWindow, errors: list[str],
                                                          project_path) -> None:
    span = label_maximum_pressure(qtbot, window)
    keys(qtbot, window.reader, (Qt.Key.Key_Z, CTRL))
    other = open_project(project_path)  # another window restores the same span meanwhile
    with other.transaction() as tx:
        add_span(tx, span)
    other.close()
    keys(qtbot, window.reader, (Qt.Key.Key_Z, CTRL | SHIFT))  # the redo's INSERT meets it: UNIQUE fails
    assert len(errors) == 1 and "Could not redo" in errors[0]
    assert "UNIQUE" not in errors[0] and "INSERT" not in errors[0] and "changed in another window" in errors[0]
    assert window.project.undo_stack.index() == 0  # the stack did not move past a step it could not take
    assert [s.uid for s in window.project.spans(PLAIN)] == [span.uid]


def test_a_failed_undo_on_the_bare_stack_drops_the_step(qtbot, project: Project, monkeypatch) -> None:
    """Driven without Project.undo (QUndoStack's own slots): the step leaves the history rather than
    letting the stack claim the span is gone while it is stored."""
    from annotator.core.span_ids import new_span_uid
    from annotator.gui.coding.commands import AddSpan

    span = Span(new_span_uid(), PLAIN, project.coder, 0, 16, "pro-engagement")
    assert project.push(AddSpan(project, span))
    FailingStore(project, monkeypatch).fail_next()
    with qtbot.waitSignal(project.error) as error:
        project.undo_stack.undo()
    assert "left the undo history" in error.args[0]
    assert project.undo_stack.count() == 0 and not project.undo_stack.canRedo()
    assert [s.uid for s in project.spans(PLAIN)] == [span.uid]
