"""The plain-data classifier computes what scikit-learn computes, and survives storage unchanged."""

from __future__ import annotations

import io
import pickle
import random

import numpy as np
import pytest
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from annotator.core.errors import InputError
from annotator.model import classifier
from annotator.model.features import char_grams, fit_char_block, word_grams
from annotator.model.storage import model_bytes, model_from_bytes
from annotator.model.training import train_model
from tests.model.corpus import CUES, document, sentence


def _sentences(n: int, seed: int = 0) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    labels = [rng.choice(["", "", *CUES]) for _ in range(n)]
    return [sentence(rng, x or None) for x in labels], labels


def test_character_ngrams_counted_with_numpy_match_scikit_learn() -> None:
    texts, _labels = _sentences(300)
    reference = TfidfVectorizer(analyzer=char_grams, min_df=2, sublinear_tf=True)
    expected = reference.fit_transform(texts)
    block, (rows, columns, weights) = fit_char_block(texts, 2)
    assert set(block.vocabulary) == set(reference.vocabulary_)
    column_of = np.array([reference.vocabulary_[term] for term in block.vocabulary])
    np.testing.assert_allclose(block.idf, reference.idf_[column_of])
    ours = np.zeros(expected.shape)
    ours[rows, column_of[columns]] = weights
    np.testing.assert_allclose(ours, expected.toarray(), atol=1e-12)


def test_probabilities_match_scikit_learn_fitted_on_the_same_features() -> None:
    texts, labels = _sentences(600)
    ours = classifier.train_classifier(texts, labels)
    word = TfidfVectorizer(analyzer=word_grams, min_df=2, sublinear_tf=True)
    char = TfidfVectorizer(analyzer=char_grams, min_df=2, sublinear_tf=True)
    matrix = hstack([word.fit_transform(texts), char.fit_transform(texts)]).tocsr()
    reference = LogisticRegression(C=classifier.C, class_weight="balanced", max_iter=1000, tol=1e-8).fit(matrix, labels)
    new, _ = _sentences(200, seed=1)
    expected = reference.predict_proba(hstack([word.transform(new), char.transform(new)]).tocsr())
    assert list(reference.classes_) == list(ours.classes)
    got = ours.probabilities(new)
    assert np.abs(got - expected).max() < 0.02  # ours stops at tol=1e-3; the reference runs to 1e-8
    assert (got.argmax(axis=1) == expected.argmax(axis=1)).mean() > 0.98


def _model():
    rng = random.Random(3)
    from annotator.model.stance_model import LabelledText

    docs = [LabelledText(*document(rng)) for _ in range(30)]
    return train_model(docs, list(CUES), [*CUES, "no-stance"]), docs


def test_a_stored_model_predicts_exactly_as_before() -> None:
    model, docs = _model()
    again = model_from_bytes(model_bytes(model))
    texts = [d.text for d in docs]
    np.testing.assert_array_equal(again.span.probabilities(texts), model.span.probabilities(texts))
    assert again.suggest(docs[0].text) == model.suggest(docs[0].text)
    assert again.document_stance(docs[1].text) == model.document_stance(docs[1].text)
    assert (again.span_labels, again.stance_options) == (model.span_labels, model.stance_options)


class _Exploit:
    def __reduce__(self):  # what a malicious model file would do on unpickling
        return (exec, ("raise SystemExit('pickle ran')",))


def test_a_pickle_is_refused_without_being_unpickled() -> None:
    data = pickle.dumps({"coef": _Exploit()})
    with pytest.raises(InputError, match="never loaded"):
        model_from_bytes(data)


def test_an_archive_holding_an_object_array_is_refused() -> None:
    out = io.BytesIO()
    np.savez(out, head=np.array([_Exploit()], dtype=object))  # object arrays are stored as pickles
    with pytest.raises(InputError, match="cannot be read|damaged"):
        model_from_bytes(out.getvalue())


def test_garbage_and_a_foreign_archive_are_refused() -> None:
    with pytest.raises(InputError):
        model_from_bytes(b"PK\x03\x04 not really a zip")
    out = io.BytesIO()
    np.savez(out, something=np.arange(3))
    with pytest.raises(InputError, match="damaged"):
        model_from_bytes(out.getvalue())
