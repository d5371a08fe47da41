"""γ (Mathet, Widlöcher & Métivier 2015) through pygamma-agreement, an optional extra.

Held to the package's own test data and expectations (pygamma-agreement's tests/test_gammas.py,
data set AlexPaulSuzan: 3 annotators, 16 units, 7 categories — best alignment of 6 unitary
alignments, disorder ≈ 0.96, γ in [0.44, 0.47] with its shuffle sampler at 5% precision, seed 4772).
The paper's worked examples (its Figure 10 and 20 dissimilarities, disorders derived by hand from its
definitions, γ = 1 for identical annotations) are in test_gamma_worked_examples.py, which says which it
found and which not (no γ value for a fully described configuration). Skipped, saying why, where the
extra is not installed.
"""

from __future__ import annotations

import pytest

from annotator.agreement import gamma
from annotator.agreement.corpus import build_corpus
from annotator.cli import main
from annotator.core.errors import InputError
from tests.agreement.conftest import span_record


@pytest.fixture
def quick(monkeypatch):
    """Few random continua: these tests check our plumbing, not the package's estimate of chance disorder."""
    monkeypatch.setattr(gamma, "SAMPLES", 5)
    monkeypatch.setattr(gamma, "PRECISION", 0.99)


needs_gamma = pytest.mark.skipif(not gamma.available(), reason="pygamma-agreement (optional extra 'gamma') not installed")

ALEX_PAUL_SUZAN = [  # annotator, category, start, end (the package's tests/data/AlexPaulSuzan.csv)
    ("Alex", "1", 2, 9), ("Alex", "2", 11, 17), ("Alex", "5", 24, 30), ("Alex", "6", 32, 36), ("Alex", "6", 36, 44),
    ("Alex", "7", 44, 60), ("Paul", "1", 2, 9), ("Paul", "3", 11, 17), ("Paul", "5", 19, 25), ("Paul", "6", 32, 44),
    ("Suzan", "1", 2, 9), ("Suzan", "4", 11, 17), ("Suzan", "5", 21, 27), ("Suzan", "6", 32, 36),
    ("Suzan", "6", 36, 40), ("Suzan", "6", 40, 44),
]


@needs_gamma
def test_gamma_matches_the_packages_own_expectations_on_its_test_data():
    units = [(coder, start, end, category) for coder, category, start, end in ALEX_PAUL_SUZAN]
    result = gamma.gamma_of_units(units, seed=4772, shuffle=True, alpha=3, beta=1,  # the package test's settings
                                  precision_level=0.05, samples=30)
    assert len(result.best_alignment.unitary_alignments) == 6
    assert result.best_alignment.disorder == pytest.approx(0.96, rel=0.01)
    assert 0.44 <= result.gamma <= 0.47


def records():
    text = "0123456789" * 7
    by_coder: dict[str, list[tuple[int, int, str]]] = {}
    for coder, category, start, end in ALEX_PAUL_SUZAN:
        by_coder.setdefault(coder, []).append((start, end, f"c{category}"))
    return [span_record("doc", text, coder, spans) for coder, spans in by_coder.items()]


@needs_gamma
@pytest.mark.slow
def test_corpus_gamma_is_seeded_and_returns_the_alignment_in_document_offsets(quick):
    corpus = build_corpus(records())
    first = gamma.corpus_gamma(corpus, seed=3)
    again = gamma.corpus_gamma(corpus, seed=3)
    assert first.value == again.value and first.documents == ("doc",) and first.n_units == 16
    groups = first.alignment["doc"]
    assert sum(1 for g in groups for u in g if u is not None) == 16  # every unit aligned once (or with nothing)
    assert (("Alex", 2, 9, "c1"), ("Paul", 2, 9, "c1"), ("Suzan", 2, 9, "c1")) in groups
    alone = gamma.gamma_of_units([(c, s, e, f"c{k}") for c, k, s, e in ALEX_PAUL_SUZAN], seed=3)
    assert first.observed_disorder == pytest.approx(alone.best_alignment.disorder)  # the same continuum


@needs_gamma
@pytest.mark.slow
def test_agreement_command_prints_gamma_when_asked(tmp_path, capsys, quick):
    import orjson

    path = tmp_path / "spans.jsonl"
    path.write_bytes(b"".join(orjson.dumps({"text": r.text, "coder": r.coder, "doc_label": None, "spans": [
        {"start": s.start, "end": s.end, "label": s.label} for s in r.spans]}) + b"\n" for r in records()))
    assert main(["agreement", str(path), "--gamma", "--bootstrap", "0", "--json"]) == 0
    data = orjson.loads(capsys.readouterr().out)
    assert data["spans"]["gamma"]["n_documents"] == 1 and -1 < data["spans"]["gamma"]["gamma"] < 1
    assert data["spans"]["gamma"]["alignment"]


def test_without_the_extra_gamma_is_a_clear_error(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pygamma(name, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if name.startswith("pygamma_agreement"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pygamma)
    assert not gamma.available()
    with pytest.raises(InputError, match=r"pip install 'annotator\[gamma\]'"):
        gamma.gamma_of_units([("a", 0, 1, "x"), ("b", 0, 1, "x")])
