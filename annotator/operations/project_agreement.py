"""Agreement of a project as the GUI shows it: the report, the disagreements and the documents they point to.

The figures come from exactly the path the CLI takes (`iter_source_records` + `report_for`): only documents
a coder marked done count for that coder. It opens its own connection, so it can run in a worker thread
while the window's connection stays in the GUI thread (SQLite in WAL mode lets both read).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.agreement.corpus import build_corpus
from annotator.agreement.disagreements import (
    Disagreement,
    StanceDisagreement,
    disagreements_in,
    stance_disagreements,
)
from annotator.agreement.documents import Level
from annotator.agreement.report import AgreementReport, report_for
from annotator.agreement.resampling import Bootstrap
from annotator.core.types import GOLD_CODER, DocumentId
from annotator.operations.assistance import agreement_records, with_assistance_note
from annotator.operations.sources import source_codebook, source_sample
from annotator.store.annotations import progress
from annotator.store.coders import list_coders
from annotator.store.database import Database
from annotator.store.documents import list_summaries


@dataclass(frozen=True, slots=True)
class DocumentRef:
    """Where a disagreement lives: the document's id in the project, its title and text."""

    id: DocumentId
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class ProjectAgreement:
    report: AgreementReport
    disagreements: tuple[Disagreement, ...]
    stance_disagreements: tuple[StanceDisagreement, ...]
    documents: dict[str, DocumentRef]  # doc_id -> document, for every document with a disagreement


def coders_with_done_work(db: Database) -> list[str]:
    """The coders (not gold) who marked at least one document done: the ones agreement can be computed for."""
    with db.read() as tx:
        return [c.name for c in list_coders(tx) if c.name != GOLD_CODER and progress(tx, c.name)[0] > 0]


def project_agreement(path: Path, *, coders: Sequence[str] | None = None, labels: Sequence[str] | None = None,
                      level: Level | None = None, bootstrap: Bootstrap | None = None,
                      include_assisted: bool = False, gamma_documents: int | None = None) -> ProjectAgreement:
    """Every figure of `annotator agreement PATH --coders ... --labels ... --level ... [--bootstrap N
    --seed S] [--include-assisted]`, and the passages where the chosen coders' spans (of the chosen labels)
    differ, and the documents whose stances differ."""
    records, assisted = agreement_records(path, include_assisted=include_assisted)
    corpus = build_corpus(records, coders=coders, labels=labels)
    design, reliability = source_sample(path)
    report = report_for(corpus, level=level, codebook=source_codebook(path), bootstrap=bootstrap, design=design,
                        reliability=reliability, gamma_documents=gamma_documents,
                        gamma_seed=bootstrap.seed if bootstrap else 0)
    report = with_assistance_note(report, assisted, included=include_assisted)
    found = tuple(disagreements_in(corpus))
    stances = tuple(stance_disagreements(corpus))
    texts = dict(zip(corpus.doc_ids, corpus.texts, strict=True))
    wanted = {d.doc_id for d in found} | {d.doc_id for d in stances}
    db = Database.open(path, create=False)
    try:
        with db.read() as tx:
            summaries = [s for s in list_summaries(tx, GOLD_CODER) if s.doc_id in wanted]
    finally:
        db.close()
    documents = {s.doc_id: DocumentRef(s.id, s.title or s.doc_id, texts[s.doc_id]) for s in summaries}
    return ProjectAgreement(report, found, stances, documents)
