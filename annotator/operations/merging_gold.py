"""The adjudicators' side of a merge: their decisions, by document and passage, and their gold spans, by place.

Gold spans get ids from their place, so two adjudicators who settled a passage the same way hold the
same span under one id and the merge takes it once. Spans made before that, or moved since, carry
other ids: they are also taken once, by their place (start, end, label). Where a passage was settled
differently, the conflict is reported and the target keeps its decision and the spans it chose
there; the incoming adjudicated spans in that passage are left out (unanimous ones are not at issue).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from annotator.core.span_ids import span_uid
from annotator.core.types import GOLD_CODER, CodingRecord, content_hash
from annotator.operations.merge_report import MergeReport, Source
from annotator.store import decisions
from annotator.store.documents import doc_ids_of
from annotator.store.spans import spans_of_coder

AGREED = ("unanimous", "majority")  # provenance of auto-accepted spans: the coders', not an adjudicator's choice
Decisions = dict[tuple[str, str], str]  # (doc_id, decision key) -> decision
PassagePlace = tuple[str, int, int]  # doc_id, start, end
_PASSAGE_KEY = re.compile(r"^(\d+)-(\d+)$")  # a passage's decision key; other keys (the stance) have no place


def combine_decisions(sources: list[Source], report: MergeReport) -> tuple[Decisions, set[PassagePlace]]:
    """Every source's decisions, and the passages two sources decided differently (reported, left out)."""
    seen: dict[tuple[str, str], tuple[Path, str]] = {}
    bad: set[tuple[str, str]] = set()
    for source in sources:
        for doc_id, found in source.decisions.items():
            for key, decision in found.items():
                if (doc_id, key) in seen and seen[doc_id, key][1] != decision:
                    bad.add((doc_id, key))
                    report.conflicts.append(f"document {doc_id}: the adjudication of {key} differs between "
                                            f"{seen[doc_id, key][0]} and {source.path}; kept the target's")
                seen.setdefault((doc_id, key), (source.path, decision))
    return {k: decision for k, (_path, decision) in seen.items() if k not in bad}, _places(bad)


def settle_decisions(tx, incoming: Decisions, report: MergeReport) -> tuple[int, set[PassagePlace]]:  # noqa: ANN001
    """Add the decisions the target lacks. One the target decided otherwise is a conflict (the target's
    stays). How many were added, and the passages in conflict with the target."""
    added, bad = 0, set()
    for (doc_id, key), decision in sorted(incoming.items()):
        current = decisions.get_decisions(tx, doc_id).get(key)
        if current is None:
            decisions.set_decision(tx, doc_id, key, decision)
            added += 1
        elif current != decision:
            bad.add((doc_id, key))
            report.conflicts.append(f"document {doc_id}: {key} was adjudicated {decision!r} in a source and "
                                    f"{current!r} in the target; kept the target's")
    return added, _places(bad)


def without_repeated_gold(tx, records: list[CodingRecord], conflicted: set[PassagePlace],  # noqa: ANN001
                          report: MergeReport) -> list[CodingRecord]:
    """The records, with incoming gold spans left out where gold has the same span under another id
    (or an earlier source brought it), or where the passage was settled differently."""
    if not any(r.coder == GOLD_CODER and r.spans for r in records):
        return records
    incoming = [(r, s, s.uid or span_uid(content_hash(r.text), GOLD_CODER, s))  # the id the import will give it
                for r in records if r.coder == GOLD_CODER for s in r.spans]
    arriving = {uid for _r, _s, uid in incoming}
    target = [s for s in spans_of_coder(tx, GOLD_CODER) if s.uid not in arriving]  # those take their new place
    doc_ids = doc_ids_of(tx, {s.document_id for s in target})
    placed: dict[str, dict[tuple[int, int, str], str]] = defaultdict(dict)  # doc_id -> place -> uid
    for span in target:
        placed[doc_ids[span.document_id]][span.start, span.end, span.label] = span.uid
    for _r, s, uid in sorted(incoming, key=lambda item: item[2]):  # the same survivor whatever the order of sources
        placed[_r.doc_id].setdefault((s.start, s.end, s.label), uid)
    blocked: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for doc_id, start, end in conflicted:
        blocked[doc_id].append((start, end))
    out, dropped = [], 0
    for record in records:
        if record.coder != GOLD_CODER:
            out.append(record)
            continue
        places, kept = placed[record.doc_id], []
        text_hash = content_hash(record.text)
        for s in record.spans:
            uid = s.uid or span_uid(text_hash, GOLD_CODER, s)
            in_conflict = s.provenance not in AGREED and any(
                s.start < end and s.end > start for start, end in blocked.get(record.doc_id, ()))
            if in_conflict or places[s.start, s.end, s.label] != uid:
                dropped += 1
                continue
            kept.append(s)
        out.append(replace(record, spans=tuple(kept)))
    if dropped:
        report.warnings.append(f"{dropped} gold span(s) not merged: gold has the same span already, or its passage "
                               "was adjudicated differently (see the conflicts)")
    return out


def _places(keys: set[tuple[str, str]]) -> set[PassagePlace]:
    return {(doc_id, int(m[1]), int(m[2])) for doc_id, key in keys if (m := _PASSAGE_KEY.match(key))}
