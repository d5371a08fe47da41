"""`annotator agreement SOURCE`: inter-coder agreement of a project or a JSONL file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from annotator.core.errors import InputError

if TYPE_CHECKING:
    from annotator.agreement.report import AgreementReport

LEVELS = ("nominal", "ordinal", "interval")


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser(
        "agreement",
        help="inter-coder agreement of a project or a JSONL file",
        description="Agreement on the document stance (percent agreement, Cohen's κ per pair with confusion "
        "matrices, Fleiss' κ, Krippendorff's α) and on spans (Krippendorff's αu per label and overall, pairwise "
        "span F1 exact and overlap, holder agreement). SOURCE is a project (only documents a coder marked done "
        "count) or a JSONL file (canonical, doccano or Prodigy lines; every record counts).",
    )
    p.add_argument("source", type=Path, metavar="SOURCE",
                   help="project file, or an annotation file or folder in any format `import` reads")
    p.add_argument("--coders", type=_names, metavar="A,B,...", help="only these coders (default: all but gold)")
    p.add_argument("--coder", metavar="NAME", help="coder of annotation files that name none (e.g. doccano lines)")
    p.add_argument("--labels", type=_names, metavar="L1,L2,...", help="only spans with these labels")
    p.add_argument("--level", choices=LEVELS,
                   help="stance scale for α (default: the codebook's, else nominal); ordinal and interval read "
                   "the stance labels as numbers unless the codebook gives them values")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    p.add_argument("--html", type=Path, metavar="FILE",
                   help="write a self-contained HTML report to FILE (instead of printing the tables)")
    p.set_defaults(run=run_agreement)


def _names(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give at least one name, separated by commas")
    return names


def run_agreement(args: argparse.Namespace) -> int:
    from annotator.agreement.report import agreement_report
    from annotator.operations.sources import iter_source_records, source_codebook

    if not args.source.exists():
        raise InputError("no such file", path=str(args.source), hint="give a project file or a JSONL file")
    records = iter_source_records(args.source, coder=args.coder)
    report = agreement_report(records, coders=args.coders, labels=args.labels, level=args.level,
                              codebook=source_codebook(args.source))
    if args.html:
        write_html(report, args.html, title=f"Inter-coder agreement: {args.source.name}")
    if args.json:
        from annotator.agreement.serialize import report_json

        sys.stdout.write(orjson.dumps(report_json(report), option=orjson.OPT_INDENT_2).decode() + "\n")
    elif args.html:  # the report is in the file: the terminal says only where
        print(f"HTML report written to {args.html}")
    else:
        from annotator.agreement.table import report_text

        sys.stdout.write(report_text(report))
    return 0


def write_html(report: AgreementReport, path: Path, *, title: str) -> None:
    """Write the HTML report so that the file appears only when complete (temp file + rename)."""
    from annotator.agreement.html import report_html
    from annotator.io.exporters import atomic_output

    with atomic_output(path) as out:
        out.write(report_html(report, title=title).encode("utf-8"))
