"""Document list | article | side panels, where the article keeps a readable measure on small screens.

The article is what a coder reads for hours: when the window is too narrow for all three, the side
panels give way: first they shrink towards a narrow minimum, then the document list hides, then the
side panels. Panels hidden so come back when the window grows again; the View menu (and its keys) shows
or hides each one by hand: a panel the coder hid stays hidden, one they showed stays shown.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QWidget

LIST_MIN, SIDE_MIN = 160, 210  # px: narrower, their tables show too little to be worth the room
LIST, ARTICLE, SIDE = range(3)


class ReadingSplitter(QSplitter):
    """Three panes; `measure()` is the article's readable width in pixels (it follows the zoom).

    The panes' widths are worked out from the splitter's own width and the widths the coder wants for
    the document list and the side panels (`wanted`: dragged by hand, remembered between runs), so
    they come out the same whenever Qt lays the splitter out (first show, resize, a pane shown)."""

    panels_changed = Signal()  # a panel was shown or hidden (the View menu's check marks follow)

    def __init__(self, documents: QWidget, article: QWidget, side: QWidget, measure: Callable[[], int]) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.measure = measure
        for widget in (documents, article, side):
            self.addWidget(widget)
        documents.setMinimumWidth(LIST_MIN)
        side.setMinimumWidth(SIDE_MIN)
        article.setMinimumWidth(LIST_MIN)  # the window may get narrower than a measure; the panels go first
        self.setChildrenCollapsible(False)
        self.setStretchFactor(ARTICLE, 1)
        self.wanted = {LIST: 300, SIDE: 466}
        self.hidden_by_coder: set[int] = set()
        self.shown_by_coder: set[int] = set()  # asked for on a window too narrow: kept while it is
        self._hidden_for_room: set[int] = set()
        self.splitterMoved.connect(self._on_moved)

    def panel_shown(self, pane: int) -> bool:
        return not self.widget(pane).isHidden()

    def show_panel(self, pane: int, shown: bool) -> None:
        """The coder shows or hides the document list (LIST) or the side panels (SIDE)."""
        (self.hidden_by_coder.discard if shown else self.hidden_by_coder.add)(pane)
        if shown and pane in self._hidden_for_room:  # asked for although there is no room: it stays
            self.shown_by_coder.add(pane)
        elif not shown:
            self.shown_by_coder.discard(pane)
        self._hidden_for_room.discard(pane)
        self.widget(pane).setVisible(shown)
        self.give_article_room()
        self.panels_changed.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.give_article_room()

    def give_article_room(self) -> None:
        """Hide or show panels so the article gets its measure, then share the width out."""
        width = self.width() - self.handleWidth() * 2
        changed = False
        self.shown_by_coder = {p for p in self.shown_by_coder if self._shown_minimum() + self.measure() > width}
        for pane in (LIST, SIDE):  # hidden for room: back when everything fits again
            if pane in self._hidden_for_room and self._room_for(pane, width):
                self._hidden_for_room.discard(pane)
                self.widget(pane).show()
                changed = True
        for pane in (LIST, SIDE):  # the document list goes first
            if self.panel_shown(pane) and self._needed_without(pane, width):
                self._hidden_for_room.add(pane)
                self.widget(pane).hide()
                changed = True
        self.setSizes(self._shared_out(width))
        if changed:
            self.panels_changed.emit()

    def _minimum(self, pane: int) -> int:
        return LIST_MIN if pane == LIST else SIDE_MIN

    def _shown_minimum(self, plus: int | None = None) -> int:
        panes = {p for p in (LIST, SIDE) if self.panel_shown(p)} | ({plus} if plus is not None else set())
        return sum(self._minimum(p) for p in panes)

    def _room_for(self, pane: int, width: int) -> bool:
        return pane not in self.hidden_by_coder and self._shown_minimum(plus=pane) + self.measure() <= width

    def _needed_without(self, pane: int, width: int) -> bool:
        """Whether `pane` must go: the shown panels at their minimum leave the article too little, and
        (for the side panels) hiding the document list has not been tried yet."""
        return (pane not in self.shown_by_coder and self._shown_minimum() + self.measure() > width
                and not (pane == SIDE and self.panel_shown(LIST) and LIST not in self.shown_by_coder))

    def _shared_out(self, width: int) -> list[int]:
        """The wanted widths of the shown panels, each narrowed in proportion to what it has above its
        minimum, to leave the article its measure; the article takes the rest."""
        sizes = {p: self.wanted[p] if self.panel_shown(p) else 0 for p in (LIST, SIDE)}
        spare = {p: max(0, sizes[p] - self._minimum(p)) if sizes[p] else 0 for p in (LIST, SIDE)}
        lack = min(self.measure(), width) - (width - sizes[LIST] - sizes[SIDE])
        if lack > 0 and sum(spare.values()):
            take = min(lack, sum(spare.values()))
            share = take * spare[LIST] // sum(spare.values())
            sizes[LIST] -= share
            sizes[SIDE] -= take - share
        return [sizes[LIST], max(width - sizes[LIST] - sizes[SIDE], 0), sizes[SIDE]]

    def _on_moved(self, _pos: int, _index: int) -> None:
        """The coder dragged a handle: those are the widths wanted from now on."""
        sizes = self.sizes()
        for pane in (LIST, SIDE):
            if self.panel_shown(pane):
                self.wanted[pane] = sizes[pane]
