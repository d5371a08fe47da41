"""`annotator model evaluate`: the model against held-out gold, beside two baselines, with a learning curve.

Test documents are the dataset export's test split (same `--split` and `--seed`); they never train. A
model is trained here from the training documents (as `model train` would) and scored on them; the
stored model is not used, so an evaluation never depends on what was trained when.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from annotator.core.errors import Cancelled, InputError
from annotator.model.baselines import KeywordBaseline, MajorityBaseline
from annotator.model.evaluation import SystemScores, score_system, span_counts, stance_counts
from annotator.model.metrics import RESAMPLES, Estimate
from annotator.model.sentences import units
from annotator.model.stance_model import LabelledText, StanceModel
from annotator.model.training import train_model, training_units
from annotator.operations.model_data import DEFAULT_RATIOS, ModelData, model_data
from annotator.operations.projects import open_project

MIN_TRAIN_DOCUMENTS = 10
MIN_TEST_DOCUMENTS = 5
CURVE = (0.1, 0.2, 0.4, 0.8, 1.0)


@dataclass(frozen=True, slots=True)
class CurvePoint:
    fraction: float
    documents: int
    spans_exact: Estimate
    spans_overlap: Estimate
    stance: Estimate | None
    problem: str | None = None  # why no model could be trained on so few documents


@dataclass(frozen=True, slots=True)
class Evaluation:
    source: str
    split: str
    seed: int
    train_documents: int
    test_documents: int
    test_units: int
    span_labels: tuple[str, ...]
    stance_options: tuple[str, ...]
    too_little: str | None  # said instead of figures when there is too little gold
    systems: tuple[SystemScores, ...] = ()
    curve: tuple[CurvePoint, ...] = ()


def evaluate_project(path: Path, *, from_coders: bool = False, ratios: Sequence[float] = DEFAULT_RATIOS, seed: int = 0,
                     resamples: int = RESAMPLES, curve: Sequence[float] = CURVE,
                     progress: Callable[[str], None] | None = None,
                     cancelled: Callable[[], bool] = lambda: False) -> Evaluation:
    db = open_project(path, create=False)
    try:
        data = model_data(db, from_coders=from_coders, ratios=ratios, seed=seed)
    finally:
        db.close()
    return evaluate(data, ratios=ratios, seed=seed, resamples=resamples, curve=curve, progress=progress,
                    cancelled=cancelled)


def evaluate(data: ModelData, *, ratios: Sequence[float], seed: int, resamples: int = RESAMPLES,
             curve: Sequence[float] = CURVE, progress: Callable[[str], None] | None = None,
             cancelled: Callable[[], bool] = lambda: False) -> Evaluation:
    labels = tuple(x.name for x in data.codebook.span_labels)
    options = tuple(x.name for x in data.codebook.stance_options)
    train, test = [d for _h, d in data.train], [d for _h, d in data.test]
    base = Evaluation(data.source, "/".join(f"{r * 100:g}" for r in ratios), seed, len(train), len(test),
                      sum(len(units(d.text)) for d in test), labels, options, too_little(train, test))
    if base.too_little:
        return base

    def say(message: str) -> None:
        if cancelled():
            raise Cancelled("the evaluation was cancelled")
        if progress:
            progress(message)

    say("training on all training documents")
    model = train_model(train, labels, options, cancelled=cancelled)
    texts, unit_label = training_units(train)
    stanced = [d for d in train if d.stance]
    systems = (
        score_model("model", model, test, labels, options, resamples, seed),
        score_baseline("majority baseline", MajorityBaseline.fit(unit_label, [str(d.stance) for d in stanced]),
                       test, labels, options, resamples, seed),
        score_baseline("keyword baseline", KeywordBaseline.fit(texts, unit_label, [d.text for d in stanced],
                       [str(d.stance) for d in stanced], labels, options), test, labels, options, resamples, seed),
    )
    points = []
    for fraction in curve:
        say(f"learning curve: {fraction:.0%} of the training documents")
        points.append(curve_point(data, fraction, seed, labels, options, resamples, cancelled))
    return replace(base, systems=systems, curve=tuple(points))


def too_little(train: Sequence[LabelledText], test: Sequence[LabelledText]) -> str | None:
    """Why the gold cannot support an evaluation, in words; None when it can."""
    gold_spans = sum(len(d.spans) for d in test)
    if len(train) >= MIN_TRAIN_DOCUMENTS and len(test) >= MIN_TEST_DOCUMENTS and gold_spans > 0:
        return None
    return (f"Too little gold to say anything: {len(train)} training and {len(test)} test document(s), with "
            f"{gold_spans} gold span(s) in the test documents. An evaluation needs at least {MIN_TRAIN_DOCUMENTS} "
            f"training and {MIN_TEST_DOCUMENTS} test documents and some gold spans among them; with fewer, the "
            "95% intervals would run from near 0 to near 1. Adjudicate more documents (or add --from-coders).")


def score_model(name: str, model: StanceModel, test: Sequence[LabelledText], labels: Sequence[str],
                options: Sequence[str], resamples: int, seed: int) -> SystemScores:
    spans = [span_counts([(s.start, s.end, s.label) for s in model.suggest(d.text)], d.spans, labels, len(d.text))
             for d in test]
    stances = None
    if model.stance is not None:
        stances = [stance_counts(_stance_label(model, d.text), d.stance, options) for d in test if d.stance]
    return score_system(name, spans, stances, labels, options, resamples=resamples, seed=seed)


def _stance_label(model: StanceModel, text: str) -> str | None:
    found = model.document_stance(text)
    return found[0] if found is not None else None


def score_baseline(name: str, baseline: MajorityBaseline | KeywordBaseline, test: Sequence[LabelledText],
                   labels: Sequence[str], options: Sequence[str], resamples: int, seed: int) -> SystemScores:
    spans = []
    for d in test:
        found = units(d.text)
        predicted = baseline.label_units([d.text[s:e] for s, e in found])
        spans.append(span_counts([(s, e, x) for (s, e), x in zip(found, predicted, strict=True) if x],
                                 d.spans, labels, len(d.text)))
    stances = [stance_counts(baseline.document_stance(d.text), d.stance, options) for d in test if d.stance]
    return score_system(name, spans, stances, labels, options, resamples=resamples, seed=seed)


def curve_point(data: ModelData, fraction: float, seed: int, labels: Sequence[str], options: Sequence[str],
                resamples: int, cancelled: Callable[[], bool]) -> CurvePoint:
    """The model trained on the first `fraction` of the training documents in a seeded order (so each
    point's documents include the previous point's)."""
    order = sorted(data.train, key=lambda item: hashlib.sha256(f"curve:{seed}:{item[0]}".encode()).hexdigest())
    subset = [d for _h, d in order[:max(1, math.ceil(fraction * len(order)))]]
    test = [d for _h, d in data.test]
    try:
        model = train_model(subset, labels, options, cancelled=cancelled)
    except InputError as exc:
        undefined = Estimate(None, reason=exc.reason)
        return CurvePoint(fraction, len(subset), undefined, undefined, None, exc.reason)
    scored = score_model("model", model, test, labels, options, resamples, seed)
    return CurvePoint(fraction, len(subset), scored.spans_exact.macro_f1, scored.spans_overlap.macro_f1,
                      scored.stance.macro_f1 if scored.stance else None)


