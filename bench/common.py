"""Pieces every benchmark script shares."""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def ensure_postgres_database(url):
    """Create the database named in a postgres:// URL if it does not exist yet."""
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    import psycopg
    from psycopg import sql

    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"Created database {name}.")


def start_django(default_url):
    """The start every database benchmark shares: DATABASE_URL (else `default_url`) under the
    local profile, the database created if missing, Django set up and migrated. The repository
    root goes on sys.path too, so a benchmark can build its city with the tests' factories."""
    os.environ.setdefault("DATABASE_URL", default_url)
    os.environ.setdefault("GONGHUI_ENV", "local")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    root = Path(__file__).resolve().parent.parent
    sys.path[:0] = [str(root / "src"), str(root)]
    ensure_postgres_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
