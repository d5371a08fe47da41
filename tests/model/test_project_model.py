"""Training, evaluating and suggesting on a project: split by document, codebook checks, exact offsets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import orjson
import pytest

from annotator.cli import main
from annotator.core.codebook import Label
from annotator.core.types import GOLD_CODER, content_hash
from annotator.model.storage import model_from_bytes
from annotator.operations.dataset import split_of
from annotator.operations.model_data import model_data
from annotator.operations.model_evaluation import evaluate_project
from annotator.operations.model_training import train_project_model
from annotator.operations.suggestions import ModelCache, document_suggestions
from annotator.store import codebooks, suggestions
from annotator.store.annotations import set_annotation
from annotator.store.spans import spans_for
from tests.model.corpus import gold_project


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("model") / "study.annotator"
    db, ids, made = gold_project(path, 60)
    db.close()
    result = train_project_model(path)
    return path, ids, made, result


def test_test_documents_never_train(trained, tmp_path: Path) -> None:
    path, _ids, made, result = trained
    from annotator.operations.projects import open_project

    db = open_project(path, create=False)
    try:
        data = model_data(db)
    finally:
        db.close()
    train = {h for h, _d in data.train}
    test = {h for h, _d in data.test}
    assert train and test and not train & test
    assert test == {content_hash(t) for t, _s, _st in made if split_of(content_hash(t), (0.8, 0.1, 0.1), 0) == "test"}
    assert result.stored.meta["train_documents"] == len(train)
    # Change the gold of a test document: the model and its data hash stay exactly the same.
    copy = tmp_path / "copy.annotator"
    copy.write_bytes(path.read_bytes())
    db = open_project(copy, create=False)
    try:
        with db.transaction() as tx:
            test_doc = next(i for i, (t, _s, _st) in zip(_ids, made, strict=True) if content_hash(t) in test)
            for span in spans_for(tx, test_doc, GOLD_CODER):
                from annotator.store.spans import update_span

                update_span(tx, span.uid, label="ambivalent" if span.label != "ambivalent" else "pro-isolation")
    finally:
        db.close()
    again = train_project_model(copy)
    assert again.stored.data_hash == result.stored.data_hash
    first, second = model_from_bytes(result.stored.data), model_from_bytes(again.stored.data)
    np.testing.assert_array_equal(first.span.coef, second.span.coef)


def test_suggestions_have_exact_offsets_and_mark_the_document_assisted(trained, tmp_path: Path) -> None:
    path, ids, made, _result = trained
    from annotator.operations.projects import open_project

    copy = tmp_path / "copy.annotator"
    copy.write_bytes(path.read_bytes())
    db = open_project(copy, create=False)
    try:
        cache = ModelCache()
        off = document_suggestions(db, cache, ids[0], "alice")
        assert off.suggestions == () and "off" in off.reason
        with db.transaction() as tx:
            suggestions.set_suggestions_enabled(tx, "alice", True)
        shown = document_suggestions(db, cache, ids[0], "alice")
        text, gold, _stance = made[0]
        assert [(s.start, s.end, s.label) for s in shown.suggestions] == gold  # every sentence found, exactly
        for s in shown.suggestions:
            assert text[s.start:s.end] == text[s.start:s.end].strip() and 0 < s.score <= 1
        assert any(ord(c) > 0xFFFF for c in text)  # the offsets hold past astral characters
        with db.read() as tx:
            assert suggestions.assisted_coders(tx) == {made and content_hash(text)[:16]: {"alice"}}
            assert spans_for(tx, ids[0], "alice") == []  # suggestions are not spans
    finally:
        db.close()


def test_a_model_trained_under_other_labels_is_refused(trained, tmp_path: Path) -> None:
    path, ids, _made, _result = trained
    from annotator.operations.projects import open_project

    copy = tmp_path / "copy.annotator"
    copy.write_bytes(path.read_bytes())
    db = open_project(copy, create=False)
    try:
        with db.transaction() as tx:
            suggestions.set_suggestions_enabled(tx, "alice", True)
            codebooks.save_label(tx, Label("neutral-reporting", "span", "4", "#777777"))
        shown = document_suggestions(db, ModelCache(), ids[0], "alice")
        assert shown.suggestions == () and "train the model again" in shown.reason
        with db.read() as tx:
            assert suggestions.assisted_coders(tx) == {}  # nothing shown, nothing assisted
    finally:
        db.close()
    train_project_model(copy)  # retrained under the new labels: accepted again
    db = open_project(copy, create=False)
    try:
        assert document_suggestions(db, ModelCache(), ids[0], "alice").suggestions
    finally:
        db.close()


def test_the_pis_setting_keeps_suggestions_off_in_the_reliability_sample(trained, tmp_path: Path) -> None:
    path, ids, _made, _result = trained
    from annotator.operations.projects import open_project

    copy = tmp_path / "copy.annotator"
    copy.write_bytes(path.read_bytes())
    assert main(["model", "settings", str(copy), "--reliability-sample", "suggestions-off"]) == 0
    db = open_project(copy, create=False)
    try:
        with db.transaction() as tx:
            suggestions.set_suggestions_enabled(tx, "alice", True)
            set_annotation(tx, ids[1], "bob", status="in_progress")  # bob coded it too: double-coded
        blocked = document_suggestions(db, ModelCache(), ids[1], "alice")
        assert blocked.suggestions == () and "reliability sample" in blocked.reason
        assert document_suggestions(db, ModelCache(), ids[2], "alice").suggestions  # only alice's: allowed
    finally:
        db.close()


def test_cli_train_evaluate_and_show(trained, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, *_ = trained
    copy = tmp_path / "copy.annotator"
    copy.write_bytes(path.read_bytes())
    assert main(["model", "train", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "saved in" in out and "Macro-F1 on" in out
    html = tmp_path / "report.html"
    assert main(["model", "evaluate", str(copy), "--json", "--resamples", "50", "--curve", "50,100",
                 "--html", str(html)]) == 0
    report = orjson.loads(capsys.readouterr().out)
    names = [s["name"] for s in report["systems"]]
    assert names == ["model", "majority baseline", "keyword baseline"]
    model_f1 = report["systems"][0]["spans_overlap"]["macro_f1"]
    assert model_f1["low"] <= model_f1["value"] <= model_f1["high"]
    assert [p["fraction"] for p in report["curve"]] == [0.5, 1.0]
    assert "<svg" in html.read_text(encoding="utf-8")
    assert main(["model", "show", str(copy)]) == 0
    assert capsys.readouterr().out.count("trained") == 2


def test_too_little_gold_is_said_plainly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "small.annotator"
    db, _ids, _made = gold_project(path, 6)
    db.close()
    evaluation = evaluate_project(path)
    assert evaluation.too_little and evaluation.systems == ()
    assert main(["model", "evaluate", str(path)]) == 0
    assert "Too little gold to say anything" in capsys.readouterr().out


def test_no_gold_at_all_is_an_error_not_a_traceback(project_path: Path, db, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["model", "train", str(project_path)]) == 1
    assert "no gold to learn from" in capsys.readouterr().err


def test_from_coders_learns_from_what_coders_agree_on(tmp_path: Path) -> None:
    import random

    from tests.coded import code, new_project
    from tests.model.corpus import document

    rng = random.Random(5)
    made = [document(rng) for _ in range(30)]
    db, ids = new_project(tmp_path / "c.annotator", [(str(i), t) for i, (t, _s, _st) in enumerate(made)])
    for doc_id, (_t, spans, stance) in zip(ids, made, strict=True):
        code(db, doc_id, "alice", stance=stance, spans=spans)
        code(db, doc_id, "bob", stance=stance, spans=spans[:-1])  # bob misses the last span
    db.close()
    with pytest.raises(Exception, match="no gold"):
        train_project_model(tmp_path / "c.annotator")
    result = train_project_model(tmp_path / "c.annotator", from_coders=True)
    assert result.stored.meta["source"] == "gold and coders' agreement"
    assert result.stored.meta["train_documents"] > 20


def test_the_drawn_reliability_sample_gets_no_suggestions(trained, tmp_path: Path) -> None:
    from annotator.core.assignment import Assignment
    from annotator.operations.projects import open_project
    from annotator.store.assignments import save_assignment

    path, ids, _made, _result = trained
    copy = tmp_path / "copy.annotator"
    copy.write_bytes(path.read_bytes())
    db = open_project(copy, create=False)
    try:
        with db.transaction() as tx:
            suggestions.set_suggestions_enabled(tx, "alice", True)
            suggestions.set_suggestions_off_in_reliability_sample(tx, True)
            save_assignment(tx, Assignment(("alice", "bob"), (ids[3],), {"alice": (ids[4],), "bob": (ids[5],)}, {}), {})
        assert "reliability sample" in document_suggestions(db, ModelCache(), ids[3], "alice").reason
        assert document_suggestions(db, ModelCache(), ids[4], "alice").suggestions  # alice's own: allowed
        with db.transaction() as tx:
            suggestions.set_suggestions_off_in_reliability_sample(tx, False)
        assert document_suggestions(db, ModelCache(), ids[3], "alice").suggestions  # the PI allowed it again
    finally:
        db.close()


def test_train_refuses_too_little_gold_unless_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """It printed the too-little-gold message, then trained, saved and exited 0 all the same."""
    from annotator.operations.projects import open_project
    from annotator.store.models import list_models

    path = tmp_path / "small.annotator"
    db, _ids, _made = gold_project(path, 8)
    db.close()
    assert main(["model", "train", str(path)]) == 1
    err = capsys.readouterr().err
    assert "too little gold to train and test a model: " in err and "at least 10 training and 5 test documents" in err
    assert "about 50 adjudicated documents with the 80/10/10 split" in err and "--force" in err
    db = open_project(path, create=False)
    with db.read() as tx:
        assert list_models(tx) == []
    db.close()
    assert main(["model", "train", str(path), "--force"]) == 0
    assert "Too little gold" in capsys.readouterr().out
    db = open_project(path, create=False)
    with db.read() as tx:
        assert len(list_models(tx)) == 1
    db.close()
