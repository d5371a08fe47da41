"""`annotator handout` and `annotator merge`: coders work on their own copies, the PI merges them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.core.errors import InputError

# The store is imported by the functions that run a command (see annotator/cli/__init__.py).


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("handout", help="a copy of a project for one coder (documents, codebook, own work only)")
    p.add_argument("project", type=Path)
    p.add_argument("--coder", required=True, help="the coder the copy is for")
    p.add_argument("-o", "--output", type=Path, required=True, help="the new project file")
    p.add_argument("--new-coder", action="store_true",
                   help="hand every document out to a coder the stored assignment does not name (without it, such a "
                   "name is refused: a typo would get every document)")
    p.set_defaults(run=run_handout)

    p = commands.add_parser(
        "merge", help="bring coders' projects or canonical JSONL exports into a target project",
        description="Documents are matched by text, spans by id; a newer copy updates older work and its "
        "deletions are applied. Conflicts are reported, not guessed. The target is backed up first; the "
        "merge is one transaction.")
    p.add_argument("target", type=Path)
    p.add_argument("sources", type=Path, nargs="+", metavar="SOURCE")
    p.add_argument("--dry-run", action="store_true", help="show the report, change nothing")
    p.add_argument("--add-labels", action="store_true", help="add labels the target's codebook lacks")
    p.add_argument("--rename", action="append", default=[], metavar="OLD=NEW", help="merge coder OLD as NEW (repeatable)")
    p.add_argument("--create", action="store_true", help="create the target project if it does not exist "
                   "(without it, a target that does not exist is an error: a mistyped path is not a new project)")
    p.set_defaults(run=run_merge)


def run_handout(args: argparse.Namespace) -> int:
    from annotator.operations.merging import handout

    out = handout(args.project, args.coder, args.output, new_coder=args.new_coder)
    print(f"wrote {out} for {args.coder}")
    return 0


def run_merge(args: argparse.Namespace) -> int:
    from annotator.operations.merging import merge

    renames = {}
    for item in args.rename:
        old, sep, new = item.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise InputError(f"--rename {item!r} is not OLD=NEW")
        renames[old.strip()] = new.strip()
    report = merge(args.target, args.sources, dry_run=args.dry_run, add_labels=args.add_labels, coder_map=renames,
                   create=args.create)
    print(report.summary())
    if report.backup:
        print(f"backup of the target before the merge: {report.backup}")
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for conflict in report.conflicts:
        print(f"conflict: {conflict}", file=sys.stderr)
    return 1 if report.conflicts else 0
