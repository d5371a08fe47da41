"""A seeded synthetic corpus at realistic scale: articles, coders' spans, and a project built from them.

Reused by the benchmarks of later issues (agreement, merge, GUI lists). Everything streams
(generators, one document at a time), so memory stays bounded at any size. The same spec and seed
give the same texts, spans and files on every run and machine.

Texts mix English, Russian and Belarusian (Cyrillic), emoji (astral, ZWJ sequences, flags, skin
tones, variation selectors), combining marks and NBSP: the characters that break offset arithmetic.
Coders' spans are correlated (they mostly mark the same passages with the same label, as real
coders do), so agreement benchmarks get realistic, not random, data.

    python benchmarks/synthetic.py articles OUT.jsonl [--scale 0.1]
    python benchmarks/synthetic.py annotations OUT.jsonl --documents 10000 --spans 600000
    python benchmarks/synthetic.py project OUT.annotator
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path

import orjson

from annotator.core.codebook import default_codebook_path, load_codebook
from annotator.core.types import (
    CodingRecord,
    NewDocument,
    SpanRecord,
    Status,
    content_hash,
    doc_id_for,
)
from annotator.io.exporters import atomic_output, canonical_line

_CODEBOOK = load_codebook(default_codebook_path())
SPAN_LABELS = tuple(label.name for label in _CODEBOOK.span_labels)
STANCES = tuple(label.name for label in _CODEBOOK.stance_options)
CODER_NAMES = ("anna", "boris", "chen", "dasha", "emil", "farida")

_EN = (
    "the EU sanctions regime Lukashenko Minsk Brussels Washington talks prisoners release pressure"
    " isolation engagement dialogue diplomats said would could not has been after years of West"
    " Belarus Russia Putin Trump envoy deal potash airline Belavia opposition exile protests 2020 vote"
    " election strongman leader European Commission foreign ministers argued that window bargaining"
    " humanitarian policy failed worked legitimacy recognition border Lithuania Poland Ukraine war"
    " and but while however since because although the a an in on with for to from by as"
).split()
_RU = (
    "санкции режим Лукашенко Минск Брюссель переговоры заключённые освобождение давление изоляция"
    " диалог дипломаты заявил заявила после лет Запад Беларусь Россия Путин Трамп посланник сделка"
    " калий оппозиция протесты выборы лидер Еврокомиссия министры политика провалилась легитимность"
    " признание граница Литва Польша Украина война и но однако потому что хотя в на с для от по как"
).split()
_BE = (
    "санкцыі рэжым Лукашэнка Мінск Брусель перамовы палітвязні вызваленне ціск ізаляцыя дыялог"
    " дыпламаты заявіў пасля гадоў Захад Беларусь Расія Пуцін Трамп пасланнік здзелка апазіцыя"
    " пратэсты выбары лідар палітыка легітымнасць прызнанне мяжа Літва Польшча Украіна вайна"
    " і але аднак таму што хоць у на з для ад па як"
).split()
_LANGUAGES = {"en": (_EN, "“", "”"), "ru": (_RU, "«", "»"), "be": (_BE, "«", "»")}
# Astral emoji, a ZWJ family, flags, a skin tone, a variation selector; combining marks; NBSP.
_ODD = ("🇧🇾", "🇪🇺", "🇺🇸", "👍🏽", "👨‍👩‍👧", "🕊️", "🔥", "📰", "✊🏻", "Lukas\u030cenka", "Cichano\u00fa\u0301ska",
        "123\u00a0km", "5\u00a0%", "—")
_HOLDERS = ("Kaja Kallas", "one EU diplomat", "Franak Viačorka", "Hanna Liubakova", "Святлана Ціханоўская",
            "Александр Лукашенко", "Keith Kellogg", "a Lithuanian official", "Павел Латушко")
_OUTLETS = (("The Guardian", "theguardian.com"), ("Nasha Niva", "nashaniva.com"), ("Zerkalo", "news.zerkalo.io"),
            ("Meduza", "meduza.io"), ("Politico Europe", "politico.eu"), ("The Parliament Magazine", "theparliamentmagazine.eu"))
_EPOCH = datetime(2025, 1, 1, tzinfo=UTC)
_DAYS = [(_EPOCH + timedelta(days=d)).date().isoformat() for d in range(365)]


@dataclass(frozen=True, slots=True)
class CorpusSpec:
    """How big the synthetic corpus is. `spans` is the total over all documents and coders."""

    documents: int = 10_000
    doc_bytes: int = 5_000  # UTF-8 size of each text, roughly
    coders: int = 3
    spans: int = 1_000_000
    agreement: float = 0.8  # chance that a coder marks a document's k-th passage as meant (place and label)
    seed: int = 1

    def scaled(self, factor: float) -> CorpusSpec:
        """The same corpus shape with `factor` times the documents and spans (`--scale 0.1`)."""
        return replace(self, documents=max(1, round(self.documents * factor)), spans=round(self.spans * factor))

    @property
    def coder_names(self) -> tuple[str, ...]:
        extra = tuple(f"coder{i + 1}" for i in range(len(CODER_NAMES), self.coders))
        return (CODER_NAMES + extra)[: self.coders]

    def spans_for(self, document: int, coder: int) -> int:
        """Spans of one (document, coder): the total spread evenly, the remainder on the first pairs."""
        pairs = self.documents * self.coders
        base, extra = divmod(self.spans, pairs)
        return base + (document * self.coders + coder < extra)


@dataclass(frozen=True, slots=True)
class Passage:
    start: int
    end: int
    label: str
    holder: str


@dataclass(frozen=True, slots=True)
class SyntheticArticle:
    index: int
    document: NewDocument
    passages: tuple[tuple[int, int], ...]  # sentence and clause boundaries a coder may mark (code points)


def iter_articles(spec: CorpusSpec) -> Iterator[SyntheticArticle]:
    for index in range(spec.documents):
        yield _article(spec, index)


def iter_new_documents(spec: CorpusSpec) -> Iterator[NewDocument]:
    """(a) The articles as `NewDocument`s, for `add_documents`."""
    for article in iter_articles(spec):
        yield article.document


def iter_coding_records(spec: CorpusSpec) -> Iterator[CodingRecord]:
    """(b) One record per (document, coder), in document then coder order, as an export holds them."""
    for article in iter_articles(spec):
        yield from _codings(spec, article)


def _article(spec: CorpusSpec, index: int) -> SyntheticArticle:
    rng = random.Random(f"{spec.seed}/text/{index}")
    language = rng.choices(("en", "ru", "be"), weights=(5, 3, 2))[0]
    paragraphs, passages, pos, size = [], [], 0, 0
    while size < spec.doc_bytes:
        sentences = [_sentence(rng, language) for _ in range(rng.randint(2, 6))]
        for sentence in sentences:
            passages.append((pos, pos + len(sentence)))
            clause = sentence.find(" ", len(sentence) // 2)
            if clause > 0:
                passages.append((pos, pos + clause))
            pos += len(sentence) + 1
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        pos += 1  # "\n\n" joins paragraphs: one more than the " " counted above
        size += len(paragraph.encode()) + 2
    outlet, domain = rng.choice(_OUTLETS)
    date = (_EPOCH + timedelta(days=rng.randrange(400))).date().isoformat()
    title = _sentence(rng, language, words=(5, 10)).rstrip(".")
    document = NewDocument(
        "\n\n".join(paragraphs), title=title, outlet=outlet, url=f"https://{domain}/{date}/article-{index}",
        date=date, language=language, meta={"section": rng.choice(("politics", "world", "opinion")),
                                            "source_id": f"syn-{index:06d}"},
    )
    return SyntheticArticle(index, document, tuple(passages))


def _sentence(rng: random.Random, language: str, words: tuple[int, int] = (6, 22)) -> str:
    vocabulary, open_quote, close_quote = _LANGUAGES[language]
    tokens = rng.choices(vocabulary, k=rng.randint(*words))
    if rng.random() < 0.3:
        tokens.insert(rng.randrange(len(tokens)), rng.choice(_ODD))
    if rng.random() < 0.1:  # a quote in another language
        other = _LANGUAGES[rng.choice([x for x in _LANGUAGES if x != language])][0]
        tokens.append(open_quote + " ".join(rng.choices(other, k=rng.randint(2, 6))) + close_quote)
    sentence = " ".join(tokens)
    return sentence[0].upper() + sentence[1:] + "."


def _codings(spec: CorpusSpec, article: SyntheticArticle) -> Iterator[CodingRecord]:
    rng = random.Random(f"{spec.seed}/codings/{article.index}")
    most = max(spec.spans_for(article.index, c) for c in range(spec.coders))
    meant = [_passage(rng, article) for _ in range(most)]  # what the article "really" says
    doc = article.document
    doc_id = doc_id_for(content_hash(doc.text))
    meta = {"title": doc.title, "outlet": doc.outlet, "url": doc.url, "date": doc.date, "language": doc.language,
            **dict(sorted(doc.meta.items()))}
    stance = rng.choice(STANCES)
    for c, coder in enumerate(spec.coder_names):
        spans = [_coded(rng, spec, article, p) for p in meant[: spec.spans_for(article.index, c)]]
        spans.sort(key=lambda s: (s.start, s.end, s.label, s.uid or ""))
        agrees = rng.random() < spec.agreement
        done = rng.random() < 0.85
        yield CodingRecord(
            doc_id, doc.text, meta, coder, doc_label=stance if agrees else rng.choice(STANCES),
            status=Status.DONE if done else Status.IN_PROGRESS, note=None if rng.random() < 0.95 else "check the quote",
            spans=tuple(spans), updated_at=_timestamp(rng),
        )


def _passage(rng: random.Random, article: SyntheticArticle) -> Passage:
    start, end = rng.choice(article.passages)
    holder = "author" if rng.random() < 0.55 else rng.choice(_HOLDERS)
    return Passage(start, end, rng.choice(SPAN_LABELS), holder)


def _coded(rng: random.Random, spec: CorpusSpec, article: SyntheticArticle, meant: Passage) -> SpanRecord:
    """One coder's version of a passage: usually as meant, sometimes elsewhere or labelled otherwise."""
    passage = meant if rng.random() < spec.agreement else _passage(rng, article)
    start, end = passage.start, passage.end
    if rng.random() < 0.1:  # boundary disagreement: one word fewer at the end
        cut = article.document.text.rfind(" ", start, end)
        end = cut if cut > start else end
    label = passage.label if rng.random() < spec.agreement else rng.choice(SPAN_LABELS)
    created = _timestamp(rng)
    return SpanRecord(
        start, end, label, holder=passage.holder, note=None if rng.random() < 0.97 else "irony?",
        unsure=rng.random() < 0.05, uid=_uuid4(rng),
        created_at=created, updated_at=created,
    )


