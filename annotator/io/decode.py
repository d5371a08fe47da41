"""Turning an article file's bytes into text: byte-order mark, strict UTF-8, then a detected legacy encoding.

What decoding changes, and nothing else:
- a leading byte-order mark is removed (it marks the encoding; it is not part of the text);
- `\\r\\n` and lone `\\r` become `\\n`.
No Unicode normalisation, no stripping of whitespace (leading, inner or trailing), no other replacement.
A U+FEFF that is not the file's first character stays where it is.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

from annotator.core.errors import InputError
from annotator.core.offsets import normalize_newlines

log = logging.getLogger(__name__)

# UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Legacy encodings our sources use (Belarusian/Russian: cp1251, KOI8-R; Western: cp1252). Letting
# charset-normalizer choose among these few gets short texts right that a free guess gets wrong
# ("Лукашенко" in cp1251 alone is guessed as Shift-JIS); its free guess is kept as one more candidate
# for longer texts in other encodings.
PREFERRED_LEGACY = ("cp1251", "cp1252", "koi8_r")
_SCORE_SAMPLE = 65_536  # characters of each candidate decoding that the plausibility check reads
_WORD = re.compile(r"\S+")
_SYMBOL_CATEGORIES = frozenset({"So", "Sc", "Sm", "Sk", "No", "Co"})

HINT_SAVE_AS_UTF8 = "open it in a text editor and save it as UTF-8"


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text decoded from a file, the encoding it was read with, and what decoding changed."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()


def decode_bytes(data: bytes, *, path: str, declared_encoding: str | None = None) -> DecodedText:
    """The text in `data`, newline-normalised; InputError for empty, binary or undecodable input.

    Order: byte-order mark (UTF-8, UTF-16, UTF-32) → strict UTF-8 → `declared_encoding` (an HTML
    page's `<meta charset>`) → the most plausible legacy encoding charset-normalizer finds.
    """
    if not data:
        raise InputError("the file is empty", path=path, hint="remove it or put the article's text in it")
    text, encoding, notes = _decode(data, path, declared_encoding)
    if "\x00" in text:
        raise InputError("the file holds NUL characters: it looks like a binary file, not text",
                         path=path, hint="import .txt, .html, .csv or .jsonl files saved as text")
    if not text.strip():
        raise InputError("the file holds only white space", path=path, hint="remove it or put the article's text in it")
    line_ends = text.count("\r")
    text, _shift = normalize_newlines(text)
    if line_ends:
        notes.append(f"{line_ends} CRLF/CR line ends became LF")
    return DecodedText(text, encoding, tuple(notes))


def _decode(data: bytes, path: str, declared: str | None) -> tuple[str, str, list[str]]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding, [f"{encoding} byte-order mark removed"]
            except UnicodeDecodeError as exc:
                raise InputError(f"the file starts with a {encoding} byte-order mark but is not valid {encoding}",
                                 path=path, hint=HINT_SAVE_AS_UTF8) from exc
    if b"\x00" in data:
        # UTF-8 and the legacy encodings never need NUL bytes; UTF-16 without a mark does, but then
        # it cannot be told apart from binary data reliably.
        raise InputError("the file holds NUL bytes: it looks like a binary file (or UTF-16 without a byte-order mark)",
                         path=path, hint=HINT_SAVE_AS_UTF8)
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared), codecs.lookup(declared).name, [f"decoded as declared {declared}"]
        except (LookupError, UnicodeDecodeError):
            log.info("%s: declared encoding %r does not fit; detecting", path, declared)
    legacy = detect_legacy_encoding(data)
    if legacy is None:
        raise InputError("cannot tell the file's encoding: it is not UTF-8 and no legacy encoding fits",
                         path=path, hint=HINT_SAVE_AS_UTF8)
    return data.decode(legacy), legacy, [f"not UTF-8; decoded as {legacy} (detected)"]


def detect_legacy_encoding(data: bytes) -> str | None:
    """The most plausible non-UTF-8 encoding of `data` (a Python codec name), or None if none fits.

    Candidates: charset-normalizer's matches among PREFERRED_LEGACY, then its free best guess. The
    winner has the fewest implausible words (see `implausible_words`), then is one of
    PREFERRED_LEGACY, then has the least "chaos" (charset-normalizer's mess measure), then comes first.
    """
    matches = list(charset_normalizer.from_bytes(data, cp_isolation=list(PREFERRED_LEGACY), threshold=1.0))
    free = charset_normalizer.from_bytes(data).best()
    if free is not None and free.encoding not in {m.encoding for m in matches}:
        matches.append(free)
    if not matches:
        return None
    def rank(indexed: tuple[int, charset_normalizer.CharsetMatch]) -> tuple[int, bool, float, int]:
        index, match = indexed
        return (implausible_words(str(match)[:_SCORE_SAMPLE]), match.encoding not in PREFERRED_LEGACY,
                match.chaos, index)

    return min(enumerate(matches), key=rank)[1].encoding


def implausible_words(text: str) -> int:
    """How many words mix scripts or a letter with a symbol (`cafй`, `spotka³`) or go lower→upper (`пРЕЗ`).

    Real text rarely does (a few names like "iPhone"); a wrong 8-bit code page does so in nearly every
    word with a non-ASCII letter, which is what tells cp1251, cp1252 and KOI8-R apart on short texts.
    """
    count = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        scripts, symbol, lower_upper, previous = set(), False, False, ""
        for ch in word:
            if ch.isalpha():
                scripts.add(unicodedata.name(ch, "?").split(" ", 1)[0])
                lower_upper = lower_upper or (previous.islower() and ch.isupper())
            elif unicodedata.category(ch) in _SYMBOL_CATEGORIES:
                symbol = True
            previous = ch
        if len(scripts) > 1 or (symbol and scripts) or lower_upper:
            count += 1
    return count
