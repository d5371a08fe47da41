"""The gaps issue 16's mutants found: ordinal/interval α with categories sharing a value, αu on a
continuum of zero characters, and the N that undefined figures carry."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest

from annotator.agreement.report import agreement_report
from annotator.core.codebook import Codebook, Label
from tests.agreement.conftest import span_record, stance_records

# Four coders, six documents; "strong-pro" and "pro" share the value 2 on the codebook's scale.
MATRIX = [
    ["anti", "pro", "strong-pro", "neutral", "pro", "anti"],
    ["anti", "strong-pro", "pro", "neutral", "anti", "anti"],
    ["neutral", "pro", "pro", "neutral", "pro", None],
    ["anti", "strong-pro", "strong-pro", "anti", "pro", "anti"],
]
VALUES = {"anti": 0.0, "neutral": 1.0, "pro": 2.0, "strong-pro": 2.0}


def book(scale: str) -> Codebook:
    return Codebook(stance_options=tuple(Label(name, "stance", value=v) for name, v in VALUES.items()),
                    stance_scale=scale)  # type: ignore[arg-type]


@pytest.mark.parametrize("level", ["ordinal", "interval"])
def test_categories_sharing_a_value_are_one_value_for_ordinal_and_interval_alpha(level):
    report = agreement_report(stance_records(MATRIX), codebook=book(level))
    numbers = np.array([[np.nan if v is None else VALUES[v] for v in row] for row in MATRIX])
    expected = krippendorff.alpha(reliability_data=numbers, level_of_measurement=level)
    assert report.documents.krippendorff_alpha.value == pytest.approx(expected, abs=1e-12)
    assert report.documents.krippendorff_alpha.n == 6
    # nominal keeps them apart: "pro" and "strong-pro" then disagree
    nominal = agreement_report(stance_records(MATRIX), codebook=book(level), level="nominal")
    assert nominal.documents.krippendorff_alpha.value != pytest.approx(expected)


def test_alpha_u_on_a_continuum_of_zero_characters_is_undefined_with_its_n():
    # no document is coded by both coders: the continuum of shared documents has zero characters
    records = [span_record("d1", "first text", "ann", [(0, 5, "pro")]), span_record("d2", "second text", "bob", [(0, 6, "pro")])]
    spans = agreement_report(records).spans
    assert spans.n_characters == 0 and spans.n_documents == 0
    assert spans.alpha_u.value is None and spans.alpha_u.reason == "no text coded by every coder"
    assert spans.alpha_u.n == 0  # no unit lies on an empty continuum


def test_undefined_figures_carry_the_n_they_rest_on():
    # both coders chose the same single stance on 3 documents: κ and α are undefined, on N = 3
    records = stance_records([["pro", "pro", "pro"], ["pro", "pro", "pro"]])
    d = agreement_report(records).documents
    assert (d.fleiss_kappa.value, d.fleiss_kappa.n) == (None, 3)
    assert (d.krippendorff_alpha.value, d.krippendorff_alpha.n) == (None, 3)
    assert (d.pairwise[0].cohen_kappa.value, d.pairwise[0].cohen_kappa.n) == (None, 3)
    # coders who share no document: N = 0 throughout
    apart = agreement_report(stance_records([["pro", None], [None, "anti"]])).documents
    assert (apart.krippendorff_alpha.value, apart.krippendorff_alpha.n) == (None, 0)
    assert (apart.pairwise[0].cohen_kappa.value, apart.pairwise[0].cohen_kappa.n) == (None, 0)
    # spans marked by nobody: αu undefined on its units (0) though the continuum has characters
    silent = agreement_report([span_record("d", "some text", c, []) for c in ("ann", "bob")]).spans
    assert (silent.alpha_u.value, silent.alpha_u.n, silent.n_characters) == (None, 0, 9)
    assert (silent.f1_exact.value, silent.f1_exact.n) == (None, 0)
