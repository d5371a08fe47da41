"""Project figures for `annotator stats` and the GUI: documents, coders, spans and progress per coder."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.store._rows import Session, run


@dataclass(frozen=True, slots=True)
class CoderStats:
    name: str
    spans: int
    done: int
    in_progress: int


@dataclass(frozen=True, slots=True)
class ProjectStats:
    documents: int
    spans: int
    coders: tuple[CoderStats, ...]


def project_stats(tx: Session) -> ProjectStats:
    documents = int(run(tx, "SELECT COUNT(*) FROM document").scalar_one())
    spans = dict(run(tx, "SELECT coder_id, COUNT(*) FROM span GROUP BY coder_id").all())
    status = run(tx, "SELECT coder_id, status, COUNT(*) FROM annotation GROUP BY coder_id, status").all()
    coders = []
    for coder_id, name in run(tx, "SELECT id, name FROM coder ORDER BY name"):
        by_status = {s: n for c, s, n in status if c == coder_id}
        coders.append(CoderStats(name, spans.get(coder_id, 0), by_status.get("done", 0), by_status.get("in_progress", 0)))
    return ProjectStats(documents, sum(spans.values()), tuple(coders))
