"""`annotator assign`: the reliability sample and the split, reproducible by seed, stratified as asked,
stored (a migration step adds its table), followed by hand-outs, the document list and the agreement report."""

from __future__ import annotations

import sqlite3
from collections import Counter

import pytest

from annotator.agreement.report import agreement_report
from annotator.cli import main
from annotator.core.assignment import allocate, draw_assignment, krippendorff_minimum
from annotator.core.errors import InputError
from annotator.core.types import NewDocument
from annotator.operations.assigning import assign
from annotator.operations.merging import handout
from annotator.operations.projects import open_project
from annotator.operations.sources import iter_source_records, source_sample
from annotator.store.assignments import load_design
from annotator.store.documents import add_documents, list_summaries

OUTLETS = ["BBC"] * 50 + ["Nasha Niva"] * 30 + ["TUT.by"] * 20


@pytest.fixture
def project(tmp_path):
    path = tmp_path / "study.annotator"
    db = open_project(path)
    with db.transaction() as tx:
        add_documents(tx, [NewDocument(f"Article {i} on sanctions and talks.", f"t{i}", outlet) for i, outlet in
                           enumerate(OUTLETS)])
    db.close()
    return path


def test_the_same_seed_gives_the_same_assignment_and_another_seed_another():
    docs = [(i, outlet) for i, outlet in enumerate(OUTLETS)]
    first = draw_assignment(docs, ["a", "b", "c"], 0.2, seed=3)
    assert first == draw_assignment(list(reversed(docs)), ["a", "b", "c"], 0.2, seed=3)  # order-free
    assert first.reliability != draw_assignment(docs, ["a", "b", "c"], 0.2, seed=4).reliability


def test_every_document_is_assigned_once_outside_the_sample_and_to_everyone_inside_it():
    docs = [(i, None) for i in range(101)]
    a = draw_assignment(docs, ["a", "b", "c"], 0.2, seed=1)
    assert len(a.reliability) == 20
    own = [d for coder in a.coders for d in a.own[coder]]
    assert sorted(own + list(a.reliability)) == list(range(101))
    assert sorted(len(a.own[c]) for c in a.coders) == [27, 27, 27]
    assert all(set(a.reliability) <= set(a.documents_of(c)) for c in a.coders)


def test_the_sample_is_stratified_proportionally():
    a = draw_assignment([(i, o) for i, o in enumerate(OUTLETS)], ["a", "b"], 0.2, seed=0)
    assert a.strata == {"BBC": (50, 10), "Nasha Niva": (30, 6), "TUT.by": (20, 4)}
    outlet_of = dict(enumerate(OUTLETS))
    assert Counter(outlet_of[d] for d in a.reliability) == {"BBC": 10, "Nasha Niva": 6, "TUT.by": 4}
    # largest remainders: 7 of 10 documents over strata of 5, 3, 2 -> quotas 3.5, 2.1, 1.4 -> 4, 2, 1
    assert allocate({"x": 5, "y": 3, "z": 2}, 7) == {"x": 4, "y": 2, "z": 1}


def test_krippendorffs_minimum_reproduces_his_table():
    # Content Analysis, ch. 12, table of required sample sizes (as quoted in ATLAS.ti's manual, written
    # with Krippendorff): p_c = .25, p = .05 -> 139 values for α_min = .800, 81 for α_min = .667.
    assert krippendorff_minimum(0.800, 0.25) == 139
    assert krippendorff_minimum(0.667, 0.25) == 81
    assert krippendorff_minimum(0.800, 0.25, coders=3) > 139


def test_bad_designs_are_clear_errors(project):
    with pytest.raises(InputError, match="at least two different coders"):
        assign(project, ["a", "a"], overlap=0.2)
    with pytest.raises(InputError, match="not a share"):
        assign(project, ["a", "b"], overlap=1.5)


def test_assign_command_stores_the_design_and_prints_the_split(project, capsys):
    code = main(["assign", str(project), "--coders", "ana,ben,cai", "--overlap", "0.2", "--stratify", "outlet",
                 "--seed", "7"])
    out = capsys.readouterr().out
    assert code == 0
    assert "Reliability sample: 20 of 100 documents (20%)" in out and "stratified by outlet, seed 7" in out
    db = open_project(project, create=False)
    with db.read() as tx:
        design = load_design(tx)
        ana = [s.doc_id for s in list_summaries(tx, "ana")]
        everyone = list_summaries(tx, "dora")  # no assignment: sees every document
    db.close()
    assert design["stratify"] == "outlet" and design["seed"] == 7 and design["reliability_documents"] == 20
    assert len(ana) == 20 + 27 and len(everyone) == 100


def test_handout_carries_only_the_coders_documents(project, tmp_path):
    result = assign(project, ["ana", "ben"], overlap=0.1, seed=2)
    out = handout(project, "ben", tmp_path / "ben.annotator")
    db = open_project(out, create=False)
    with db.read() as tx:
        n = len(list_summaries(tx, "ben"))
    db.close()
    assert n == len(result.assignment.documents_of("ben")) == 10 + 45


def test_a_project_from_before_assignments_is_migrated_and_backed_up(tmp_path):
    from annotator.store import migrations
    from annotator.store.schema import SCHEMA_VERSION

    before = next(v for v, step in migrations.STEPS.items() if step is migrations.add_assignment_table) - 1
    path = tmp_path / "old.annotator"
    open_project(path).close()
    with sqlite3.connect(path) as conn:  # the schema before assignments: no assignment table
        conn.execute("DROP TABLE assignment")
        conn.execute(f"PRAGMA user_version={before}")
    db = open_project(path, create=False)
    assert db.schema_version() == SCHEMA_VERSION
    with db.read() as tx:
        assert load_design(tx) is None
        assert len(list_summaries(tx, "ana")) == 0
    db.close()
    assert list(tmp_path.glob(f"old.annotator.schema{before}-*.bak"))


