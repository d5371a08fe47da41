"""Boilerplate trimming for article text pasted from web pages: transparent, line-based rules.

Trafilatura removes boilerplate from HTML by its markup; pasted plain text has no markup left, so the
trimmer reads the text line by line (a line ends at `\\n`), as a reader skimming a page would:

1. Each line gets a kind (`boilerplate_lines`): flagged by a rule of the table in `boilerplate_rules`
   (subscription appeal, cookie notice, newsletter sign-up, paywall, related stories, teaser link,
   tags/share/author box, copyright notice, app promotion, comments, advertisement marker, image caption
   or photo credit, share buttons, "Read more" link), a date or byline, a line repeated on the page,
   prose, or a short line (heading, menu item, headline link).
2. The article body is found among them (`boilerplate_body`): reader comments are set apart, the rest is
   split where strong boilerplate evidence stands between two prose lines, and the body is the first
   best-scoring run of lines (prose words count for it, short and boilerplate lines against it) that
   scores at least half the best; it then takes in neighbouring list-like content, a signature and
   the headline. When no run has 40 words of prose, no body is chosen and only rule lines are cut.
3. Everything before and after the body is cut (one cut each side, whose reason names the kinds of
   boilerplate found there); inside the body only lines a rule flags are cut, each on its own.
   Nothing inside a kept line changes. Blank lines that would be left doubled or dangling at the edges
   of the kept text by a cut go with it.

Every cut is reported as (start, end, reason) in offsets of the text given, so the GUI can preview a
trim by highlighting them, and `Trimmed.record()` is what import stores in `meta["boilerplate_trimmed"]`.
Measured on public extraction test pages by `benchmarks/bench_boilerplate.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from annotator.core.types import content_hash
from annotator.io.boilerplate_body import body_range, comments_start
from annotator.io.boilerplate_lines import BLANK, CUT_KINDS, Line, classify_lines
from annotator.io.boilerplate_rules import match_rule

RULES_VERSION = 2
BEFORE_BODY = "before the article body"
AFTER_BODY = "after the article body"
COMMENTS_REASON = "reader comments"


class Cut(NamedTuple):
    """A removed piece: text[start:end] of the text before trimming, and why it went."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class Trimmed:
    """The text cut to the article body, and what was cut (offsets into the text before trimming)."""

    text: str
    removed: list[Cut]
    original_sha256: str

    def record(self) -> dict[str, Any]:
        """What import stores in `meta["boilerplate_trimmed"]` (JSON-ready)."""
        return {
            "rules_version": RULES_VERSION,
            "removed_chars": sum(cut.end - cut.start for cut in self.removed),
            "removed": [[cut.start, cut.end, cut.reason] for cut in self.removed],
            "original_sha256": self.original_sha256,
        }


def trim_boilerplate(text: str) -> Trimmed:
    """`text` cut to its article body by the rules in this module's docstring (also the GUI's preview)."""
    lines = classify_lines(text)
    reasons = _reasons(lines)
    _tidy_blank_lines(lines, reasons)
    kept = "".join(text[line.start:line.end] for line, reason in zip(lines, reasons, strict=True) if reason is None)
    return Trimmed(kept, _merged_cuts(lines, reasons), content_hash(text))


def classify_line(line: str) -> tuple[str, bool] | None:
    """(reason, is_block) for a line (without its `\\n`) a rule flags as boilerplate, or None."""
    rule = match_rule(line)
    return None if rule is None else (rule.reason, rule.block)


def _reasons(lines: list[Line]) -> list[str | None]:
    """Why each line is cut, or None for a kept line."""
    inside = [line.reason if line.kind in CUT_KINDS else None for line in lines]
    body = body_range(lines)
    if body is None:
        return inside
    first, last = body
    comments = comments_start(lines)
    before = _edge_reason(BEFORE_BODY, lines[:first])
    after = _edge_reason(AFTER_BODY, lines[last + 1:comments])
    comment_reason = _edge_reason(f"{AFTER_BODY}: {COMMENTS_REASON}", lines[comments:])
    return [before if i < first else (after if i < comments else comment_reason) if i > last else inside[i]
            for i in range(len(lines))]


def _edge_reason(where: str, lines: list[Line]) -> str:
    """One reason for the whole stretch before (or after) the body, naming the boilerplate found there."""
    kinds = list(dict.fromkeys(line.reason for line in lines if line.reason))
    return f"{where} ({', '.join(kinds)})" if kinds else where


def _tidy_blank_lines(lines: list[Line], reasons: list[str | None]) -> None:
    """Cut blank lines a cut would leave doubled, or dangling at the start or end of the kept text."""
    text_lines = [i for i, line in enumerate(lines) if reasons[i] is None and line.kind != BLANK]
    if not text_lines:
        return
    _cut_blank_edge(reasons, range(text_lines[0]))
    _cut_blank_edge(reasons, range(text_lines[-1] + 1, len(lines)))
    last_kept_blank = False
    for i in range(text_lines[0], text_lines[-1]):
        if reasons[i] is not None:
            continue
        if lines[i].kind == BLANK and reasons[i - 1] is not None and last_kept_blank:
            reasons[i] = reasons[i - 1]
            continue
        last_kept_blank = lines[i].kind == BLANK


def _cut_blank_edge(reasons: list[str | None], edge: range) -> None:
    """Blank lines before the first (or after the last) kept text line go if anything there was cut."""
    cut = [reasons[i] for i in edge if reasons[i] is not None]
    if not cut:
        return
    previous = cut[0]
    for i in edge:
        if reasons[i] is None:
            reasons[i] = previous
        previous = reasons[i]


def _merged_cuts(lines: list[Line], reasons: list[str | None]) -> list[Cut]:
    cuts: list[Cut] = []
    for line, reason in zip(lines, reasons, strict=True):
        if reason is None:
            continue
        if cuts and cuts[-1].end == line.start and cuts[-1].reason == reason:
            cuts[-1] = Cut(cuts[-1].start, line.end, reason)
        else:
            cuts.append(Cut(line.start, line.end, reason))
    return cuts
