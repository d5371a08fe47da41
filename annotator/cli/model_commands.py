"""`annotator model train|evaluate|show|settings`: the stance model learnt from the gold standard."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from annotator.core.errors import InputError
from annotator.core.locations import check_output_folder


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    model = commands.add_parser(
        "model", help="train and evaluate the stance model that suggests spans",
        description="A sentence/clause span-label model and a document-stance model (TF-IDF word 1-2-grams and "
        "character 2-5-grams, class-balanced logistic regression), learnt from the gold standard. Documents are "
        "split as `annotator export --gold --split` splits them: test documents never train.")
    sub = model.add_subparsers(dest="model_command", metavar="ACTION", required=True)
    train = sub.add_parser("train", help="train on the gold (train and dev documents) and save the model in the project")
    evaluate = sub.add_parser("evaluate", help="held-out figures with baselines, intervals and a learning curve")
    for p in (train, evaluate):
        p.add_argument("project", type=Path)
        p.add_argument("--from-coders", action="store_true",
                       help="also learn from documents without gold: the spans and stance every coder agreed on")
        p.add_argument("--split", default="80/10/10", help="train/dev/test shares, as in the dataset export")
        p.add_argument("--seed", type=int, default=0, help="split seed, as in the dataset export")
    train.add_argument("--force", action="store_true",
                       help="train and save a model even on too little gold to test it (refused without it)")
    train.set_defaults(run=run_train)
    evaluate.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    evaluate.add_argument("--html", type=Path, metavar="FILE", help="also write an HTML report with the learning curve")
    evaluate.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples for the intervals")
    evaluate.add_argument("--curve", type=_percentages, default=(0.1, 0.2, 0.4, 0.8, 1.0), metavar="P1,P2,...",
                          help="learning-curve points, in percent of the training documents (default 10,20,40,80,100)")
    evaluate.set_defaults(run=run_evaluate)
    show = sub.add_parser("show", help="the models saved in the project, newest first, with their figures")
    show.add_argument("project", type=Path)
    show.set_defaults(run=run_show)
    settings = sub.add_parser("settings", help="the PI's switch: no suggestions in the double-coded reliability sample")
    settings.add_argument("project", type=Path)
    settings.add_argument("--reliability-sample", choices=("suggestions-off", "suggestions-allowed"),
                          help="whether coders may see suggestions on documents of the reliability sample")
    settings.set_defaults(run=run_settings)


def _ratios(text: str) -> tuple[float, float, float]:
    from annotator.operations.dataset import parse_split

    return parse_split(text)


def _percentages(text: str) -> tuple[float, ...]:
    try:
        points = tuple(float(x) / 100 for x in text.split(",") if x.strip())
    except ValueError:
        points = ()
    if not points or not all(0 < p <= 1 for p in points):
        raise argparse.ArgumentTypeError("give percentages between 0 and 100, separated by commas")
    return points


def _check(project: Path) -> None:
    if not project.exists():
        raise InputError("no such project file", path=str(project),
                         hint="check the path, or create it with `annotator import`")


def run_train(args: argparse.Namespace) -> int:
    from annotator.operations.model_report import figures_line
    from annotator.operations.model_training import train_project_model

    _check(args.project)
    result = train_project_model(args.project, from_coders=args.from_coders, ratios=_ratios(args.split), seed=args.seed,
                                 progress=lambda m: print(f"  {m}", file=sys.stderr), refuse_too_little=not args.force)
    meta = result.stored.meta
    print(f"model {result.stored.version} saved in {args.project} ({result.size / 1e6:.1f} MB): learnt from "
          f"{meta['train_documents']} document(s), {meta['train_units']} sentences and clauses ({meta['source']}).")
    print(figures_line(meta))
    return 0


def run_evaluate(args: argparse.Namespace) -> int:
    from annotator.io.exporters import atomic_output
    from annotator.operations.model_evaluation import evaluate_project
    from annotator.operations.model_report import evaluation_html, evaluation_json, evaluation_text

    _check(args.project)
    check_output_folder(args.html)
    ev = evaluate_project(args.project, from_coders=args.from_coders, ratios=_ratios(args.split), seed=args.seed,
                          resamples=args.resamples, curve=args.curve, progress=lambda m: print(f"  {m}", file=sys.stderr))
    if args.html:
        with atomic_output(args.html) as out:
            out.write(evaluation_html(ev, f"Model evaluation: {args.project.name}").encode("utf-8"))
    if args.json:
        sys.stdout.write(orjson.dumps(evaluation_json(ev), option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        sys.stdout.write(evaluation_text(ev))
        if args.html:
            print(f"HTML report written to {args.html}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from annotator.operations.model_report import figures_line
    from annotator.operations.projects import open_project
    from annotator.store.models import list_models

    _check(args.project)
    db = open_project(args.project, create=False)
    try:
        with db.read() as tx:
            found = list_models(tx)
    finally:
        db.close()
    if not found:
        print("no model yet: annotator model train PROJECT")
    for m in found:
        print(f"{m.version}  trained {m.created_at[:16]}  data {m.data_hash[:12]}  {m.meta.get('train_documents')} documents")
        print(f"  {figures_line(m.meta)}")
    return 0


def run_settings(args: argparse.Namespace) -> int:
    from annotator.operations.projects import open_project
    from annotator.store import suggestions

    _check(args.project)
    db = open_project(args.project, create=False)
    try:
        with db.transaction() as tx:
            if args.reliability_sample:
                suggestions.set_suggestions_off_in_reliability_sample(tx, args.reliability_sample == "suggestions-off")
            off = suggestions.suggestions_off_in_reliability_sample(tx)
    finally:
        db.close()
    print("suggestions are " + ("off" if off else "allowed") + " on documents of the reliability sample")
    return 0
