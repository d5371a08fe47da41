"""`annotator server init|add-coder|members` against a real server, as a PI would type them."""

from __future__ import annotations

import psycopg
import pytest

from annotator.cli import main


def _lines(capsys) -> dict[str, str]:
    out = capsys.readouterr().out
    return dict(line.split(": ", 1) for line in out.splitlines() if ": " in line)


def test_init_then_add_coder_gives_a_working_login(pg_database, capsys):
    assert main(["server", "init", pg_database.url]) == 0
    assert "created the annotator project" in capsys.readouterr().out
    assert main(["server", "add-coder", pg_database.url, "alice"]) == 0
    printed = _lines(capsys)
    assert printed["coder alice"] == "login role alice"
    assert "password" not in printed["connection"] and printed["connection"].startswith("postgresql://alice@/")
    with psycopg.connect(printed["connection"], password=printed["password"]) as alice:
        assert alice.execute("SELECT current_user, annotator_my_coder() IS NOT NULL").fetchone() == ("alice", True)
        assert alice.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'alice'").fetchone() == (False, False)
    assert main(["server", "members", pg_database.url]) == 0
    members = capsys.readouterr().out.splitlines()
    assert "alice\tcoder\talice" in members
    assert "postgres\tadministrator\t" in members


def test_init_refuses_a_database_with_tables_and_a_second_init(pg_database, capsys):
    with psycopg.connect(pg_database.url, autocommit=True) as admin:
        admin.execute("CREATE TABLE other_program (x int)")
    assert main(["server", "init", pg_database.url]) == 1
    assert "not empty (tables: other_program)" in capsys.readouterr().err
    with psycopg.connect(pg_database.url, autocommit=True) as admin:
        admin.execute("DROP TABLE other_program")
    assert main(["server", "init", pg_database.url]) == 0
    assert main(["server", "init", pg_database.url]) == 1
    assert "holds an annotator project already" in capsys.readouterr().err


def test_add_coder_before_init_and_on_a_superuser_are_refused(pg_database, capsys):
    assert main(["server", "add-coder", pg_database.url, "alice"]) == 1
    assert "run `annotator server init` first" in capsys.readouterr().err
    main(["server", "init", pg_database.url])
    assert main(["server", "add-coder", pg_database.url, "boss", "--role", "postgres"]) == 1
    assert "a coder cannot be one" in capsys.readouterr().err


def test_an_existing_role_keeps_its_password_and_one_coder_has_one_role(pg_database, capsys, monkeypatch):
    main(["server", "init", pg_database.url])
    main(["server", "add-coder", pg_database.url, "alice"])
    first = _lines(capsys)["password"]
    assert main(["server", "add-coder", pg_database.url, "alice"]) == 0
    assert _lines(capsys)["password"] == "unchanged (the role existed already)"
    with psycopg.connect(pg_database.url_as("alice", first)):
        pass
    assert main(["server", "add-coder", pg_database.url, "alice", "--role", "alice2"]) == 1
    assert "has the login role 'alice' already" in capsys.readouterr().err


def test_a_bad_url_is_one_clear_sentence(pg_database, capsys):
    url = pg_database.url_as("nobody", "wrong")
    assert main(["server", "members", url]) == 1
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: ") and "cannot connect to the server" in err
    assert "wrong" not in err and "Traceback" not in err


@pytest.mark.parametrize("role", ["Bob K.", "o'hara"])
def test_role_names_are_quoted(pg_database, capsys, role):
    main(["server", "init", pg_database.url])
    assert main(["server", "add-coder", pg_database.url, role]) == 0
    printed = _lines(capsys)
    with psycopg.connect(printed["connection"], password=printed["password"]) as coder:
        assert coder.execute("SELECT current_user").fetchone() == (role,)


def test_names_sort_by_code_point_as_in_a_project_file(pg_cluster):
    """Whatever the database's locale, text orders as SQLite's BINARY and Python's sorted() do."""
    name = "test_english_collation"
    with psycopg.connect(pg_cluster.url, autocommit=True) as admin:  # a lab server's usual: English sorting
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en' LOCALE 'C.UTF-8'")
    try:
        _check_code_point_order(pg_cluster.database_url(name))
    finally:
        with psycopg.connect(pg_cluster.url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {name}")


def _check_code_point_order(url: str) -> None:
    names = ["bob", "Zoë", "alice", "Émile", "ärger", "Борис", "_x"]
    with psycopg.connect(url) as admin:  # the locale's own order differs from the code points'
        assert [r[0] for r in admin.execute("SELECT unnest(%s::text[]) ORDER BY 1", (names,))] != sorted(names)
    assert main(["server", "init", url]) == 0
    with psycopg.connect(url) as admin:
        for name in names:
            admin.execute("INSERT INTO coder (name, created_at) VALUES (%s, 'now')", (name,))
        got = [r[0] for r in admin.execute("SELECT name FROM coder ORDER BY name")]
        assert admin.execute("SELECT collation_name FROM information_schema.columns"
                             " WHERE table_name = 'span' AND column_name = 'uid'").fetchone() == ("C",)
    assert got == sorted(names)


def test_reveal_opens_a_document_to_every_member_read_only_and_hide_closes_it(server, capsys):
    from annotator.core.span_ids import new_span_uid
    from annotator.core.types import NewDocument, Span
    from annotator.store import spans
    from annotator.store.database import Database
    from annotator.store.documents import add_documents

    pi = Database.open(server.url("maria"))
    with pi.transaction() as tx:
        added = add_documents(tx, [NewDocument("Engagement with Minsk is the question."), NewDocument("Other text.")])
    pi.close()
    doc = added[0]
    for coder in ("alice", "bob"):
        db = Database.open(server.url(coder))
        with db.transaction() as tx:
            spans.add_span(tx, Span(new_span_uid(), doc.id, coder, 0, 10, "pro-engagement"))
        db.close()

    def alice_sees() -> list[str]:
        db = Database.open(server.url("alice"))
        with db.read() as tx:
            seen = sorted(s.coder for s in spans.spans_for(tx, doc.id))
        db.close()
        return seen

    assert alice_sees() == ["alice"]
    assert main(["server", "reveal", server.url("maria"), doc.doc_id]) == 0
    assert "1 document(s) revealed" in capsys.readouterr().out
    assert alice_sees() == ["alice", "bob"]
    assert main(["server", "reveal", server.url("alice"), doc.doc_id, "--hide"]) == 1  # a coder may not
    assert "only a PI reveals documents" in capsys.readouterr().err
    assert alice_sees() == ["alice", "bob"]
    assert main(["server", "reveal", server.url("maria"), doc.doc_id, "--hide"]) == 0
    assert alice_sees() == ["alice"]
    assert main(["server", "reveal", server.url("maria"), "0123456789abcdef"]) == 1
    assert "not in this project" in capsys.readouterr().err
