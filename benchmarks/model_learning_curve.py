"""The stance model's learning curve on a public English stance dataset: SemEval-2016 Task 6, subtask A.

    .venv/bin/python benchmarks/model_learning_curve.py [--resamples 2000] [--json]

Data: benchmarks/data/semeval2016_task6/<target>/ (see its README.md for the source): tweets with their
stance towards a target (0 none, 1 against, 2 favor). The official training data (TweetEval's train +
val) trains, the official test data tests. As in the task's baselines, one classifier per target; the
test predictions of all targets are pooled for the figures.

The classifier is exactly the app's document-stance model (annotator.model.classifier: word 1-2-gram +
character 2-5-gram TF-IDF, class-balanced logistic regression), trained on 10, 20, 40, 80 and 100% of
each target's training tweets (a seeded order, so each point's tweets include the previous point's).
Figures: the task's official F_avg (the mean of F1 for FAVOR and F1 for AGAINST; NONE counts only as
a miss) and macro-F1 over the three classes, each with a 95% bootstrap interval over test tweets;
beside them the majority-class and keyword baselines (annotator.model.baselines) on 100%.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path

import numpy as np

from annotator.model.baselines import KeywordBaseline, MajorityBaseline
from annotator.model.classifier import train_classifier
from annotator.model.evaluation import stance_counts
from annotator.model.metrics import Estimate, scores

DATA = Path(__file__).resolve().parent / "data" / "semeval2016_task6"
NAMES = {"0": "none", "1": "against", "2": "favor"}
OPTIONS = ("favor", "against", "none")
CURVE = (0.1, 0.2, 0.4, 0.8, 1.0)


def read(folder: Path, split: str) -> list[tuple[str, str]]:
    texts = (folder / f"{split}_text.txt").read_text(encoding="utf-8").splitlines()
    labels = (folder / f"{split}_labels.txt").read_text(encoding="utf-8").split()
    if len(texts) != len(labels):
        sys.exit(f"{folder.name}/{split}: {len(texts)} tweets but {len(labels)} labels")
    return [(t.strip(), NAMES[x]) for t, x in zip(texts, labels, strict=True)]


def targets() -> dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]]:
    found = {}
    for folder in sorted(p for p in DATA.iterdir() if p.is_dir()):
        train = read(folder, "train") + (read(folder, "val") if (folder / "val_text.txt").exists() else [])
        found[folder.name] = (train, read(folder, "test"))
    return found


def subset(train: list[tuple[str, str]], fraction: float, seed: int) -> list[tuple[str, str]]:
    order = sorted(train, key=lambda item: hashlib.sha256(f"{seed}:{item[0]}".encode()).hexdigest())
    return order[:max(2, math.ceil(fraction * len(order)))]


def figures(pairs: list[tuple[str | None, str]], resamples: int) -> dict[str, Estimate]:
    counts = np.stack([stance_counts(p, g, OPTIONS) for p, g in pairs])
    return {"F_avg": scores(counts[:, :2], OPTIONS[:2], resamples=resamples).macro_f1,
            "macro-F1": scores(counts, OPTIONS, resamples=resamples).macro_f1}


def run(resamples: int, seed: int) -> dict:
    data = targets()
    result: dict = {"targets": {k: {"train": len(v[0]), "test": len(v[1])} for k, v in data.items()}, "curve": []}
    for fraction in CURVE:
        pairs = []
        for train, test in data.values():
            part = subset(train, fraction, seed)
            model = train_classifier([t for t, _ in part], [x for _, x in part])
            predicted, _ = model.predict([t for t, _ in test])
            pairs += list(zip(predicted, [x for _, x in test], strict=True))
        n = sum(len(subset(train, fraction, seed)) for train, _ in data.values())
        result["curve"].append({"fraction": fraction, "tweets": n, **figures(pairs, resamples)})
    baselines = {}
    for name in ("majority", "keyword"):
        pairs = []
        for train, test in data.values():
            texts, labels = [t for t, _ in train], [x for _, x in train]
            if name == "majority":
                baseline = MajorityBaseline.fit([], labels)
            else:
                baseline = KeywordBaseline.fit([], [], texts, labels, [], ["favor", "against"])
            pairs += [(baseline.document_stance(t), x) for t, x in test]
        baselines[name] = figures(pairs, resamples)
    result["baselines"] = baselines
    return result


def fmt(e: Estimate) -> str:
    return f"{e.value:.3f} [{e.low:.3f}, {e.high:.3f}]" if e.value is not None else f"undefined ({e.reason})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resamples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.resamples, args.seed)
    print("targets: " + ", ".join(f"{k} ({v['train']} train / {v['test']} test tweets)" for k, v in result["targets"].items()))
    print("| training tweets | share | F_avg [95% CI] | macro-F1 [95% CI] |\n|---|---|---|---|")
    for p in result["curve"]:
        print(f"| {p['tweets']} | {p['fraction']:.0%} | {fmt(p['F_avg'])} | {fmt(p['macro-F1'])} |")
    for name, f in result["baselines"].items():
        print(f"| {name} baseline | 100% | {fmt(f['F_avg'])} | {fmt(f['macro-F1'])} |")
    if args.json:
        print(json.dumps(result, default=lambda e: e.__dict__ if hasattr(e, "__dict__") else
                         {s: getattr(e, s) for s in e.__slots__}))


if __name__ == "__main__":
    main()
