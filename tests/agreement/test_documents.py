"""Document-stance agreement against published worked examples and independent implementations."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from nltk.metrics.agreement import AnnotationTask
from nltk.metrics.distance import interval_distance
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa, to_table

from annotator.agreement import documents as stance
from annotator.agreement.report import agreement_report
from tests.agreement.conftest import counts_to_matrix, stance_records

# Fleiss (1971), "Measuring nominal scale agreement among many raters", Psychological Bulletin 76(5),
# p. 379, Table 1: 30 patients, 6 psychiatrists each, 5 diagnoses (1 depression ... 5 other).
FLEISS_1971 = [
    (4, 4, 4, 4, 4, 4), (2, 2, 2, 5, 5, 5), (2, 3, 3, 3, 3, 5), (5, 5, 5, 5, 5, 5), (2, 2, 2, 4, 4, 4),
    (1, 1, 3, 3, 3, 3), (3, 3, 3, 3, 5, 5), (1, 1, 3, 3, 3, 4), (1, 1, 4, 4, 4, 4), (5, 5, 5, 5, 5, 5),
    (1, 4, 4, 4, 4, 4), (1, 2, 4, 4, 4, 4), (2, 2, 2, 3, 3, 3), (1, 4, 4, 4, 4, 4), (2, 2, 4, 4, 4, 5),
    (3, 3, 3, 3, 3, 5), (1, 1, 1, 4, 5, 5), (1, 1, 1, 1, 1, 2), (2, 2, 4, 4, 4, 4), (1, 3, 3, 5, 5, 5),
    (5, 5, 5, 5, 5, 5), (2, 4, 4, 4, 4, 4), (2, 2, 4, 5, 5, 5), (1, 1, 4, 4, 4, 4), (1, 4, 4, 4, 4, 5),
    (2, 2, 2, 2, 2, 4), (1, 1, 1, 1, 5, 5), (2, 2, 4, 4, 4, 4), (1, 3, 3, 3, 3, 3), (5, 5, 5, 5, 5, 5),
]

# Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories; P̄ = 0.378, κ = 0.210.
WIKIPEDIA_FLEISS = [
    [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
]


def report(matrix, **kwargs):
    return agreement_report(stance_records(matrix), **kwargs).documents


@pytest.mark.parametrize(("level", "published"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)])
def test_krippendorff_2011_alpha(krippendorff_2011, level, published):
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", published α of this example:
    # .743 nominal, .815 ordinal, .849 interval; 11 of the 12 units are pairable (unit 12 has one value).
    documents = report(krippendorff_2011, level=level)
    assert round(documents.krippendorff_alpha.value, 3) == published
    assert documents.krippendorff_alpha.n == documents.n_units == 11
    assert documents.level == level


def test_gwet_2014_fleiss_kappa_with_missing_values(krippendorff_2011):
    # Gwet (2014), Handbook of Inter-Rater Reliability, 4th ed., p. 120 (irrCAC data set cac.raw4raters):
    # Krippendorff's data with unit 12's single value held by another rater, which Fleiss' κ cannot tell
    # apart. Published: p_a = 0.818, p_e = 0.239, generalised Fleiss' κ = 0.761.
    documents = report(krippendorff_2011)
    assert round(documents.percent_agreement.value, 3) == 0.818
    assert round(documents.fleiss_kappa.value, 3) == 0.761


def test_fleiss_1971_example():
    # Fleiss (1971), worked example: P̄ = .556, P̄e = .220, κ = .430.
    documents = report(list(zip(*FLEISS_1971, strict=True)))
    assert round(documents.percent_agreement.value, 3) == 0.556
    assert round(documents.fleiss_kappa.value, 3) == 0.430
    assert documents.fleiss_kappa.n == 30


def test_wikipedia_fleiss_example():
    documents = report(counts_to_matrix(WIKIPEDIA_FLEISS, "abcde"))
    assert round(documents.percent_agreement.value, 3) == 0.378
    assert round(documents.fleiss_kappa.value, 3) == 0.210


def test_wikipedia_cohen_example():
    # Wikipedia, "Cohen's kappa", first example: 50 proposals, yes/yes 20, yes/no 5, no/yes 10, no/no 15;
    # p_o = 0.7, p_e = 0.5, κ = 0.4.
    pairs = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
    documents = report(list(zip(*pairs, strict=True)))
    (pair,) = documents.pairwise
    assert math.isclose(pair.cohen_kappa.value, 0.4)
    assert math.isclose(pair.percent_agreement.value, 0.7)
    assert pair.n == 50
    assert pair.confusion.tolist() == [[15, 10], [5, 20]]  # rows c1 (no, yes), columns c2


def test_gwet_2014_cohen_kappa_abstractors():
    # Gwet (2014) / irrCAC data set cont3x3abstractors (100 pregnancies, 2 abstractors):
    # kappa2.table gives Cohen's κ = 0.7964094, percent agreement 0.89.
    table = np.array([[13, 0, 0], [0, 20, 7], [0, 4, 56]])
    figure = stance.cohen_kappa(table)
    assert round(figure.value, 7) == 0.7964094
    assert figure.n == 100


# --- independent implementations on random data -------------------------------------------------

def reliability_data(min_coders=2, max_coders=4, missing=True):
    value = st.one_of(st.none(), st.integers(0, 3)) if missing else st.integers(0, 3)
    return st.integers(min_coders, max_coders).flatmap(
        lambda m: st.integers(1, 25).flatmap(
            lambda n: st.lists(st.lists(value, min_size=n, max_size=n), min_size=m, max_size=m)))


def codes_of(matrix) -> np.ndarray:
    return np.array([[-1 if v is None else v for v in row] for row in matrix], dtype=np.int64)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # statsmodels' standard errors on tiny tables; κ is unaffected
@settings(max_examples=60, deadline=None)
@given(reliability_data(missing=False, max_coders=2))
def test_cohen_kappa_matches_statsmodels_and_nltk(matrix):
    codes = codes_of(matrix)
    pair = stance.pair_stance(codes, 0, 1, ("a", "b"), 4)
    assume(pair.cohen_kappa.defined)
    table = to_table(np.column_stack(matrix), bins=np.arange(5))[0]
    assert math.isclose(pair.cohen_kappa.value, cohens_kappa(table).kappa, abs_tol=1e-9)
    task = AnnotationTask([(c, i, v) for c, row in zip("ab", matrix, strict=True) for i, v in enumerate(row)])
    assert math.isclose(pair.cohen_kappa.value, task.kappa_pairwise("a", "b"), abs_tol=1e-9)


@settings(max_examples=60, deadline=None)
@given(reliability_data(missing=False))
def test_fleiss_kappa_equals_statsmodels_fleiss_1971_on_complete_data(matrix):
    figure = stance.fleiss_kappa(stance.value_counts(codes_of(matrix), 4))
    assume(figure.defined)
    table, _ = aggregate_raters(np.array(matrix).T, n_cat=4)
    assert math.isclose(figure.value, fleiss_kappa(table, method="fleiss"), abs_tol=1e-9)


@settings(max_examples=60, deadline=None)
@given(reliability_data(), st.sampled_from(["nominal", "interval"]))
def test_krippendorff_alpha_matches_nltk(matrix, level):
    figure = stance.krippendorff_alpha(stance.value_counts(codes_of(matrix), 4), level, np.arange(4.0))
    assume(figure.defined)
    data = [(f"c{c}", i, v) for c, row in enumerate(matrix) for i, v in enumerate(row) if v is not None]
    task = AnnotationTask(data, distance=interval_distance) if level == "interval" else AnnotationTask(data)
    assert math.isclose(figure.value, task.alpha(), abs_tol=1e-9)


@settings(max_examples=60, deadline=None)
@given(reliability_data(missing=False))
def test_percent_agreement_matches_nltk_average_observed_agreement(matrix):
    figure = stance.percent_agreement(stance.value_counts(codes_of(matrix), 4))
    task = AnnotationTask([(f"c{c}", i, v) for c, row in enumerate(matrix) for i, v in enumerate(row)])
    assert math.isclose(figure.value, task.avg_Ao(), abs_tol=1e-9)


# --- properties ------------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(reliability_data())
def test_swapping_coders_changes_nothing(matrix):
    forward, backward = report(matrix), report(matrix[::-1])
    for name in ("percent_agreement", "fleiss_kappa", "krippendorff_alpha"):
        a, b = getattr(forward, name), getattr(backward, name)
        assert (a.value is None) == (b.value is None)
        if a.value is not None:
            assert math.isclose(a.value, b.value, abs_tol=1e-12)
    kappas = sorted((p.cohen_kappa.value or 9.0) for p in forward.pairwise)
    assert kappas == pytest.approx(sorted((p.cohen_kappa.value or 9.0) for p in backward.pairwise))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 3), min_size=2, max_size=20), st.integers(2, 4))
def test_identical_codings_agree_perfectly(values, n_coders):
    assume(len(set(values)) >= 2)
    documents = report([values] * n_coders)
    assert documents.percent_agreement.value == 1.0
    assert documents.fleiss_kappa.value == pytest.approx(1.0)
    assert documents.krippendorff_alpha.value == pytest.approx(1.0)
    assert all(p.cohen_kappa.value == pytest.approx(1.0) for p in documents.pairwise)


@settings(max_examples=60, deadline=None)
@given(reliability_data())
def test_bounds(matrix):
    # Every coefficient is at most 1; Cohen's κ is at least -1. (Fleiss' κ in Gwet's form and α have
    # no lower bound of -1 on small samples: one disagreeing pair beside a lone value gives κ = -5/3.)
    documents = report(matrix)
    if documents.percent_agreement.defined:
        assert 0.0 <= documents.percent_agreement.value <= 1.0
    for figure in [documents.fleiss_kappa, documents.krippendorff_alpha, *(p.cohen_kappa for p in documents.pairwise)]:
        if figure.defined:
            assert figure.value <= 1.0 + 1e-9
    for pair in documents.pairwise:
        if pair.cohen_kappa.defined:
            assert pair.cohen_kappa.value >= -1.0 - 1e-9


# --- undefined, never 0 or 1 -----------------------------------------------------------------------

def test_two_coders_who_share_no_document_have_no_agreement():
    documents = report([["a", "b", None, None], [None, None, "a", "b"]])
    assert documents.n_units == 0
    for figure in (documents.percent_agreement, documents.fleiss_kappa, documents.krippendorff_alpha,
                   documents.pairwise[0].cohen_kappa):
        assert figure.value is None and figure.reason
    assert "share no document" in documents.pairwise[0].cohen_kappa.reason


def test_every_value_in_one_category_is_undefined_not_one():
    documents = report([["pro", "pro", "pro"], ["pro", "pro", "pro"]])
    assert documents.percent_agreement.value == 1.0  # observed agreement is well defined
    assert documents.fleiss_kappa.value is None and "chance agreement is 1" in documents.fleiss_kappa.reason
    assert documents.krippendorff_alpha.value is None and "expected disagreement is zero" in documents.krippendorff_alpha.reason
    assert documents.pairwise[0].cohen_kappa.value is None


def test_ordinal_level_needs_numbers():
    from annotator.core.errors import InputError

    with pytest.raises(InputError, match="not a number"):
        report([["pro", "contra"], ["pro", "pro"]], level="ordinal")


def test_codebook_values_place_stances_on_the_scale():
    from annotator.core.codebook import Codebook, Label

    book = Codebook(stance_options=(Label("isolate", "stance", value=-1.0), Label("neutral", "stance", value=0.0),
                                    Label("engage", "stance", value=1.0)), stance_scale="interval")
    matrix = [["isolate", "neutral", "engage", "engage"], ["isolate", "engage", "engage", "neutral"]]
    documents = agreement_report(stance_records(matrix), codebook=book).documents
    numeric = report([[-1, 0, 1, 1], [-1, 1, 1, 0]], level="interval")
    assert documents.level == "interval"
    assert documents.categories == ("isolate", "neutral", "engage")
    assert documents.krippendorff_alpha.value == pytest.approx(numeric.krippendorff_alpha.value)
