"""The F1 sheet: every key of the window with the codebook beside it (label and stance keys with their
definitions, then the commands and the coding guidelines), in a dialog that scrolls and fits the screen."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from annotator.core.codebook import Codebook, Label
from annotator.gui.widgets.screen_fit import fit_to_screen

SHEET_SIZE = (760, 900)  # wanted; a smaller screen gets less and the sheet scrolls
KEYS_WITHOUT_ACTIONS = [("Select text", "Shift+arrows, mouse"), ("Label the selection", "the label's key"),
                        ("Edit the current span's holder, then Tab: note (Escape: back)", "Enter")]


def _row(key: str, label: Label | None, name: str, definition: str = "") -> str:
    swatch = f"<span style='color:{label.colour}'>■</span> " if label is not None else ""
    about = f"<br><span style='color:#555555'>{html.escape(definition)}</span>" if definition else ""
    return (f"<tr><td style='white-space:nowrap'><b>{html.escape(key)}</b></td>"
            f"<td>{swatch}{html.escape(name)}{about}</td></tr>")


def keys_sheet_html(codebook: Codebook, stance_keys: Sequence[tuple[str, str]],
                    commands: Sequence[tuple[str, str]]) -> str:
    """Label keys and stance keys with their definitions, then (key, command) pairs, then the guidelines."""
    labels = "".join(_row(x.key or "—", x, x.name, " ".join(x.definition.split())) for x in codebook.span_labels)
    options = {x.name: x for x in codebook.stance_options}
    stances = "".join(_row(key, options.get(name), name, " ".join(options[name].definition.split())
                           if name in options else "") for key, name in stance_keys)
    keys = "".join(_row(key, None, text) for text, key in commands)
    guidelines = html.escape(codebook.guidelines.strip()).replace("\n", "<br>")
    table = "<table cellpadding=3 cellspacing=0>"
    return (f"<h3>Span labels</h3><p>Select text in the article, then press the label's key. Rules and "
            f"examples: the Codebook tab.</p>{table}{labels}</table>"
            f"<h3>Document stance</h3><p>The stance of the whole article.</p>{table}{stances}</table>"
            f"<h3>Commands</h3>{table}{keys}</table>"
            + (f"<h3>Guidelines</h3><p>{guidelines}</p>" if guidelines else ""))


class KeysSheet(QDialog):
    """Help → Keys and codebook (F1)."""

    def __init__(self, html_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keys and codebook")
        self.browser = QTextBrowser(openExternalLinks=False)
        self.browser.setHtml(html_text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, *SHEET_SIZE)


def open_keys_sheet(parent: QWidget, codebook: Codebook, actions: Sequence[QAction],
                    stance_keys: Sequence[tuple[str, str | None]]) -> KeysSheet:
    """Show the sheet for the window's `actions` (those with a key; stance keys are listed with the codebook)."""
    stance_shortcuts = {key for key, _name in stance_keys}
    commands = [(str(getattr(action, "name", action.text())).replace("&", "").split("\t")[0],
                 action.shortcut().toString()) for action in actions
                if not action.shortcut().isEmpty() and action.shortcut().toString() not in stance_shortcuts]
    stances = [(key, name or "not set") for key, name in stance_keys]
    sheet = KeysSheet(keys_sheet_html(codebook, stances, commands + KEYS_WITHOUT_ACTIONS), parent)
    sheet.open()
    return sheet


def menu_actions(menus: Sequence[QAction]) -> list[QAction]:
    """Every action of these menus (a menu bar's `actions()`) and their submenus, in menu order."""
    found: list[QAction] = []
    for entry in menus:
        menu = entry.menu()
        if menu is not None:
            found += menu_actions(menu.actions())
        elif not entry.isSeparator():
            found.append(entry)
    return found
