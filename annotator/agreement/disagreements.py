"""Where coders disagree, for a PI to look at (hand-written with numpy): passages and document stances.

A passage is a maximal stretch of a document covered by a chain of overlapping spans of any of the
coders who coded it (touching spans do not chain). Coders agree on a passage when each of them marked
exactly the same spans there (same start, end and label); every other passage is a disagreement.
Coders agree on a document's stance when every one of them who coded it chose the same stance, or
none did; a coder who chose none differs from one who chose one.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import NamedTuple

import numpy as np

from annotator.agreement.corpus import Corpus, SpanTable, build_corpus
from annotator.core.types import CodingRecord


class CoderPassage(NamedTuple):
    """What one coder did in a passage. (Named tuples, not frozen dataclasses: a corpus has hundreds
    of thousands of passages, and a frozen dataclass is ~20 times slower to create.)"""

    coder: str
    label: str | None  # the label covering most of the passage; None when the coder marked nothing there
    spans: tuple[tuple[int, int, str], ...]  # (start, end, label), offsets in the document's text


class Disagreement(NamedTuple):
    doc_id: str
    start: int  # code-point offsets in the document's text
    end: int
    coders: tuple[CoderPassage, ...]  # every chosen coder who coded the document, in coder order

    @property
    def labels(self) -> dict[str, str | None]:
        return {c.coder: c.label for c in self.coders}


class StanceDisagreement(NamedTuple):
    doc_id: str
    stances: tuple[tuple[str, str | None], ...]  # (coder, stance or None), every chosen coder who coded it


def stance_disagreements(corpus: Corpus) -> list[StanceDisagreement]:
    """Documents coded by two or more of the chosen coders whose stances differ, in document order."""
    coded, stance = corpus.coded, corpus.stance
    highest = np.where(coded, stance, -2).max(axis=0, initial=-2)
    lowest = np.where(coded, stance, len(corpus.stance_labels)).min(axis=0, initial=len(corpus.stance_labels))
    differ = (coded.sum(axis=0) >= 2) & (highest != lowest)
    names = (*corpus.stance_labels, None)  # index -1: no stance
    return [
        StanceDisagreement(corpus.doc_ids[doc], tuple(
            (corpus.coders[coder], names[stance[coder, doc]]) for coder in np.flatnonzero(coded[:, doc]).tolist()))
        for doc in np.flatnonzero(differ).tolist()
    ]


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
    with _cyclic_gc_paused():
        return _passages(corpus, spans.take(keep), passage[keep])


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause the cycle collector while building many small acyclic tuples: otherwise it rescans every
    object alive in the process (all the records) again and again, which triples the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _disagreeing(corpus: Corpus, spans: SpanTable, passage: np.ndarray) -> np.ndarray:
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


def _passages(corpus: Corpus, spans: SpanTable, passage: np.ndarray) -> list[Disagreement]:
    """Objects for the disagreeing passages: numpy finds the (passage, coder) groups, one Python pass
    builds the objects."""
    if len(spans) == 0:
        return []
    order = np.lexsort((spans.end, spans.start, spans.coder, passage))
    spans, passage = spans.take(order), passage[order]
    new_passage = np.concatenate(([True], passage[1:] != passage[:-1]))
    new_group = new_passage | np.concatenate(([True], spans.coder[1:] != spans.coder[:-1]))
    base = corpus.edges[spans.doc]
    names = np.array(corpus.labels, dtype=object)[spans.label].tolist()
    triples = list(zip((spans.start - base).tolist(), (spans.end - base).tolist(), names, strict=True))
    group_start = np.flatnonzero(new_group)
    bounds = group_start.tolist() + [len(passage)]
    group_coder = spans.coder[group_start].tolist()
    passage_groups = np.flatnonzero(new_passage[group_start]).tolist() + [len(group_start)]
    taking_part = [tuple(np.flatnonzero(corpus.coded[:, d]).tolist()) for d in range(len(corpus.doc_ids))]
    heads = np.flatnonzero(new_passage)
    firsts = np.minimum.reduceat(spans.start - base, heads).tolist()
    lasts = np.maximum.reduceat(spans.end - base, heads).tolist()
    docs = spans.doc[heads].tolist()
    out = []
    for p, (g0, g1) in enumerate(zip(passage_groups[:-1], passage_groups[1:], strict=True)):
        marked = {group_coder[g]: triples[bounds[g]:bounds[g + 1]] for g in range(g0, g1)}
        doc = docs[p]
        out.append(Disagreement(corpus.doc_ids[doc], firsts[p], lasts[p],
                                tuple([_coder_passage(corpus.coders[c], marked.get(c)) for c in taking_part[doc]])))
    return out  # passages are numbered by corpus position: documents in order, each in text order


def _coder_passage(coder: str, spans: list[tuple[int, int, str]] | None) -> CoderPassage:
    if not spans:
        return CoderPassage(coder, None, ())
    if len(spans) == 1:  # the common case, kept cheap: a corpus has many thousands of passages
        return CoderPassage(coder, spans[0][2], (spans[0],))
    cover: dict[str, int] = {}
    for start, end, label in spans:
        cover[label] = cover.get(label, 0) + end - start
    most = max(cover.values())
    return CoderPassage(coder, min(label for label, size in cover.items() if size == most), tuple(spans))
