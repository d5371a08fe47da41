"""Writes the per-format fixtures of tests/io/test_formats.py, each in its tool's documented shape.

Run from the repository root: `python tests/io/data/formats/make_fixtures.py`. The files are
committed; this script says how they were made (offsets computed, not typed by hand). One Russian
and English news sentence pair with emoji (one a two-code-point flag), two coders (alice, bob),
overlapping spans, and per format what its tool adds (relations, rejects, cancelled work).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).parent
S1 = "Посол ЕС 🇪🇺 сказал: «Диалог с Минском нужен»."
S2 = "Critics 😠 said sanctions must stay."
TEXT = f"{S1} {S2}"
TEXT2 = "Санкции работают 💪, says the minister."


def at(text: str, quote: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


def u16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2


ALICE = [(at(TEXT, "Диалог с Минском нужен"), "pro-engagement"), (at(TEXT, "Critics 😠 said sanctions must stay"), "pro-isolation"),
         (at(TEXT, "sanctions must stay"), "ambivalent")]
BOB = [(at(TEXT, "сказал: «Диалог с Минском нужен»"), "pro-engagement"), (at(TEXT, "sanctions must stay"), "pro-isolation")]


def write(name: str, content: str) -> None:
    path = HERE / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8"))


def lines(objects: list[object]) -> str:
    return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects)


def doccano() -> None:
    write("doccano/alice.jsonl", lines([{"id": 1, "data": TEXT, "label": [[s, e, lab] for (s, e), lab in ALICE]}]))
    write("doccano/bob.jsonl", lines([{"id": 1, "text": TEXT, "labels": [[s, e, lab] for (s, e), lab in BOB], "Comments": []}]))
    entities = [{"id": 10 + i, "label": lab, "start_offset": s, "end_offset": e} for i, ((s, e), lab) in enumerate(ALICE)]
    write("doccano/relations.jsonl", lines([{"id": 1, "text": TEXT, "entities": entities,
                                             "relations": [{"id": 0, "from_id": 10, "to_id": 11, "type": "contrasts"}],
                                             "Comments": [{"id": 3, "text": "check the quote"}]}]))
    write("doccano/textcat.jsonl", lines([{"id": 2, "text": TEXT2, "label": ["pro-isolation"], "user": "bob"}]))
    write("doccano/intent.jsonl", lines([{"text": TEXT, "entities": [[s, e, lab] for (s, e), lab in BOB], "cats": ["ambivalent"]}]))
    write("doccano/pretty.json", json.dumps([{"id": 1, "text": TEXT, "label": [[s, e, lab] for (s, e), lab in ALICE]},
                                             {"id": 2, "text": TEXT2, "label": ["pro-isolation"]}], ensure_ascii=False, indent=2))
    write("doccano/bad.jsonl", lines([{"id": 1, "text": TEXT, "label": [[0, 5, "pro-engagement"]]},
                                      {"id": 2, "text": TEXT2, "label": [[0, 999, "pro-engagement"]]},
                                      {"id": 3, "text": TEXT2, "label": [[0, 5]]}]))


def prodigy() -> None:
    def spans(items: list[tuple[tuple[int, int], str]], text: str = TEXT) -> list[dict[str, object]]:
        return [{"start": s, "end": e, "label": lab, "text": text[s:e], "token_start": 0, "token_end": 0} for (s, e), lab in items]

    common = {"_view_id": "ner_manual", "_input_hash": 11, "_task_hash": 12}
    records = [
        {"text": TEXT, "spans": spans(ALICE), "answer": "accept", "_annotator_id": "stance-alice", "_session_id": "stance-alice", **common},
        {"text": TEXT, "spans": spans(BOB), "answer": "accept", "_annotator_id": "stance-bob", "_session_id": "stance-bob", **common},
        {"text": TEXT, "label": "pro-isolation", "answer": "accept", "_annotator_id": "stance-alice", "_view_id": "classification"},
        {"text": TEXT, "label": "pro-engagement", "answer": "reject", "_annotator_id": "stance-bob", "_view_id": "classification"},
        {"text": TEXT2, "options": [{"id": "pro-engagement", "text": "pro-engagement"}, {"id": "ambivalent", "text": "ambivalent"}],
         "accept": ["ambivalent"], "answer": "accept", "_annotator_id": "stance-bob", "_view_id": "choice"},
        {"text": TEXT2, "spans": [{"start": 0, "end": 16, "label": "pro-isolation", "score": 0.71}], "meta": {"score": 0.71},
         "answer": "accept", "_annotator_id": "stance-bob", "_view_id": "ner"},
        {"text": TEXT2, "spans": [{"start": 0, "end": 7, "label": "pro-isolation", "score": 0.4}], "answer": "reject",
         "_annotator_id": "stance-alice", "_view_id": "ner"},
        {"text": TEXT2, "answer": "ignore", "_annotator_id": "stance-alice"},
        {"text": TEXT2, "answer": "accept", "_annotator_id": "stance-alice", "_view_id": "ner_manual"},
    ]
    write("prodigy/db-out.jsonl", lines(records))
    write("prodigy/no-answer.jsonl", lines([{"text": TEXT, "spans": [{"start": s, "end": e, "label": lab} for (s, e), lab in BOB]}]))
    stale = spans(ALICE)
    stale[0] = {**stale[0], "text": "Диалог с Москвой нужен"}
    write("prodigy/stale.jsonl", lines([records[1], {**records[0], "spans": stale}]))


def labelstudio() -> None:
    def result(items: list[tuple[tuple[int, int], str]], stance: str | None, text: str = TEXT, utf16: bool = False) -> list[dict[str, object]]:
        out: list[dict[str, object]] = [
            {"value": {"start": u16(text, s) if utf16 else s, "end": u16(text, e) if utf16 else e, "text": text[s:e], "labels": [lab]},
             "id": f"r{i}", "from_name": "label", "to_name": "text", "type": "labels", "origin": "manual"}
            for i, ((s, e), lab) in enumerate(items)]
        if stance:
            out.append({"value": {"choices": [stance]}, "id": "c1", "from_name": "stance", "to_name": "text", "type": "choices"})
        return out

    task = {"id": 7, "data": {"text": TEXT, "outlet": "Example"},
            "annotations": [
                {"id": 1, "completed_by": 1, "result": result(ALICE, "pro-isolation") + [
                    {"from_id": "r0", "to_id": "r1", "type": "relation", "direction": "right", "labels": []}],
                 "was_cancelled": False, "ground_truth": False, "lead_time": 12.5},
                {"id": 2, "completed_by": 2, "result": result(BOB, "ambivalent"), "was_cancelled": False},
                {"id": 3, "completed_by": 3, "result": [], "was_cancelled": True}],
            "predictions": [{"model_version": "ner-v1", "score": 0.5, "result": result(BOB[:1], None)}]}
    write("labelstudio/export.json", json.dumps([task], ensure_ascii=False, indent=1))
    old = {"id": 8, "data": {"text": TEXT}, "annotations": [
        {"id": 4, "completed_by": {"id": 5, "email": "carol@example.org"}, "result": result(ALICE[:2], None, utf16=True)}]}
    write("labelstudio/old-utf16.jsonl", lines([old]))


def brat() -> None:
    first_line = (0, len(TEXT))
    alice = [f"T{i + 1}\t{lab} {s} {e}\t{TEXT[s:e]}" for i, ((s, e), lab) in enumerate(ALICE)]
    alice += ["A1\tUnsure T3", "#1\tAnnotatorNotes T1\tquoted ambassador",
              f"T4\tStance {first_line[0]} {first_line[1]}\t{TEXT}", "A2\tValue T4 pro-isolation"]
    write("brat/alice/doc1.txt", TEXT)
    write("brat/alice/doc1.ann", "\n".join(alice) + "\n")
    (s1, e1), l1 = BOB[0]
    (s2, e2), l2 = BOB[1]
    gap = at(TEXT, "Critics")
    bob = [f"T1\t{l1} {s1} {e1}\t{TEXT[s1:e1]}", f"T2\t{l2} {gap[0]} {gap[1]};{s2} {e2}\t{TEXT[gap[0]:gap[1]]} {TEXT[s2:e2]}",
           "R1\tSupports Arg1:T1 Arg2:T2", "A1\tNegated T1", "N1\tReference T1 Wikidata:Q184\tMinsk"]
    write("brat/bob/doc1.txt", TEXT)
    write("brat/bob/doc1.ann", "\n".join(bob) + "\n")
    write("brat/annotation.conf", "[entities]\npro-engagement\npro-isolation\nambivalent\nStance\n\n[relations]\n"
          "Supports\tArg1:<ENTITY>, Arg2:<ENTITY>\n\n[events]\n\n[attributes]\nUnsure\tArg:<ENTITY>\nNegated\tArg:<ENTITY>\n"
          "Value\tArg:Stance, Value:pro-engagement|pro-isolation|ambivalent\n")
    write("brat/bob/notes.docx", "not a brat file")


def tsv_text() -> str:
    return f"{S1}\n{S2}\n"


def webanno(spans: list[tuple[tuple[int, int], str]], pos: bool) -> str:
    text = tsv_text()
    tokens = [(m.start(), m.end()) for m in re.finditer(r"\w+|[^\w\s]", text)]
    # the flag is two regional indicators: one token, as INCEpTION's tokenizer keeps it
    flag = text.index("🇪🇺")
    tokens = [t for t in tokens if t[0] != flag + 1]
    tokens = [(a, flag + 2) if a == flag else (a, b) for a, b in tokens]
    moved = [((text.index(TEXT[s:e]), text.index(TEXT[s:e]) + e - s), lab) for (s, e), lab in spans]
    header = "#FORMAT=WebAnno TSV 3.3\n"
    if pos:
        header += "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS|PosValue\n"
    header += "#T_SP=webanno.custom.Stance|label|holder\n\n\n"
    out = [header]
    sentence_starts = [0, len(S1) + 1]
    for number, start in enumerate(sentence_starts, start=1):
        end = start + len(S1 if number == 1 else S2)
        out.append("#Text=" + text[start:end].replace("\\", "\\\\") + "\n")
        for i, (a, b) in enumerate([t for t in tokens if start <= t[0] < end], start=1):
            cells = []
            if pos:
                cells.append("NOUN" if text[a:b][0].isupper() else "_")
            labels, holders = [], []
            for k, ((s, e), lab) in enumerate(moved, start=1):
                if s <= a and b <= e:
                    multi = len([t for t in tokens if s <= t[0] and t[1] <= e]) > 1
                    labels.append(f"{lab}[{k}]" if multi else lab)
                    holders.append(f"author[{k}]" if multi else "author")
            cells += ["|".join(labels) or "_", "|".join(holders) or "_"]
            out.append(f"{number}-{i}\t{u16(text, a)}-{u16(text, b)}\t{text[a:b]}\t" + "\t".join(cells) + "\t\n")
        out.append("\n")
    return "".join(out)


def inception() -> None:
    write("inception/annotation/doc1.txt/alice.tsv", webanno(ALICE, pos=True))
    write("inception/annotation/doc1.txt/bob.tsv", webanno(BOB, pos=False))
    structures: list[dict[str, object]] = [
        {"%ID": 1, "%TYPE": "uima.cas.Sofa", "sofaNum": 1, "sofaID": "_InitialView", "mimeType": "text", "sofaString": TEXT},
        {"%ID": 2, "%TYPE": "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData", "@sofa": 1, "begin": 0,
         "end": u16(TEXT, len(TEXT)), "documentTitle": "doc1"},
        {"%ID": 3, "%TYPE": "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence", "@sofa": 1, "begin": 0, "end": u16(TEXT, len(S1))},
        {"%ID": 4, "%TYPE": "webanno.custom.DocStance", "@sofa": 1, "stance": "pro-isolation"},
        {"%ID": 5, "%TYPE": "de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS", "@sofa": 1, "begin": 0, "end": 5, "PosValue": "NOUN"},
        {"%ID": 6, "%TYPE": "webanno.custom.Relation", "@sofa": 1, "begin": 0, "end": 5, "@Governor": 7, "@Dependent": 8},
    ]
    for i, ((s, e), lab) in enumerate(ALICE):
        structures.append({"%ID": 7 + i, "%TYPE": "webanno.custom.Stance", "@sofa": 1, "begin": u16(TEXT, s), "end": u16(TEXT, e),
                           "label": lab, "holder": "author"})
    members = [fs["%ID"] for fs in structures[1:]]
    cas = {"%TYPES": {}, "%FEATURE_STRUCTURES": structures, "%VIEWS": {"_InitialView": {"%SOFA": 1, "%MEMBERS": members}}}
    write("inception/cas/alice.json", json.dumps(cas, ensure_ascii=False, indent=2))


def tables() -> None:
    rows = [("1", "Belarus", TEXT, "AGAINST"), ("2", "Belarus", TEXT2, "FAVOR"), ("3", "Belarus", "Нейтрально 😐, no view.", "NONE")]
    write("csv/semeval.csv", "ID,Target,Tweet,Stance\n" + "".join(
        ",".join(f'"{v}"' if "," in v or '"' in v else v for v in row) + "\n" for row in rows))
    write("csv/semeval.txt", "id\ttarget\ttext\tstance\n" + "".join("\t".join(row) + "\n" for row in rows))


if __name__ == "__main__":
    doccano()
    prodigy()
    labelstudio()
    brat()
    inception()
    tables()
