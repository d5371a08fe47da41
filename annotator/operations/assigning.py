"""`annotator assign`: draw the reliability sample and split the rest among coders, and store it.

The drawing is core.assignment's (seeded, stratified on request); this module reads the documents,
stores the result in one transaction and describes it. The design is kept with the assignment, so
the agreement report can say how the reliability sample was drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.core.assignment import Assignment, check_design, draw_assignment
from annotator.core.errors import InputError
from annotator.operations.projects import open_project
from annotator.store.assignments import documents_with_strata, save_assignment


@dataclass(frozen=True, slots=True)
class AssignResult:
    assignment: Assignment
    design: dict[str, Any]
    note: str | None = None  # e.g. a --stratify field that is empty everywhere, so nothing was stratified

    def describe(self) -> str:
        a, d = self.assignment, self.design
        lines = [f"Reliability sample: {sample_share(d)}, coded by every coder ({', '.join(a.coders)}); "
                 f"{'stratified by ' + d['stratify'] if d['stratify'] else 'simple random sample'}, seed {d['seed']}."]
        lines += [f"  {coder}: {documents(len(a.documents_of(coder)))} ({len(a.own[coder]):,} of their own)"
                  for coder in a.coders]
        if d["stratify"]:
            lines.append(f"  Strata ({d['stratify']}): " + "; ".join(
                f"{name} {sample}/{size}" for name, (size, sample) in sorted(a.strata.items())))
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)


def documents(n: int) -> str:
    return f"{n:,} document" + ("" if n == 1 else "s")


def sample_share(design: dict[str, Any]) -> str:
    """"1 of 3 documents (33%; --overlap asked for 20%)": the share drawn, and the one asked for when
    rounding to whole documents made it another."""
    drawn, total, asked = design["reliability_documents"], design["documents"], float(design["overlap"])
    share = f"{drawn / total:.0%}" if total else "0%"
    asked_text = f"{asked:.0%}"
    return f"{drawn:,} of {documents(total)} ({share}" + ("" if share == asked_text else
                                                          f"; --overlap asked for {asked_text}") + ")"


def assign(project: Path, coders: Sequence[str], *, overlap: float, stratify: str | None = None,
           seed: int = 0) -> AssignResult:
    check_design(coders, overlap)
    db = open_project(project, create=False)
    try:
        with db.transaction() as tx:
            docs = documents_with_strata(tx, stratify)
            if not docs:
                raise InputError("the project holds no documents", path=str(project),
                                 hint="import articles first (annotator import)")
            note = None
            if stratify is not None and all(v is None or str(v).strip() == "" for _, v in docs):
                note = (f"Note: --stratify {stratify} did nothing: that field is empty in every document (is the "
                        "name right?), so the sample is a simple random sample.")
                stratify, docs = None, [(d, None) for d, _ in docs]
            assignment = draw_assignment(docs, list(coders), overlap, seed)
            design = {"coders": list(coders), "overlap": overlap, "stratify": stratify, "seed": seed,
                      "documents": len(docs), "reliability_documents": len(assignment.reliability),
                      "drawn_at": datetime.now(UTC).isoformat(timespec="seconds"),
                      "method": "stratified random sample, proportional allocation" if stratify
                      else "simple random sample"}
            save_assignment(tx, assignment, design)
    finally:
        db.close()
    return AssignResult(assignment, design, note)
