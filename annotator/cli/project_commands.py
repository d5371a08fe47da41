"""`annotator import`, `annotator export` and `annotator stats`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.core.locations import check_output_folder, is_server_url, project_location
from annotator.io.export_names import SUFFIXES

# The store, the readers and the agreement measures are imported inside the functions that use them:
# `annotator --help` and each command's start stay quick (see annotator/cli/__init__.py).


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = commands.add_parser(
        "import",
        help="import articles and annotations into a project (created if missing)",
        description="Import articles (.txt, .html/.htm, .csv/.tsv, .jsonl; folders recursively) and annotations "
        "(canonical JSONL, doccano, Prodigy, Label Studio JSON/JSONL, brat .txt+.ann, INCEpTION's WebAnno TSV 3 "
        "and UIMA CAS JSON, CSV/TSV stance columns). The format is recognised by content. Each file imports whole "
        "or not at all; texts already in the project are skipped. Exit code 1 if any file failed, a file in a "
        "folder was passed by, or a file held annotations that were not imported (all listed).",
    )
    p.add_argument("project", type=project_location, help="project file (e.g. study.annotator) or server URL (postgresql://…)")
    p.add_argument("paths", type=Path, nargs="+", metavar="PATH", help="files or folders to import")
    p.add_argument("--coder", help="coder of annotations that do not name one (doccano, Prodigy, brat, INCEpTION, "
                   "CSV stance columns; default for brat: the folder's name, for INCEpTION: the file's name)")
    p.add_argument("--trust-offsets", action="store_true",
                   help="keep a span whose quoted text differs from the text at its offsets, taking its text from "
                   "the offsets (counted in the report)")
    p.add_argument("--text-column", metavar="NAME", help="CSV/TSV: the column holding the article (default: text)")
    p.add_argument("--stance-column", metavar="NAME", help="CSV/TSV: the column holding --coder's stance")
    p.add_argument("--add-labels", action="store_true", help="add labels missing from the codebook instead of failing")
    p.add_argument("--trim-boilerplate", action="store_true",
                   help="cut web boilerplate (subscription appeals, cookie notices, related stories) from .txt articles")
    p.add_argument("--max-file-size", type=int, default=None, metavar="MB",
                   help="refuse files larger than this many MB (default 2048): raise it for a larger file")
    p.set_defaults(run=run_import)

    p = commands.add_parser("export", help="export a project's documents and annotations",
                            description="Export to canonical JSONL (default), doccano, Prodigy/spaCy JSONL, Label "
                            "Studio, CSV (one row per span), CSV stances (one row per document and coder) or brat "
                            "standoff (a folder); with --gold, a train/dev/test dataset. The file appears only when "
                            "complete; the same project gives the same bytes.")
    p.add_argument("project", type=project_location)
    p.add_argument("-o", "--output", type=Path, help="output file (default: exports/<project><suffix>: .jsonl, "
                   + ", ".join(SUFFIXES[name] for name in sorted(SUFFIXES) if name not in ("jsonl", "brat"))
                   + "; brat: the folder exports/<project>-brat/)")
    p.add_argument("--format", choices=sorted(SUFFIXES), default="jsonl",
                   help="jsonl (canonical), doccano, prodigy, labelstudio, csv (one row per span), csv-stances (one "
                   "row per document and coder), brat (a folder: <coder>/<doc_id>.txt/.ann)")
    p.add_argument("--coder", action="append", dest="coders", metavar="NAME", help="only this coder (repeatable)")
    p.add_argument("--gold", action="store_true",
                   help="export the gold annotation as a dataset: train/dev/test.jsonl and README.md in the -o folder")
    p.add_argument("--split", default="80/10/10", help="with --gold: train/dev/test proportions (default 80/10/10)")
    p.add_argument("--seed", type=int, default=0, help="with --gold: seed of the split (default 0)")
    p.add_argument("--spacy", action="store_true", help="with --gold: also write spaCy DocBin files (.spacy)")
    p.set_defaults(run=run_export)

    p = commands.add_parser("stats", help="documents, coders, spans per coder and progress")
    p.add_argument("project", type=project_location)
    p.set_defaults(run=run_stats)


def run_import(args: argparse.Namespace) -> int:
    from annotator.io.formats.common import ReadOptions
    from annotator.operations.importing import DEFAULT_MAX_FILE_MB, import_paths
    from annotator.operations.projects import open_project
    from annotator.store import project_file

    # A project this command creates and then imports nothing into is removed again: nothing half-written
    # (a failed first import, or a mistyped project name, left an empty project file behind).
    if not is_server_url(args.project) and Path(args.project).is_dir():
        from annotator.core.errors import InputError

        raise InputError("is a folder, not a project file", path=str(args.project),
                         hint="the project comes first: annotator import PROJECT FILE_OR_FOLDER...")
    created = not is_server_url(args.project) and not Path(args.project).exists()
    db = open_project(args.project)
    outcomes: list = []
    removed = False
    try:
        options = ReadOptions(coder=args.coder, trust_offsets=args.trust_offsets, text_column=args.text_column,
                              stance_column=args.stance_column, trim_boilerplate=args.trim_boilerplate)
        outcomes = import_paths(db, args.paths, add_labels=args.add_labels, options=options,
                                max_file_mb=DEFAULT_MAX_FILE_MB if args.max_file_size is None else args.max_file_size)
    finally:
        db.close()
        if created and not any(o.ok and not o.passed for o in outcomes):
            project_file.remove(Path(args.project))
            removed = True
    code = _report_import(outcomes)
    if removed:
        print(f"annotator: {args.project} was not created: nothing was imported into it", file=sys.stderr)
    return code


def _report_import(outcomes: list) -> int:  # noqa: ANN001 (FileOutcome, imported lazily)
    """Each file's outcome, then the summary; the exit code (0: everything imported)."""
    for outcome in outcomes:
        if outcome.untried:
            continue  # listed together below
        if outcome.passed:
            stream = sys.stdout if outcome.ok else sys.stderr
            print(f"{outcome.path}: {outcome.describe()}", file=stream)
        elif outcome.ok:
            print(f"{outcome.path}: {outcome.describe()}")
        else:  # the error names the file (and line) itself
            print(f"annotator: error: {outcome.error}", file=sys.stderr)
    read = [o for o in outcomes if not o.passed]
    if not read:
        print("annotator: no importable files found", file=sys.stderr)
        return 1
    failed = sum(not o.ok for o in read)
    passed_by = sum(not o.ok for o in outcomes if o.passed)
    partial = sum(o.ok and not o.complete for o in read)
    stopped = next((o for o in read if o.stopped), None)
    if stopped is not None:
        print(_stopped_summary(stopped, read), file=sys.stderr)
    elif failed:
        print(f"annotator: {_failed_summary(failed, len(read))}", file=sys.stderr)
    if passed_by:
        print(f"annotator: {passed_by} file(s) in the folders were not imported (listed above)", file=sys.stderr)
    if partial:
        print(f"annotator: {partial} file(s) held annotations that were not imported (counted above)", file=sys.stderr)
    return 1 if failed or passed_by or partial else 0


