"""A small learnable stance corpus: sentences whose label shows in their words, in mixed scripts.

Each document mixes neutral sentences with ones that carry a label (cue words of that label), in
English and Russian, with emoji, combining marks and a CRLF-free text (import normalises line ends).
Gold spans cover exactly the labelled sentences, so a model can learn them and tests know the answer.
"""

from __future__ import annotations

import random
from pathlib import Path

from annotator.core.types import GOLD_CODER, DocumentId
from annotator.store.database import Database
from tests.coded import code, new_project

CUES = {
    "pro-engagement": ["dialogue", "talks", "engagement", "negotiate", "переговоры", "диалог", "thaw"],
    "pro-isolation": ["sanctions", "isolation", "pressure", "санкции", "изоляция", "punish", "condemn"],
    "ambivalent": ["however", "uncertain", "both", "однако", "mixed", "risky", "unclear"],
}
NEUTRAL = ("the minister said on Tuesday that weather in Minsk was cold and officials met reporters near the "
           "river while café owners and na\u0301ive tourists 😀 watched трамвай город улица погода вечер").split()
STANCE_OF = {"pro-engagement": "pro-engagement", "pro-isolation": "pro-isolation", "ambivalent": "ambivalent"}


def sentence(rng: random.Random, label: str | None) -> str:
    words = [rng.choice(NEUTRAL) for _ in range(rng.randint(7, 12))]
    if label:
        for _ in range(2):
            words.insert(rng.randrange(len(words)), rng.choice(CUES[label]))
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice([".", "!", "?"])


def document(rng: random.Random, n_sentences: int = 8) -> tuple[str, list[tuple[int, int, str]], str]:
    """(text, gold spans, stance): the stance is the document's most frequent span label."""
    parts, spans, position = [], [], 0
    counts: dict[str, int] = {}
    main = rng.choice(list(CUES))
    for i in range(n_sentences):
        label = rng.choice([None, None, main, main, rng.choice(list(CUES))])
        s = sentence(rng, label)
        if label:
            spans.append((position, position + len(s), label))
            counts[label] = counts.get(label, 0) + 1
        joiner = "\n" if i % 4 == 3 else " "
        parts.append(s + joiner)
        position += len(s) + len(joiner)
    stance = max(counts, key=lambda k: (counts[k], k)) if counts else "no-stance"
    return "".join(parts).rstrip(), spans, stance


def gold_project(path: Path, n_documents: int = 60, seed: int = 0) -> tuple[Database, list[DocumentId], list]:
    """A project whose documents all have a gold annotation; returns (db, ids, [(text, spans, stance)])."""
    rng = random.Random(seed)
    made = [document(rng) for _ in range(n_documents)]
    db, ids = new_project(path, [(f"doc {i}", text) for i, (text, _s, _st) in enumerate(made)])
    for doc_id, (_text, spans, stance) in zip(ids, made, strict=True):
        code(db, doc_id, GOLD_CODER, stance=stance, spans=spans)
    return db, ids, made
