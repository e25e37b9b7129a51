"""The database triggers of the member table, per database: the per-union tally
(`MemberTally`), and members' copy of their union's path following the union when it moves.

PostgreSQL: statement-level triggers with transition tables, so a COPY of a million members
adds one delta row per union, not a million. SQLite (one writer at a time): row triggers that
add to the union's first tally row, or make one.
"""

POSTGRESQL = [
    """
    CREATE OR REPLACE FUNCTION members_tally_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO members_membertally (union_id, delta)
        SELECT union_id, count(*) FROM new_rows GROUP BY union_id;
        RETURN NULL;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION members_tally_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO members_membertally (union_id, delta)
        SELECT union_id, -count(*) FROM old_rows GROUP BY union_id;
        RETURN NULL;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION members_tally_update() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO members_membertally (union_id, delta)
        SELECT union_id, sum(delta) FROM (
            SELECT o.union_id, -1 AS delta FROM old_rows o JOIN new_rows n ON n.id = o.id
             WHERE n.union_id <> o.union_id
            UNION ALL
            SELECT n.union_id, 1 FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE n.union_id <> o.union_id
        ) moved GROUP BY union_id;
        RETURN NULL;
    END $$
    """,
    "CREATE TRIGGER members_tally_insert AFTER INSERT ON members_member REFERENCING NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION members_tally_insert()",
    "CREATE TRIGGER members_tally_delete AFTER DELETE ON members_member REFERENCING OLD TABLE AS old_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION members_tally_delete()",
    "CREATE TRIGGER members_tally_update AFTER UPDATE ON members_member REFERENCING OLD TABLE AS old_rows "
    "NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION members_tally_update()",
]

_SQLITE_ADD = """
    UPDATE members_membertally SET delta = delta + {sign}
     WHERE id = (SELECT min(id) FROM members_membertally WHERE union_id = {row}.union_id);
    INSERT INTO members_membertally (union_id, delta) SELECT {row}.union_id, {sign}
     WHERE NOT EXISTS (SELECT 1 FROM members_membertally WHERE union_id = {row}.union_id);
"""
SQLITE = [
    "CREATE TRIGGER members_tally_insert AFTER INSERT ON members_member BEGIN "
    + _SQLITE_ADD.format(sign=1, row="NEW") + " END",
    # Deleting takes away from the union's row and never makes one (a flushed test database
    # empties the tally before the members).
    "CREATE TRIGGER members_tally_delete AFTER DELETE ON members_member BEGIN "
    + _SQLITE_ADD.format(sign=-1, row="OLD").split(";")[0] + "; END",
    "CREATE TRIGGER members_tally_update AFTER UPDATE OF union_id ON members_member "
    "WHEN NEW.union_id <> OLD.union_id BEGIN "
    + _SQLITE_ADD.format(sign=-1, row="OLD") + _SQLITE_ADD.format(sign=1, row="NEW") + " END",
]
DROP = {
    "postgresql": ["DROP TRIGGER IF EXISTS members_tally_insert ON members_member",
                   "DROP TRIGGER IF EXISTS members_tally_delete ON members_member",
                   "DROP TRIGGER IF EXISTS members_tally_update ON members_member",
                   "DROP FUNCTION IF EXISTS members_tally_insert()", "DROP FUNCTION IF EXISTS members_tally_delete()",
                   "DROP FUNCTION IF EXISTS members_tally_update()"],
    "sqlite": ["DROP TRIGGER IF EXISTS members_tally_insert", "DROP TRIGGER IF EXISTS members_tally_delete",
               "DROP TRIGGER IF EXISTS members_tally_update"],
}


def install(schema_editor):
    """Migration 0005: the tally's triggers, and the tally of the members already there."""
    _run(schema_editor.connection, DROP, {"postgresql": POSTGRESQL, "sqlite": SQLITE})
    schema_editor.execute("INSERT INTO members_membertally (union_id, delta) "
                          "SELECT union_id, count(*) FROM members_member GROUP BY union_id")


def remove(schema_editor):
    _run(schema_editor.connection, DROP, {})


def _run(connection, drop, create):
    with connection.cursor() as cursor:
        for statement in drop.get(connection.vendor, []) + create.get(connection.vendor, []):
            cursor.execute(statement)


# A union that moves (treebeard rewrites the paths of its whole subtree) takes its members' copies along.
UNION_PATH = {
    "postgresql": [
        """
        CREATE OR REPLACE FUNCTION members_follow_union_path() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE members_member SET union_path = NEW.path WHERE union_id = NEW.id;
            RETURN NULL;
        END $$
        """,
        "CREATE TRIGGER members_follow_union_path AFTER UPDATE OF path ON orgs_union FOR EACH ROW "
        "WHEN (OLD.path IS DISTINCT FROM NEW.path) EXECUTE FUNCTION members_follow_union_path()",
    ],
    "sqlite": [
        "CREATE TRIGGER members_follow_union_path AFTER UPDATE OF path ON orgs_union WHEN OLD.path <> NEW.path "
        "BEGIN UPDATE members_member SET union_path = NEW.path WHERE union_id = NEW.id; END",
    ],
}
UNION_PATH_DROP = {
    "postgresql": ["DROP TRIGGER IF EXISTS members_follow_union_path ON orgs_union",
                   "DROP FUNCTION IF EXISTS members_follow_union_path()"],
    "sqlite": ["DROP TRIGGER IF EXISTS members_follow_union_path"],
}


def install_union_path(schema_editor):
    """Migration 0006: the copies of the unions' paths, and the trigger that keeps them."""
    if schema_editor.connection.vendor == "postgresql":  # a join: a million members in about a minute
        schema_editor.execute("UPDATE members_member m SET union_path = u.path FROM orgs_union u "
                              "WHERE u.id = m.union_id")
    else:
        schema_editor.execute("UPDATE members_member SET union_path = "
                              "(SELECT path FROM orgs_union WHERE orgs_union.id = members_member.union_id)")
    ensure(schema_editor.connection)


def remove_union_path(schema_editor):
    _run(schema_editor.connection, UNION_PATH_DROP, {})


def ensure(connection):
    """(Re)create every trigger; idempotent. Runs after each migrate too, because SQLite drops
    a table's triggers whenever a migration rebuilds the table to alter it."""
    from django.db.migrations.recorder import MigrationRecorder

    applied = {name for app, name in MigrationRecorder(connection).applied_migrations() if app == "members"}
    if "0005_membertally" in applied:
        _run(connection, DROP, {"postgresql": POSTGRESQL, "sqlite": SQLITE})
    if "0006_member_union_path" in applied:
        _run(connection, UNION_PATH_DROP, UNION_PATH)
