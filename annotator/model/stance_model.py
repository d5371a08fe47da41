"""The two classifiers a project trains: which units (sentences, clauses) carry which span label, and
which stance a whole document takes; and how gold spans become unit labels for training."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.model.classifier import TextClassifier
from annotator.model.sentences import units

NO_LABEL = ""  # the class of a unit that carries no span label (codebook labels are never empty)
SHARE = 0.5  # a unit carries a label when spans of it cover half the unit, or hold half a span inside it


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A unit the model thinks carries `label`, with the model's probability for it."""

    start: int
    end: int
    label: str
    score: float


@dataclass(frozen=True, slots=True)
class LabelledText:
    """Training input: a document's text, its (start, end, label) spans and its stance (or None)."""

    text: str
    spans: tuple[tuple[int, int, str], ...]
    stance: str | None


@dataclass
class StanceModel:
    span: TextClassifier
    stance: TextClassifier | None  # None when the training documents had fewer than two stances
    span_labels: tuple[str, ...]  # the codebook's labels when it was trained
    stance_options: tuple[str, ...]

    def suggest(self, text: str) -> list[Suggestion]:
        """A suggestion for every unit the model labels, in text order; offsets are exact."""
        found = units(text)
        labels, scores = self.span.predict([text[s:e] for s, e in found])
        return [Suggestion(s, e, label, float(score))
                for (s, e), label, score in zip(found, labels, scores, strict=True) if label != NO_LABEL]

    def document_stance(self, text: str) -> tuple[str, float] | None:
        if self.stance is None:
            return None
        labels, scores = self.stance.predict([text])
        return labels[0], float(scores[0])


def unit_labels(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Every unit of `text` with the label it carries (NO_LABEL for none): the label whose spans
    overlap it most, if they cover at least SHARE of the unit or hold at least SHARE of one of its spans."""
    result = []
    for start, end in units(text):
        covered: dict[str, int] = defaultdict(int)
        holds: set[str] = set()
        for s, e, label in spans:
            overlap = min(e, end) - max(s, start)
            if overlap > 0:
                covered[label] += overlap
                if overlap >= SHARE * (e - s):
                    holds.add(label)
        fitting = [x for x in covered if covered[x] >= SHARE * (end - start) or x in holds]
        result.append((start, end, max(fitting, key=lambda x: (covered[x], x)) if fitting else NO_LABEL))
    return result
