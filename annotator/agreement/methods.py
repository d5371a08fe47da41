"""The methods paragraph: the report's design and figures in plain academic English, with a BibTeX block.

Every number in it is the report's, formatted by the same function the text report uses (`fmt`), so
the paragraph quotes exactly what the report shows (a test holds it to that). Figures without a value
are named with their reason; nothing is said that the numbers do not support (no adjectives such as
"good" or "acceptable": the reader compares the figures with their own α_min).
"""

from __future__ import annotations

from annotator.agreement.continuum import PAIRWISE_NAME
from annotator.agreement.figures import Figure
from annotator.agreement.report import (
    AgreementReport,
    DocumentAgreement,
    SpanAgreement,
    undefined_figures,
)

BIBTEX = {
    "hayes2007": """@article{hayes2007,
  author = {Hayes, Andrew F. and Krippendorff, Klaus},
  title = {Answering the Call for a Standard Reliability Measure for Coding Data},
  journal = {Communication Methods and Measures}, volume = {1}, number = {1}, pages = {77--89}, year = {2007},
  doi = {10.1080/19312450709336664}}""",
    "krippendorff2011": """@techreport{krippendorff2011,
  author = {Krippendorff, Klaus}, title = {Computing {Krippendorff's} Alpha-Reliability},
  institution = {Annenberg School for Communication, University of Pennsylvania}, type = {Departmental Papers},
  number = {43}, year = {2011}}""",
    "krippendorff1995": """@article{krippendorff1995,
  author = {Krippendorff, Klaus}, title = {On the Reliability of Unitizing Continuous Data},
  journal = {Sociological Methodology}, volume = {25}, pages = {47--76}, year = {1995}, doi = {10.2307/271061}}""",
    "krippendorff2004": """@book{krippendorff2004,
  author = {Krippendorff, Klaus}, title = {Content Analysis: An Introduction to Its Methodology},
  edition = {2}, publisher = {Sage}, address = {Thousand Oaks, CA}, year = {2004}}""",
    "krippendorff2013": """@book{krippendorff2013,
  author = {Krippendorff, Klaus}, title = {Content Analysis: An Introduction to Its Methodology},
  edition = {3}, publisher = {Sage}, address = {Thousand Oaks, CA}, year = {2013}}""",
    "gwet2014": """@book{gwet2014,
  author = {Gwet, Kilem L.}, title = {Handbook of Inter-Rater Reliability}, edition = {4},
  publisher = {Advanced Analytics}, address = {Gaithersburg, MD}, year = {2014}}""",
    "fleiss1971": """@article{fleiss1971,
  author = {Fleiss, Joseph L.}, title = {Measuring Nominal Scale Agreement among Many Raters},
  journal = {Psychological Bulletin}, volume = {76}, number = {5}, pages = {378--382}, year = {1971},
  doi = {10.1037/h0031619}}""",
    "cohen1960": """@article{cohen1960,
  author = {Cohen, Jacob}, title = {A Coefficient of Agreement for Nominal Scales},
  journal = {Educational and Psychological Measurement}, volume = {20}, number = {1}, pages = {37--46},
  year = {1960}, doi = {10.1177/001316446002000104}}""",
    "efron1993": """@book{efron1993,
  author = {Efron, Bradley and Tibshirani, Robert J.}, title = {An Introduction to the Bootstrap},
  publisher = {Chapman \\& Hall}, address = {New York}, year = {1993}}""",
    "bloch1989": """@article{bloch1989,
  author = {Bloch, Daniel A. and Kraemer, Helena Chmura},
  title = {2 x 2 Kappa Coefficients: Measures of Agreement or Association},
  journal = {Biometrics}, volume = {45}, number = {1}, pages = {269--287}, year = {1989}, doi = {10.2307/2532052}}""",
}


def fmt(figure: Figure) -> str:
    """A figure as the report prints it: three decimals, and its interval in brackets."""
    if figure.value is None:
        return "undefined (reason below)"
    text = f"{figure.value:.3f}"
    if figure.interval is not None:
        text += f", 95% CI [{figure.interval.low:.3f}, {figure.interval.high:.3f}]"
    return text


def count(n: int, noun: str) -> str:
    """'1 document', '2 documents'."""
    return f"{n:,} {noun if n == 1 else noun + 's'}"


def methods_text(report: AgreementReport) -> str:
    """The paragraph, then a blank line and the BibTeX entries it cites."""
    sentences = [*_design(report), *_stance(report.documents), *_spans(report.spans), *_intervals(report),
                 *_undefined(report)]
    return " ".join(sentences) + "\n\n" + "\n\n".join(BIBTEX[key] for key in _cited(report)) + "\n"


