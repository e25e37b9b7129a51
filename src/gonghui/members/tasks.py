"""Members' background tasks (see gonghui.core.queue): the two phases of a roster import and
the nightly upkeep of the registry."""

import time

from celery import shared_task
from django.db import transaction
from django.utils.translation import gettext_lazy


@shared_task(label=gettext_lazy("Check a roster import"))
def import_check(pk):
    """Count and report every row of an uploaded roster; writes no member. Idempotent: a
    second run replaces the report with the same one."""
    from . import imports

    imports.run_check(pk)


@shared_task(label=gettext_lazy("Write a roster import"))
def import_write(pk):
    """Write the checked rows in one transaction. Idempotent: once written, the import is done
    and a second run finds nothing to do; a run killed half-way committed nothing."""
    from . import imports

    imports.run_write(pk)


@shared_task(label=gettext_lazy("Delete roster uploads left unconfirmed"))
def expire_imports():
    """Daily: cancel imports left unconfirmed past settings.IMPORT_RETENTION_DAYS and delete their
    sealed files and any stray upload as old. Idempotent."""
    from . import imports

    cancelled, deleted = imports.expire_abandoned()
    return f"Roster imports: {cancelled} cancelled, {deleted} files deleted."


@shared_task(label=gettext_lazy("Fold the member tally"))
def compact_tally():
    """Nightly: fold the member tally's deltas into one row per union. Idempotent."""
    from .bulk import compact_tally as fold
    from .models import MemberTally

    before = MemberTally.objects.count()
    with transaction.atomic():
        fold()
    return f"Member tally: {before} rows folded into {MemberTally.objects.count()}."


@shared_task(label=gettext_lazy("Check every member's ID number for the clean-up page"))
def cleanup_check_ids():
    """Nightly: open every sealed ID number again and cache the verdicts, so the clean-up
    page's "invalid ID numbers" tab opens at once. Writes only the cache; idempotent."""
    from .cleanup import PROBLEMS, id_problems
    from .models import Member

    started = time.perf_counter()
    found = id_problems(Member.objects.all())
    by_code = {}
    for code in found.values():
        by_code[code] = by_code.get(code, 0) + 1
    lines = [f"{len(found):,} ID numbers fail today's rules ({time.perf_counter() - started:.1f}s)."]
    lines += [f"  {n:>7,}  {PROBLEMS[code]}" for code, n in sorted(by_code.items(), key=lambda kv: -kv[1])]
    return "\n".join(lines)


@shared_task(label=gettext_lazy("Anonymise records past their retention period"))
def anonymise_past_retention(dry_run=False):
    """Daily: members who left and closed join applications past the rulebook's periods lose
    what identifies them (gonghui.members.retention). Idempotent. Returns the report as a sentence."""
    from . import retention

    report = retention.run(dry_run=dry_run)
    verb = "would anonymise" if dry_run else "anonymised"
    return "; ".join(f"{policy.code}: {verb} {count} before {before} ({ruling.source})"
                     for policy, ruling, before, count in report)
