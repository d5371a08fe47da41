"""The span counts the store keeps (table span_count) always equal what the span table holds, whichever
path wrote: a key's span, deletion, undo and redo of a bulk accept, imports and re-imports, merges that
apply a coder's deletions, auto-accept; and a project of an older schema gets them on opening."""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

from annotator.core.span_ids import new_span_uid
from annotator.core.types import GOLD_CODER, DocumentId, Span
from annotator.operations.adjudication_cases import accept_unanimous
from annotator.operations.exporting import export_project
from annotator.operations.importing import import_file
from annotator.operations.merging import handout, merge
from annotator.operations.projects import open_project
from annotator.store._rows import run
from annotator.store.database import Database
from annotator.store.documents import list_summaries
from annotator.store.spans import (
    add_span,
    delete_span,
    delete_spans,
    restore_spans,
    spans_of_coder,
    update_span,
)
from annotator.store.tombstones import Tombstone, apply_tombstones
from tests.coded import code, new_project

LABELS = ("pro-engagement", "pro-isolation", "ambivalent")
TEXT = "Talks with Minsk worked. Sanctions failed. Keep the pressure on, one EU diplomat said."


def counts(db: Database) -> tuple[dict, dict]:
    """(kept, true): the counts the store keeps, and COUNT(*) over the span table."""
    with db.read() as tx:
        kept = {(d, c): n for d, c, n in run(tx, "SELECT document_id, coder_id, spans FROM span_count") if n}
        true = {(d, c): n for d, c, n in run(tx, "SELECT document_id, coder_id, COUNT(*) FROM span"
                                                 " GROUP BY document_id, coder_id")}
    return kept, true


def assert_kept(db: Database) -> None:
    kept, true = counts(db)
    assert kept == true


def test_every_write_path_keeps_the_counts(tmp_path: Path) -> None:
    rng = random.Random(3)
    db, ids = new_project(tmp_path / "p.annotator", [(f"d{i}", f"{TEXT} {i}") for i in range(6)])
    for doc in ids:
        for coder in ("anna", "boris"):
            code(db, doc, coder, stance=LABELS[0], spans=[(0, 11, LABELS[0])] + [  # one both mark
                (s, s + rng.randint(3, 20), rng.choice(LABELS)) for s in rng.sample(range(12, 60), 5)])
    assert_kept(db)
    with db.transaction() as tx:  # a key's span, and its deletion (undo)
        made = add_span(tx, Span(new_span_uid(), ids[0], "anna", 0, 5, LABELS[1]))
        delete_span(tx, made.uid)
        kept = add_span(tx, Span(new_span_uid(), ids[1], "chen", 0, 5, LABELS[1]))
        update_span(tx, kept.uid, end=9)
    assert_kept(db)
    changes = accept_unanimous(db)  # auto-accept writes gold
    assert changes.added
    with db.transaction() as tx:  # undo and redo of the bulk accept
        delete_spans(tx, list(changes.added))
    assert_kept(db)
    with db.transaction() as tx:
        restore_spans(tx, list(changes.added))
    assert_kept(db)
    db.close()

    out = tmp_path / "all.jsonl"  # an export imported into a fresh project, then again (nothing new)
    db = open_project(tmp_path / "p.annotator")
    export_project(db, out)
    db.close()
    copy = open_project(tmp_path / "copy.annotator")
    for _ in range(2):
        assert import_file(copy, out).ok
        assert_kept(copy)
    copy.close()

    handout(tmp_path / "p.annotator", "anna", tmp_path / "anna.annotator")  # anna deletes in her copy ...
    anna = Database.open(tmp_path / "anna.annotator")
    with anna.transaction() as tx:
        for span in spans_of_coder(tx, "anna")[:4]:
            delete_span(tx, span.uid)
        add_span(tx, Span(new_span_uid(), DocumentId(ids[2]), "anna", 60, 70, LABELS[2]))
    anna.close()
    time.sleep(0.01)
    merge(tmp_path / "p.annotator", [tmp_path / "anna.annotator"])  # ... and the merge applies it
    db = Database.open(tmp_path / "p.annotator")
    assert_kept(db)
    with db.transaction() as tx:  # deletions that arrive as tombstones alone (another coder's copy)
        stones = [Tombstone(s.uid, hashes[s.document_id], s.coder, "2999-01-01T00:00:00.000000+00:00")
                  for s in spans_of_coder(tx, "boris")[:3]
                  for hashes in [dict(run(tx, "SELECT id, content_hash FROM document").all())]]
        assert apply_tombstones(tx, stones) == 3
    assert_kept(db)
    with db.read() as tx:  # the list shows the kept counts
        kept, _true = counts(db)
        anna_id = run(tx, "SELECT id FROM coder WHERE name = 'anna'").first()[0]
        assert {s.id: s.span_count for s in list_summaries(tx, "anna")} == {
            d: kept.get((d, anna_id), 0) for d in ids}
        assert any(s.span_count for s in list_summaries(tx, GOLD_CODER))
    db.close()


def test_a_project_of_an_older_schema_gets_its_counts_on_opening(tmp_path: Path) -> None:
    path = tmp_path / "old.annotator"
    shutil.copy(Path(__file__).parent / "data" / "schema1.annotator", path)
    db = Database.open(path)
    kept, true = counts(db)
    assert kept == true and sum(true.values()) == 2
    db.close()
