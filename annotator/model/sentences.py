"""Sentence and clause units of a text, as exact code-point offsets (`text[start:end]` is the unit).

Rule-based and explainable, written out here because the splitters on PyPI either need model data
downloaded at run time (nltk's punkt) or report offsets that drift on repeated text (pysbd). A unit ends
at a line break, at a semicolon, and after `.`, `!`, `?` or `…` (with any closing quotes or brackets)
that is followed by white space and then by something that does not start in lower case, unless the
word before the full stop is a known abbreviation or a single letter (an initial). Units are trimmed
of white space; a text of white space only has none.
"""

from __future__ import annotations

import re

from annotator.core.selection import trim

# Abbreviations that end in a full stop without ending a sentence (lower case, without the stop).
ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "gen", "col", "lt", "sgt", "capt", "gov", "sen",
    "rep", "pres", "rev", "hon", "messrs", "vs", "etc", "e.g", "i.e", "cf", "approx", "no", "nos", "vol",
    "fig", "p", "pp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "e.u", "inc", "ltd", "co", "corp", "dept", "est", "ca", "al",
    "г", "гг", "т.е", "т.д", "т.п", "др", "им", "ул", "стр",
})
_END = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_HARD = re.compile(r"\n|;")
_WORD_BEFORE = re.compile(r"([\w.]+)[.]$")


def units(text: str) -> list[tuple[int, int]]:
    """The sentence and clause units of `text` in order, as (start, end) code-point offsets."""
    cuts = {0, len(text)}
    cuts.update(m.end() for m in _HARD.finditer(text))
    cuts.update(m.end() for m in _END.finditer(text) if _ends_sentence(text, m.start(), m.end()))
    bounds = sorted(cuts)
    found = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        trimmed = trim(text, start, end)
        if trimmed is not None:
            found.append(trimmed)
    return found


def _ends_sentence(text: str, stop: int, after: int) -> bool:
    following = _next_visible(text, after)
    if following is not None and following.islower():
        return False
    if text[stop] != ".":
        return True
    word = _WORD_BEFORE.search(text, max(0, stop - 20), stop + 1)
    if word is None:
        return True
    token = word.group(1).lower()
    return not (token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()))


def _next_visible(text: str, position: int) -> str | None:
    for char in text[position:position + 40]:
        if not char.isspace():
            return char
    return None


