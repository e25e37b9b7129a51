"""`gonghui demo`: build the demo city in an empty database, or print the demo logins.

`make run` calls ``gonghui demo --if-empty`` on every start (it never builds a second
city) and then ``gonghui demo --logins``. The steps themselves live in each app's
``demo.py`` (see gonghui.core.demo).
"""

import os
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings

from gonghui.core import audit
from gonghui.core.demo import DEFAULT_SEED, DemoContext, discover, run


class Command(BaseCommand):
    help = "Build the demo city (a city federation modelled on Hengyang) in an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true",
                            help="Do nothing (and say so) when a union tree already exists.")
        parser.add_argument("--logins", action="store_true",
                            help="Only print the demo logins: username, password, who they are, what they see.")
        parser.add_argument("--size", type=float, default=1.0,
                            help="Scale factor: 1.0 is the full city (about 3,000 grassroots unions).")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help="Seed of the generators; the same seed builds the same city.")
        parser.add_argument("--members", type=int, default=None,
                            help="How many members to enrol (default: 300,000 times --size).")

    def handle(self, *args, if_empty, logins, size, seed, members, verbosity, **options):
        from gonghui.orgs.models import Union

        if logins:
            from gonghui.accounts.demo import login_table

            self.stdout.write(login_table(port=os.environ.get("PORT") or "8000"))
            return
        if not 0 < size <= 20:
            raise CommandError("--size must be above 0 and at most 20.")
        steps = discover()
        ctx = DemoContext(seed=seed, size=size, log_to=self.stdout.write if verbosity > 0 else (lambda m: None))
        if members is not None:
            ctx.extras["members"] = members
        started = time.perf_counter()
        # A demo city texts nobody: its notices stay in the inboxes, its SMS in a memory outbox (the
        # console backend printed hundreds of lines through `make run`). Around the transaction,
        # since notices send their SMS once it commits.
        with override_settings(SMS_BACKEND="gonghui.accounts.sms.MemorySmsBackend"), transaction.atomic():
            # on SQLite the transaction takes the write lock: a second run waits, then sees the root
            root = Union.objects.filter(depth=1).order_by("path").first()
            if root is not None:
                if if_empty:
                    self.stdout.write(f"The union tree already exists ({root.name}); the demo city is not built "
                                      "again.")
                    return
                raise CommandError(f"The union tree already exists ({root.name}). The demo fills only an empty "
                                   "database; use --if-empty to skip quietly.")
            _retire_stale_anchors()
            run(ctx, steps)
            # Thousands of rows just arrived in bulk: refresh the planner's statistics, or the
            # first queries plan for the empty tables they were.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        audit.anchor("demo")
        if verbosity > 0:
            self.stdout.write(self.style.SUCCESS(
                f"Demo city built in {time.perf_counter() - started:.1f}s (seed {seed}, size {size:g}). "
                "`gonghui demo --logins` lists the logins."))


def _retire_stale_anchors():
    """A demo city starts a new audit trail in an empty database: anchors of an earlier one
    (a deleted demo database) are moved aside, or the new trail would be reported cut."""
    from django.utils import timezone

    from gonghui.core.models import AuditEntry

    path = audit.anchor_path()
    if path.exists() and not AuditEntry.objects.exists():
        path.rename(path.with_name(f"{path.name}.{timezone.now():%Y%m%d%H%M%S}"))
