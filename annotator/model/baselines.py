"""Two baselines a model must beat, each predicting unit labels and document stances.

Majority: every unit gets the most frequent span label of the training units (the most frequent class
overall is usually "no label", which would predict no span at all), every document the most frequent
training stance. Keyword: each label's KEYWORDS words with the highest smoothed log-odds of appearing
in its units rather than in the others' (seen in at least two of its units); a unit takes the label
whose keywords it holds most (none if it holds none; ties go to the label first in the codebook), and
a document the stance whose keywords it holds most (the majority stance if none).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.model.stance_model import NO_LABEL

KEYWORDS = 10
_WORD = re.compile(r"\b\w\w+\b")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


@dataclass(frozen=True, slots=True)
class MajorityBaseline:
    unit_label: str
    stance: str | None

    @classmethod
    def fit(cls, unit_labels: Sequence[str], stances: Sequence[str]) -> MajorityBaseline:
        labelled = Counter(x for x in unit_labels if x != NO_LABEL)
        return cls(labelled.most_common(1)[0][0] if labelled else NO_LABEL,
                   Counter(stances).most_common(1)[0][0] if stances else None)

    def label_units(self, texts: Sequence[str]) -> list[str]:
        return [self.unit_label] * len(texts)

    def document_stance(self, _text: str) -> str | None:
        return self.stance


@dataclass(frozen=True, slots=True)
class KeywordBaseline:
    unit_keywords: dict[str, tuple[str, ...]]  # in codebook order
    stance_keywords: dict[str, tuple[str, ...]]
    majority_stance: str | None

    @classmethod
    def fit(cls, unit_texts: Sequence[str], unit_labels: Sequence[str], stance_texts: Sequence[str],
            stances: Sequence[str], label_order: Sequence[str], stance_order: Sequence[str]) -> KeywordBaseline:
        return cls(keywords(unit_texts, unit_labels, label_order), keywords(stance_texts, stances, stance_order),
                   Counter(stances).most_common(1)[0][0] if stances else None)

    def label_units(self, texts: Sequence[str]) -> list[str]:
        return [_best(_words(t), self.unit_keywords) or NO_LABEL for t in texts]

    def document_stance(self, text: str) -> str | None:
        return _best(_words(text), self.stance_keywords) or self.majority_stance


def keywords(texts: Sequence[str], labels: Sequence[str], order: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Each label's most telling words (see the module docstring)."""
    bags = [_words(t) for t in texts]
    result = {}
    for label in order:
        inside = Counter(w for bag, x in zip(bags, labels, strict=True) if x == label for w in bag)
        outside = Counter(w for bag, x in zip(bags, labels, strict=True) if x != label for w in bag)
        n_in = sum(1 for x in labels if x == label)
        n_out = len(labels) - n_in

        def log_odds(w: str, n_in: int = n_in, n_out: int = n_out, inside: Counter = inside,
                     outside: Counter = outside) -> float:
            a, b = inside[w], outside[w]
            return math.log((a + 1) / (n_in - a + 1)) - math.log((b + 1) / (n_out - b + 1))

        ranked = sorted((w for w, n in inside.items() if n >= 2), key=lambda w: (-log_odds(w), w))
        result[label] = tuple(ranked[:KEYWORDS])
    return result


def _best(words: set[str], keywords_of: dict[str, tuple[str, ...]]) -> str | None:
    hits = [(sum(k in words for k in kws), -i, label) for i, (label, kws) in enumerate(keywords_of.items())]
    best = max(hits, default=(0, 0, None))
    return best[2] if best[0] > 0 else None
