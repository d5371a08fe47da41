"""Where the article body is in a page's classified lines (see `boilerplate_lines`).

1. Reader comments: they begin at the first comments heading or reply line that has some prose before it
   and at least two more reply or meta lines (commenters' names and dates) within the next 12 lines. A
   comment count in the byline is followed by the article, not by those, and does not count.
2. The text before the comments is split into sections where the lines between two prose lines carry
   strong evidence of boilerplate (their costs add up to at least GAP_EVIDENCE: two block lines, a block
   and a date and a "read more", …) — a list of teasers, a second article under the first.
3. In each section the best-scoring runs of lines (maximum sum of weights, Kadane) are candidates; the
   body is the *first* candidate that scores at least FIRST_SHARE of the best one: the article comes
   before the teasers, the next article of an endless page and the footer, and a sidebar must beat it
   clearly to be taken for it. Candidates next to the body join it when what lies between costs little
   (at most MAX_JOIN_GAP: a newsletter plug or an ad in mid-article). If the best candidate has fewer than MIN_BODY_WORDS and the text
   holds more than twice as many words that no rule flags (song lyrics, a list), no body stands out:
   nothing is cut but what a rule flags ("when unsure, keep"); nor is anything cut from a text in which
   no line is a rule's, a date, a byline or repeated, and at most three lines are short.
4. The body grows over neighbouring lines that read like content (list items, key: value lines, short
   sentences), then downwards over a signature (up to two short lines before a boilerplate marker) and
   upwards to the headline (the nearest of the next few lines with 4 to 30 words and no final full
   stop, or the one above it if that was a standfirst of 12 words or more; passing dates, bylines and a
   comment count but stopping at a one- or two-word line such as a section kicker).
"""

from __future__ import annotations

from annotator.io.boilerplate_lines import (
    BLANK,
    EVIDENCE,
    META,
    PROSE,
    REPEATED,
    SHORT,
    Line,
    content_like,
)
from annotator.io.boilerplate_rules import BLOCK, COMMENTS, INLINE, REPLY

GAP_EVIDENCE = 80.0
FIRST_SHARE = 0.5
MIN_BODY_WORDS = 40.0
MIN_PROSE_BEFORE_COMMENTS = 20.0
MIN_JOIN_WORDS, MAX_JOIN_GAP = 20.0, 50.0
MAX_CLEAN_SHORT_LINES = 3
COMMENT_WINDOW, COMMENT_MARKS = 12, 2
MAX_CONTENT_EXTENSION, HEADLINE_WINDOW, MAX_SIGNATURE_LINES = 20, 5, 2
MIN_HEADLINE_WORDS, MAX_HEADLINE_WORDS, MAX_SIGNATURE_WORDS, MIN_STANDFIRST_WORDS = 4, 30, 6, 12
_STOPS_EXTENSION = frozenset({BLOCK, COMMENTS, REPLY, INLINE}) | EVIDENCE


def comments_start(lines: list[Line]) -> int:
    """Index of the line where reader comments begin (len(lines) if there are none)."""
    prose = 0.0
    for i, line in enumerate(lines):
        if line.kind == PROSE:
            prose += line.weight
        if line.kind in (COMMENTS, REPLY) and prose >= MIN_PROSE_BEFORE_COMMENTS:
            following = lines[i + 1:i + 1 + COMMENT_WINDOW]
            if sum(1 for after in following if after.kind in (REPLY, META)) >= COMMENT_MARKS:
                return i
    return len(lines)


def body_range(lines: list[Line]) -> tuple[int, int] | None:
    """First and last line index of the article body, or None when no body stands out."""
    if not any(line.kind in _STOPS_EXTENSION for line in lines) and _short_lines(lines) <= MAX_CLEAN_SHORT_LINES:
        return None  # no sign of boilerplate anywhere: a clean text, nothing to trim
    end = comments_start(lines)
    weights = [line.weight for line in lines]
    candidates: list[tuple[int, int, float]] = []
    for low, high in _sections(lines, end):
        _candidates(weights, low, high, candidates)
    if not candidates:
        return None
    best = max(score for _, _, score in candidates)
    if best < MIN_BODY_WORDS and _unflagged_words(lines) > 2 * best:
        return None
    first, last, _ = _joined(weights, candidates, min(c for c in candidates if c[2] >= FIRST_SHARE * best))
    first = _grow(lines, first, -1, 0)
    last = _signature(lines, _grow(lines, last, 1, end), end)
    return _headline(lines, first), last


def _short_lines(lines: list[Line]) -> int:
    return sum(1 for line in lines if line.kind == SHORT)


def _unflagged_words(lines: list[Line]) -> int:
    return sum(line.words for line in lines if line.kind not in _STOPS_EXTENSION)


