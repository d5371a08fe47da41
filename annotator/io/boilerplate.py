"""Boilerplate trimming for article text pasted from web pages: transparent, line-based rules.

Trafilatura removes boilerplate from HTML by its markup; pasted plain text has no markup left, so these
rules are hand-written and read the text line by line (a line ends at `\\n`):

1. Each line is classified by the rule table RULES below (phrases matched case-insensitively):
   - a *block* line opens or belongs to a boilerplate block around the article: subscription appeal,
     cookie notice, newsletter sign-up, paywall or sign-in prompt, "related stories" list, app promotion,
     comments prompt;
   - an *inline* line is boilerplate that also sits inside an article: "Advertisement", an image caption
     or photo credit ("… Photograph: X/AP", "AP Photo", "Screenshot from …"), share buttons,
     "Read more: …" links;
   - any other line is text, as is every line longer than 2,000 characters; a text line is *prose* if
     it has at least 6 words and ends like a sentence (`. ! ? … :` or a closing quote/bracket).
2. Block lines split the text into stretches. The article body is the stretch with the most prose
   characters; a neighbouring stretch joins it (and so on outwards) while it holds at least 3 prose
   lines, so a newsletter plug in mid-article does not cut the article in two.
3. Everything before and after the body is cut (one cut each, whose reason names the kinds of
   boilerplate found there); inside the body only block and inline lines are cut, each on its own.
   Nothing inside a kept line changes. Blank lines that would be left doubled or dangling at the edges
   of the kept text by a cut go with it.

Every cut is reported as (start, end, reason) in offsets of the text given, so the GUI can preview a
trim by highlighting them, and `Trimmed.record()` is what import stores in `meta["boilerplate_trimmed"]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from annotator.core.types import content_hash

RULES_VERSION = 1
MIN_PROSE_WORDS = 6
MAX_BOILERPLATE_LINE_CHARS = 2_000  # longer lines are article text: boilerplate comes in short lines
MIN_PROSE_LINES_TO_JOIN = 3
BEFORE_BODY = "before the article body"
AFTER_BODY = "after the article body"
_SENTENCE_END = tuple(".!?…:;\"”’'»)")


@dataclass(frozen=True)
class Rule:
    """Phrases (lower-case regular expressions) that flag a line as one kind of boilerplate.

    `anywhere` phrases match as whole words anywhere in the line, `starts` at its start, `whole` as the
    whole line, `ends` at its end. With `together_with`, an `anywhere` phrase counts only if one of those
    words is in the line too ("cookies" alone may be biscuits). Phrases are joined into one pattern per
    kind, and a pair is two searches, never `a.*b`: both keep matching linear in the line's length.
    """

    reason: str
    block: bool
    anywhere: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()
    whole: tuple[str, ...] = ()
    ends: tuple[str, ...] = ()
    together_with: tuple[str, ...] = ()
    _compiled: tuple[re.Pattern[str] | None, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        def joined(phrases: tuple[str, ...], template: str) -> re.Pattern[str] | None:
            return re.compile(template.format("|".join(phrases))) if phrases else None
        object.__setattr__(self, "_compiled", (
            joined(self.anywhere, r"\b(?:{})\b"), joined(self.together_with, r"\b(?:{})\b"),
            joined(self.starts, r"(?:{})\b"), joined(self.whole, r"(?:{})"), joined(self.ends, r"(?:{})$")))

    def matches(self, lowered: str) -> bool:
        """Whether this rule flags `lowered` (a stripped, lower-cased line)."""
        anywhere, together, starts, whole, ends = self._compiled
        return bool((whole and whole.fullmatch(lowered)) or (starts and starts.match(lowered))
                    or (ends and ends.search(lowered[-_ENDS_WINDOW:]))
                    or (anywhere and anywhere.search(lowered) and (together is None or together.search(lowered))))


_ENDS_WINDOW = 120  # `ends` phrases are looked for in a line's last 120 characters

RULES = (  # block rules first: they win when a line matches both kinds
    Rule("subscription appeal", True, anywhere=(
        "readers like you", "please (?:contribute|donate|consider supporting)", "support the work we do",
        "support (?:our|independent) journalism", "monthly payment", "once-off donation",
        "one-off (?:donation|contribution)", "keeps? paywalls? away"),
        starts=("become an? (?:member|supporter|subscriber)",)),
    Rule("cookie notice", True, anywhere=("cookies?",), together_with=(
        "consent", "partners?", "preferences?", "website", "browser", "site", "tracking", "accept", "necessary",
        "performance", "targeting", "functional", r"advertis\w*")),
    Rule("cookie notice", True, anywhere=(
        "partners can use this (?:special )?(?:purpose|feature)", r"we and our (?:\d+ )?(?:partners|vendors)",
        "(?:manage )?consent preferences", "transparency and consent framework"),
        whole=("(?:necessary|targeting|functional|performance|analytics) cookies", "always active")),
    Rule("newsletter sign-up", True, anywhere=("sign up", "subscribe"), together_with=("newsletters?",)),
    Rule("newsletter sign-up", True, anywhere=("subscribe for free",), whole=("after newsletter promotion",)),
    Rule("paywall or sign-in prompt", True, anywhere=("sign in here",), whole=("(?:sign|log) in",), starts=(
        "sign up to read", "already (?:a member|a subscriber|have an account)", "subscribe to (?:continue|read)")),
    Rule("related stories", True, whole=(
        "related (?:stories|articles|content|coverage)", r"top stories\b.*", "our picks", "most (?:read|popular|viewed)",
        "recommended(?: for you)?", "you (?:may|might) also like", "editor'?s picks", "trending(?: now)?")),
    Rule("app promotion", True, anywhere=(r"\d+\S* of (?:premium |trusted )?titles", "trusted global sources"),
         starts=("download (?:the|our) app", "get (?:all )?your news in one place", "one app", "read news from"),
         whole=("start reading", r"\w+ days free")),
    Rule("comments prompt", True, whole=(
        "have your say", "join the (?:conversation|discussion)", "leave a comment", "show comments",
        r"comments(?: \(\d+\))?", r"\d+ comments?")),
    Rule("advertisement marker", False, whole=(
        "advertisement", "advertising", "sponsored(?: content)?", "story continues below(?: advertisement)?",
        "continue reading(?: below)?", "article continues below(?: advertisement)?")),
    Rule("image caption or photo credit", False, whole=(r"screenshot (?:from|of)\b[^.!?]*",), ends=(
        r"\b(?:photograph|photo|picture|image|illustration)s?(?: by)?\s*:\s*\S.{0,80}",
        r"\b(?:ap|reuters|afp|epa|getty images|shutterstock|tass|belta)(?: photo| images| via getty images)?",
        r"\bvia (?:ap|reuters|afp|getty images)")),
    Rule("share buttons", False, whole=(
        r"(?:(?:share(?: this(?: article| story)?| on \w+)?|tweet|email|print|copy link|facebook|twitter|linkedin"
        r"|whatsapp|telegram|reddit|bluesky)[\s,|·•/]*)+",)),
    Rule("related-story link", False, whole=(r"(?:read more|related|also read|read also|see also)(?:\s*[:»>|–-]\s*\S.*)?",)),
)


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


@dataclass(frozen=True, slots=True)
class _Line:
    start: int
    end: int  # past the line's `\n`, if any
    reason: str | None  # the rule that flags it, or None for text
    block: bool
    blank: bool
    prose_chars: int  # length if prose, else 0


def trim_boilerplate(text: str) -> Trimmed:
    """`text` cut to its article body by the rules in this module's docstring (also the GUI's preview)."""
    lines = [_classify(text, start, end) for start, end in _line_bounds(text)]
    first, last = _body_range(lines)
    before, after = _edge_reason(BEFORE_BODY, lines[:first]), _edge_reason(AFTER_BODY, lines[last + 1:])
    reasons = [before if i < first else after if i > last else line.reason for i, line in enumerate(lines)]
    _tidy_blank_lines(lines, reasons)
    kept = "".join(text[line.start:line.end] for line, reason in zip(lines, reasons, strict=True) if reason is None)
    return Trimmed(kept, _merged_cuts(lines, reasons), content_hash(text))


def classify_line(line: str) -> tuple[str, bool] | None:
    """(reason, is_block) for a boilerplate line (without its `\\n`), or None for article text."""
    lowered = line.strip().lower()
    if len(lowered) > MAX_BOILERPLATE_LINE_CHARS:
        return None
    return next(((rule.reason, rule.block) for rule in RULES if rule.matches(lowered)), None)


def _line_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    while start < len(text):
        newline = text.find("\n", start)
        end = len(text) if newline == -1 else newline + 1
        bounds.append((start, end))
        start = end
    return bounds


def _classify(text: str, start: int, end: int) -> _Line:
    line = text[start:end].strip()
    if not line:
        return _Line(start, end, None, False, True, 0)
    flagged = classify_line(line)
    if flagged:
        return _Line(start, end, flagged[0], flagged[1], False, 0)
    prose = len(line.split()) >= MIN_PROSE_WORDS and line.endswith(_SENTENCE_END)
    return _Line(start, end, None, False, False, len(line) if prose else 0)


def _body_range(lines: list[_Line]) -> tuple[int, int]:
    """First and last line index of the article body (0, -1 when there is none: all is cut)."""
    stretches: list[list[int]] = [[]]
    for i, line in enumerate(lines):
        if line.block:
            stretches.append([])
        else:
            stretches[-1].append(i)
    stretches = [s for s in stretches if any(not lines[i].blank and lines[i].reason is None for i in s)]
    if not stretches:
        return 0, -1

    def prose_chars(s: list[int]) -> int:
        return sum(lines[i].prose_chars for i in s)

    def joins(s: list[int]) -> bool:
        return sum(1 for i in s if lines[i].prose_chars) >= MIN_PROSE_LINES_TO_JOIN

    core = max(range(len(stretches)), key=lambda k: (prose_chars(stretches[k]), -k))
    low = high = core
    while low > 0 and joins(stretches[low - 1]):
        low -= 1
    while high < len(stretches) - 1 and joins(stretches[high + 1]):
        high += 1
    return stretches[low][0], stretches[high][-1]


def _edge_reason(where: str, lines: list[_Line]) -> str:
    """One reason for the whole stretch before (or after) the body, naming the boilerplate found there."""
    kinds = list(dict.fromkeys(line.reason for line in lines if line.reason))
    return f"{where} ({', '.join(kinds)})" if kinds else where


def _tidy_blank_lines(lines: list[_Line], reasons: list[str | None]) -> None:
    """Cut blank lines a cut would leave doubled, or dangling at the start or end of the kept text."""
    text_lines = [i for i, line in enumerate(lines) if reasons[i] is None and not line.blank]
    if not text_lines:
        return
    _cut_blank_edge(reasons, range(text_lines[0]))
    _cut_blank_edge(reasons, range(text_lines[-1] + 1, len(lines)))
    last_kept_blank = False
    for i in range(text_lines[0], text_lines[-1]):
        if reasons[i] is not None:
            continue
        if lines[i].blank and reasons[i - 1] is not None and last_kept_blank:
            reasons[i] = reasons[i - 1]
            continue
        last_kept_blank = lines[i].blank


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


def _merged_cuts(lines: list[_Line], reasons: list[str | None]) -> list[Cut]:
    cuts: list[Cut] = []
    for line, reason in zip(lines, reasons, strict=True):
        if reason is None:
            continue
        if cuts and cuts[-1].end == line.start and cuts[-1].reason == reason:
            cuts[-1] = Cut(cuts[-1].start, line.end, reason)
        else:
            cuts.append(Cut(line.start, line.end, reason))
    return cuts
