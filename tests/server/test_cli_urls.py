"""Every command that takes a project takes a server URL: import, export, stats, agreement, adjudicate
give on the server what they give on the same project as a file (exports byte for byte, agreement to the
last digit)."""

from __future__ import annotations

import orjson

from annotator.cli import main
from tests.coded import code, new_project

TEXTS = [
    ("Emoji", "Sanctions 👍🏽 did not work, the 🇧🇾 opposition said.\nEngagement is the way."),
    ("Cyrillic", "Лукашенко ответил: «изоляция не работает». Engagement, they say."),
    ("Third", "Isolation of the regime is the only answer, one MEP said."),
]


def _coded_file(tmp_path):
    db, docs = new_project(tmp_path / "study.annotator", TEXTS)
    for doc in docs:
        code(db, doc, "alice", stance="pro-engagement", spans=[(0, 9, "pro-isolation"), (10, 14, "ambivalent")])
        code(db, doc, "bob", stance="pro-isolation", spans=[(0, 9, "pro-isolation"), (12, 20, "pro-engagement")])
    db.close()
    return tmp_path / "study.annotator"


def test_the_project_commands_on_a_server_url(server, tmp_path, capsys):
    project = _coded_file(tmp_path)
    pi = server.url("maria")
    assert main(["server", "push", str(project), server.admin_url]) == 0
    for fmt in ("jsonl", "csv"):
        assert main(["export", str(project), "--format", fmt, "-o", str(tmp_path / f"file.{fmt}")]) == 0
        assert main(["export", pi, "--format", fmt, "-o", str(tmp_path / f"server.{fmt}")]) == 0
        assert (tmp_path / f"server.{fmt}").read_bytes() == (tmp_path / f"file.{fmt}").read_bytes()
    capsys.readouterr()
    assert main(["agreement", str(project), "--json"]) == 0
    on_file = orjson.loads(capsys.readouterr().out)
    assert main(["agreement", pi, "--json"]) == 0
    assert orjson.loads(capsys.readouterr().out) == on_file  # every figure, to the last digit
    assert main(["stats", pi]) == 0
    stats = capsys.readouterr().out
    assert "documents: 3" in stats and "spans:     12" in stats
    assert main(["adjudicate", pi, "--auto"]) == 0
    assert main(["stats", pi]) == 0
    assert "gold" in capsys.readouterr().out


def test_import_into_a_server_project_and_a_coders_export(server, tmp_path, capsys):
    articles = tmp_path / "articles"
    articles.mkdir()
    for n, (_title, text) in enumerate(TEXTS):
        (articles / f"a{n}.txt").write_text(text, encoding="utf-8")
    assert main(["import", server.url("maria"), str(articles)]) == 0
    assert main(["stats", server.url("alice")]) == 0
    assert "documents: 3" in capsys.readouterr().out
    # A coder's export holds the corpus and her own work only, whatever she asks for.
    assert main(["export", server.url("alice"), "-o", str(tmp_path / "alice.jsonl")]) == 0
    lines = (tmp_path / "alice.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and all(orjson.loads(line)["coder"] is None for line in lines)


def test_a_bad_server_url_is_one_sentence(pg_database, capsys):
    assert main(["stats", pg_database.url_as("nobody", "secret-pw")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: ") and "secret-pw" not in err and "Traceback" not in err


def test_what_a_coders_login_may_not_do_is_one_sentence(server, tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Talks with Minsk resumed.", encoding="utf-8")
    assert main(["import", server.url("alice"), str(article)]) == 1
    err = capsys.readouterr().err
    assert "the server refused" in err and "Traceback" not in err
    with server.connect("maria") as pi:
        assert pi.execute("SELECT COUNT(*) FROM document").fetchone() == (0,)


def test_a_coder_imports_her_own_spans_set_based_and_never_anothers(server, tmp_path, capsys):
    """Import into a server inserts new spans with one INSERT … SELECT FROM unnest per batch (issue 11);
    row security still checks every row: a coder's file of her own work goes in whole, exact, and a file
    naming another coder is refused whole."""
    articles = tmp_path / "articles"
    articles.mkdir()
    for n, (_title, text) in enumerate(TEXTS):
        (articles / f"a{n}.txt").write_text(text, encoding="utf-8")
    assert main(["import", server.url("maria"), str(articles)]) == 0
    assert main(["export", server.url("maria"), "-o", str(tmp_path / "corpus.jsonl")]) == 0
    corpus = [orjson.loads(line) for line in (tmp_path / "corpus.jsonl").read_bytes().splitlines()]
    work = tmp_path / "alice.jsonl"
    work.write_bytes(b"".join(orjson.dumps({
        "doc_id": doc["doc_id"], "text": doc["text"], "coder": "alice", "status": "done",
        "spans": [{"start": s, "end": e, "label": "pro-engagement", "holder": None, "unsure": u}
                  for s, e, u in ((0, 9, False), (10, 14, True), (3, len(doc["text"]), False),
                                  *((k, k + 3, k % 2 == 0) for k in range(20, 26)))]}) + b"\n"
        for doc in corpus))
    capsys.readouterr()
    assert main(["import", server.url("alice"), str(work)]) == 0
    assert "27 span(s) added" in capsys.readouterr().out  # at least _SET_FROM rows: one unnest statement
    assert main(["export", server.url("alice"), "-o", str(tmp_path / "back.jsonl")]) == 0
    back = [orjson.loads(line) for line in (tmp_path / "back.jsonl").read_bytes().splitlines()]
    spans = [(line["text"][s["start"]:s["end"]], s["text"], s["unsure"]) for line in back for s in line["spans"]]
    assert len(spans) == 27 and all(cut == text for cut, text, _ in spans)  # exact offsets on emoji and Cyrillic
    assert sorted(u for *_, u in spans) == [False] * 15 + [True] * 12
    bobs = tmp_path / "bob.jsonl"
    bobs.write_bytes(work.read_bytes().replace(b'"coder":"alice"', b'"coder":"bob"').replace(b"0,\"end\":9", b"1,\"end\":9"))
    assert main(["import", server.url("alice"), str(bobs)]) == 1
    assert "the server refused" in capsys.readouterr().err
    with server.connect("maria") as pi:
        assert pi.execute("SELECT COUNT(*) FROM span").fetchone() == (27,)


def test_a_nul_character_is_refused_with_its_line_before_the_server_refuses_the_batch(server, tmp_path, capsys):
    """PostgreSQL's text cannot hold U+0000: the server said so for the whole batch, naming no line."""
    lines = [{"text": "Fine."}, {"text": "Talks with Minsk\u0000 resumed."}]
    spans = [{"text": "Talks", "coder": "alice", "spans": [{"start": 0, "end": 5, "label": "pro-engagement", "note": "a\u0000b"}]}]
    for number, content in ((2, lines), (1, spans)):
        path = tmp_path / f"nul{number}.jsonl"
        path.write_bytes(b"".join(orjson.dumps(line) + b"\n" for line in content))
        assert main(["import", server.url("maria"), str(path)]) == 1
        err = capsys.readouterr().err
        assert f"nul{number}.jsonl:{number}: holds a NUL character (U+0000)" in err, err
        assert "nothing from it was imported" in err and "Traceback" not in err
    with server.connect("maria") as pi:
        assert pi.execute("SELECT COUNT(*) FROM document").fetchone() == (0,)
