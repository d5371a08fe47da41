"""Offsets: code points (what we store) vs UTF-16 units (what Qt counts), and newline normalisation.

Every stored offset is a Python `str` index. Qt's text positions count UTF-16 code units, so a
character outside the Basic Multilingual Plane (emoji, some CJK) is one code point but two Qt
positions. `Utf16Map` converts in both directions in O(log n) with a sorted index of those
characters (a per-offset `encode('utf-16')` costs 100x more on long texts; see shared/MEASURED.md).

Newlines: import turns `\\r\\n` and lone `\\r` into `\\n`. Spans that arrive with a text are moved
with it by `normalize_newlines`, so each keeps exactly the characters it had.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def _astral_positions(text: str) -> list[int]:
    """Code-point indices of characters that take two UTF-16 units."""
    if text.isascii():
        return []
    # The regex scans in C: ~1 ms for 300,000 characters, against ~170 ms for a Python loop over them.
    return [m.start() for m in _ASTRAL.finditer(text)]


class Utf16Map:
    """Converts between code-point offsets in `text` and UTF-16 unit offsets (Qt positions)."""

    __slots__ = ("_astral", "_ends16", "length", "length16")

    def __init__(self, text: str) -> None:
        self._astral = _astral_positions(text)
        # UTF-16 offset just past each astral character: its code-point index + pairs before it + 2.
        self._ends16 = [cp + i + 2 for i, cp in enumerate(self._astral)]
        self.length = len(text)
        self.length16 = self.length + len(self._astral)

    def to_utf16(self, offset: int) -> int:
        """The Qt position of code-point `offset` (0 <= offset <= len(text))."""
        return offset + bisect_left(self._astral, offset)

    def to_utf16_all(self, offsets: list[int]) -> list[int]:
        """`to_utf16` of many offsets (a document's spans), without a call per offset."""
        astral = self._astral
        return [offset + bisect_left(astral, offset) for offset in offsets] if astral else list(offsets)

    def from_utf16(self, position: int, *, round_up: bool = False) -> int:
        """The code-point offset of Qt position `position`.

        A position inside a surrogate pair (Qt never puts a cursor there, but a raw number can)
        falls to the start of the character, or to its end with `round_up=True`.
        """
        position = max(0, min(position, self.length16))
        whole = bisect_right(self._ends16, position)  # astral characters wholly before position
        offset = position - whole
        if whole < len(self._astral) and self._astral[whole] < offset:
            # position sits between the two halves of astral character number `whole`
            offset = self._astral[whole] + (1 if round_up else 0)
        return offset


def normalize_newlines(text: str) -> tuple[str, NewlineShift]:
    """`text` with every `\\r\\n` and lone `\\r` turned into `\\n`, and the offset shift that goes with it."""
    if "\r" not in text:
        return text, NewlineShift(())
    dropped: list[int] = []  # indices (in the old text) of the `\n` of each `\r\n`: they disappear
    start = 0
    while (i := text.find("\r\n", start)) != -1:
        dropped.append(i + 1)
        start = i + 2
    new_text = text.replace("\r\n", "\n").replace("\r", "\n")
    return new_text, NewlineShift(tuple(dropped))


class NewlineShift:
    """Maps offsets in a text before newline normalisation to offsets after it."""

    __slots__ = ("_dropped",)

    def __init__(self, dropped: Sequence[int]) -> None:
        self._dropped = dropped

    def __call__(self, offset: int) -> int:
        # An offset between `\r` and `\n` lands after the single `\n`: a span starting there keeps no
        # part of the break and one ending there keeps all of it.
        return offset - bisect_left(self._dropped, offset)

    def __bool__(self) -> bool:
        return bool(self._dropped)
