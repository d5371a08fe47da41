"""Krippendorff's unitizing αu: published worked examples, a literal transcription of the formula,
and the properties the measure must have."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from annotator.agreement.report import agreement_report
from annotator.agreement.unitizing import alpha_from_terms, label_terms, merge_units, pair_sum
from tests.agreement.conftest import span_record


def units(*segments: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """(begin, length) pairs, as Krippendorff writes them, to merged (starts, ends)."""
    starts = np.array([b for b, _ in segments], dtype=np.int64)
    return merge_units(starts, starts + np.array([length for _, length in segments], dtype=np.int64))[0]


# Krippendorff (2004), Content Analysis, 2nd ed., pp. 254-256: two observers, a continuum from 150 to
# 450 (L = 300), categories c and k. Published: cD_o = .0144, cD_e = .0532, cαu = .7286; kD_o = 0,
# kD_e = .0490, kαu = 1; αu = 1 - (.0144 + 0) / (.0532 + .0490) = .8591. The values are also the
# expected results in DKPro Statistics' Krippendorff2004Test (an independent Java implementation).
EDGES_2004 = np.array([150, 450])
C_2004 = [units((225, 70), (370, 30)), units((220, 80), (355, 20), (400, 20))]
K_2004 = [units((180, 60), (300, 50)), units((180, 60), (300, 50))]


def test_krippendorff_2004_example():
    c, k = label_terms(EDGES_2004, C_2004), label_terms(EDGES_2004, K_2004)
    assert round(c.observed, 4) == 0.0144
    assert round(c.expected, 4) == 0.0532
    assert round(alpha_from_terms([c], n_coders=2, n_characters=300).value, 4) == 0.7286
    assert k.observed == 0.0
    assert round(k.expected, 4) == 0.0490
    assert alpha_from_terms([k], n_coders=2, n_characters=300).value == 1.0
    overall = alpha_from_terms([c, k], n_coders=2, n_characters=300)
    # The book's .8591 is computed from the rounded D's above; unrounded, 1 - ΣD_o/ΣD_e = .85867.
    assert overall.value == pytest.approx(1 - (c.observed + k.observed) / (c.expected + k.expected))
    assert abs(overall.value - 0.8591) < 0.0005
    assert overall.n == 9


def test_krippendorff_2004_squared_differences():
    # The δ² of the same example: units (225, 70) and (220, 80) give 5² + 5² = 50; (370, 30) and
    # (355, 20) give 15² + 25² = 850; the unit (400, 20) inside a gap of the other observer gives 20² = 400.
    assert pair_sum(units((225, 70)), units((220, 80))) == 50
    assert pair_sum(units((370, 30)), units((355, 20))) == 850
    assert pair_sum(units(), units((400, 20))) == 400
    assert pair_sum(*C_2004) == 50 + 850 + 400


# Krippendorff (1995), "On the reliability of unitizing continuous data", Sociological Methodology 25,
# p. 57: four pairs of coders on a continuum of 24 positions (A Bertha/Bill ... D Heather/Hill).
EXAMPLE_1995 = {
    "A": [[(2, 8), (14, 6)], [(4, 4), (15, 2)]],
    "B": [[(0, 18)], [(0, 2), (2, 1), (3, 1), (4, 1), (5, 1), (6, 3), (9, 1)]],
    "C": [[(2, 6), (10, 2), (14, 4), (20, 2)], [(0, 2), (4, 4), (10, 4), (16, 2), (20, 2)]],
    "D": [[(0, 2), (2, 8), (10, 4), (14, 6), (20, 4)], [(0, 4), (4, 4), (8, 7), (15, 2), (17, 7)]],
}


@pytest.mark.parametrize(("label", "observed"), [("A", 0.03125), ("B", 2.26736), ("C", 0.02777), ("D", 0.38715)])
def test_krippendorff_1995_observed_disagreement(label, observed):
    # D_o of the 1995 example as DKPro Statistics' Krippendorff1995Test expects them (to 1e-5).
    terms = label_terms(np.array([0, 24]), [units(*u) for u in EXAMPLE_1995[label]])
    assert abs(terms.observed - observed) < 1e-5


@pytest.mark.parametrize(("label", "published"), [("A", 0.553), ("B", -0.926), ("C", 0.679), ("D", 0.066)])
def test_krippendorff_1995_alpha_on_a_fine_continuum(label, published):
    # The 1995 paper's αu values treat the continuum as (nearly) continuous and contain a small error in
    # D_e (DKPro's note: a "+" for a "-" in (l_ik + l_hj + 1), corrected in the 2004 book). DKPro checks
    # the corrected formula against them at 50,000 times the resolution within 0.02; so do we.
    stretch = 50_000
    scaled = [units(*[(b * stretch, length * stretch) for b, length in u]) for u in EXAMPLE_1995[label]]
    terms = label_terms(np.array([0, 24 * stretch]), scaled)
    assert abs(alpha_from_terms([terms], n_coders=2, n_characters=24 * stretch).value - published) < 0.02


def test_dkpro_expected_disagreement_on_a_coarse_continuum():
    # DKPro Statistics (independent implementation) gives cD_e = 0.05494 for example C at half resolution
    # (positions 0-12, coordinates truncated), to 1e-5.
    half = [units(*[(int(b * 0.5), int(length * 0.5)) for b, length in u]) for u in EXAMPLE_1995["C"]]
    assert abs(label_terms(np.array([0, 12]), half).expected - 0.05494) < 1e-5


# --- the formula, transcribed literally (segment by segment), as a second computation ----------

def segments(edges, coder_units):
    """The coder's partition of the continuum: (begin, length, is_unit), gaps ending at document edges."""
    out, (starts, ends) = [], coder_units
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        position = lo
        for s, e in zip(starts, ends, strict=True):
            if lo <= s < hi:
                if s > position:
                    out.append((position, s - position, False))
                out.append((s, e - s, True))
                position = e
        if hi > position:
            out.append((position, hi - position, False))
    return out


