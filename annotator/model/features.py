"""Text features: word 1-2-grams and character 2-5-grams, weighted by TF-IDF, as plain arrays.

Weights follow scikit-learn's TfidfVectorizer with `sublinear_tf=True`, `smooth_idf=True`, `norm="l2"`:
tf = 1 + ln(count), idf = ln((1 + n) / (1 + df)) + 1, each block scaled to unit length per text.
Word n-grams are counted by scikit-learn itself (with our analyzer, so training and prediction cut a
text alike). Character n-grams are counted here with numpy, because they are ~400 per sentence and
counting them as Python strings took most of a training run: a character gets a 12-bit id from the
training alphabet and a 2-5-gram is its ids packed into one int64 (tests/model compares the result
with scikit-learn's vectorizer on the same analyzer).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

_WORD = re.compile(r"\b\w\w+\b")
_SPACE = re.compile(r"\s+")
CHAR_NGRAMS = (2, 5)
BITS = 12  # bits per character id: an alphabet of up to 4,095 characters (id 0: unknown or a text edge)


def word_grams(text: str) -> list[str]:
    """Lower-cased words of two or more word characters, and each pair of neighbouring words."""
    words = _WORD.findall(text.lower())
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def flat(text: str) -> str:
    """What character n-grams are cut from: lower case, every run of white space one space."""
    return _SPACE.sub(" ", text.lower()).replace("\x00", " ")


def char_grams(text: str) -> list[str]:
    """Every run of 2 to 5 characters of `flat(text)` (the reference the numpy counting is tested against)."""
    t = flat(text)
    return [t[i:i + n] for n in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1) for i in range(len(t) - n + 1)]


def idf_of(df: np.ndarray, n_texts: int) -> np.ndarray:
    return np.log((1.0 + n_texts) / (1.0 + df)) + 1.0


@dataclass
class WordBlock:
    """Word 1-2-gram vocabulary and idf (what scikit-learn's fitted vectorizer holds)."""

    vocabulary: list[str]
    idf: np.ndarray
    _index: dict[str, int] | None = field(default=None, repr=False, compare=False)

    def entries(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(text, feature, count) of every known n-gram of every text."""
        if self._index is None:
            self._index = {term: i for i, term in enumerate(self.vocabulary)}
        index = self._index
        rows: list[int] = []
        columns: list[int] = []
        counts: list[int] = []
        for row, text in enumerate(texts):
            found = Counter(index[g] for g in word_grams(text) if g in index)
            rows += [row] * len(found)
            columns += found.keys()
            counts += found.values()
        return np.array(rows, dtype=np.int64), np.array(columns, dtype=np.int64), np.array(counts, dtype=np.float64)


@dataclass
class CharBlock:
    """Character 2-5-gram vocabulary (strings, sorted by their packed codes), its alphabet and idf."""

    alphabet: str
    vocabulary: list[str]
    idf: np.ndarray
    _codes: np.ndarray | None = field(default=None, repr=False, compare=False)

    def codes(self) -> np.ndarray:
        if self._codes is None:
            ids = {c: i + 1 for i, c in enumerate(self.alphabet)}
            self._codes = np.array([pack(term, ids) for term in self.vocabulary], dtype=np.int64)
            if len(self._codes) > 1 and not np.all(self._codes[1:] > self._codes[:-1]):
                raise ValueError("the character vocabulary is not in code order")
        return self._codes

    def entries(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rows, grams = gram_codes(texts, self.alphabet)
        vocabulary = self.codes()
        where = np.searchsorted(vocabulary, grams)
        known = where < len(vocabulary)
        known[known] = vocabulary[where[known]] == grams[known]
        return count_pairs(rows[known], where[known])


def tfidf(rows: np.ndarray, columns: np.ndarray, counts: np.ndarray, idf: np.ndarray, n_texts: int) -> np.ndarray:
    """The l2-normalised sublinear tf-idf weight of each (row, column, count) entry."""
    values = (1.0 + np.log(counts)) * idf[columns]
    norms = np.sqrt(np.bincount(rows, weights=values * values, minlength=n_texts))
    return values / norms[rows]


def alphabet_of(texts: Sequence[str]) -> str:
    """The characters of the training texts, the most frequent 4,095 if there are more."""
    seen = Counter("".join(flat(t) for t in texts))
    return "".join(sorted(c for c, _n in seen.most_common((1 << BITS) - 1)))


def char_ids(texts: Sequence[str], alphabet: str) -> tuple[np.ndarray, np.ndarray]:
    """Every character of the flattened texts as its id, texts joined by a 0 (so no n-gram spans two),
    and the text each position belongs to."""
    joined = "\x00".join(flat(t) for t in texts)
    points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    known = np.frombuffer(alphabet.encode("utf-32-le"), dtype=np.uint32)
    table = np.zeros(int(max(points.max(initial=0), known.max(initial=0))) + 1, dtype=np.int64)
    table[known] = np.arange(1, len(known) + 1)  # a lookup table: ~4x faster than searchsorted here
    ids = table[points]
    text_of = np.cumsum(points == 0) if len(points) else np.empty(0, dtype=np.int64)
    return ids, text_of


def gram_codes(texts: Sequence[str], alphabet: str) -> tuple[np.ndarray, np.ndarray]:
    """(text, packed code) of every character 2-5-gram made only of alphabet characters."""
    ids, text_of = char_ids(texts, alphabet)
    rows, codes = [], []
    for n in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1):
        if len(ids) < n:
            break
        width = len(ids) - n + 1
        code = np.zeros(width, dtype=np.int64)
        valid = np.ones(width, dtype=bool)
        for j in range(n):
            part = ids[j:j + width]
            code = (code << BITS) | part
            valid &= part > 0
        rows.append(text_of[:width][valid])
        codes.append(code[valid])
    if not rows:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return np.concatenate(rows), np.concatenate(codes)


def count_pairs(rows: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (row, key) pairs and how often each occurs (two sorts of int64: lexsort is ~4x slower)."""
    if not len(rows):
        return rows, keys, np.empty(0, dtype=np.float64)
    distinct, inverse = np.unique(keys, return_inverse=True)
    pairs, counts = np.unique(rows * len(distinct) + inverse.ravel(), return_counts=True)
    return pairs // len(distinct), distinct[pairs % len(distinct)], counts.astype(np.float64)


def pack(gram: str, ids: dict[str, int]) -> int:
    code = 0
    for char in gram:
        code = (code << BITS) | ids[char]
    return code


def unpack(code: int, alphabet: str) -> str:
    chars = []
    while code:
        chars.append(alphabet[(code & ((1 << BITS) - 1)) - 1])
        code >>= BITS
    return "".join(reversed(chars))


def fit_char_block(texts: Sequence[str], min_df: int) -> tuple[CharBlock, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The character block learnt from `texts`, and their (row, column, weight) entries."""
    alphabet = alphabet_of(texts)
    rows, grams = gram_codes(texts, alphabet)
    distinct, inverse = np.unique(grams, return_inverse=True)
    pairs, counts = np.unique(rows * len(distinct) + inverse.ravel(), return_counts=True)
    rows, columns = pairs // len(distinct), pairs % len(distinct)
    df = np.bincount(columns, minlength=len(distinct))
    keep = df >= min_df
    inside = keep[columns]
    rows, columns, counts = rows[inside], (np.cumsum(keep) - 1)[columns[inside]], counts[inside].astype(np.float64)
    vocabulary, idf = distinct[keep], idf_of(df[keep].astype(np.float64), len(texts))
    block = CharBlock(alphabet, [unpack(int(c), alphabet) for c in vocabulary], idf, vocabulary)
    return block, (rows, columns, tfidf(rows, columns, counts, idf, len(texts)))
