"""`annotator agreement SOURCE` on JSONL files and on a project, as a researcher runs it."""

from __future__ import annotations

import orjson
import pytest

from annotator.cli import main

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability": observers A-D, 12 units.
KRIPPENDORFF_2011 = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def line(text, coder, doc_label=None, spans=(), status="done"):
    return {"doc_id": None, "text": text, "meta": {}, "coder": coder, "doc_label": doc_label, "status": status,
            "spans": [{"start": s, "end": e, "label": label, "text": text[s:e], "holder": holder, "note": None}
                      for s, e, label, holder in spans]}


def write_jsonl(path, lines):
    path.write_bytes(b"".join(orjson.dumps(x) + b"\n" for x in lines))
    return path


@pytest.fixture
def stance_file(tmp_path):
    lines = [line(f"Article number {unit + 1}: sanctions, talks and the regime.", coder, None if v is None else str(v))
             for coder, values in KRIPPENDORFF_2011.items() for unit, v in enumerate(values) if v is not None]
    return write_jsonl(tmp_path / "stance.jsonl", lines)


TEXT = "The EU must keep its sanctions. Dialogue with Minsk is needed now, Лукашенко 🇧🇾 said."


@pytest.fixture
def span_file(tmp_path):
    cut = TEXT.index("Dialogue")
    lines = [
        line(TEXT, "ann", "pro-isolation", [(0, cut - 1, "pro-isolation", "author"), (cut, len(TEXT), "pro-engagement", "Lukashenko")]),
        line(TEXT, "bob", "pro-isolation", [(4, cut - 1, "pro-isolation", "Author"), (cut, len(TEXT), "pro-engagement", None)]),
        line("Plain facts, no stance here.", "ann", "no-stance"),
        line("Plain facts, no stance here.", "bob", "pro-engagement", [(0, 5, "pro-engagement", None)]),
    ]
    return write_jsonl(tmp_path / "spans.jsonl", lines)


def test_json_on_a_jsonl_file_reproduces_the_published_alpha(capsys, stance_file):
    code, out, _ = run(capsys, "agreement", stance_file, "--json")
    assert code == 0
    data = orjson.loads(out)
    assert data["coders"] == ["A", "B", "C", "D"]
    documents = data["documents"]
    assert round(documents["krippendorff_alpha"], 3) == 0.743 and documents["level"] == "nominal"
    assert round(documents["fleiss_kappa"], 3) == 0.761 and documents["n_units"] == 11
    assert len(documents["pairwise"]) == 6
    assert data["spans"]["alpha_u"] is None  # no spans: null, with the reason in the notes
    assert any(note.startswith("αu is undefined") for note in data["notes"])


@pytest.mark.parametrize(("level", "published"), [("ordinal", 0.815), ("interval", 0.849)])
def test_level_reads_the_labels_as_numbers(capsys, stance_file, level, published):
    code, out, _ = run(capsys, "agreement", stance_file, "--json", "--level", level)
    assert code == 0 and round(orjson.loads(out)["documents"]["krippendorff_alpha"], 3) == published


def test_table_without_json(capsys, span_file):
    code, out, _ = run(capsys, "agreement", span_file)
    assert code == 0
    assert "Document stance (nominal" in out and "Cohen's κ" in out
    assert "pro-isolation" in out and "all labels" in out and "Holder agreement" in out


def test_span_figures_in_json(capsys, span_file):
    code, out, _ = run(capsys, "agreement", span_file, "--json")
    spans = orjson.loads(out)["spans"]
    assert code == 0
    # ann 2 spans, bob 3 (his span in the second article meets nothing): overlap P = 1, R = 2/3;
    # exact: only the pro-engagement spans are identical, P = 1/2, R = 1/3.
    assert spans["f1_overlap"] == pytest.approx(0.8) and spans["f1_exact"] == pytest.approx(0.4)
    assert set(spans["alpha_u_by_label"]) == {"pro-engagement", "pro-isolation"}
    assert spans["holder"] == 0.5 and spans["n_holder_pairs"] == 2
    assert spans["pairwise"][0]["coders"] == ["ann", "bob"]


def test_coders_and_labels_choose(capsys, span_file):
    code, out, _ = run(capsys, "agreement", span_file, "--json", "--coders", "bob,ann", "--labels", "pro-isolation")
    data = orjson.loads(out)
    assert code == 0 and data["coders"] == ["bob", "ann"]
    assert list(data["spans"]["alpha_u_by_label"]) == ["pro-isolation"]