def delta2(g, h):
    (bg, lg, ug), (bh, lh, uh) = g, h
    if ug and uh and -lg < bg - bh < lh:
        return (bg - bh) ** 2 + (bg + lg - bh - lh) ** 2
    if ug and not uh and lh - lg >= bg - bh >= 0:
        return lg**2
    if not ug and uh and lg - lh >= bh - bg >= 0:
        return lh**2
    return 0


def literal_terms(edges, coders_units):
    m, length = len(coders_units), int(edges[-1] - edges[0])
    parts = [segments(edges, u) for u in coders_units]
    observed = sum(delta2(g, h) for i in range(m) for j in range(m) if i != j for g in parts[i] for h in parts[j])
    unit_lengths = [length_ for p in parts for _, length_, is_unit in p if is_unit]
    gaps = [length_ for p in parts for _, length_, is_unit in p if not is_unit]
    n = len(unit_lengths)
    total = sum((n - 1) / 3 * (2 * lg**3 - 3 * lg**2 + lg) + lg**2 * sum(gh - lg + 1 for gh in gaps if gh >= lg)
                for lg in unit_lengths)
    expected = 2 / length * total / (m * length * (m * length - 1) - sum(lg * (lg - 1) for lg in unit_lengths))
    return observed / (m * (m - 1) * length**2), expected


@st.composite
def continuum(draw, max_coders=4):
    lengths = draw(st.lists(st.integers(1, 30), min_size=1, max_size=4))
    edges = np.concatenate(([0], np.cumsum(lengths)))
    coders = []
    for _ in range(draw(st.integers(2, max_coders))):
        spans = []
        for d, n in enumerate(lengths):
            for _ in range(draw(st.integers(0, 3))):
                start = draw(st.integers(0, n - 1))
                spans.append((edges[d] + start, edges[d] + draw(st.integers(start + 1, n))))
        starts = np.array([s for s, _ in spans], dtype=np.int64)
        coders.append(merge_units(starts, np.array([e for _, e in spans], dtype=np.int64))[0])
    return edges, coders


@settings(max_examples=200, deadline=None)
@given(continuum())
def test_sweep_equals_the_literal_formula(data):
    edges, coders = data
    terms = label_terms(edges, coders)
    assume(sum(len(s) for s, _ in coders) > 0)
    observed, expected = literal_terms(edges, coders)
    assert math.isclose(terms.observed, observed, rel_tol=1e-9, abs_tol=1e-12)
    assert math.isclose(terms.expected, expected, rel_tol=1e-9, abs_tol=1e-12)


