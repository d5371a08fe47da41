"""Code points vs UTF-16 units, and newline normalisation that moves offsets with the text."""

from hypothesis import example, given
from hypothesis import strategies as st

from annotator.core.offsets import Utf16Map, normalize_newlines


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def test_emoji_examples():
    text = "💩This is an annotation."
    m = Utf16Map(text)
    assert text[12:22] == "annotation"
    assert (m.to_utf16(12), m.to_utf16(22)) == (13, 23)
    assert (m.from_utf16(13), m.from_utf16(23)) == (12, 22)
    fire = "👨🏻‍🚒 firemen drive firetrucks"
    m = Utf16Map(fire)
    assert fire[19:29] == "firetrucks"
    assert m.from_utf16(m.to_utf16(19)) == 19 and m.to_utf16(29) == utf16_len(fire[:29])


def test_position_inside_a_surrogate_pair_rounds_to_the_character():
    m = Utf16Map("a💩b")
    assert m.from_utf16(2) == 1 and m.from_utf16(2, round_up=True) == 2


@given(st.text())
def test_utf16_map_agrees_with_encoding(text):
    m = Utf16Map(text)
    assert m.length16 == utf16_len(text)
    for cp in range(len(text) + 1):
        u = m.to_utf16(cp)
        assert u == utf16_len(text[:cp])
        assert m.from_utf16(u) == cp


@st.composite
def texts_with_a_span(draw):
    """(text, start, end) with CR, LF, Cyrillic and an emoji; (start, end) is (0, 0) in an empty text."""
    text = draw(st.text(alphabet=st.sampled_from("ab\r\nж👍 ")))
    if not text:
        return text, 0, 0
    start = draw(st.integers(0, len(text) - 1))
    return text, start, draw(st.integers(start + 1, len(text)))


# A text that starts with a break: random texts hit it rarely, and a search for `\r\n` that skipped
# the first character would shift every span after it.
@example(("\r\nab", 2, 4))
@given(texts_with_a_span())
def test_newline_normalisation_keeps_each_span_text(text_and_span):
    text, start, end = text_and_span
    new, shift = normalize_newlines(text)
    assert "\r" not in new and len(new) == len(text) - text.count("\r\n")
    if not text:
        return
    kept = new[shift(start) : shift(end)]
    original = text[start:end]
    if not original.startswith("\n") and not original.endswith("\r"):
        assert kept == original.replace("\r\n", "\n").replace("\r", "\n")
