"""`annotator server init|add-coder|push|pull|reveal|upgrade|members`: a team project on a PostgreSQL server.

URL is a libpq URL (`postgresql://pi@dbhost/study`, `postgresql://alice@/study?host=/run/postgresql`);
the password comes from the URL, `PGPASSWORD` or `~/.pgpass`, as for `psql`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.core.codebook import default_codebook_path, load_codebook


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    server = commands.add_parser(
        "server", help="a team project on a PostgreSQL server (init, add-coder, push, pull, reveal, upgrade, members)",
        description="One shared project on PostgreSQL: coders label at the same time, each sees only their "
        "own work (the database enforces it with row-level security), the PI sees everything.")
    sub = server.add_subparsers(dest="server_command", metavar="COMMAND", required=True)

    p = sub.add_parser("init", help="create the project (tables, row security) in an empty database",
                       description="Run once, as the database's administrator (a superuser, or the database's "
                       "owner with CREATEROLE). The database must exist and be empty (createdb study).")
    p.add_argument("url", help="the database, e.g. postgresql://pi@dbhost/study")
    p.add_argument("--codebook", type=Path, help="codebook TOML (default: the built-in codebook)")
    p.set_defaults(run=run_init)

    p = sub.add_parser("add-coder", help="a login role for a coder (or, with --pi, a PI)",
                       description="Creates the login role (named as the coder unless --role) with a new "
                       "password and prints the connection line to send the coder. An existing role keeps "
                       "its password unless --password-stdin gives a new one.")
    p.add_argument("url", help="the project's database, as its administrator")
    p.add_argument("coder", help="the coder's name (as in exports)")
    p.add_argument("--role", help="the login role's name (default: the coder's name)")
    p.add_argument("--pi", action="store_true", help="a PI: sees and edits everyone's work, adjudicates")
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.set_defaults(run=run_add_coder)

    p = sub.add_parser("push", help="copy a project file (coders' work, gold, codebook) into a new server project",
                       description="Into a database that `server init` prepared and that has no documents yet. "
                       "Coders are matched by name with the members added so far. One transaction.")
    p.add_argument("project", type=Path, help="the project file")
    p.add_argument("url", help="the server project, as its administrator or a PI")
    p.set_defaults(run=run_push)

    p = sub.add_parser("pull", help="a local project file copied from a server project",
                       description="Everything this login may read: a PI's pull is the whole project, a "
                       "coder's has the documents and their own work. The file must not exist yet.")
    p.add_argument("url", help="the server project")
    p.add_argument("project", type=Path, help="the new project file")
    p.set_defaults(run=run_pull)

    p = sub.add_parser("reveal", help="let every member read everyone's work on these documents (read only)",
                       description="Blind coding ends for these documents: for discussion, every coder may read "
                       "every coder's spans and stances there (View > Show other coders' spans). Run as a PI.")
    p.add_argument("url", help="the server project, as a PI")
    p.add_argument("doc_ids", nargs="+", metavar="DOC_ID", help="public doc_ids (as in exports)")
    p.add_argument("--hide", action="store_true", help="make them blind again")
    p.set_defaults(run=run_reveal)

    p = sub.add_parser("upgrade", help="bring a server project to this annotator's schema (after an update)",
                       description="Run once after updating annotator, as the project's administrator (the login "
                       "that ran init). Adds what the new version stores, fills it, and puts row security, "
                       "triggers and every member's grants on again; one transaction (all or nothing). Until "
                       "then the app and the CLI refuse the project. Back it up first (pg_dump).")
    p.add_argument("url", help="the server project, as its administrator")
    p.set_defaults(run=run_upgrade)

    p = sub.add_parser("members", help="the login roles of a server project and their coders")
    p.add_argument("url")
    p.set_defaults(run=run_members)


def run_init(args: argparse.Namespace) -> int:
    from annotator.core.locations import redact
    from annotator.store.postgres.members import init_server

    codebook = load_codebook(args.codebook or default_codebook_path())
    init_server(args.url, codebook)
    print(f"created the annotator project in {redact(args.url)}")
    print("next: `annotator server add-coder URL NAME` for each coder (and --pi for yourself)")
    return 0


def run_add_coder(args: argparse.Namespace) -> int:
    from annotator.store.postgres.members import add_member

    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
    added = add_member(args.url, args.coder, role=args.role, is_pi=args.pi, password=password)
    who = "PI" if added.is_pi else "coder"
    print(f"{who} {added.coder}: login role {added.role}")
    print(f"connection: {added.url}")
    if added.password is None:
        print("password: unchanged (the role existed already)")
    else:
        print(f"password: {added.password}")
    print("send the connection line and the password separately; in the app: File > Open server project")
    return 0


def run_push(args: argparse.Namespace) -> int:
    from annotator.core.locations import redact
    from annotator.store.postgres.transfer import push

    counts = push(args.project, args.url)
    print(f"pushed {args.project} to {redact(args.url)}: {counts.describe()}")
    return 0


def run_pull(args: argparse.Namespace) -> int:
    from annotator.core.locations import redact
    from annotator.store.postgres.transfer import pull

    counts = pull(args.url, args.project)
    print(f"pulled {redact(args.url)} into {args.project}: {counts.describe()}")
    return 0


def run_reveal(args: argparse.Namespace) -> int:
    from annotator.store.postgres.members import reveal_documents

    changed = reveal_documents(args.url, args.doc_ids, reveal=not args.hide)
    state = "blind again" if args.hide else "revealed"
    print(f"{changed} document(s) {state}")
    return 0


def run_upgrade(args: argparse.Namespace) -> int:
    from annotator.core.locations import redact
    from annotator.store.postgres.server_upgrade import upgrade_server

    done = upgrade_server(args.url)
    if done.before == done.after:
        print(f"{redact(args.url)} is at schema {done.after} already: nothing to do")
    else:
        print(f"upgraded {redact(args.url)} from schema {done.before} to {done.after}; row security, triggers and "
              f"the grants of {done.members} member login(s) put on again")
    return 0


def run_members(args: argparse.Namespace) -> int:
    from annotator.store.postgres.members import list_members

    for member in list_members(args.url):
        kind = "PI" if member.is_pi else "coder"
        if member.coder is None:
            kind = "administrator"
        print(f"{member.role}\t{kind}\t{member.coder or ''}")
    return 0
