"""What a server project adds to the project tables: its version, members, reveals, row security, NOTIFY.

The project tables themselves come from the same SQLModel definitions as a project file's
(`store/schema.py`). Here are the server's own rules, enforced by PostgreSQL for every client:

- `server_member` maps a login role to its coder (or to none, for the administrator) and says whether
  it is a PI. A coder's session reads and writes only its own coder's spans, annotations and
  tombstones; a PI's session reads and writes everything (the `gold` coder is the PI's).
- `revealed_document`: documents the PI opened for discussion; there every member may *read* every
  coder's spans and document annotations (View → "Show other coders' spans").
- Every table is `FORCE ROW LEVEL SECURITY`, so the owner's sessions go through the policies too;
  only a superuser or a BYPASSRLS role passes them by, and the app refuses to code as one.
- Statement-level triggers `NOTIFY annotator, '<table>'` after every change: the payload names a
  table, never content (a NOTIFY is not subject to row security).
"""

from __future__ import annotations

APPLICATION = "annotator"
CHANNEL = "annotator"

# Coders' data: each row belongs to one coder.
CODER_TABLES = ("span", "annotation", "span_tombstone", "suggestion", "assisted", "span_count")
# Shared data every member reads and only a PI writes (the trained stance model; the assignment of `annotator assign`).
SHARED_TABLES = ("document", "label", "coder", "revealed_document", "model", "assignment")
ALL_TABLES = (*CODER_TABLES, *SHARED_TABLES, "setting")

SERVER_TABLES = (
    """CREATE TABLE annotator_schema (
         application text NOT NULL CHECK (application = 'annotator'),
         version integer NOT NULL,
         singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton))""",
    """CREATE TABLE server_member (
         role name PRIMARY KEY,
         coder_id integer UNIQUE REFERENCES coder(id),
         is_pi boolean NOT NULL DEFAULT false,
         added_at text NOT NULL)""",
    # One row per edit sent from a member's outbox: an edit whose answer was lost is not applied twice.
    """CREATE TABLE applied_edit (
         id uuid PRIMARY KEY,
         role name NOT NULL DEFAULT current_user,
         applied_at timestamptz NOT NULL DEFAULT now())""",
    """CREATE TABLE revealed_document (
         document_id integer PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
         revealed_by name NOT NULL DEFAULT current_user,
         revealed_at text NOT NULL)""",
)

FUNCTIONS = (
    # The policies' two questions. Plain (invoker's) functions: they read server_member, which every
    # member may read and none may write; `current_user` is the session's role, as wanted. Names are
    # schema-qualified: the bodies are parsed when run, and pg_dump runs with an empty search_path.
    """CREATE FUNCTION annotator_my_coder() RETURNS integer LANGUAGE sql STABLE
         AS $$ SELECT coder_id FROM public.server_member WHERE role = current_user $$""",
    """CREATE FUNCTION annotator_is_pi() RETURNS boolean LANGUAGE sql STABLE
         AS $$ SELECT COALESCE((SELECT is_pi FROM public.server_member WHERE role = current_user), false) $$""",
    """CREATE FUNCTION annotator_notify() RETURNS trigger LANGUAGE plpgsql
         AS $$ BEGIN PERFORM pg_notify('annotator', TG_TABLE_NAME); RETURN NULL; END $$""",
    """CREATE FUNCTION annotator_span_guards() RETURNS trigger LANGUAGE plpgsql
         AS $$ BEGIN
           IF NEW.document_id IS DISTINCT FROM OLD.document_id OR NEW.coder_id IS DISTINCT FROM OLD.coder_id THEN
             RAISE EXCEPTION 'a span never moves to another document or coder';
           END IF;
           IF NEW."end" > (SELECT length FROM public.document WHERE id = NEW.document_id) THEN
             RAISE EXCEPTION 'a span must lie inside its document''s text';
           END IF;
           RETURN NEW;
         END $$""",
    """CREATE FUNCTION annotator_document_text_immutable() RETURNS trigger LANGUAGE plpgsql
         AS $$ BEGIN
           IF NEW.text IS DISTINCT FROM OLD.text OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
              OR NEW.length IS DISTINCT FROM OLD.length THEN
             RAISE EXCEPTION 'a document''s text never changes';
           END IF;
           RETURN NEW;
         END $$""",
)

# `(SELECT f())` is evaluated once per statement (an InitPlan), not once per row.
_MINE = "coder_id = (SELECT annotator_my_coder()) OR (SELECT annotator_is_pi())"
_REVEALED = "document_id IN (SELECT document_id FROM revealed_document)"
_PI = "(SELECT annotator_is_pi())"


def policies() -> list[str]:
    """Row security on every project table (FORCE: the owner's sessions too)."""
    statements = []
    for table in ALL_TABLES:
        statements += [f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
                       f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY"]
    for table in CODER_TABLES:
        statements.append(f"CREATE POLICY own_rows ON {table} FOR ALL USING ({_MINE}) WITH CHECK ({_MINE})")
    for table in ("span", "annotation"):
        statements.append(f"CREATE POLICY revealed_rows ON {table} FOR SELECT USING ({_REVEALED})")
    for table in SHARED_TABLES:
        statements += [f"CREATE POLICY members_read ON {table} FOR SELECT USING (true)",
                       f"CREATE POLICY pi_writes ON {table} FOR ALL USING ({_PI}) WITH CHECK ({_PI})"]
    # The adjudicator's decisions are the PI's business; the codebook settings are everyone's.
    statements += [
        "ALTER TABLE applied_edit ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE applied_edit FORCE ROW LEVEL SECURITY",
        f"CREATE POLICY own_edits ON applied_edit FOR ALL USING (role = current_user OR {_PI})"
        f" WITH CHECK (role = current_user OR {_PI})",
    ]
    statements += [
        f"CREATE POLICY members_read ON setting FOR SELECT USING (key NOT LIKE 'adjudication.%' OR {_PI})",
        f"CREATE POLICY pi_writes ON setting FOR ALL USING ({_PI}) WITH CHECK ({_PI})",
    ]
    return statements


def triggers() -> list[str]:
    statements = [
        """CREATE TRIGGER document_text_immutable BEFORE UPDATE OF text, content_hash, length ON document
             FOR EACH ROW EXECUTE FUNCTION annotator_document_text_immutable()""",
        # The file's span_stays_inside_its_text and span_keeps_its_document_and_coder, in one function.
        """CREATE TRIGGER span_guards BEFORE UPDATE OF start, "end", document_id, coder_id ON span
             FOR EACH ROW EXECUTE FUNCTION annotator_span_guards()""",
    ]
    for table in (*ALL_TABLES, "server_member"):
        statements.append(f"CREATE TRIGGER notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
                          " FOR EACH STATEMENT EXECUTE FUNCTION annotator_notify()")
    return statements


def member_grants(role: str, *, is_pi: bool) -> list[str]:
    """The table privileges of a member's login role (`role` quoted already). Row security decides
    which rows; these decide which statements."""
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT ON {', '.join((*ALL_TABLES, 'server_member', 'annotator_schema'))} TO {role}",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(CODER_TABLES)} TO {role}",
        f"GRANT USAGE ON SEQUENCE span_id_seq, annotation_id_seq, suggestion_id_seq TO {role}",
        f"GRANT SELECT, INSERT ON applied_edit TO {role}",
    ]
    if is_pi:
        statements += [
            f"GRANT INSERT, UPDATE, DELETE ON {', '.join((*SHARED_TABLES, 'setting'))} TO {role}",
            f"GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}",  # push sets them
        ]
    return statements