def _sections(lines: list[Line], end: int) -> list[tuple[int, int]]:
    """Split lines[:end] where the lines between two prose lines cost GAP_EVIDENCE or more in evidence."""
    sections, start, evidence = [], 0, 0.0
    for i in range(end):
        line = lines[i]
        if line.kind == PROSE:
            if evidence >= GAP_EVIDENCE:
                sections.append((start, i))
                start = i
            evidence = 0.0
        elif line.kind in EVIDENCE:
            evidence -= line.weight
    sections.append((start, end))
    return sections


def _best_run(weights: list[float], low: int, high: int) -> tuple[int, int, float]:
    """The run of weights[low:high] with the largest sum (Kadane): (first, last, sum); last < first if none."""
    best, current, start, first, last = 0.0, 0.0, low, low, low - 1
    for i in range(low, high):
        if current <= 0:
            current, start = 0.0, i
        current += weights[i]
        if current > best:
            best, first, last = current, start, i
    return first, last, best


def _candidates(weights: list[float], low: int, high: int, out: list[tuple[int, int, float]]) -> None:
    """The best run of weights[low:high], then the best runs left and right of it, and so on."""
    pending = [(low, high)]
    while pending:
        low, high = pending.pop()
        first, last, score = _best_run(weights, low, high)
        if last < first or score <= 0:
            continue
        out.append((first, last, score))
        pending += [(low, first), (last + 1, high)]


def _joined(weights: list[float], candidates: list[tuple[int, int, float]],
            body: tuple[int, int, float]) -> tuple[int, int, float]:
    """The body with the candidates next to it that only a cheap gap (a newsletter plug, an ad) separates."""
    ordered = sorted(candidates)
    at = ordered.index(body)
    first, last, score = body
    for step in (-1, 1):
        i = at + step
        while 0 <= i < len(ordered):
            low, high, other = ordered[i]
            gap = sum(weights[high + 1:first]) if step < 0 else sum(weights[last + 1:low])
            if other < MIN_JOIN_WORDS or -gap > MAX_JOIN_GAP:
                break
            first, last, score = min(first, low), max(last, high), score + other + gap
            i += step
    return first, last, score


def _next_text(lines: list[Line], i: int, step: int, stop: int) -> int | None:
    """The next non-blank line from i in direction step, not crossing `stop` (exclusive)."""
    while i != stop and 0 <= i < len(lines) and lines[i].kind == BLANK:
        i += step
    return i if i != stop and 0 <= i < len(lines) else None


def _grow(lines: list[Line], edge: int, step: int, stop: int) -> int:
    """Move the body's edge over content-like lines (one other short line between them may pass)."""
    stop = stop - 1 if step < 0 else stop
    grown, taken = edge, 0
    i = _next_text(lines, edge + step, step, stop)
    while i is not None and taken < MAX_CONTENT_EXTENSION:
        if content_like(lines[i]):
            grown, taken = i, taken + 1
        else:
            beyond = _next_text(lines, i + step, step, stop)
            if lines[i].kind != SHORT or beyond is None or not content_like(lines[beyond]):
                break
            i, grown, taken = beyond, beyond, taken + 2
        i = _next_text(lines, i + step, step, stop)
    return grown


def _signature(lines: list[Line], last: int, end: int) -> int:
    """Up to two short lines between the body and a boilerplate marker are the author's signature."""
    candidate = last
    for _ in range(MAX_SIGNATURE_LINES + 1):
        following = _next_text(lines, candidate + 1, 1, end)
        if following is None or lines[following].kind in _STOPS_EXTENSION:
            return candidate
        if lines[following].kind != SHORT or lines[following].words > MAX_SIGNATURE_WORDS:
            return last
        candidate = following
    return last


def _headline(lines: list[Line], first: int) -> int:
    """The nearest headline-like line among the few non-blank lines above the body (or `first`); above a
    long standfirst, the headline over it."""
    top, seen, i = first, 0, first - 1
    while i >= 0 and seen < HEADLINE_WINDOW:
        line = lines[i]
        i -= 1
        if line.kind == BLANK:
            continue
        if line.kind in (BLOCK, REPLY):
            break
        seen += 1
        if line.kind != INLINE and line.words <= 2 and not any(c.isdigit() for c in line.stripped):
            break  # a section kicker ("World", "Opinion") or a menu item: the page's, not the article's
        if (line.kind in (SHORT, PROSE, REPEATED) and MIN_HEADLINE_WORDS <= line.words <= MAX_HEADLINE_WORDS
                and not line.stripped.endswith(".")):
            top = i + 1
            if line.words < MIN_STANDFIRST_WORDS:
                break
    return top
