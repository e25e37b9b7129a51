"""The triggers that keep `MemberTally` (see its docstring), per database.

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
    statements = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)
    if statements:  # members already there (an existing registry) start the tally
        schema_editor.execute("INSERT INTO members_membertally (union_id, delta) "
                              "SELECT union_id, count(*) FROM members_member GROUP BY union_id")


def remove(schema_editor):
    for statement in DROP.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)
