"""Hand out, label in the copies, merge back: idempotent, order-independent, deletions applied, conflicts reported."""

import pytest

from annotator.core.errors import InputError
from annotator.core.span_ids import new_span_uid
from annotator.core.types import NewDocument, Span, Status
from annotator.operations.exporting import export_project
from annotator.operations.merging import handout, merge
from annotator.operations.projects import open_project
from annotator.store import annotations, codebooks, spans
from annotator.store.documents import add_documents, list_summaries

TEXT_A = "Maximum pressure has not worked, one EU diplomat said."
TEXT_B = "The EU must continue isolating Minsk, Kallas said."


@pytest.fixture
def pi_project(tmp_path):
    path = tmp_path / "pi.annotator"
    db = open_project(path)
    with db.transaction() as tx:
        add_documents(tx, [NewDocument(TEXT_A, title="Same title"), NewDocument(TEXT_B, title="B")])
    db.close()
    return path


def label(path, coder, start, end, name, **kw):
    db = open_project(path, create=False)
    with db.transaction() as tx:
        doc = next(s for s in list_summaries(tx, coder) if s.length in (len(TEXT_A), len(TEXT_B)) and start < s.length)
        made = spans.add_span(tx, Span(new_span_uid(), doc.id, coder, start, end, name, **kw))
        annotations.set_annotation(tx, doc.id, coder, stance="pro-engagement", status=Status.DONE)
    db.close()
    return made


def export_text(path, tmp_path, name):
    db = open_project(path, create=False)
    out = export_project(db, tmp_path / name).path.read_bytes()
    db.close()
    return out


def test_handout_has_documents_codebook_and_only_own_work(pi_project, tmp_path):
    alice = handout(pi_project, "alice", tmp_path / "alice.annotator")
    label(alice, "alice", 0, 31, "pro-engagement")
    bob = handout(alice, "bob", tmp_path / "bob.annotator")
    db = open_project(bob, create=False)
    with db.read() as tx:
        assert [s.span_count for s in list_summaries(tx, "alice")] == [0, 0]
        assert len(list_summaries(tx, "bob")) == 2
        assert codebooks.get_setting(tx, "handout.coder") == "bob"
        assert [x.name for x in codebooks.load_codebook(tx).span_labels] == ["pro-engagement", "pro-isolation", "ambivalent"]
    db.close()


def test_merge_in_either_order_and_twice_gives_the_same_project(pi_project, tmp_path):
    alice = handout(pi_project, "alice", tmp_path / "alice.annotator")
    bob = handout(pi_project, "bob", tmp_path / "bob.annotator")
    label(alice, "alice", 0, 31, "pro-engagement", holder="one EU diplomat")
    label(bob, "bob", 0, 16, "pro-isolation")
    copy = tmp_path / "pi2.annotator"
    copy.write_bytes(pi_project.read_bytes())
    first = merge(pi_project, [alice, bob])
    assert first.conflicts == [] and first.counts.spans_added == 2 and first.backup.exists()
    merge(copy, [bob])
    merge(copy, [alice])
    again = merge(pi_project, [alice, bob])
    assert again.counts.spans_added == 0 and again.counts.spans_updated == 0 and again.counts.annotations_changed == 0
    assert export_text(pi_project, tmp_path, "one.jsonl") == export_text(copy, tmp_path, "two.jsonl")