def test_the_report_states_the_design_and_warns_about_documents_outside_the_sample(project):
    result = assign(project, ["ana", "ben"], overlap=0.1, seed=2)
    from annotator.core.types import CodingRecord, Status

    db = open_project(project, create=False)
    with db.read() as tx:
        summaries = {s.id: s for s in list_summaries(tx, "gold")}
    db.close()
    inside = result.assignment.reliability[:3]
    outside = result.assignment.own["ana"][:2]
    records = [CodingRecord(summaries[d].doc_id, f"text {d}", {}, coder, doc_label="pro", status=Status.DONE)
               for d in (*inside, *outside) for coder in ("ana", "ben")]
    design, reliability = source_sample(project)
    report = agreement_report(records, design=design, reliability=reliability)
    assert report.sample.design["seed"] == 2 and report.sample.resting == 5 and report.sample.outside == 2
    assert any("2 of the 5 documents the figures rest on lie outside the drawn reliability sample" in n
               for n in report.notes)
    assert iter_source_records(project) == []  # nothing marked done in the project itself


def test_a_saved_schema_1_project_has_no_assignment_and_takes_one(tmp_path):
    """tests/store/data/schema1.annotator was saved by the schema-1 code (no assignment table)."""
    import shutil
    from pathlib import Path

    path = tmp_path / "old.annotator"
    shutil.copy(Path(__file__).parents[1] / "store" / "data" / "schema1.annotator", path)
    db = open_project(path, create=False)
    with db.read() as tx:
        assert load_design(tx) is None
        everyone = len(list_summaries(tx, "alice"))
    db.close()
    assert main(["assign", str(path), "--coders", "alice,bob", "--overlap", "0.5", "--seed", "1"]) == 0
    db = open_project(path, create=False)
    with db.read() as tx:
        assert load_design(tx)["coders"] == ["alice", "bob"]
        assert 0 < len(list_summaries(tx, "alice")) <= everyone
    db.close()
    with sqlite3.connect(next(tmp_path.glob("old.annotator.schema1-*.bak"))) as conn:
        assert "assignment" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}


def test_a_handout_for_a_coder_outside_the_assignment_is_refused_unless_new(project, tmp_path, capsys):
    """A typo ("alcie") silently got every document; now it is an error naming the assigned coders."""
    assign(project, ["alice", "bob"], overlap=0.1, seed=2)
    code = main(["handout", str(project), "--coder", "alcie", "-o", str(tmp_path / "alcie.annotator")])
    err = capsys.readouterr().err
    assert code == 1
    assert "'alcie' is not one of the coders of the stored assignment (alice, bob)" in err and "--new-coder" in err
    assert not (tmp_path / "alcie.annotator").exists()
    code = main(["handout", str(project), "--coder", "carol", "--new-coder", "-o", str(tmp_path / "carol.annotator")])
    assert code == 0
    db = open_project(tmp_path / "carol.annotator", create=False)
    with db.read() as tx:
        assert len(list_summaries(tx, "carol")) == 100
    db.close()


def test_assign_reports_the_share_drawn_and_counts_in_words(tmp_path, capsys):
    """3 documents at --overlap 0.2 draw 1: "1 of 3 documents (33%; --overlap asked for 20%)", not "(20%)"."""
    path = tmp_path / "small.annotator"
    db = open_project(path)
    with db.transaction() as tx:
        add_documents(tx, [NewDocument(f"Article {i}.", f"t{i}") for i in range(3)])
    db.close()
    assert main(["assign", str(path), "--coders", "ana,ben,cai", "--overlap", "0.2", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "Reliability sample: 1 of 3 documents (33%; --overlap asked for 20%)" in out
    assert "  cai: 1 document (0 of their own)" in out and "  ana: 2 documents (1 of their own)" in out
    from annotator.agreement.sample import describe

    design, reliability = source_sample(path)
    sample = agreement_report([], design=design, reliability=reliability).sample
    assert "1 of 3 documents (33%; --overlap asked for 20%) for every coder" in "\n".join(describe(sample))


def test_stratifying_by_an_empty_field_says_it_did_nothing(project, tmp_path, capsys):
    assert main(["assign", str(project), "--coders", "ana,ben", "--overlap", "0.2", "--stratify", "language"]) == 0
    out = capsys.readouterr().out
    assert "--stratify language did nothing: that field is empty in every document" in out
    assert "simple random sample" in out and "Strata" not in out
    db = open_project(project, create=False)
    with db.read() as tx:
        assert load_design(tx)["stratify"] is None and load_design(tx)["method"] == "simple random sample"
    db.close()


def test_a_new_assignment_drops_the_coders_only_the_old_one_named(project, capsys):
    """Re-running assign left ana, ben and cai in `stats` as coders with 0 of N documents done."""
    from annotator.store.coders import list_coders

    assert main(["assign", str(project), "--coders", "ana,ben,cai", "--overlap", "0.2"]) == 0
    db = open_project(project, create=False)
    with db.transaction() as tx:  # ben has started work: he stays
        from annotator.store.annotations import set_annotation

        set_annotation(tx, list_summaries(tx, "ben")[0].id, "ben", note="started")
    db.close()
    assert main(["assign", str(project), "--coders", "alice,bob", "--overlap", "0.2"]) == 0
    db = open_project(project, create=False)
    with db.read() as tx:
        names = sorted(c.name for c in list_coders(tx))
    db.close()
    assert names == ["alice", "ben", "bob"]
    capsys.readouterr()
    assert main(["stats", str(project)]) == 0
    out = capsys.readouterr().out
    assert "ana" not in out and "cai" not in out
