"""Trimming and word-snapping of selections, and word nudges, on the stored (code-point) text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.selection import (
    is_word_char,
    snap_to_words,
    span_from_selection,
    trim,
    word_step,
)


def _span(text: str, start: int, end: int, snap: bool = True) -> str | None:
    result = span_from_selection(text, start, end, snap=snap)
    return None if result is None else text[result[0]:result[1]]


def test_trims_whitespace_including_nbsp_and_paragraph_breaks() -> None:
    text = "a \u00a0 Kallas said\n\n no"
    assert _span(text, 1, 15) == "Kallas said"
    assert trim(text, 1, 4) is None


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("the firetrucks roll", 6, 10, "firetrucks"),  # inside one word
        ("the firetrucks roll", 2, 16, "the firetrucks roll"),  # both edges cut words
        ("💩This is an annotation.", 13, 22, "annotation"),  # a cut "a|nnotation" widens
        ("Viačorka’s plan", 2, 6, "Viačorka’s"),  # inner apostrophe
        ("‘His drug is power’", 1, 8, "His drug"),  # quotes are not words
        ("ét\u0301é x", 1, 2, "ét\u0301é"),  # combining mark inside a word
        ("hi 👨🏻‍🚒 there", 4, 6, "👨🏻‍🚒"),  # ZWJ sequence is one unit
        ("one. Two", 0, 4, "one."),  # punctuation kept where the coder put it
    ],
)
def test_snaps_to_whole_words(text: str, start: int, end: int, expected: str) -> None:
    assert _span(text, start, end) == expected


def test_snapping_is_an_option() -> None:
    assert _span("the firetrucks roll", 6, 10, snap=False) == "retr"


def test_reversed_and_empty_selections() -> None:
    assert _span("abc def", 7, 4) == "def"
    assert span_from_selection("abc", 1, 1) is None
    assert span_from_selection("a   b", 1, 4) is None


@pytest.mark.parametrize(
    ("offset", "direction", "edge", "expected"),
    [
        (5, +1, "start", 10),  # "one, two" -> "two"
        (5, -1, "start", 0),   # "one" -> "zero one"
        (13, +1, "end", 20),   # "two" -> "two  three" (skips the double space)
        (13, -1, "end", 8),    # "one, two" -> "one" (the comma is not part of a word)
        (0, -1, "start", 0),   # nothing further left
        (21, +1, "end", 21),   # nothing further right
    ],
)
def test_word_step(offset: int, direction: int, edge: str, expected: int) -> None:
    text = "zero one, two  three."
    assert word_step(text, offset, direction, edge=edge) == expected


words = st.text(alphabet=st.sampled_from(list("ab ,.\n\u00a0\u0301’") + ["😀", "\u200d"]), max_size=30)


@given(text=words, data=st.data())
def test_span_properties(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(0, len(text)))
    result = span_from_selection(text, start, end)
    lo, hi = min(start, end), max(start, end)
    if result is None:
        assert text[lo:hi].strip() == ""
        return
    s, e = result
    assert 0 <= s < e <= len(text)
    assert not text[s].isspace() and not text[e - 1].isspace()
    assert snap_to_words(text, s, e) == (s, e)  # snapping is idempotent
    # every non-space character the coder selected is kept
    assert all(s <= i < e for i in range(lo, hi) if not text[i].isspace())


def test_word_chars() -> None:
    assert is_word_char("Ж", 0) and not is_word_char(" ", 0) and not is_word_char("x", 5)