def test_newer_copy_updates_and_deletions_are_applied(pi_project, tmp_path):
    alice = handout(pi_project, "alice", tmp_path / "alice.annotator")
    keep = label(alice, "alice", 0, 31, "pro-engagement")
    drop = label(alice, "alice", 33, 53, "ambivalent")
    merge(pi_project, [alice])
    first_export = export_text(alice, tmp_path, "alice-monday.jsonl")  # an older copy, with both spans
    db = open_project(alice, create=False)
    with db.transaction() as tx:
        spans.update_span(tx, keep.uid, label="pro-isolation")
        spans.delete_span(tx, drop.uid)
    db.close()
    report = merge(pi_project, [alice])
    assert report.spans_deleted == 1 and report.counts.spans_updated == 1
    db = open_project(pi_project, create=False)
    with db.read() as tx:
        doc = list_summaries(tx, "alice")[0]
        assert [(s.uid, s.label) for s in spans.spans_for(tx, doc.id, "alice")] == [(keep.uid, "pro-isolation")]
    db.close()
    # merging Monday's export of alice's work does not revive the deleted span
    old_copy = tmp_path / "old.jsonl"
    old_copy.write_bytes(first_export)
    merge(pi_project, [old_copy])
    db = open_project(pi_project, create=False)
    with db.read() as tx:
        assert [s.uid for s in spans.spans_for(tx, doc.id, "alice")] == [keep.uid]
    db.close()


def test_diverging_copies_are_reported_not_guessed(pi_project, tmp_path):
    laptop = handout(pi_project, "alice", tmp_path / "laptop.annotator")
    made = label(laptop, "alice", 0, 31, "pro-engagement")
    desktop = tmp_path / "desktop.annotator"
    desktop.write_bytes(laptop.read_bytes())
    for path, new_label in ((laptop, "pro-isolation"), (desktop, "ambivalent")):
        db = open_project(path, create=False)
        with db.transaction() as tx:
            spans.update_span(tx, made.uid, label=new_label)
        db.close()
    report = merge(pi_project, [laptop, desktop])
    assert any(made.uid in c and "differs" in c for c in report.conflicts)
    db = open_project(pi_project, create=False)
    with db.read() as tx:
        assert all(s.span_count == 0 for s in list_summaries(tx, "alice"))
    db.close()


def test_renamed_coder_and_same_title_different_text(pi_project, tmp_path):
    theirs = tmp_path / "theirs.annotator"
    db = open_project(theirs)
    with db.transaction() as tx:
        doc = add_documents(tx, [NewDocument(TEXT_A + " Updated.", title="Same title")])[0]
        spans.add_span(tx, Span(new_span_uid(), doc.id, "Alice K.", 0, 7, "pro-engagement"))
    db.close()
    merge(pi_project, [theirs], coder_map={"Alice K.": "alice"})
    db = open_project(pi_project, create=False)
    with db.read() as tx:
        summaries = list_summaries(tx, "alice")
        assert len(summaries) == 3  # matched by text, not by title
        assert [s.span_count for s in summaries] == [0, 0, 1]
    db.close()


def test_dry_run_changes_nothing_and_missing_labels_are_refused(pi_project, tmp_path):
    alice = handout(pi_project, "alice", tmp_path / "alice.annotator")
    label(alice, "alice", 0, 31, "pro-engagement")
    before = export_text(pi_project, tmp_path, "before.jsonl")
    report = merge(pi_project, [alice], dry_run=True)
    assert report.counts.spans_added == 1 and report.backup is None
    assert export_text(pi_project, tmp_path, "after.jsonl") == before
    db = open_project(alice, create=False)
    with db.transaction() as tx:
        codebooks.save_label(tx, codebooks.Label("sarcasm", key="4"))
        doc = list_summaries(tx, "alice")[1]
        spans.add_span(tx, Span(new_span_uid(), doc.id, "alice", 0, 3, "sarcasm"))
    db.close()
    with pytest.raises(InputError, match="sarcasm"):
        merge(pi_project, [alice])
    assert export_text(pi_project, tmp_path, "still.jsonl") == before
    report = merge(pi_project, [alice], add_labels=True)
    assert report.counts.labels_added == ["sarcasm"]
    assert any("sarcasm" in w for w in report.warnings)


def _decide(path, doc_id, passage, decision):
    from annotator.store.decisions import set_decision

    db = open_project(path, create=False)
    with db.transaction() as tx:
        set_decision(tx, doc_id, passage, decision)
    db.close()


