"""A model as bytes: a NumPy `.npz` archive of plain arrays (numbers, and UTF-8 JSON for the words).

Never a pickle: project files travel between coders, and unpickling a file someone sent you runs their
code. Reading refuses anything but a zip archive of the expected plain arrays (`allow_pickle=False`:
an object array, which only a pickle can hold, is an error).
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import numpy as np
import orjson

from annotator.core.errors import InputError
from annotator.model.classifier import TextClassifier
from annotator.model.features import CharBlock, WordBlock
from annotator.model.stance_model import StanceModel

FORMAT = "annotator-model/1"
_ZIP_MAGIC = b"PK\x03\x04"


def model_bytes(model: StanceModel) -> bytes:
    arrays: dict[str, np.ndarray] = {}
    head: dict[str, Any] = {"format": FORMAT, "span_labels": list(model.span_labels),
                            "stance_options": list(model.stance_options), "classifiers": {}}
    for name, classifier in (("span", model.span), ("stance", model.stance)):
        if classifier is not None:
            head["classifiers"][name] = list(classifier.classes)
            arrays |= _classifier_arrays(name, classifier)
    arrays["head"] = _json_array(head)
    out = io.BytesIO()
    # numpy's stubs take any keyword for its `allow_pickle` flag; these are the arrays' names.
    np.savez_compressed(out, **arrays)  # type: ignore[arg-type]
    return out.getvalue()


def model_from_bytes(data: bytes) -> StanceModel:
    """The model in `data`; InputError for anything that is not a model in our format."""
    if not data.startswith(_ZIP_MAGIC):
        raise InputError("the stored model is not in annotator's format (it may be a pickle, which is never "
                         "loaded: it could run code)", hint="train the model again: annotator model train")
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except (ValueError, OSError, zipfile.BadZipFile) as exc:
        raise InputError(f"the stored model cannot be read ({exc})", hint="train the model again") from exc
    try:
        head = orjson.loads(_text(arrays["head"]))
        if head.get("format") != FORMAT:
            raise InputError(f"the stored model is in format {head.get('format')!r}, not {FORMAT}",
                             hint="train the model again")
        classifiers = {name: _classifier(name, classes, arrays) for name, classes in head["classifiers"].items()}
        return StanceModel(classifiers["span"], classifiers.get("stance"), tuple(head["span_labels"]),
                           tuple(head["stance_options"]))
    except (KeyError, TypeError, ValueError, orjson.JSONDecodeError) as exc:
        raise InputError(f"the stored model is incomplete or damaged ({exc})", hint="train the model again") from exc


def _classifier_arrays(name: str, c: TextClassifier) -> dict[str, np.ndarray]:
    return {
        f"{name}.words.vocabulary": _json_array(c.words.vocabulary), f"{name}.words.idf": c.words.idf,
        f"{name}.chars.alphabet": np.frombuffer(c.chars.alphabet.encode("utf-8"), dtype=np.uint8),
        f"{name}.chars.vocabulary": _json_array(c.chars.vocabulary), f"{name}.chars.idf": c.chars.idf,
        f"{name}.coef": c.coef, f"{name}.intercept": c.intercept,
    }


def _classifier(name: str, classes: list[str], arrays: dict[str, np.ndarray]) -> TextClassifier:
    words = WordBlock(list(orjson.loads(_text(arrays[f"{name}.words.vocabulary"]))), _floats(arrays[f"{name}.words.idf"]))
    chars = CharBlock(_text(arrays[f"{name}.chars.alphabet"]), list(orjson.loads(_text(arrays[f"{name}.chars.vocabulary"]))),
                      _floats(arrays[f"{name}.chars.idf"]))
    coef, intercept = _floats(arrays[f"{name}.coef"]), _floats(arrays[f"{name}.intercept"])
    n = len(words.vocabulary) + len(chars.vocabulary)
    if coef.shape != (len(classes), n) or intercept.shape != (len(classes),) or len(words.idf) != len(words.vocabulary):
        raise ValueError("array shapes do not fit together")
    return TextClassifier(tuple(classes), words, chars, coef, intercept)


def _json_array(value: Any) -> np.ndarray:
    return np.frombuffer(orjson.dumps(value), dtype=np.uint8)


def _text(array: np.ndarray) -> str:
    if array.dtype != np.uint8:
        raise ValueError(f"expected bytes, found {array.dtype}")
    return array.tobytes().decode("utf-8")


def _floats(array: np.ndarray) -> np.ndarray:
    if array.dtype.kind != "f":
        raise ValueError(f"expected numbers, found {array.dtype}")
    return array
