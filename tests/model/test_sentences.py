"""Units (sentences and clauses) are exact code-point ranges of the text, whatever its characters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.model.sentences import units

UNICODE = ("Лукашенко 😀 встретился с послом. Санкции? Нет!\r\nThe EU\u2019s envoy said: \u201ctalks\u201d; the "
           "pressure stays. Mr. Borrell met J. R. Smith in Minsk. Cafe\u0301 owners 👩\u200d👩\u200d👧 agreed… "
           "They left.")


def test_units_are_exact_and_trimmed_on_unicode_text() -> None:
    found = units(UNICODE)
    pieces = [UNICODE[s:e] for s, e in found]
    assert pieces == [
        "Лукашенко 😀 встретился с послом.", "Санкции?", "Нет!", "The EU\u2019s envoy said: \u201ctalks\u201d;",
        "the pressure stays.", "Mr. Borrell met J. R. Smith in Minsk.", "Cafe\u0301 owners 👩\u200d👩\u200d👧 agreed…",
        "They left.",
    ]
    # the same offsets in the text as Python counts it: code points, not UTF-16 units or bytes
    assert found[0] == (0, len("Лукашенко 😀 встретился с послом."))


def test_a_lower_case_continuation_or_an_abbreviation_does_not_end_a_sentence() -> None:
    text = "Talks resumed, e.g. in Minsk. The U.S. envoy came. it went on."
    assert [text[s:e] for s, e in units(text)] == ["Talks resumed, e.g. in Minsk.", "The U.S. envoy came. it went on."]


def test_white_space_only_has_no_units() -> None:
    assert units(" \n\t \r\n") == []
    assert units("") == []


@given(st.text(alphabet=st.sampled_from(list("ab .!?;\n\r\t😀éЖ\u0301\u00a0\u2026\"'”")), max_size=80))
def test_units_are_ordered_disjoint_trimmed_and_cover_every_visible_character(text: str) -> None:
    found = units(text)
    last = 0
    covered = set()
    for start, end in found:
        assert last <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip() and piece
        covered.update(range(start, end))
        last = end
    assert {i for i, c in enumerate(text) if not c.isspace()} <= covered
