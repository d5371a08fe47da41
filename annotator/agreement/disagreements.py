"""The passages where coders disagree about spans, for a PI to look at (hand-written with numpy).

A passage is a maximal stretch of a document covered by a chain of overlapping spans of any of the
coders who coded it (touching spans do not chain). Coders agree on a passage when each of them marked
exactly the same spans there (same start, end and label); every other passage is a disagreement.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from annotator.agreement.corpus import Corpus, build_corpus
from annotator.core.types import CodingRecord


@dataclass(frozen=True, slots=True)
class CoderPassage:
    """What one coder did in a passage."""

    coder: str
    label: str | None  # the label covering most of the passage; None when the coder marked nothing there
    spans: tuple[tuple[int, int, str], ...]  # (start, end, label), offsets in the document's text


@dataclass(frozen=True, slots=True)
class Disagreement:
    doc_id: str
    start: int  # code-point offsets in the document's text
    end: int
    coders: tuple[CoderPassage, ...]  # every chosen coder who coded the document, in coder order

    @property
    def labels(self) -> dict[str, str | None]:
        return {c.coder: c.label for c in self.coders}


def disagreements(records: Iterable[CodingRecord], *, coders: Sequence[str] | None = None,
                  labels: Sequence[str] | None = None) -> list[Disagreement]:
    """Every disagreement passage, in document order then text order."""
    return disagreements_in(build_corpus(records, coders=coders, labels=labels))


def disagreements_in(corpus: Corpus) -> list[Disagreement]:
    spans = corpus.spans
    shared_docs = corpus.coded.sum(axis=0) >= 2
    spans = spans.take(np.flatnonzero(shared_docs[spans.doc]))
    if len(spans) == 0:
        return []
    order = np.lexsort((spans.end, spans.start))
    spans = spans.take(order)
    reach = np.maximum.accumulate(spans.end)
    head = np.ones(len(spans), dtype=bool)
    head[1:] = spans.start[1:] >= reach[:-1]
    passage = np.cumsum(head) - 1
    wrong = _disagreeing(corpus, spans, passage)
    keep = wrong[passage]
    return _passages(corpus, spans.take(keep), passage[keep])


def _disagreeing(corpus: Corpus, spans, passage: np.ndarray) -> np.ndarray:
    """Per passage: do the coders of its document differ in the spans they marked there?"""
    key = np.lexsort((spans.label, spans.end, spans.start, passage))
    fields = (passage[key], spans.start[key], spans.end[key], spans.label[key])
    new = np.zeros(len(key), dtype=bool)
    new[0] = True
    for column in fields:
        new[1:] |= column[1:] != column[:-1]
    group = np.cumsum(new) - 1
    n_coders = len(corpus.coders)
    counts = np.bincount(group * n_coders + spans.coder[key], minlength=(group[-1] + 1) * n_coders)
    counts = counts.reshape(-1, n_coders)
    taking_part = corpus.coded[:, spans.doc[key][new]].T  # (groups, coders)
    low = np.where(taking_part, counts, np.iinfo(np.int64).max).min(axis=1)
    high = np.where(taking_part, counts, -1).max(axis=1)
    group_agrees = (low == high) & (low > 0)
    n_passages = int(passage.max()) + 1
    agrees = np.ones(n_passages, dtype=bool)
    np.logical_and.at(agrees, fields[0][new], group_agrees)
    return ~agrees


def _passages(corpus: Corpus, spans, passage: np.ndarray) -> list[Disagreement]:
    out: list[Disagreement] = []
    bounds = np.flatnonzero(np.diff(passage)) + 1
    for chunk in np.split(np.arange(len(passage)), bounds):
        if len(chunk) == 0:
            continue
        doc = int(spans.doc[chunk[0]])
        base = int(corpus.edges[doc])
        start, end = int(spans.start[chunk].min()) - base, int(spans.end[chunk].max()) - base
        marked: dict[int, list[tuple[int, int, str]]] = {}
        for i in chunk.tolist():
            marked.setdefault(int(spans.coder[i]), []).append(
                (int(spans.start[i]) - base, int(spans.end[i]) - base, corpus.labels[int(spans.label[i])]))
        coders = tuple(_coder_passage(corpus.coders[c], sorted(marked.get(c, ())))
                       for c in np.flatnonzero(corpus.coded[:, doc]).tolist())
        out.append(Disagreement(corpus.doc_ids[doc], start, end, coders))
    return out  # spans were sorted by corpus position: documents in order, passages in text order


def _coder_passage(coder: str, spans: list[tuple[int, int, str]]) -> CoderPassage:
    cover: dict[str, int] = {}
    for start, end, label in spans:
        cover[label] = cover.get(label, 0) + end - start
    label = max(sorted(cover), key=lambda name: cover[name]) if cover else None
    return CoderPassage(coder, label, tuple(spans))
