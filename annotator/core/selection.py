"""Turning a coder's rough selection into a span: trim whitespace, snap to words, step by words.

Pure functions over the stored text (code-point offsets), so the GUI never reasons about Qt's copy.
"""

from __future__ import annotations

import unicodedata

# Characters that glue a word together although they are not letters: the zero-width joiner of emoji
# sequences and variation selectors (part of the previous character as a reader sees it).
_JOINERS = frozenset("\u200d\ufe0e\ufe0f")
# Apostrophes count as part of a word only between two letters ("don't", "Viačorka’s").
_APOSTROPHES = frozenset("'\u2019")


def is_word_char(text: str, index: int) -> bool:
    """Whether text[index] belongs to a word (letters, digits, combining marks, inner apostrophes)."""
    if not 0 <= index < len(text):
        return False
    ch = text[index]
    if ch.isalnum() or ch == "_" or ch in _JOINERS or unicodedata.category(ch).startswith("M"):
        return True
    if ch in _APOSTROPHES:
        return index > 0 and index + 1 < len(text) and text[index - 1].isalnum() and text[index + 1].isalnum()
    # An emoji sequence (joined by ZWJ, or with a skin-tone modifier) reads as one unit.
    if _is_modifier(ch):
        return True
    nxt = text[index + 1] if index + 1 < len(text) else ""
    return ord(ch) > 0xFFFF and (nxt in _JOINERS or _is_modifier(nxt) or index > 0 and text[index - 1] == "\u200d")


def _is_modifier(ch: str) -> bool:
    return len(ch) == 1 and 0x1F3FB <= ord(ch) <= 0x1F3FF


def trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(start, end) without surrounding whitespace; None when nothing but whitespace is left."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen (start, end) so that it cuts no word in two."""
    while start > 0 and is_word_char(text, start - 1) and is_word_char(text, start):
        start -= 1
    while end < len(text) and is_word_char(text, end - 1) and is_word_char(text, end):
        end += 1
    return start, end


def span_from_selection(text: str, start: int, end: int, *, snap: bool = True) -> tuple[int, int] | None:
    """The span a selection stands for: trimmed, and snapped to word boundaries if `snap`; or None."""
    if start > end:
        start, end = end, start
    trimmed = trim(text, start, end)
    if trimmed is None:
        return None
    return snap_to_words(text, *trimmed) if snap else trimmed


def word_step(text: str, offset: int, direction: int, *, edge: str) -> int:
    """Where a span's `edge` ("start" or "end") lands when nudged by one word left (-1) or right (+1).

    A start moves to the start of the previous or next word, an end to the end of the previous or
    next word, so a nudged span still begins and ends on whole words.
    """
    word_first = (edge == "start") == (direction > 0)  # cross a word before the gap between words?
    first, second = (True, False) if word_first else (False, True)
    i = _skip(text, offset, direction, word=first)
    return _skip(text, i, direction, word=second)


def _skip(text: str, i: int, direction: int, *, word: bool) -> int:
    """Move from `i` in `direction` over characters that are (word=True) or are not word characters."""
    if direction > 0:
        while i < len(text) and is_word_char(text, i) == word:
            i += 1
    else:
        while i > 0 and is_word_char(text, i - 1) == word:
            i -= 1
    return i