def _timestamp(rng: random.Random) -> str:
    """An ISO-8601 UTC time within a year of 2025-01-01, formatted as the store writes them."""
    bits = rng.getrandbits(60)
    day, second, micro = bits % 365, (bits >> 9) % 86_400, (bits >> 26) % 1_000_000
    return f"{_DAYS[day]}T{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}.{micro:06d}+00:00"


def _uuid4(rng: random.Random) -> str:
    """A random (version 4) UUID string drawn from `rng`, so that it is reproducible."""
    h = f"{(rng.getrandbits(128) & ~(0xF000 << 64) | (0x4000 << 64)) & ~(0xC << 60) | (0x8 << 60):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def write_articles_jsonl(spec: CorpusSpec, path: Path) -> int:
    """(a) Article JSONL (`text` plus metadata fields), as `annotator import` reads it."""
    with atomic_output(path) as out:
        count = 0
        for doc in iter_new_documents(spec):
            out.write(orjson.dumps({"text": doc.text, "title": doc.title, "outlet": doc.outlet, "url": doc.url,
                                    "date": doc.date, "language": doc.language, **doc.meta}) + b"\n")
            count += 1
    return count


def write_annotations_jsonl(spec: CorpusSpec, path: Path) -> int:
    """(b) Canonical annotation JSONL (format annotator/1), one line per (document, coder)."""
    with atomic_output(path) as out:
        count = 0
        for record in iter_coding_records(spec):
            out.write(orjson.dumps(canonical_line(record)) + b"\n")
            count += 1
    return count


