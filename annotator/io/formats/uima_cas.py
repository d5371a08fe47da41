"""UIMA CAS JSON (INCEpTION's "UIMA CAS JSON" export, as dkpro-cassis reads it): annotations as spans.

The text is the initial view's `sofaString`. Offsets count UTF-16 units (Java) and are converted
to code points. Annotations with `begin`/`end` of custom layers (and any type outside DKPro's
segmentation, linguistic and metadata types) are spans: the label is the first string feature
(a feature named `holder` is the holder), else the type's short name. A document-level annotation
(a custom layer without offsets, INCEpTION's "document metadata" layer) gives the stance; a file
without one leaves the stored stance as it is.
Relations (features pointing at `Governor`/`Dependent`) and linguistic layers are counted as not
imported. The coder is `--coder`, else the file's name (`CURATION_USER` is read as `gold`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from annotator.core.errors import InputError
from annotator.core.types import CodingRecord, SpanRecord
from annotator.io.formats.common import (
    LineError,
    ReadOptions,
    Tally,
    finished,
    make_span,
    one_stance,
    utf16_to_code_points,
)
from annotator.io.formats.webanno_tsv import coder_for_file

_INFRASTRUCTURE = ("uima.cas.", "uima.tcas.DocumentAnnotation", "de.tudarmstadt.ukp.dkpro.core.api.metadata.",
                   "de.tudarmstadt.ukp.clarin.webanno.api.type.", "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence",
                   "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token")
_LINGUISTIC = ("de.tudarmstadt.ukp.dkpro.core.api.lexmorph.", "de.tudarmstadt.ukp.dkpro.core.api.segmentation.",
               "de.tudarmstadt.ukp.dkpro.core.api.syntax.")


def is_cas_json(document: Any) -> bool:
    return isinstance(document, dict) and "%FEATURE_STRUCTURES" in document


def read_cas_json(path: Path, document: dict[str, Any], options: ReadOptions, tally: Tally) -> CodingRecord:
    try:
        return _read(path, document, options, tally)
    except LineError as exc:
        raise InputError(str(exc), path=str(path), hint="is this a UIMA CAS JSON file as INCEpTION exports it?") from exc


def _read(path: Path, document: dict[str, Any], options: ReadOptions, tally: Tally) -> CodingRecord:
    structures = {fs.get("%ID"): fs for fs in document.get("%FEATURE_STRUCTURES") or [] if isinstance(fs, dict)}
    view = (document.get("%VIEWS") or {}).get("_InitialView") or {}
    sofa = structures.get(view.get("%SOFA")) or next(
        (fs for fs in structures.values() if fs.get("%TYPE") == "uima.cas.Sofa"), None)
    text = sofa.get("sofaString") if sofa else None
    if not isinstance(text, str) or not text.strip():
        raise LineError("no text (the initial view's sofaString)")
    members = view.get("%MEMBERS") or list(structures)
    to_code_points = utf16_to_code_points(text)
    spans: list[SpanRecord] = []
    stances: list[Any] = []
    for ident in members:
        fs = structures.get(ident)
        kind = fs.get("%TYPE", "") if fs else ""
        if not fs or kind.startswith(_INFRASTRUCTURE):
            continue
        if kind.startswith(_LINGUISTIC):
            tally.left_out[f"{_short(kind)} annotation(s) (linguistic layer)"] += 1
        elif "@Governor" in fs or "@Dependent" in fs:
            tally.left_out[f"{_short(kind)} relation(s)"] += 1
        elif "begin" in fs and "end" in fs:
            raw = {"start": to_code_points(fs["begin"]), "end": to_code_points(fs["end"]), "label": _label(fs, kind),
                   "holder": _feature(fs, "holder")}
            spans.append(make_span(raw, text, len(spans), None))
        elif "@sofa" in fs and _label(fs, None):  # a document-level annotation
            stances.append(_label(fs, None))
    stance = one_stance(stances, "document-level annotation")
    return finished(text, {"source_file": path.name}, coder_for_file(path, options, tally), spans, stance, None,
                    stance_given=bool(stances))


def _features(fs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fs.items() if not k.startswith(("%", "@")) and k not in ("begin", "end")}


def _label(fs: dict[str, Any], kind: str | None) -> str | None:
    for name, value in _features(fs).items():
        if name.lower() != "holder" and isinstance(value, str) and value.strip():
            return value
    return _short(kind) if kind else None


def _feature(fs: dict[str, Any], name: str) -> str | None:
    return next((v for k, v in _features(fs).items() if k.lower() == name and isinstance(v, str)), None)


def _short(kind: str) -> str:
    return kind.rsplit(".", 1)[-1]


def load_json(path: Path) -> Any:
    try:
        return orjson.loads(path.read_bytes())
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", path=str(path)) from exc
    except orjson.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc})", path=str(path)) from exc