def _decisions(path):
    from annotator.store.decisions import all_decisions

    db = open_project(path, create=False)
    with db.read() as tx:
        found = all_decisions(tx)
    db.close()
    return found


def test_two_adjudicators_split_the_work_and_their_decisions_merge(pi_project, tmp_path):
    import shutil

    from annotator.core.types import doc_id_for

    doc_a, doc_b = doc_id_for(TEXT_A), doc_id_for(TEXT_B)
    second = tmp_path / "second-adjudicator.annotator"
    shutil.copy(pi_project, second)  # a copy of the PI's project, adjudicated on another laptop
    _decide(pi_project, doc_a, "0-31", "none")
    _decide(second, doc_b, "4-30", "none")
    _decide(second, doc_a, "0-31", "none")  # the same decision twice is no conflict
    assert handout(second, "carol", tmp_path / "carol.annotator") and _decisions(tmp_path / "carol.annotator") == {}
    report = merge(pi_project, [second])
    assert report.conflicts == [] and report.decisions_added == 1
    assert "1 adjudication decision(s) added" in report.summary()
    assert _decisions(pi_project) == {doc_a: {"0-31": "none"}, doc_b: {"4-30": "none"}}
    assert merge(pi_project, [second]).decisions_added == 0  # twice changes nothing
    _decide(second, doc_a, "0-31", "gold")
    report = merge(pi_project, [second])
    assert len(report.conflicts) == 1 and "0-31" in report.conflicts[0] and "kept the target's" in report.conflicts[0]
    assert _decisions(pi_project)[doc_a] == {"0-31": "none"}


def _adjudicate(path, start, end, label, passage, decision, *, by="pi", uid_from_place=False):
    """An adjudicator settles a passage of TEXT_A by choosing a span. The window gives it an id from its
    place (`uid_from_place`); gold made before that, or moved since, has other ids (a fresh one here)."""
    from annotator.core.span_ids import span_uid
    from annotator.core.types import GOLD_CODER, SpanRecord, content_hash
    from annotator.store.decisions import set_decision

    db = open_project(path, create=False)
    with db.transaction() as tx:
        doc = next(s for s in list_summaries(tx, GOLD_CODER) if s.length == len(TEXT_A))
        uid = (span_uid(content_hash(TEXT_A), GOLD_CODER, SpanRecord(start, end, label)) if uid_from_place
               else new_span_uid())
        made = spans.add_span(tx, Span(uid, doc.id, GOLD_CODER, start, end, label, provenance=f"adjudicated by {by}"))
        set_decision(tx, doc_id_for_text(TEXT_A), passage, decision)
    db.close()
    return made


def doc_id_for_text(text):
    from annotator.core.types import content_hash, doc_id_for

    return doc_id_for(content_hash(text))


def _gold_places(path):
    from annotator.core.types import GOLD_CODER

    db = open_project(path, create=False)
    with db.read() as tx:
        found = sorted((s.start, s.end, s.label) for s in spans.spans_of_coder(tx, GOLD_CODER))
    db.close()
    return found


def test_gold_settled_alike_by_two_adjudicators_is_merged_once(pi_project, tmp_path):
    import shutil

    second = tmp_path / "second.annotator"
    shutil.copy(pi_project, second)
    _adjudicate(pi_project, 0, 16, "pro-engagement", "0-31", "alice")
    _adjudicate(second, 0, 16, "pro-engagement", "0-31", "alice")  # the same choice, another id
    report = merge(pi_project, [second])
    assert report.conflicts == [] and _gold_places(pi_project) == [(0, 16, "pro-engagement")]
    assert any("gold span(s) not merged" in w for w in report.warnings)