def test_html_report_is_written_whole(capsys, span_file, tmp_path):
    target = tmp_path / "out" / "agreement.html"
    target.parent.mkdir()  # a folder that does not exist is refused (test_newcomer_findings)
    code, out, _ = run(capsys, "agreement", span_file, "--html", target)
    assert code == 0 and f"HTML report written to {target}" in out
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "class='heat'" in page
    assert [p.name for p in target.parent.iterdir()] == ["agreement.html"]  # no temp file left behind


@pytest.mark.parametrize(("argv", "message"), [
    (["--coders", "ann,zed"], "no coded document by 'zed'"),
    (["--level", "interval"], "is not a number"),
])
def test_user_errors_exit_1_with_one_sentence(capsys, span_file, argv, message):
    code, _, err = run(capsys, "agreement", span_file, *argv)
    assert code == 1 and err.startswith("annotator: error:") and message in err


def test_missing_source(capsys, tmp_path):
    code, _, err = run(capsys, "agreement", tmp_path / "nope.jsonl")
    assert code == 1 and "no such file" in err


def test_project_source_counts_only_documents_marked_done(capsys, tmp_path):
    other = "Another article about talks with Minsk and the sanctions."
    lines = [line(TEXT, "ann", "pro-isolation", [(0, 10, "pro-isolation", None)]),
             line(TEXT, "bob", "pro-isolation", [(0, 10, "pro-isolation", None)]),
             line(other, "ann", "pro-engagement"),
             line(other, "bob", "pro-isolation", status="in_progress")]
    project = tmp_path / "study.annotator"
    code, _, err = run(capsys, "import", project, write_jsonl(tmp_path / "coded.jsonl", lines))
    assert code == 0, err
    code, out, _ = run(capsys, "agreement", project, "--json")
    documents = orjson.loads(out)["documents"]
    assert code == 0
    assert documents["pairwise"][0]["n"] == 1  # bob's stance on the second article is not done
    assert any("one coder only" in note for note in orjson.loads(out)["notes"])


def test_intervals_seed_and_methods_from_the_command_line(capsys, stance_file):
    code, out, _ = run(capsys, "agreement", stance_file, "--bootstrap", "500", "--seed", "3", "--json")
    data = orjson.loads(out)
    alpha = data["documents"]["intervals"]["krippendorff_alpha"]
    assert alpha["samples"] == 500 and alpha["resampled"] == "pairable values (KALPHA)"
    assert alpha["ci_low"] < data["documents"]["krippendorff_alpha"] < alpha["ci_high"]
    assert set(alpha["q_below"]) == {"0.667", "0.8"}
    assert data["bootstrap"]["seed"] == 3 and data["bootstrap"]["samples"] == 500
    code, again, _ = run(capsys, "agreement", stance_file, "--bootstrap", "500", "--seed", "3", "--json")
    assert again == out  # the same seed, the same intervals
    code, methods, _ = run(capsys, "agreement", stance_file, "--bootstrap", "500", "--seed", "3", "--methods")
    assert code == 0 and "500 samples, seed 3" in methods and "@article{hayes2007," in methods
    assert f"α = {data['documents']['krippendorff_alpha']:.3f}, 95% CI [{alpha['ci_low']:.3f}, {alpha['ci_high']:.3f}]" in methods
    code, plain, _ = run(capsys, "agreement", stance_file, "--bootstrap", "0")
    assert code == 0 and "bootstrap" not in plain and "[" not in plain.split("Notes")[0].split("Confusion")[0]


def test_bad_bootstrap_count_is_a_clear_error(capsys, stance_file):
    with pytest.raises(SystemExit):
        main(["agreement", str(stance_file), "--bootstrap", "-5"])
    assert "not a number of samples" in capsys.readouterr().err


def test_json_and_methods_together_are_an_argument_error(capsys, stance_file):
    """Both asked for printed only the methods text, silently; README writes [--json | --methods]."""
    with pytest.raises(SystemExit) as info:
        main(["agreement", str(stance_file), "--json", "--methods"])
    assert info.value.code == 2
    assert "--methods: not allowed with argument --json" in capsys.readouterr().err
