"""A linear text classifier as plain data: feature blocks, one weight row and intercept per class.

`train_classifier` fits it with scikit-learn (TF-IDF, then class-balanced logistic regression);
`TextClassifier.probabilities` needs numpy only. A two-class regression is stored as two rows (0 and w,
0 and b): the softmax of (0, z) is the logistic sigmoid of z, so one formula serves both.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from annotator.core.errors import InputError
from annotator.model.features import CharBlock, WordBlock, fit_char_block, tfidf, word_grams

MIN_DF = 2  # an n-gram seen in one training text only says nothing about a new one (and bloats the model)
C = 4.0  # inverse regularisation strength (rows are unit length: a little above scikit-learn's 1.0)
TOL = 1e-3  # 10x scikit-learn's default: 2-3x faster, and the predictions do not change on our data
MAX_ITER = 300

Progress = Callable[[str], None]


@dataclass
class TextClassifier:
    classes: tuple[str, ...]
    words: WordBlock
    chars: CharBlock
    coef: np.ndarray  # (classes, word features + char features), float32
    intercept: np.ndarray  # (classes,)

    def features(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(text, column, weight) of every non-zero feature; char columns follow the word columns."""
        parts = []
        for block, offset in ((self.words, 0), (self.chars, len(self.words.vocabulary))):
            rows, columns, counts = block.entries(texts)
            parts.append((rows, columns + offset, tfidf(rows, columns, counts, block.idf, len(texts))))
        return tuple(np.concatenate(p) for p in zip(*parts, strict=True))  # type: ignore[return-value]

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Decision values, (texts, classes)."""
        rows, columns, values = self.features(texts)
        out = np.empty((len(texts), len(self.classes)))
        for k in range(len(self.classes)):
            out[:, k] = np.bincount(rows, weights=values * self.coef[k, columns], minlength=len(texts))
        return out + self.intercept

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Class probabilities (softmax of the decision values), (texts, classes)."""
        z = self.scores(texts)
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    def predict(self, texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
        """The most probable class of each text and its probability."""
        if not texts:
            return [], np.empty(0)
        p = self.probabilities(texts)
        best = p.argmax(axis=1)
        return [self.classes[i] for i in best], p[np.arange(len(texts)), best]

    @property
    def n_features(self) -> int:
        return len(self.words.vocabulary) + len(self.chars.vocabulary)


def require_sklearn() -> None:
    """Training needs scikit-learn; say how to get it rather than fail with an import error."""
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:
        if getattr(sys, "frozen", False):  # the downloadable app leaves training out (80 MB; README "Install")
            raise InputError("this build of annotator does not train models",
                             hint="train with annotator installed by pipx or pip, on the same project; "
                                  "this build then makes suggestions from the saved model") from exc
        raise InputError("training a model needs scikit-learn, which is not installed",
                         hint="pip install scikit-learn; suggestions from a saved model work without it") from exc


def train_classifier(texts: Sequence[str], labels: Sequence[str], *, progress: Progress | None = None) -> TextClassifier:
    """Fit TF-IDF (word 1-2-grams + character 2-5-grams) and class-balanced logistic regression."""
    require_sklearn()
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) < 2:
        raise InputError("a model needs examples of at least two classes", hint="code or adjudicate more documents")
    min_df = min(MIN_DF, len(texts))
    if progress:
        progress("counting word n-grams")
    vectorizer = TfidfVectorizer(analyzer=word_grams, min_df=min_df, sublinear_tf=True)
    word_matrix = vectorizer.fit_transform(texts)
    words = WordBlock(sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__), vectorizer.idf_.copy())
    if progress:
        progress("counting character n-grams")
    chars, (rows, columns, values) = fit_char_block(texts, min_df)
    char_matrix = csr_matrix((values, (rows, columns)), shape=(len(texts), len(chars.vocabulary)))
    if progress:
        progress("fitting logistic regression")
    regression = LogisticRegression(C=C, class_weight="balanced", max_iter=MAX_ITER, tol=TOL)
    regression.fit(hstack([word_matrix, char_matrix]).tocsr(), list(labels))
    coef, intercept = regression.coef_, regression.intercept_
    if coef.shape[0] == 1:  # two classes: scikit-learn keeps one row, for the second class
        coef = np.vstack([np.zeros_like(coef), coef])
        intercept = np.array([0.0, intercept[0]])
    return TextClassifier(tuple(str(c) for c in regression.classes_), words, chars, coef.astype(np.float32),
                          intercept.astype(np.float64))