def test_gold_of_a_passage_settled_differently_stays_as_the_target_has_it(pi_project, tmp_path):
    import shutil

    second, third = tmp_path / "second.annotator", tmp_path / "third.annotator"
    shutil.copy(pi_project, second)
    shutil.copy(pi_project, third)
    _adjudicate(pi_project, 0, 16, "pro-engagement", "0-31", "alice")
    _adjudicate(second, 0, 31, "pro-isolation", "0-31", "bob")  # settled otherwise
    _adjudicate(third, 33, 53, "ambivalent", "33-53", "carol")  # another passage: no conflict
    report = merge(pi_project, [second, third])
    assert len(report.conflicts) == 1 and "0-31" in report.conflicts[0]
    assert _gold_places(pi_project) == [(0, 16, "pro-engagement"), (33, 53, "ambivalent")]
    assert _decisions(pi_project)[doc_id_for_text(TEXT_A)] == {"0-31": "alice", "33-53": "carol"}


def test_gold_settled_alike_merges_the_same_in_either_order_and_twice(pi_project, tmp_path):
    import shutil

    anna, ben, copy = tmp_path / "anna.annotator", tmp_path / "ben.annotator", tmp_path / "copy.annotator"
    for path in (anna, ben, copy):
        shutil.copy(pi_project, path)
    _adjudicate(anna, 0, 16, "pro-engagement", "0-31", "anna", by="anna", uid_from_place=True)
    _adjudicate(ben, 0, 16, "pro-engagement", "0-31", "anna", by="ben", uid_from_place=True)
    _adjudicate(ben, 33, 53, "ambivalent", "33-53", "ben", by="ben")  # an older, fresh-id span
    first = merge(pi_project, [anna, ben])
    assert first.conflicts == [] and _gold_places(pi_project) == [(0, 16, "pro-engagement"), (33, 53, "ambivalent")]
    merge(copy, [ben])
    merge(copy, [anna])
    again = merge(pi_project, [ben, anna])
    assert again.counts.spans_added == again.counts.spans_updated == 0 and again.warnings == []
    # The same gold, ids and provenance (the newer copy's) either way; only when each project first
    # saw the shared span and gold's annotation (their timestamps) depends on the order.
    assert _without_times(export_text(pi_project, tmp_path, "one.jsonl")) == _without_times(
        export_text(copy, tmp_path, "two.jsonl"))


def _without_times(exported: bytes) -> list:
    import json

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("created_at", "updated_at")}
        return [strip(v) for v in value] if isinstance(value, list) else value

    return [strip(json.loads(line)) for line in exported.splitlines()]


def test_a_gold_span_moved_in_the_source_frees_its_place(pi_project, tmp_path):
    import shutil

    source = tmp_path / "source.annotator"
    shutil.copy(pi_project, source)
    moved = _adjudicate(source, 0, 16, "pro-engagement", "0-31", "anna")
    merge(pi_project, [source])
    db = open_project(source, create=False)
    with db.transaction() as tx:  # in the source: relabelled, and another span where it was
        spans.update_span(tx, moved.uid, label="pro-isolation")
    db.close()
    _adjudicate(source, 0, 16, "pro-engagement", "0-31", "anna")
    report = merge(pi_project, [source])
    assert report.warnings == [] and report.counts.spans_added == 1
    assert _gold_places(pi_project) == [(0, 16, "pro-engagement"), (0, 16, "pro-isolation")]


def test_gold_spans_without_ids_merge_once(pi_project, tmp_path):
    import json

    from annotator.core.types import GOLD_CODER

    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"text": TEXT_A, "coder": GOLD_CODER, "status": "done",
                                "spans": [{"start": 0, "end": 16, "label": "pro-engagement"}]}) + "\n", encoding="utf-8")
    assert merge(pi_project, [gold]).counts.spans_added == 1
    again = merge(pi_project, [gold])
    assert again.warnings == [] and again.counts.spans_added == 0 and _gold_places(pi_project) == [(0, 16, "pro-engagement")]
