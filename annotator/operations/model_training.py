"""`annotator model train`: learn from the project's gold (train and dev documents), score on its test
documents, and save the model in the project with its version, data hash, date and figures."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.core.errors import InputError
from annotator.core.suggestions import StoredModel
from annotator.model import classifier
from annotator.model.metrics import RESAMPLES, Estimate, Scores
from annotator.model.storage import FORMAT, model_bytes
from annotator.model.training import train_model, training_units
from annotator.operations.model_data import DEFAULT_RATIOS, model_data
from annotator.operations.model_evaluation import (
    MIN_TEST_DOCUMENTS,
    MIN_TRAIN_DOCUMENTS,
    score_model,
    too_little,
)
from annotator.operations.projects import open_project
from annotator.store import models


@dataclass(frozen=True, slots=True)
class TrainResult:
    stored: StoredModel
    size: int  # bytes of the saved model


def train_project_model(path: Path, *, from_coders: bool = False, ratios: Sequence[float] = DEFAULT_RATIOS,
                        seed: int = 0, progress: Callable[[str], None] | None = None,
                        cancelled: Callable[[], bool] = lambda: False, refuse_too_little: bool = False) -> TrainResult:
    """Train on the project's training documents and store the model (one transaction, at the end:
    a cancelled or failed run leaves the project as it was). With `refuse_too_little` (the CLI
    without --force), gold too small to test the model on is an error before any training."""
    db = open_project(path, create=False)
    try:
        data = model_data(db, from_coders=from_coders, ratios=ratios, seed=seed)
        train, test = [d for _h, d in data.train], [d for _h, d in data.test]
        if not train:
            raise InputError("there is no gold to learn from: no training document has a gold annotation",
                             hint="adjudicate first, or add --from-coders to learn from what coders agree on")
        problem = too_little(train, test)
        if problem and refuse_too_little:
            spans = sum(len(d.spans) for d in test)
            raise InputError(f"too little gold to train and test a model: {len(train)} training and {len(test)} test "
                             f"document(s), with {spans} gold span(s) in the test documents. It needs at least "
                             f"{MIN_TRAIN_DOCUMENTS} training and {MIN_TEST_DOCUMENTS} test documents with gold spans: "
                             f"about {documents_needed(ratios)} adjudicated documents with the "
                             f"{'/'.join(f'{r * 100:g}' for r in ratios)} split",
                             hint="adjudicate more documents, add --from-coders, or pass --force to train anyway")
        labels = tuple(x.name for x in data.codebook.span_labels)
        options = tuple(x.name for x in data.codebook.stance_options)
        model = train_model(train, labels, options, progress=progress, cancelled=cancelled)
        params = {"format": FORMAT, "split": list(ratios), "seed": seed, "source": data.source,
                  "C": classifier.C, "min_df": classifier.MIN_DF, "tol": classifier.TOL}
        _texts, unit_label = training_units(train)
        meta: dict[str, Any] = {
            **params, "span_labels": list(labels), "stance_options": list(options),
            "train_documents": len(train), "test_documents": len(test), "train_units": len(unit_label),
            "unit_labels": dict(Counter(unit_label)), "stance_classifier": model.stance is not None,
            "features": model.span.n_features,
            "figures": {"too_little": problem} if problem else figures(score_model(
                "model", model, test, labels, options, RESAMPLES, seed)),
        }
        data_bytes = model_bytes(model)
        with db.transaction() as tx:
            stored = models.save_model(tx, data.data_hash(params), meta, data_bytes)
        return TrainResult(stored, len(data_bytes))
    finally:
        db.close()


def documents_needed(ratios: Sequence[float]) -> int:
    """Adjudicated documents that give, in expectation, the training and test documents an evaluation
    needs (the split is by text hash: the shares hold on average)."""
    train_share, test_share = ratios[0] + ratios[1], ratios[2]
    return max(math.ceil(MIN_TRAIN_DOCUMENTS / train_share) if train_share else 0,
               math.ceil(MIN_TEST_DOCUMENTS / test_share) if test_share else 0)


def figures(scored: Any) -> dict[str, Any]:
    """The test figures kept with a model: macro-F1 (with interval) for spans and stance."""
    def summary(s: Scores | None) -> dict[str, Any] | None:
        return None if s is None else {"macro_f1": _estimate(s.macro_f1), "documents": s.n_documents}

    return {"spans_exact": summary(scored.spans_exact), "spans_overlap": summary(scored.spans_overlap),
            "stance": summary(scored.stance)}


def _estimate(e: Estimate) -> dict[str, Any]:
    return {"value": e.value, "low": e.low, "high": e.high, "reason": e.reason}
