"""Lines of pasted web text as boilerplate trimming sees them: a kind, and what each adds to an article body.

A line is (in this order):
- BLANK: only white space;
- a rule's kind (BLOCK, INLINE, COMMENTS, REPLY of `boilerplate_rules`), when a rule flags it; a short line
  right before an image caption (the image's alt text or title) counts as that caption;
- META: a short date/time or byline line ("12.10.2015, 19:16 Uhr", "Posted by Ned at 5:11 AM", a date);
- PROSE: article-like text: at least 4 words ending like a sentence with a function word among them,
  or at least 10 words of which at least 15 % are function words, and not cut off ("…", "[…]");
  function words count only in lower case, so a headline in title case is not prose;
- REPEATED: any other line of at most 12 words that occurs more than once in the text (menus, kickers,
  gallery titles);
- SHORT: anything else (headings, menu items, headline links, list items).

The weight is what the line adds to an article body that contains it: its word count for prose, a small
cost for a short line, larger costs for lines that are evidence of boilerplate (see WEIGHTS).
Function words (FUNCTION_WORDS) are the few hundred most common closed-class words of the languages the
tool's users bring (English, German, French, Spanish, Italian, Dutch, Portuguese, Russian, Ukrainian,
Belarusian, Polish): a list of its own rather than jusText's stop lists, which are frequency lists with
content words in them ("album", "army") and would import lxml into every import.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from annotator.io.boilerplate_rules import BLOCK, COMMENTS, INLINE, REPLY, match_rule

BLANK, META, REPEATED, PROSE, SHORT = "blank", "meta", "repeated", "prose", "short"
WEIGHTS = {SHORT: -3.0, INLINE: -3.0, REPEATED: -10.0, META: -15.0, REPLY: -15.0, BLOCK: -40.0, COMMENTS: -40.0,
           BLANK: 0.0}
EVIDENCE = frozenset({BLOCK, COMMENTS, REPLY, META, REPEATED})  # kinds that say "not the article here"
CUT_KINDS = frozenset({BLOCK, INLINE, COMMENTS, REPLY})  # cut wherever they stand
MIN_SENTENCE_WORDS, MIN_LONG_WORDS, MIN_LONG_FUNCTION_SHARE = 4, 10, 0.15
MAX_META_WORDS, MAX_DATE_LINE_WORDS, MAX_REPEATED_WORDS, MAX_ALT_WORDS = 16, 6, 12, 6
CAPTION = "image caption or photo credit"
_SENTENCE_END = tuple(".!?…:;\"”’'»)")
_CUT_OFF = ("…", "...", "[…]", "[...]", "(…)", "(...)")
_WORD = re.compile(r"\w+")
_MONTH = (r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|oktober|"
          r"dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre)\w*")
_DATE = re.compile(r"(?<!\d)(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})(?!\d)"
                   rf"|(?<!\d)\d{{1,2}}\.?\s+{_MONTH}\b|\b{_MONTH}\s+\d{{1,2}}\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_TIME = re.compile(r"(?<!\d)\d{1,2}[:.]\d{2}(?!\d)")
_BYLINE = re.compile(r"^(?:posted|written|published|veröffentlicht|geschrieben|comment|kommentar)\b.*"
                     r"\b(?:by|von|am|on|at|um)\b", re.IGNORECASE)

FUNCTION_WORDS = frozenset("""
the a an and or but of to in on at by for with from as is are was were be been being it its this that these those
he she they we you i his her their our your my not no so if than then there here which who whom whose what when
where how why all any some can could will would should may might must has have had do does did also into about
after before over under between through during without within more most other such only just very up out
der die das den dem des ein eine einer eines einem einen und oder aber nicht ist sind war waren wird werden wurde
wurden sein hat haben hatte zu im am auf aus bei mit nach von vor zum zur für über unter durch auch noch nur
schon sich sie er es wir ihr ich du man dass daß wie als wenn was wer wo da dann doch kein keine mehr sehr um
le la les un une des du de et ou mais est sont était été être ont avait dans sur pour par avec sans ce cette ces
qui que quoi dont il elle ils elles nous vous je tu ne pas plus au aux se sa son ses leur leurs comme si
el los las una unos unas y pero es son era fue ser ha han en con por para sin este esta estos estas quien su sus
lo al del muy más como il gli uno ma è sono essere hanno di da tra fra questo questa che chi suo sua non più anche
het een en maar zijn wordt worden heeft hebben van te op aan met voor door uit naar om dat dit deze wat niet ook
nog er zich o os as um uma ou mas é são foi tem em no na nos nas com seu não mais
и в во не на что с со как а но то это он она они мы вы я его её их же по к ко из у за от до для о об при бы был
была было были быть есть все так уже или ли і що з як але це він вона вони ми ви її та або чи ў гэта ён яна яны
яго яе іх жа па пра пры быў былі быць ёсць w z nie jest są był była było byli się że jak od dla przez przy jego jej
ich już czy lub oraz
""".split())


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text: text[start:end] (with its `\\n`), its kind and its weight."""

    start: int
    end: int
    kind: str
    reason: str | None  # the rule's reason, for a line a rule flags
    words: int
    weight: float
    stripped: str


