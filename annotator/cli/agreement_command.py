"""`annotator agreement SOURCE`: inter-coder agreement of a project or a JSONL file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from annotator.core.errors import InputError
from annotator.core.locations import check_output_folder, is_server_url, project_location, redact

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
    p.add_argument("source", type=project_location, metavar="SOURCE",
                   help="project file, or an annotation file or folder in any format `import` reads")
    p.add_argument("--coders", type=_names, metavar="A,B,...", help="only these coders (default: all but gold)")
    p.add_argument("--coder", metavar="NAME", help="coder of annotation files that name none (e.g. doccano lines)")
    p.add_argument("--labels", type=_names, metavar="L1,L2,...", help="only spans with these labels")
    p.add_argument("--level", choices=LEVELS,
                   help="stance scale for α (default: the codebook's, else nominal); ordinal and interval read "
                   "the stance labels as numbers unless the codebook gives them values")
    p.add_argument("--bootstrap", type=_count, metavar="N",
                   help="bootstrap samples for the 95%% intervals (default 10,000, fewer on very large projects — "
                   "the report says so; 0: no intervals)")
    p.add_argument("--seed", type=int, default=0, metavar="N", help="seed of the bootstrap (default 0): the same "
                   "seed gives the same intervals")
    p.add_argument("--gamma", nargs="?", const=20, type=_count, metavar="N",
                   help="also Mathet et al.'s γ over at most N (default 20) documents every coder coded, seeded by "
                   "--seed (needs the optional extra: pip install 'annotator[gamma]')")
    printed = p.add_mutually_exclusive_group()  # each replaces the tables: asking for both is an argument error
    printed.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    printed.add_argument("--methods", action="store_true",
                   help="print the methods paragraph (design, figures with intervals and N, citations) and its BibTeX")
    p.add_argument("--html", type=Path, metavar="FILE",
                   help="write a self-contained HTML report to FILE (instead of printing the tables)")
    p.add_argument("--include-assisted", action="store_true",
                   help="also count documents coded with model suggestions (left out by default: they measure the model)")
    p.set_defaults(run=run_agreement)


def _names(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give at least one name, separated by commas")
    return names


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of samples (0 or more)")
    return value


def run_agreement(args: argparse.Namespace) -> int:
    from annotator.agreement.report import agreement_report
    from annotator.agreement.resampling import Bootstrap
    from annotator.operations.assistance import agreement_records, with_assistance_note
    from annotator.operations.sources import source_codebook, source_sample

    if not is_server_url(args.source) and not args.source.exists():
        raise InputError("no such file", path=str(args.source), hint="give a project file or a JSONL file")
    check_output_folder(args.html)
    records, assisted = agreement_records(args.source, coder=args.coder, include_assisted=args.include_assisted)
    bootstrap = None if args.bootstrap == 0 else Bootstrap(samples=args.bootstrap, seed=args.seed)
    design, reliability = source_sample(args.source)
    report = agreement_report(records, coders=args.coders, labels=args.labels, level=args.level,
                              codebook=source_codebook(args.source), bootstrap=bootstrap, design=design,
                              reliability=reliability, gamma_documents=args.gamma,
                              gamma_seed=args.seed)
    report = with_assistance_note(report, assisted, included=args.include_assisted)
    if args.html:
        write_html(report, args.html, title=f"Inter-coder agreement: {_name(args.source)}")
    if args.methods:
        from annotator.agreement.methods import methods_text

        sys.stdout.write(methods_text(report))
    elif args.json:
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


def _name(source: str | Path) -> str:
    return redact(str(source)) if is_server_url(source) else Path(source).name
