"""Hand out a project to one coder, and merge coders' projects (or canonical exports) back into one.

Merging matches documents by content hash (never title or file name), spans by id within their
document and coder (see store/span_identity.py), document
annotations by (document, coder) and the adjudicator's decisions by (document, passage), so two
adjudicators can split the work. A newer copy of a coder's work updates the older one; deletions made
in a copy are applied (tombstones). Two sources that disagree about the same span or annotation are a
conflict: it is reported and left as the target has it, never guessed. The target is backed up first
and the merge is one transaction; `dry_run` computes the report and changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotator.core.codebook import Codebook
from annotator.core.errors import InputError
from annotator.core.span_ids import span_uid_for_taken_id
from annotator.core.types import CodingRecord, content_hash, doc_id_for
from annotator.io.atomic_files import atomic_new_file
from annotator.io.jsonl import read_jsonl
from annotator.operations.merge_report import MergeReport, Source
from annotator.operations.merging_gold import (
    combine_decisions,
    settle_decisions,
    without_repeated_gold,
)
from annotator.operations.model_handout import model_state, restore_model_state
from annotator.operations.projects import is_project_file, open_project
from annotator.store import codebooks, decisions, tombstones
from annotator.store._rows import Session
from annotator.store.assignments import assigned_coders, assigned_document_ids
from annotator.store.database import Database, changes_made
from annotator.store.documents import add_documents, iter_new_documents
from annotator.store.migrations import backup_file
from annotator.store.records import import_coding_records, iter_coding_records
from annotator.store.suggestions import assisted_marks, mark_assisted_by_hash

HANDOUT_SETTING = "handout.coder"


SpanKey = tuple[str, str | None, str]  # doc_id, coder, span id: where a span id means one span


class _RollBack(Exception):
    """Raised inside the transaction to roll a dry run (or a merge that changes nothing) back."""


def handout(project: Path, coder: str, out: Path, *, new_coder: bool = False) -> Path:
    """A copy of `project` for `coder`: the documents assigned to them (all, when the project has no
    assignment: `annotator assign`), the codebook, and only this coder's own work (which may lie on
    documents outside their assignment). A coder the stored assignment does not name is refused (a
    typo would get every document) unless `new_coder`: then they get every document.

    It is built aside and appears at `out` only when complete (a kill or a full disk leaves nothing
    there that would block a retry), and never over an existing file."""
    if Path(out).exists():
        raise InputError("the hand-out file exists already", path=str(out), hint="choose another name or remove it")
    source = open_project(project, create=False)
    try:
        with source.read() as tx:
            book = codebooks.load_codebook(tx)
            only = assigned_document_ids(tx, coder)
            if only is None and not new_coder:
                _check_assigned(tx, coder)
            documents = list(iter_new_documents(tx, only=only))
            own = list(iter_coding_records(tx, coders=[coder], include_uncoded=False))
            model_side = model_state(tx, coder)  # the model, the PI's reliability switch, the coder's marks
    finally:
        source.close()
    with atomic_new_file(Path(out), "hand-out file") as building:
        target = open_project(building, codebook=book)
        try:
            with target.transaction(activity="a hand-out") as tx:
                add_documents(tx, documents)
                import_coding_records(tx, own)
                codebooks.set_setting(tx, HANDOUT_SETTING, coder)
                restore_model_state(tx, model_side)
        finally:
            target.close()  # the last connection: SQLite checkpoints the WAL into the file and removes it
    return Path(out)


def _check_assigned(tx: Session, coder: str) -> None:
    """Refuse a coder outside a stored assignment, naming the coders in it."""
    names = list(assigned_coders(tx))
    if names:
        raise InputError(f"{coder!r} is not one of the coders of the stored assignment ({', '.join(names)})",
                         hint="check the name; to hand every document out to a coder the assignment does not name, "
                              "pass --new-coder (or run `annotator assign` again with them)")


def read_source(path: Path, coder_map: dict[str, str] | None = None) -> Source:
    """A coder's project or a canonical JSONL export, with coder names mapped by `coder_map`."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file", path=str(path))
    if is_project_file(path):
        db = Database.open(path, create=False)
        try:
            with db.read() as tx:
                source = Source(path, list(iter_coding_records(tx)), tombstones.list_tombstones(tx),
                                codebooks.load_codebook(tx), decisions.all_decisions(tx), assisted_marks(tx))
        finally:
            db.close()
    else:
        source = Source(path, read_jsonl(path)[0])
    if coder_map:
        source.records = [replace(r, coder=coder_map.get(r.coder, r.coder)) if r.coder else r for r in source.records]
        source.tombstones = [replace(t, coder=coder_map.get(t.coder, t.coder)) for t in source.tombstones]
        source.assisted = [(h, coder_map.get(c, c), v) for h, c, v in source.assisted]
    return source


