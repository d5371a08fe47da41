"""Adjudication rules: which coders proposed each distinct span, and which passages need a decision.

A candidate is a distinct (start, end, label) and the coders who marked exactly it. It is unanimous
when every coder of the document marked it, a majority when more than half did. Overlapping candidates
that are not all unanimous form one disagreement: a passage the adjudicator decides.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from annotator.core.types import SpanRecord

Support = Literal["unanimous", "majority", "minority"]


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    label: str
    coders: tuple[str, ...]
    support: Support


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A passage where the coders' spans differ: the candidates that overlap it."""

    start: int
    end: int
    candidates: tuple[Candidate, ...]


def candidates(spans_by_coder: Mapping[str, Iterable[SpanRecord]]) -> list[Candidate]:
    """Distinct spans of the document with their supporters, in text order."""
    coders_of: dict[tuple[int, int, str], set[str]] = defaultdict(set)
    for coder, spans in spans_by_coder.items():
        for s in spans:
            coders_of[(s.start, s.end, s.label)].add(coder)
    n = len(spans_by_coder)
    return [Candidate(start, end, label, tuple(sorted(who)), _support(len(who), n))
            for (start, end, label), who in sorted(coders_of.items())]


def _support(k: int, n: int) -> Support:
    if k == n:
        return "unanimous"
    return "majority" if 2 * k > n else "minority"


def disagreements(cands: Sequence[Candidate]) -> list[Disagreement]:
    """Clusters of overlapping candidates that are not all unanimous, in text order."""
    groups: list[list[Candidate]] = []
    end = -1
    for c in sorted(cands, key=lambda c: (c.start, c.end, c.label)):
        if groups and c.start < end:
            groups[-1].append(c)
            end = max(end, c.end)
        else:
            groups.append([c])
            end = c.end
    return [Disagreement(min(c.start for c in g), max(c.end for c in g), tuple(g))
            for g in groups if any(c.support != "unanimous" for c in g)]


def agreed_stance(stances: dict[str, str | None]) -> str | None:
    """The document stance every coder gave, or None when they differ or one gave none."""
    values = set(stances.values())
    if len(values) == 1 and None not in values:
        return values.pop()
    return None
