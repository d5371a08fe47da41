"""`annotator adjudicate`: accept what coders agree on into gold and list the passages that need a decision."""

from __future__ import annotations

import argparse

from annotator.core.locations import project_location

# The store is imported by the function that runs the command (see annotator/cli/__init__.py).


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser("adjudicate", help="build the gold annotation: accept agreed spans, list disagreements",
                            description="Only documents at least two coders marked done are adjudicated. With --auto, "
                            "spans every coder gave identically (same start, end, label) and agreed document stances "
                            "are copied to the coder 'gold' with their provenance.")
    p.add_argument("project", type=project_location)
    p.add_argument("--auto", action="store_true", help="accept unanimous spans and agreed stances into gold")
    p.add_argument("--majority", action="store_true", help="with --auto: accept majority spans too")
    p.add_argument("--coders", help="comma-separated coders to consider (default: all)")
    p.set_defaults(run=run_adjudicate)


def run_adjudicate(args: argparse.Namespace) -> int:
    from annotator.operations.adjudication import auto_accept, documents_for_adjudication
    from annotator.operations.projects import open_project

    coders = [c.strip() for c in args.coders.split(",")] if args.coders else None
    db = open_project(args.project, create=False)
    try:
        if args.auto:
            done = auto_accept(db, coders=coders, majority=args.majority)
            print(f"gold: {done.spans_added} span(s) accepted and {done.stances_set} stance(s) set "
                  f"over {done.documents} document(s)")
        for doc in documents_for_adjudication(db, coders):
            title = doc.meta.get("title") or doc.doc_id
            print(f"{doc.doc_id}  {title[:60]}: {len(doc.disagreements)} disagreement(s) among {', '.join(doc.coders)}")
            for d in doc.disagreements:
                who = "; ".join(f"{c.label} by {', '.join(c.coders)} ({c.start}-{c.end})" for c in d.candidates)
                print(f"    {d.start}-{d.end} {doc.text[d.start:d.end][:60]!r}: {who}")
    finally:
        db.close()
    return 0
