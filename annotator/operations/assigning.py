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

    def describe(self) -> str:
        a, d = self.assignment, self.design
        lines = [f"Reliability sample: {len(a.reliability):,} of {d['documents']:,} documents "
                 f"({d['overlap']:.0%}), coded by every coder ({', '.join(a.coders)}); "
                 f"{'stratified by ' + d['stratify'] if d['stratify'] else 'simple random sample'}, seed {d['seed']}."]
        lines += [f"  {coder}: {len(a.documents_of(coder)):,} documents ({len(a.own[coder]):,} of their own)"
                  for coder in a.coders]
        if d["stratify"]:
            lines.append(f"  Strata ({d['stratify']}): " + "; ".join(
                f"{name} {sample}/{size}" for name, (size, sample) in sorted(a.strata.items())))
        return "\n".join(lines)


def assign(project: Path, coders: Sequence[str], *, overlap: float, stratify: str | None = None,
           seed: int = 0) -> AssignResult:
    check_design(coders, overlap)
    db = open_project(project, create=False)
    try:
        with db.transaction() as tx:
            documents = documents_with_strata(tx, stratify)
            if not documents:
                raise InputError("the project holds no documents", path=str(project),
                                 hint="import articles first (annotator import)")
            assignment = draw_assignment(documents, list(coders), overlap, seed)
            design = {"coders": list(coders), "overlap": overlap, "stratify": stratify, "seed": seed,
                      "documents": len(documents), "reliability_documents": len(assignment.reliability),
                      "drawn_at": datetime.now(UTC).isoformat(timespec="seconds"),
                      "method": "stratified random sample, proportional allocation" if stratify
                      else "simple random sample"}
            save_assignment(tx, assignment, design)
    finally:
        db.close()
    return AssignResult(assignment, design)
