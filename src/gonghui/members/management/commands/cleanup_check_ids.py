"""`gonghui cleanup_check_ids`: check every member's sealed ID number again and keep the
verdicts in the cache, so the clean-up page's "invalid ID numbers" tab opens at once.

Opening 300,000 sealed numbers takes about ten seconds; run it at night (cron, systemd
timer) where the cache is shared (REDIS_URL), or after a large import. Only codes saying
what is wrong are kept, never a number."""

import time

from django.core.management.base import BaseCommand

from gonghui.members.cleanup import PROBLEMS, id_problems
from gonghui.members.models import Member


class Command(BaseCommand):
    help = "Check every member's ID number again and cache the verdicts for the paper-member clean-up."

    def handle(self, *args, **options):
        started = time.perf_counter()
        found = id_problems(Member.objects.all())
        by_code = {}
        for code in found.values():
            by_code[code] = by_code.get(code, 0) + 1
        self.stdout.write(f"{len(found):,} ID numbers fail today's rules ({time.perf_counter() - started:.1f}s).")
        for code, n in sorted(by_code.items(), key=lambda kv: -kv[1]):
            self.stdout.write(f"  {n:>7,}  {PROBLEMS[code]}")