def _failed_summary(failed: int, tried: int) -> str:
    if tried == 1:
        return "the file failed: nothing from it was imported"
    if failed == tried:
        return f"all {tried} files failed: nothing was imported"
    others = "the other file was" if tried - failed == 1 else f"the other {tried - failed} were"
    return f"{failed} of {tried} files failed; {others} imported"


def _stopped_summary(stopped, read: list) -> str:  # noqa: ANN001 (FileOutcome, imported lazily)
    """A fault of the project stopped the import: which files were done, and which not tried."""
    done = [o for o in read if o.ok]
    untried = [o for o in read if o.untried]
    lines = [f"annotator: the import stopped at {stopped.path}: the project could not be written (above)."]
    lines.append(f"  imported before it ({len(done)}): " + (", ".join(str(o.path) for o in done) or "none"))
    if untried:
        lines.append(f"  not tried ({len(untried)}): " + ", ".join(str(o.path) for o in untried))
    lines.append("  Run the same import again once the project can be written: files already imported change nothing.")
    return "\n".join(lines)


def run_export(args: argparse.Namespace) -> int:
    if args.gold:
        return run_dataset_export(args)
    from annotator.operations.exporting import export_project
    from annotator.operations.projects import open_project

    check_output_folder(args.output)
    db = open_project(args.project, create=False)
    try:
        result = export_project(db, args.output, fmt=args.format, coders=args.coders)
    finally:
        db.close()
    unit = {"csv": "rows", "csv-stances": "rows", "brat": ".ann files", "labelstudio": "tasks"}.get(result.format, "lines")
    print(f"wrote {result.count} {unit} to {result.path}")
    if result.format == "csv" and result.count == 0:
        print("(no spans: the coders' stances are in --format csv-stances)")
    return 0


def run_dataset_export(args: argparse.Namespace) -> int:
    from annotator.operations.dataset import export_dataset, parse_split
    from annotator.operations.exporting import DEFAULT_EXPORT_DIR
    from annotator.operations.projects import open_project

    ratios = parse_split(args.split)
    check_output_folder(args.output)
    db = open_project(args.project, create=False)
    folder = args.output or DEFAULT_EXPORT_DIR / f"{db.path.stem}-dataset"  # a server project's: its database name
    try:
        result = export_dataset(db, folder, ratios=ratios, seed=args.seed, spacy=args.spacy)
    finally:
        db.close()
    counts = ", ".join(f"{name} {n}" for name, n in result.documents.items())
    print(f"wrote the gold dataset to {folder}: {counts} document(s)")
    for item in result.misaligned:
        print(f"spaCy: span not aligned to tokens, left out of the .spacy file: {item}", file=sys.stderr)
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from annotator.operations.projects import open_project
    from annotator.store.stats import project_stats

    db = open_project(args.project, create=False)
    try:
        with db.read() as tx:
            stats = project_stats(tx)
    finally:
        db.close()
    print(f"documents: {stats.documents}")
    print(f"spans:     {stats.spans}")
    print(f"coders:    {len(stats.coders)}")
    if stats.coders:
        width = max(len(c.name) for c in stats.coders)
        print(f"  {'coder':<{width}}  {'spans':>7}  {'done':>11}  {'in progress':>11}")
        for c in stats.coders:
            share = f"{c.done}/{stats.documents}"
            print(f"  {c.name:<{width}}  {c.spans:>7}  {share:>11}  {c.in_progress:>11}")
    return 0
