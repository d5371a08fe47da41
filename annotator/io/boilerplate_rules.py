"""The rule table of boilerplate trimming: which lines of pasted web text are boilerplate, and why.

Each rule names one kind of boilerplate (its `reason`, recorded with every cut) and what a line must look
like to be it. A rule's `kind` says how the trimmer treats such a line:

- BLOCK: a boilerplate block around the article (subscription appeal, cookie notice, newsletter sign-up,
  paywall, "related stories" list, app promotion, tags/share/author box at the article's end, "read more"
  teaser links). It is cut wherever it stands, and it counts as evidence that the article is not there.
- INLINE: boilerplate that also sits inside an article (an advertisement marker, an image caption or
  photo credit, share buttons, a "Read more: …" link). Cut wherever it stands, weak evidence.
- COMMENTS: the heading of a reader comments section ("36 Comments", "Leave a reply").
- REPLY: a comment's own meta line ("Reply", "Antworten", "Anna says:"). With a COMMENTS heading they
  mark where the comments begin; a heading alone (a comment count in the byline) does not.

Phrases are lower-case regular expressions. `anywhere` phrases match as whole words anywhere in the line,
`starts` at its start, `whole` as the whole line, `ends` at its end. With `together_with`, an `anywhere`
phrase counts only if one of those words is in the line too ("cookies" alone may be biscuits). Phrases of
all rules are also joined into one pattern per placement, tried first: most lines match none, and then
one search per placement is all a line costs (trimming runs on every imported article).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

BLOCK, INLINE, COMMENTS, REPLY = "block", "inline", "comments", "reply"
MAX_RULE_LINE_CHARS = 1_000  # longer lines are never boilerplate by rule: appeals and notices are shorter
_ENDS_WINDOW = 120  # `ends` phrases are looked for in a line's last 120 characters
_SHORT = 100  # heading-like rules (`whole`, `starts` of BLOCK end markers) only look at lines this short


@dataclass(frozen=True)
class Rule:
    """Phrases that flag a line as one kind of boilerplate (see the module docstring)."""

    reason: str
    kind: str
    anywhere: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()
    whole: tuple[str, ...] = ()
    ends: tuple[str, ...] = ()
    together_with: tuple[str, ...] = ()
    _compiled: tuple[re.Pattern[str] | None, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_compiled", (
            _joined(self.anywhere, r"\b(?:{})\b"), _joined(self.together_with, r"\b(?:{})\b"),
            _joined(self.starts, r"(?:{})\b"), _joined(self.whole, r"(?:{})"), _joined(self.ends, r"(?:{})$")))

    @property
    def block(self) -> bool:
        return self.kind != INLINE

    def matches(self, lowered: str) -> bool:
        """Whether this rule flags `lowered` (a stripped, lower-cased line)."""
        anywhere, together, starts, whole, ends = self._compiled
        return bool((whole and whole.fullmatch(lowered)) or (starts and starts.match(lowered))
                    or (ends and ends.search(lowered[-_ENDS_WINDOW:]))
                    or (anywhere and anywhere.search(lowered) and (together is None or together.search(lowered))))


def _joined(phrases: tuple[str, ...], template: str) -> re.Pattern[str] | None:
    return re.compile(template.format("|".join(phrases))) if phrases else None


_MORE = r"(?:read more|read the rest|continue reading|weiterlesen|mehr lesen|lesen sie mehr|lire la suite|leer más)"
RULES = (  # in order of precedence: the first rule that matches names the line
    Rule("subscription appeal", BLOCK, anywhere=(
        "readers like you", "please (?:contribute|donate|consider supporting)", "support the work we do",
        "support (?:our|independent|quality) journalism", "monthly payment", "once-off donation",
        "one-off (?:donation|contribution)", "keeps? paywalls? away", "guter journalismus kostet geld"),
        starts=("become an? (?:member|supporter|subscriber)", "support (?:us|the guardian)$")),
    Rule("cookie notice", BLOCK, anywhere=("cookies?",), together_with=(
        "consent", "partners?", "preferences?", "website", "browser", "site", "tracking", "accept", "necessary",
        "performance", "targeting", "functional", r"advertis\w*", "verwendet", "utilise", "akzeptieren")),
    Rule("cookie notice", BLOCK, anywhere=(
        "partners can use this (?:special )?(?:purpose|feature)", r"we and our (?:\d+ )?(?:partners|vendors)",
        "(?:manage )?consent preferences", "transparency and consent framework"),
        whole=("(?:necessary|targeting|functional|performance|analytics) cookies", "always active")),
    Rule("newsletter sign-up", BLOCK, anywhere=("sign up", "subscribe"), together_with=("newsletters?",)),
    Rule("newsletter sign-up", BLOCK, anywhere=("subscribe for free",), whole=("after newsletter promotion",)),
    Rule("paywall or sign-in prompt", BLOCK, anywhere=("sign in here",), whole=("(?:sign|log) in",), starts=(
        "sign up to read", "already (?:a member|a subscriber|have an account)", "subscribe to (?:continue|read)",
        r"noch \d+ gratis-artikel", r"you have \d+ free articles?")),
    Rule("related stories", BLOCK, whole=(
        "related (?:stories|articles|content|coverage|posts|topics|links)", r"top stories\b.*", "our picks",
        "most (?:read|popular|viewed|shared)", "popular (?:posts|stories|articles|now)", "recommended(?: for you)?", "you (?:may|might) also like:?",
        "editor'?s picks", "trending(?: now)?", "more (?:stories|from [^.!?]{1,40}|on this story|on this topic)",
        "(?:ähnliche|weitere|verwandte) (?:beiträge|artikel|themen)", "mehr zum thema", "lesen sie auch:?",
        r"das könnte (?:dich|sie) auch interessieren\W*", "articles? (?:similaires|liés)", "à lire aussi",
        r"\w+ recommends", "what to read next", "(?:up )?next:?", "latest (?:news|stories|videos)")),
    Rule("teaser link", BLOCK, whole=(_MORE + r"\W*(?:\d+\s+\w+)?", "mehr erfahren", "learn more")),
    Rule("tags, share or author box", BLOCK, starts=(
        r"(?:article )?(?:tags?|schlagw[oö]rte?r?|labels?|kategorien?|categories|category|filed under|themen|"
        r"stichw[oö]rter|mots-clés|etiquetas)\s*:\s*", r"(?:diese geschichte|diesen artikel|diesen beitrag|"
        r"this (?:article|story|post)) (?:teilen|empfehlen|share)", r"(?:«|←|<)?\s*(?:previous|next|older|newer|"
        r"vorheriger|nächster|voriger) (?:post|article|beitrag|artikel|entry|story)", "about the author",
        "über (?:den autor|die autorin)", "posted in", "veröffentlicht in"), whole=(
        "topics", "tags", "themen", r"(?:share|teilen|partager)(?: (?:this|dies|diesen))?(?: (?:article|story|post|"
        r"artikel|beitrag|mit))?\s*:?")),
    Rule("copyright or legal notice", BLOCK, starts=("©", r"\(c\) \d{4}", "copyright", "all rights reserved"),
         anywhere=("all rights reserved", "alle rechte vorbehalten", "tous droits réservés")),
    Rule("app promotion", BLOCK, anywhere=(r"\d+\S* of (?:premium |trusted )?titles", "trusted global sources"),
         starts=("download (?:the|our) app", "get (?:all )?your news in one place", "one app", "read news from"),
         whole=("start reading", r"\w+ days free")),
    Rule("comments section", COMMENTS, whole=(
        r"(?:\d+\s+)?(?:comments?|kommentare?|commentaires?|comentarios?|responses|replies)(?:\s*\(\d+\))?\W*",
        r"\d+ (?:thoughts|responses|replies) (?:on|to) .*", "have your say", "show comments",
        "join the (?:conversation|discussion)"), starts=(
        "(?:leave|post|add|write|submit) a (?:comment|reply)", "(?:kommentar|antwort) (?:verfassen|schreiben|abgeben)",
        "(?:hinterlasse|schreibe|schreib) (?:einen|eine) (?:kommentar|antwort)", "comments are closed",
        "kommentare (?:sind )?geschlossen", "laisser un commentaire", "no comments")),
    Rule("comment", REPLY, ends=(r"(?:^|\W)(?:reply|replydelete|antworten|répondre|responder|ответить)",
                                 r"\b(?:says|sagt|schrieb|schreibt|wrote)\s*:")),
    Rule("advertisement marker", INLINE, whole=(
        "advertisement", "advertising", "anzeige", "werbung", "sponsored(?: content)?",
        "story continues below(?: advertisement)?", "continue reading(?: below)?",
        "article continues below(?: advertisement)?")),
    Rule("image caption or photo credit", INLINE, whole=(r"screenshot (?:from|of)\b[^.!?]*",), ends=(
        r"\b(?:photograph|photo|picture|image|illustration|foto|bild)s?(?: by)?\s*:\s*\S.{0,80}",
        r"\b(?:ap|reuters|afp|epa|dpa|getty images|shutterstock|tass|belta)(?: photo| images| via getty images)?",
        r"\bvia (?:ap|reuters|afp|getty images)"), starts=(r"(?:photo|foto|bild|image)\s*:",)),
    Rule("share buttons", INLINE, whole=(
        r"(?:(?:share(?: this(?: article| story)?| on \w+| via \w+)?|tweet|email|e-mail|print|copy link|facebook|"
        r"twitter|linkedin|whatsapp|telegram|reddit|bluesky|pinterest|messenger|teilen|twittern|mitteilen|pocket|"
        r"drucken|pinnen|partager|reuse this content)[\s,|·•/]*)+",)),
    Rule("related-story link", INLINE, whole=(
        r"(?:read more|related|also read|read also|see also)(?:\s*[:»>|–-]\s*\S.*)?", r"\d+ min(?:ute)?s? read",
        r"\d+ min\. lesezeit")),
)

_PREFILTERS = tuple(_joined(tuple(p for rule in RULES for p in getattr(rule, name)), template)
                    for name, template in (("starts", r"(?:{})\b"), ("whole", r"(?:{})")))
# Searching a whole line for `anywhere` and `ends` phrases is what costs time (sre tries every phrase at
# every position), so they are only searched for in lines that hold one of these words: every such phrase
# of RULES contains one of ANYWHERE_WORDS, every `ends` phrase one of ENDS_WORDS among the line's last
# words (tests/io/test_boilerplate.py checks a line of each rule).
ANYWHERE_WORDS = frozenset(
    "readers please support monthly donation contribution paywall paywalls journalismus cookie cookies partners "
    "vendors consent sign subscribe reserved vorbehalten réservés titles sources".split())
ENDS_WORDS = frozenset(
    "photograph photographs photo photos picture pictures image images illustration illustrations foto fotos bild "
    "ap reuters afp epa dpa getty shutterstock tass belta via reply replydelete antworten répondre responder "
    "ответить says sagt schrieb schreibt wrote".split())
_ENDS_WORD_COUNT = 20  # how many of a line's last words may hold an ENDS_WORDS word
_WORD = re.compile(r"\w+")


def match_rule(line: str, words: list[str] | None = None) -> Rule | None:
    """The first rule of RULES that flags `line` (white space around it ignored), or None.

    `words` are the line's lower-cased `\\w+` words, if the caller has them already.
    """
    lowered = line.strip().lower()
    if len(lowered) > MAX_RULE_LINE_CHARS:
        return None
    words = _WORD.findall(lowered) if words is None else words
    starts, whole = _PREFILTERS
    if not (not ANYWHERE_WORDS.isdisjoint(words) or not ENDS_WORDS.isdisjoint(words[-_ENDS_WORD_COUNT:])
            or (starts and starts.match(lowered)) or (whole and whole.fullmatch(lowered))):
        return None
    return next((rule for rule in RULES if rule.matches(lowered)), None)