def classify_lines(text: str) -> list[Line]:
    """Every line of `text` (split after each `\\n`), classified as the module docstring says."""
    bounds = _line_bounds(text)
    stripped = [text[start:end].strip() for start, end in bounds]
    counts = Counter(stripped)
    lines = [_classify(start, end, line, counts[line] > 1) for (start, end), line in zip(bounds, stripped, strict=True)]
    return _alt_text_as_caption(lines)


def _line_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    while start < len(text):
        newline = text.find("\n", start)
        end = len(text) if newline == -1 else newline + 1
        bounds.append((start, end))
        start = end
    return bounds


def _classify(start: int, end: int, line: str, repeated: bool) -> Line:
    if not line:
        return Line(start, end, BLANK, None, 0, 0.0, line)
    words = _WORD.findall(line.lower())
    rule = match_rule(line, words)
    if rule is not None:
        return Line(start, end, rule.kind, rule.reason, len(words), WEIGHTS[rule.kind], line)
    kind = _text_kind(line, len(words), repeated)
    weight = float(len(words)) if kind == PROSE else WEIGHTS[kind]
    return Line(start, end, kind, None, len(words), weight, line)


def _text_kind(line: str, n: int, repeated: bool) -> str:
    if n <= MAX_META_WORDS and (_BYLINE.match(line) or (_DIGIT.search(line) and _date_line(line, n))):
        return META
    if not line.endswith(_CUT_OFF):  # a teaser cut off mid-sentence is not prose
        # counted as written: a headline in title case ("Summit Denied By Kremlin (Video)") has none
        function_words = sum(1 for word in _WORD.findall(line) if word in FUNCTION_WORDS)
        if n >= MIN_SENTENCE_WORDS and function_words and line.endswith(_SENTENCE_END):
            return PROSE
        if n >= MIN_LONG_WORDS and function_words >= MIN_LONG_FUNCTION_SHARE * n:
            return PROSE
    return REPEATED if repeated and n <= MAX_REPEATED_WORDS else SHORT


def _date_line(line: str, n: int) -> bool:
    """A date with a time, or a short line with a date (only called for short lines with a digit)."""
    return bool(_DATE.search(line)) and (n <= MAX_DATE_LINE_WORDS or bool(_TIME.search(line)))


def _alt_text_as_caption(lines: list[Line]) -> list[Line]:
    """A short non-sentence line right before an image caption is the image's alt text or title."""
    out = list(lines)
    previous = None  # index of the last non-blank line
    for i, line in enumerate(lines):
        if line.kind == BLANK:
            continue
        if line.reason == CAPTION and previous is not None and _alt_like(out[previous]):
            alt = out[previous]
            out[previous] = Line(alt.start, alt.end, INLINE, CAPTION, alt.words, WEIGHTS[INLINE], alt.stripped)
        previous = i
    return out


def _alt_like(line: Line) -> bool:
    return line.kind in (SHORT, REPEATED) and 0 < line.words <= MAX_ALT_WORDS and not line.stripped.endswith(".")


def content_like(line: Line) -> bool:
    """A short line that reads like article content (a key: value line, a list item, a short sentence),
    not like a headline link (title case, no function word in lower case)."""
    if line.kind not in (SHORT, PROSE):
        return False
    text, n = line.stripped, line.words
    if text.endswith(":") or _KEY_VALUE.search(text):
        return True
    function_words = sum(1 for word in _WORD.findall(text) if word in FUNCTION_WORDS)
    if n >= MIN_SENTENCE_WORDS and not function_words and not text.endswith("."):
        return False  # a headline
    if n >= 2 and any(c.isdigit() for c in text) and any(c.isalpha() for c in text):
        return True
    return (n >= 2 and text.endswith((".", "!", "?"))) or (n >= 5 and function_words > 0)


_KEY_VALUE = re.compile(r"\w\s*:\s*\S")
