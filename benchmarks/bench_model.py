"""Times training the stance model, suggesting spans for one article, and weighs the saved model.

    .venv/bin/python benchmarks/bench_model.py                  # 10,000 sentences, a 5,000-word article
    .venv/bin/python benchmarks/bench_model.py --sentences 2000 --runs 3

Input: synthetic.py's word lists (English, Russian, Belarusian, emoji and combining marks) made into
documents of 10 sentences each; a sentence carries a label when two of its words are cues of it (as a
coder's gold span over it), so the model has something to learn. Each timed row is paired with a raw
scikit-learn baseline run next to it (same texts, same load):

- training: ours (`train_model`: cutting units, word TF-IDF by scikit-learn, character 2-5-grams counted
  with numpy, logistic regression) against a plain scikit-learn pipeline on the same unit texts
  (`TfidfVectorizer` word 1-2 + char 2-5, `LogisticRegression` class-balanced, its default tol);
- suggestions for one 5,000-word article (the model already read, as the app caches it): ours
  (`StanceModel.suggest`: sentence units, numpy features, softmax) against the scikit-learn pipeline's
  `predict_proba` on the same units; reading the model from its bytes is timed too (once per version);
- size: the saved model's bytes (goal: 10 MB).
"""

from __future__ import annotations

import argparse
import random
import time

import synthetic
from paired import Row, emit, paired

from annotator.model.sentences import units
from annotator.model.stance_model import LabelledText
from annotator.model.storage import model_bytes, model_from_bytes
from annotator.model.training import train_model, training_units

LABELS = ("pro-engagement", "pro-isolation", "ambivalent")
STANCES = (*LABELS, "no-stance")
CUES = {label: [w for w in synthetic._EN[i::7]] + [w for w in synthetic._RU[i::9]] for i, label in enumerate(LABELS)}


def sentence(rng: random.Random, label: str | None) -> str:
    words = [rng.choice(synthetic._EN + synthetic._RU + synthetic._BE) for _ in range(rng.randint(12, 24))]
    if rng.random() < 0.1:
        words.insert(rng.randrange(len(words)), rng.choice(synthetic._ODD))
    if label:
        for _ in range(2):
            words.insert(rng.randrange(len(words)), rng.choice(CUES[label]))
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice([".", ".", "!", "?"])


def documents(n_sentences: int, seed: int = 0) -> list[LabelledText]:
    """Documents of 10 sentences each until they hold at least `n_sentences` units (a few sentences with
    an ellipsis or a mid-sentence "?" split into two, so units are counted, not sentences made)."""
    rng, docs, made = random.Random(seed), [], 0
    while made < n_sentences:
        parts, spans, position = [], [], 0
        for _ in range(10):
            label = rng.choice([None, None, None, *LABELS])
            s = sentence(rng, label)
            if label:
                spans.append((position, position + len(s), label))
            parts.append(s)
            position += len(s) + 1
        docs.append(LabelledText(" ".join(parts), tuple(spans), rng.choice(STANCES)))
        made += len(units(docs[-1].text))
    return docs


def article(words: int, seed: int = 1) -> str:
    rng, parts, count = random.Random(seed), [], 0
    while count < words:
        s = sentence(rng, rng.choice([None, *LABELS]))
        parts.append(s)
        count += len(s.split())
    return " ".join(parts)


def sklearn_pipeline():  # noqa: ANN201
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    return make_pipeline(make_union(TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
                                    TfidfVectorizer(analyzer="char", ngram_range=(2, 5), min_df=2, sublinear_tf=True)),
                         LogisticRegression(C=4.0, class_weight="balanced", max_iter=300))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    import sklearn.linear_model  # noqa: F401 - imported before timing, for both sides

    docs = documents(args.sentences)
    texts, labels = training_units(docs)
    models = []
    train = paired(lambda: models.append(train_model(docs, LABELS, STANCES)), lambda: sklearn_pipeline().fit(texts, labels),
                   args.runs, Row(f"train on {len(texts):,} sentences (+ {len(docs):,} document stances)",
                                  "scikit-learn pipeline, sentences only", goal_seconds=30.0,
                                  note="ours also fits the document-stance classifier; the baseline does not"))
    model = models[-1]
    data = model_bytes(model)
    text = article(args.words)
    pieces = [text[s:e] for s, e in units(text)]
    pipeline = sklearn_pipeline().fit(texts, labels)
    suggest = paired(lambda: (model.suggest(text), model.document_stance(text)),
                     lambda: pipeline.predict_proba(pieces), max(args.runs, 5),
                     Row(f"suggestions for a {args.words:,}-word article ({len(pieces)} sentences)",
                         "scikit-learn predict_proba on the same sentences", goal_seconds=0.2))
    load = Row("read the model from its bytes (once per model version)", "", goal_seconds=None)
    for _ in range(args.runs):
        began = time.perf_counter()
        fresh = model_from_bytes(data)
        fresh.suggest("Warm-up.")
        load.add(time.perf_counter() - began)
    size = Row(f"model size: {len(data) / 1e6:.2f} MB ({model.span.n_features:,} sentence features)", "",
               note=f"goal ≤ 10 MB: {'yes' if len(data) <= 10e6 else 'NO'}")
    emit([train, suggest, load, size], args.json)


if __name__ == "__main__":
    main()