@settings(max_examples=100, deadline=None)
@given(continuum(), st.randoms(use_true_random=False))
def test_swapping_coders_changes_nothing(data, rnd):
    edges, coders = data
    shuffled = list(coders)
    rnd.shuffle(shuffled)
    a, b = label_terms(edges, coders), label_terms(edges, shuffled)
    assert math.isclose(a.observed, b.observed, rel_tol=1e-12, abs_tol=1e-15)
    assert math.isclose(a.expected, b.expected, rel_tol=1e-12, abs_tol=1e-15)


@settings(max_examples=100, deadline=None)
@given(continuum())
def test_identical_unitizing_gives_one(data):
    edges, coders = data
    same = [coders[0]] * len(coders)
    terms = label_terms(edges, same)
    figure = alpha_from_terms([terms], n_coders=len(same), n_characters=int(edges[-1]))
    assume(figure.defined)
    assert figure.value == 1.0


@settings(max_examples=100, deadline=None)
@given(continuum())
def test_alpha_is_at_most_one(data):
    edges, coders = data
    figure = alpha_from_terms([label_terms(edges, coders)], n_coders=len(coders), n_characters=int(edges[-1]))
    if figure.defined:
        assert figure.value <= 1.0


# --- through the records: the continuum is the documents laid end to end -----------------------

TEXTS = ["a" * 40, "b" * 25, "c" * 60]
CODING = {
    "ann": [[(0, 10, "pro"), (20, 30, "contra")], [(5, 20, "pro")], [(0, 60, "contra")]],
    "bob": [[(2, 10, "pro"), (22, 35, "contra")], [], [(10, 50, "contra"), (50, 55, "pro")]],
}


def records(order=(0, 1, 2), coding=CODING):
    return [span_record(f"d{d}", TEXTS[d], coder, coding[coder][d]) for d in order for coder in coding]


def test_document_order_does_not_matter():
    first = agreement_report(records((0, 1, 2))).spans
    again = agreement_report(records((2, 0, 1))).spans
    assert first.alpha_u.value == pytest.approx(again.alpha_u.value, abs=1e-12)
    for label in ("pro", "contra"):
        assert first.alpha_u_by_label[label].value == pytest.approx(again.alpha_u_by_label[label].value, abs=1e-12)


def test_per_label_and_overall_follow_the_sum_rule():
    spans = agreement_report(records()).spans
    edges = np.array([0, 40, 65, 125])
    terms = []
    for label in ("contra", "pro"):
        per_coder = []
        for coder in ("ann", "bob"):
            mine = [(edges[d] + s, edges[d] + e) for d in range(3) for s, e, k in CODING[coder][d] if k == label]
            per_coder.append(units(*[(s, e - s) for s, e in mine]))
        terms.append(label_terms(edges, per_coder))
        assert spans.alpha_u_by_label[label].value == pytest.approx(1 - terms[-1].observed / terms[-1].expected)
    assert spans.alpha_u.value == pytest.approx(1 - sum(t.observed for t in terms) / sum(t.expected for t in terms))
    assert (spans.n_documents, spans.n_characters) == (3, 125)


def test_overlapping_units_of_one_coder_are_merged_and_noted():
    coding = {"ann": [[(0, 10, "pro"), (5, 15, "pro"), (15, 20, "pro")], [], []], "bob": [[(0, 15, "pro")], [], []]}
    report = agreement_report(records(coding=coding))
    assert any("1 spans overlapping" in note and "merged" in note for note in report.notes)
    # after merging, ann has [0, 15) and [15, 20) (touching units stay apart)
    assert report.spans.alpha_u_by_label["pro"].n == 3


def test_documents_not_coded_by_everyone_leave_the_continuum():
    recs = records() + [span_record("d9", "z" * 50, "ann", [(0, 5, "pro")])]
    report = agreement_report(recs)
    assert report.spans.n_documents == 3 and report.spans.n_characters == 125
    assert any("1 documents not coded by every coder" in note for note in report.notes)


def test_undefined_alpha_u_has_a_reason():
    no_spans = agreement_report([span_record("d0", "text", c, []) for c in ("ann", "bob")]).spans
    assert no_spans.alpha_u.value is None and "no coder marked a span" in no_spans.alpha_u.reason
    one_coder = agreement_report([span_record("d0", "text", "ann", [(0, 2, "pro")])]).spans
    assert one_coder.alpha_u.value is None and "fewer than two coders" in one_coder.alpha_u.reason
    label_unused = agreement_report(records(), labels=["pro", "neutral"]).spans
    assert label_unused.alpha_u_by_label["neutral"].value is None
    assert label_unused.alpha_u_by_label["pro"].defined
