"""Inter-coder agreement: pure functions over CodingRecords (numpy and the `krippendorff` package).

The API the CLI and the GUI use:
    agreement_report(records, coders=None, labels=None, level=None, codebook=None) -> AgreementReport
    disagreements(records, coders=None, labels=None) -> list[Disagreement]
    report_text(report), report_json(report), report_html(report, title=...)
Each module's docstring says which measure it computes, from which definition, and which parts come
from a library.
"""

from annotator.agreement.disagreements import CoderPassage, Disagreement, disagreements
from annotator.agreement.figures import Figure
from annotator.agreement.html import report_html
from annotator.agreement.report import AgreementReport, agreement_report
from annotator.agreement.serialize import report_json
from annotator.agreement.table import report_text

__all__ = ["AgreementReport", "CoderPassage", "Disagreement", "Figure", "agreement_report", "disagreements",
           "report_html", "report_json", "report_text"]