def _design(report: AgreementReport) -> list[str]:
    coders = report.coders
    out = [f"{count(len(coders), 'coder')} ({', '.join(coders)}) coded the documents independently."]
    sample = report.sample
    if sample is not None and sample.design is not None:
        d = sample.design
        how = f"a random sample stratified by {d['stratify']} with proportional allocation" if d.get("stratify") \
            else "a simple random sample"
        out.append(f"Reliability was assessed on {how} of {d['reliability_documents']:,} of the {d['documents']:,} "
                   f"documents ({d['reliability_documents'] / max(d['documents'], 1):.0%}; seed {d['seed']}) that "
                   "every coder coded.")
        if sample.outside:
            out.append(f"{count(sample.outside, 'further document')} coded by two or more coders outside that sample "
                       f"{'enters' if sample.outside == 1 else 'enter'} the figures below.")
    elif sample is not None:
        out.append(f"Reliability was assessed on the {count(sample.resting, 'document')} that two or more coders "
                   "coded (not a sample drawn for the purpose).")
    if sample is not None and sample.minimum:
        mins = " and ".join(f"{n:,} for α_min = {a:.3f}" for a, n in sample.minimum)
        out.append(f"These hold {sample.values:,} pairable stance values; Krippendorff's (2013, ch. 12; after Bloch "
                   f"& Kraemer, 1989) minimum at p = .05, with the least frequent category at p_c = "
                   f"{sample.least_share:.3f}, is {mins}.")
    return out


def _stance(d: DocumentAgreement) -> list[str]:
    if d.n_units == 0:
        return []
    out = [f"Agreement on the document stance ({d.level} scale, N = {count(d.n_units, 'document')} with a stance from "
           f"two or more coders) was Krippendorff's α = {fmt(d.krippendorff_alpha)} (Krippendorff, 2011)"]
    q = d.krippendorff_alpha.interval.q_below if d.krippendorff_alpha.interval else ()
    if q:
        out[-1] += " (the probability of failing to reach α_min: " + ", ".join(
            f"q = {p:.3f} for α_min = {a:.3f}" for a, p in q) + ")"
    out[-1] += (f"; Fleiss' κ in Gwet's (2014) form for varying numbers of coders = {fmt(d.fleiss_kappa)} "
                f"(Fleiss, 1971); percent agreement = {fmt(d.percent_agreement)}.")
    kappas = [(kappa, p) for p in d.pairwise if (kappa := p.cohen_kappa.value) is not None]
    if len(kappas) == 1:  # one pair: a range "from x to x" would say nothing more
        p = kappas[0][1]
        out.append(f"Cohen's (1960) κ of {' and '.join(p.coders)} was {fmt(p.cohen_kappa)} (N = {p.n:,}).")
    elif kappas:
        low, high = min(kappas, key=lambda k: k[0])[1], max(kappas, key=lambda k: k[0])[1]
        out.append(f"Cohen's (1960) κ per coder pair ranged from {fmt(low.cohen_kappa)} ({' and '.join(low.coders)}, "
                   f"N = {low.n:,}) to {fmt(high.cohen_kappa)} ({' and '.join(high.coders)}, N = {high.n:,}).")
    return out


def _spans(s: SpanAgreement) -> list[str]:
    out = []
    if s.alpha_u.value is not None:
        labels = "; ".join(f"{k}: {fmt(f)}" for k, f in s.alpha_u_by_label.items() if f.value is not None)
        out.append(f"Agreement on the passages marked (unitizing), over the {count(s.n_documents, 'document')} every "
                   f"coder coded ({s.n_characters:,} characters, {s.n_units:,} units), was Krippendorff's αu = "
                   f"{fmt(s.alpha_u)} (Krippendorff, 1995, 2004){f' ({labels})' if labels else ''}.")
    if s.pairwise_alpha_u and s.alpha_u_pairwise.value is not None:
        out.append(f"Over the documents each pair of coders shared, the {PAIRWISE_NAME} was {fmt(s.alpha_u_pairwise)} "
                   f"(N = {s.alpha_u_pairwise.n} pairs).")
    if s.f1_overlap.value is not None or s.f1_exact.value is not None:
        out.append(f"Span F1, the mean over coder pairs, was {fmt(s.f1_exact)} for identical spans and "
                   f"{fmt(s.f1_overlap)} for overlapping spans of the same label.")
    if s.holder.value is not None:
        out.append(f"The share of overlapping same-label span pairs whose coders named the same holder was "
                   f"{fmt(s.holder)} (N = {s.holder.n:,} pairs).")
    return out


def _intervals(report: AgreementReport) -> list[str]:
    r = report.resampling
    d, s = report.documents, report.spans
    shown = (d.krippendorff_alpha, d.fleiss_kappa, d.percent_agreement, s.alpha_u, s.alpha_u_pairwise, s.f1_exact,
             s.f1_overlap, s.holder, *(p.cohen_kappa for p in d.pairwise))
    if r is None or not any(f.interval is not None for f in shown):
        return []
    return [f"Confidence intervals are {r.confidence:.0%} percentile bootstrap intervals ({r.samples:,} samples, "
            f"seed {r.seed}; Efron & Tibshirani, 1993): for α by resampling pairable values (Hayes & Krippendorff, "
            f"2007), for all other figures by resampling the {count(r.documents, 'coded document')}."]


def _undefined(report: AgreementReport) -> list[str]:
    """The figures without a value, each with its reason, in one sentence."""
    named = undefined_figures(report.documents, report.spans)
    if not named:
        return []
    return [f"{'This figure is' if len(named) == 1 else 'These figures are'} undefined: "
            + "; ".join(f"{name} ({reason})" for name, reason in named) + "."]


def _cited(report: AgreementReport) -> list[str]:
    keys = ["krippendorff2011", "gwet2014", "fleiss1971", "cohen1960", "krippendorff1995", "krippendorff2004"]
    if report.sample is not None and report.sample.minimum:
        keys += ["krippendorff2013", "bloch1989"]
    if report.resampling is not None:
        keys += ["hayes2007", "efron1993"]
    return keys
