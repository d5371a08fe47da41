"""What a merge reads (a source: one project or export) and what it reports: shared by the coders'
side of a merge (merging.py) and the adjudicators' side (merging_gold.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.codebook import Codebook
from annotator.core.types import CodingRecord
from annotator.store import tombstones
from annotator.store.records import ImportCounts


@dataclass
class Source:
    path: Path
    records: list[CodingRecord]
    tombstones: list[tombstones.Tombstone] = field(default_factory=list)
    codebook: Codebook | None = None
    decisions: dict[str, dict[str, str]] = field(default_factory=dict)  # doc_id -> passage -> decision
    assisted: list[tuple[str, str, str]] = field(default_factory=list)  # (text hash, coder, model): saw suggestions


@dataclass
class MergeReport:
    sources: list[Path]
    counts: ImportCounts | None = None
    spans_deleted: int = 0
    decisions_added: int = 0
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    backup: Path | None = None
    dry_run: bool = False
    changed: bool = False  # the merge changed the target (a dry run: would change it)


    def summary(self) -> str:
        """What the merge did (or, dry, would do), in one sentence."""
        c = self.counts or ImportCounts()
        if not self.changed and not self.conflicts:
            return ("nothing to merge: the target holds all of it already" +
                    ("" if self.dry_run else " (nothing was changed, and no backup was made)"))
        verb = "would change" if self.dry_run else "merged"
        text = (f"{verb}: {c.documents_added} new document(s), {c.spans_added} span(s) added, {c.spans_updated} "
                f"updated, {self.spans_deleted} deleted, {c.annotations_changed} document annotation(s) set")
        if c.spans_renumbered:
            text += (f"; {c.spans_renumbered} span(s) got new ids (their id was another document's or coder's span's;"
                     " the old one is kept as source_id)")
        if self.decisions_added:
            text += f", {self.decisions_added} adjudication decision(s) added"
        return text
