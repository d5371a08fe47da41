"""Undo and Redo as actions of a window: they go through `Project.undo`/`redo`, which keep the undo
stack in step with the file when the store refuses a step (QUndoStack's own actions would not)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from annotator.gui.project import Project

UNDO_KEYS, REDO_KEYS = ("Ctrl+Z",), ("Ctrl+Shift+Z", "Ctrl+Y")


class StepAction(QAction):
    """Undo or Redo, named after the step it takes ("Undo Add span")."""

    def __init__(self, name: str, parent: QWidget) -> None:
        super().__init__(name, parent)
        self.name = name

    def show_step(self, step: str) -> None:  # a method, so Qt drops the connection with the action
        self.setText(f"{self.name} {step}".rstrip())


def undo_actions(parent: QWidget, project: Project) -> tuple[QAction, QAction]:
    """An Undo and a Redo action named after the step they take, enabled only when there is one."""
    stack = project.undo_stack
    made = []
    for name, keys, run, can, can_changed, text_changed, text in (
            ("&Undo", UNDO_KEYS, project.undo, stack.canUndo, stack.canUndoChanged, stack.undoTextChanged,
             stack.undoText),
            ("&Redo", REDO_KEYS, project.redo, stack.canRedo, stack.canRedoChanged, stack.redoTextChanged,
             stack.redoText)):
        action = StepAction(name, parent)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(lambda _checked=False, run=run: run())
        action.setEnabled(can())
        can_changed.connect(action.setEnabled)
        text_changed.connect(action.show_step)
        action.show_step(text())
        made.append(action)
    return made[0], made[1]