def build_project(spec: CorpusSpec, path: Path, *, documents_per_transaction: int = 500) -> int:
    """(c) A project file built through the bulk import path; returns the number of spans in it.

    Imports in chunks of whole documents, so memory holds one chunk, never the corpus.
    """
    from annotator.operations.projects import open_project  # the store (sqlmodel) only when needed
    from annotator.store.records import import_coding_records

    db = open_project(path)
    records = iter_coding_records(spec)
    spans = 0
    try:
        while chunk := list(islice(records, documents_per_transaction * spec.coders)):
            with db.transaction() as tx:
                spans += import_coding_records(tx, chunk).spans_added
    finally:
        db.close()
    return spans


def spec_from_args(args: argparse.Namespace) -> CorpusSpec:
    spec = CorpusSpec(seed=args.seed, coders=args.coders, doc_bytes=args.doc_bytes)
    if args.documents is not None:
        spec = replace(spec, documents=args.documents)
    if args.spans is not None:
        spec = replace(spec, spans=args.spans)
    return spec.scaled(args.scale) if args.scale != 1 else spec


def add_spec_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scale", type=float, default=1.0, help="multiply documents and spans (0.1: a quick run)")
    parser.add_argument("--documents", type=int, help=f"articles (default {CorpusSpec().documents:,})")
    parser.add_argument("--spans", type=int, help=f"spans in total over all coders (default {CorpusSpec().spans:,})")
    parser.add_argument("--coders", type=int, default=CorpusSpec().coders)
    parser.add_argument("--doc-bytes", type=int, default=CorpusSpec().doc_bytes, help="UTF-8 size of each text")
    parser.add_argument("--seed", type=int, default=CorpusSpec().seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("articles", "annotations", "project"))
    parser.add_argument("out", type=Path)
    add_spec_arguments(parser)
    args = parser.parse_args(argv)
    spec = spec_from_args(args)
    if args.what == "articles":
        print(f"{write_articles_jsonl(spec, args.out):,} articles -> {args.out}")
    elif args.what == "annotations":
        print(f"{write_annotations_jsonl(spec, args.out):,} lines -> {args.out}")
    else:
        print(f"{build_project(spec, args.out):,} spans -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
