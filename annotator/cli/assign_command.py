"""`annotator assign PROJECT --coders a,b,c --overlap 0.2 [--stratify outlet] --seed N`."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser(
        "assign",
        help="draw the reliability sample every coder codes and split the rest among coders",
        description="Draws which documents every coder codes (the reliability sample: a share --overlap of the "
        "documents, a simple random sample or, with --stratify, stratified with proportional allocation) and "
        "deals the other documents out to the coders in turn. The same project, coders, overlap and seed always "
        "give the same assignment. It is stored in the project: hand-outs carry only a coder's documents, the "
        "app lists only them, and the agreement report states how the sample was drawn. Running it again "
        "replaces the earlier assignment.",
    )
    p.add_argument("project", type=Path, metavar="PROJECT", help="project file")
    p.add_argument("--coders", type=_names, required=True, metavar="A,B,...", help="the coders (two or more)")
    p.add_argument("--overlap", type=float, default=0.2, metavar="SHARE",
                   help="share of the documents in the reliability sample (default 0.2)")
    p.add_argument("--stratify", metavar="FIELD",
                   help="draw the sample within strata of a document field: outlet, date, language or a metadata key")
    p.add_argument("--seed", type=int, default=0, metavar="N", help="seed of the draw (default 0)")
    p.set_defaults(run=run_assign)


def _names(text: str) -> list[str]:
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give at least two names, separated by commas")
    return names


def run_assign(args: argparse.Namespace) -> int:
    from annotator.core.errors import InputError
    from annotator.operations.assigning import assign

    if not args.project.exists():
        raise InputError("no such project file", path=str(args.project), hint="create it with `annotator import`")
    result = assign(args.project, args.coders, overlap=args.overlap, stratify=args.stratify, seed=args.seed)
    print(result.describe())
    return 0