def merge(target: Path, source_paths: Iterable[Path], *, dry_run: bool = False, add_labels: bool = False,
          coder_map: dict[str, str] | None = None, create: bool = False) -> MergeReport:
    """Bring every source's work into `target` (see the module docstring for the rules).

    The target must exist unless `create` (a mistyped path is an error, not a new project). It is
    backed up inside the merge's transaction, once the merge is known to change something: a merge
    that changes nothing writes no backup."""
    if not create and not Path(target).exists():
        raise InputError("no such project to merge into", path=str(target),
                         hint="check the path, or pass --create to make a new project there")
    sources = [read_source(p, coder_map) for p in source_paths]
    report = MergeReport([s.path for s in sources], dry_run=dry_run)
    db = open_project(target, create=create)
    try:
        with db.read() as tx:
            report.warnings += _codebook_differences(codebooks.load_codebook(tx), sources)
        records, stones = _combine(sources, report)
        incoming_decisions, conflicted = combine_decisions(sources, report)
        try:
            with db.transaction(activity="a merge") as tx:
                before = changes_made(tx)
                report.spans_deleted = tombstones.apply_tombstones(tx, stones)
                report.decisions_added, against_target = settle_decisions(tx, incoming_decisions, report)
                records = without_repeated_gold(tx, records, conflicted | against_target, report)
                deleted = {(t.content_hash, t.coder, t.uid): t.deleted_at for t in tombstones.list_tombstones(tx)}
                report.counts = import_coding_records(tx, _without_deleted(records, deleted), add_labels=add_labels)
                mark_assisted_by_hash(tx, [m for s in sources for m in s.assisted])  # agreement leaves them out
                after = changes_made(tx)
                report.changed = before is None or after is None or after > before  # a server keeps no count
                if dry_run or not report.changed:
                    raise _RollBack
                # The committed file is still as it was before this transaction: that is what is copied.
                report.backup = backup_file(db.path, "before-merge")
        except _RollBack:
            pass
    finally:
        db.close()
    return report


def _combine(sources: list[Source], report: MergeReport) -> tuple[list[CodingRecord], list[tombstones.Tombstone]]:
    """All sources' records, with spans and annotations that two sources disagree about taken out."""
    seen_spans: dict[SpanKey, tuple[Path, tuple]] = {}
    seen_annotations: dict[tuple[str, str], tuple[Path, tuple]] = {}
    bad_spans: set[SpanKey] = set()
    bad_annotations: set[tuple[str, str]] = set()
    for source in sources:
        for r in source.records:
            if r.coder is None:
                continue
            key = (content_hash(r.text), r.coder)
            value = _document_fields(r)
            if key in seen_annotations and _differ(seen_annotations[key][1], value):
                bad_annotations.add(key)
                report.conflicts.append(f"coder {r.coder!r}, document {r.doc_id}: stance/status/note differ between "
                                        f"{seen_annotations[key][0]} and {source.path}; kept the target's")
            seen_annotations.setdefault(key, (source.path, value))
            for s in r.spans:
                if s.uid is None:
                    continue
                # Not the provenance: two adjudicators who chose the same gold span agree (the newer copy is kept).
                # Ids are another span's in another document or coder (brat's "T1"): a span is its id there.
                span_key, content = (r.doc_id, r.coder, s.uid), (s.start, s.end, s.label, s.holder, s.note, s.unsure)
                if span_key in seen_spans and seen_spans[span_key][1] != content:
                    bad_spans.add(span_key)
                    report.conflicts.append(f"coder {r.coder!r}, document {r.doc_id}: span {s.uid} differs between "
                                            f"{seen_spans[span_key][0]} and {source.path}; kept the target's")
                seen_spans.setdefault(span_key, (source.path, content))
    records = []
    for source in sources:
        for r in source.records:
            if r.coder is not None and (content_hash(r.text), r.coder) in bad_annotations:
                r = replace(r, spans=(), doc_label=None, note=None, status=None, not_given=frozenset({"doc_label", "note"}))
            records.append(replace(r, spans=tuple(s for s in r.spans if (r.doc_id, r.coder, s.uid) not in bad_spans)))
    stones = [t for s in sources for t in s.tombstones if (doc_id_for(t.content_hash), t.coder, t.uid) not in bad_spans]
    return records, stones


_NOT_GIVEN = object()  # a field the source does not carry: it agrees with any value


def _document_fields(r: CodingRecord) -> tuple[Any, ...]:
    return (_NOT_GIVEN if "doc_label" in r.not_given else r.doc_label, r.status or _NOT_GIVEN,
            _NOT_GIVEN if "note" in r.not_given else r.note)


def _differ(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    return any(x is not _NOT_GIVEN and y is not _NOT_GIVEN and x != y for x, y in zip(a, b, strict=True))


def _without_deleted(records: list[CodingRecord], deleted: dict[tuple[str, str, str], str]) -> list[CodingRecord]:
    """Drop incoming spans that were deleted after their last edit (a deletion is the later intent).

    `deleted` holds the target's deletions by (content hash, coder, id). An incoming id that another
    document's or coder's span holds is stored under an id of its own: its deletion is found under that."""
    if not deleted:
        return records
    out = []
    for r in records:
        if r.coder is None or not r.spans:
            out.append(r)
            continue
        text_hash = content_hash(r.text)
        keep = []
        for s in r.spans:
            when = s.uid and (deleted.get((text_hash, r.coder, s.uid))
                              or deleted.get((text_hash, r.coder, span_uid_for_taken_id(r.doc_id, r.coder, s.uid))))
            if not (when and (s.updated_at or "") <= when):
                keep.append(s)
        out.append(replace(r, spans=tuple(keep)))
    return out


def _codebook_differences(target: Codebook, sources: list[Source]) -> list[str]:
    notes = []
    mine = {(x.kind, x.name): x for x in target.span_labels + target.stance_options}
    for source in sources:
        if source.codebook is None:
            continue
        for label in source.codebook.span_labels + source.codebook.stance_options:
            ours = mine.get((label.kind, label.name))
            if ours is None:
                notes.append(f"{source.path}: {label.kind} label {label.name!r} is not in the target's codebook")
            elif ours.definition != label.definition:
                notes.append(f"{source.path}: the definition of {label.kind} label {label.name!r} differs from the target's")
    return notes
