"""The demo city: a registry of steps that `gonghui demo` runs to fill an empty database.

Each app that has something to show puts a ``demo.py`` module next to its models and
registers one or more steps in it::

    from gonghui.core.demo import demo_step

    @demo_step(order=30)
    def build(ctx):
        # The docstring's first line is the step's title, shown in progress and audit.
        ...
        return {"members": n}  # what was generated, for the audit trail

`gonghui demo` imports every installed app's ``demo`` module, then runs the steps in
``order`` (ties by module name) inside one transaction: a failing step leaves nothing
behind. After each step it writes one ``demo`` entry to the audit trail with the summary
the step returned. Steps write rows directly (``bulk_create``), not through the services:
the services check permissions and audit every row, which a city of thousands of rows
does not need and cannot afford.

Orders in use: 10 the union tree and employers (orgs), 20 the demo logins (accounts), 99 the
task runs the schedule page shows (core, below).
Later features take higher numbers and find what they need on ``ctx``:

- ``ctx.rng`` (``random.Random``) and ``ctx.fake`` (``Faker("zh_CN")``), both seeded, so
  one seed always gives the same city. Draw only from these, never from ``random`` or
  the clock, and iterate over query results in a fixed order (``order_by``).
- ``ctx.size``: the scale factor (1.0 is the full city; tests use 0.02). Use
  ``ctx.scaled(n)`` for "n at full size, at least one".
- ``ctx.root``, ``ctx.counties`` (region code → county federation) and ``ctx.users``
  (username → demo user), and ``ctx.extras`` for anything else a step wants to hand on.
- ``ctx.log(msg)``: a progress line with the elapsed time.
"""

import random
import time
from dataclasses import dataclass, field
from typing import Any

from django.utils.module_loading import autodiscover_modules
from faker import Faker

DEFAULT_SEED = 2026


@dataclass
class Step:
    order: int
    func: Any

    @property
    def name(self):
        return f"{self.func.__module__}.{self.func.__qualname__}"

    @property
    def title(self):
        return ((self.func.__doc__ or "").strip().splitlines() or [self.name])[0]


_steps: dict[str, Step] = {}


def demo_step(order):
    """Register ``func(ctx)`` as a demo step run at position ``order`` (lower runs first)."""

    def register(func):
        step = Step(order, func)
        _steps[step.name] = step  # keyed by name, so a re-imported module does not register twice
        return func

    return register


def discover():
    """Import every installed app's ``demo`` module; return the steps in running order."""
    autodiscover_modules("demo")
    return sorted(_steps.values(), key=lambda s: (s.order, s.name))


def _quiet(msg):
    pass


@dataclass
class DemoContext:
    """What the steps share: the seeded sources of randomness, the scale, the objects built."""

    seed: int = DEFAULT_SEED
    size: float = 1.0
    log_to: Any = _quiet
    rng: random.Random = field(init=False)
    fake: Faker = field(init=False)
    root: Any = None
    counties: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    extras: dict = field(default_factory=dict)
    started: float = field(init=False)

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(self.seed)
        self.started = time.perf_counter()

    def scaled(self, n, minimum=1):
        """``n`` at full size, scaled by ``size``, never below ``minimum``."""
        return max(minimum, round(n * self.size))

    def log(self, msg):
        self.log_to(f"[{time.perf_counter() - self.started:6.1f}s] {msg}")


def run(ctx, steps=None):
    """Run the steps in order, each followed by its audit entry. The caller holds the
    transaction (the command wraps everything in one ``transaction.atomic()``)."""
    from . import audit

    for step in steps if steps is not None else discover():
        ctx.log(step.title)
        summary = step.func(ctx) or {}
        audit.record("demo", union=ctx.root, object_type="demo.step", object_id=step.name,
                     object_repr=step.title, changes={"generated": summary},
                     reason=f"gonghui demo --seed {ctx.seed} --size {ctx.size:g}", actor_label="gonghui demo")
    return ctx


@demo_step(order=99)
def task_history(ctx):
    """Task runs: the schedule's last runs, and one export that failed"""
    import uuid
    from datetime import timedelta

    from django.conf import settings
    from django.utils import timezone, translation
    from django.utils.translation import gettext as _

    from .models import TaskRun

    now = timezone.now()
    runs = []
    with translation.override(settings.LANGUAGE_CODE):
        results = {
            "gonghui.hardship.tasks.activate_due": _("%(n)s file(s) activated") % {"n": ctx.rng.randint(1, 6)},
            "gonghui.campaigns.tasks.expire_claims": _("%(n)s claim(s) expired") % {"n": ctx.rng.randint(0, 40)},
            "gonghui.members.tasks.compact_tally": f"Member tally: {ctx.rng.randint(900, 3000)} rows folded into "
                                                   f"{ctx.rng.randint(300, 800)}.",
            "gonghui.members.tasks.cleanup_check_ids": f"{ctx.rng.randint(20, 90)} ID numbers fail today's rules "
                                                       f"({ctx.rng.uniform(6, 12):.1f}s).",
        }
    for spec in settings.CELERY_BEAT_SCHEDULE.values():
        schedule = spec["schedule"]
        weekly = str(getattr(schedule, "_orig_day_of_week", "*")) != "*"
        ran = now + schedule.remaining_estimate(now) - timedelta(days=7 if weekly else 1)
        runs.append(TaskRun(id=uuid.UUID(int=ctx.rng.getrandbits(128)), name=spec["task"], state="succeeded",
                            tries=1, created_at=ran, started_at=ran, finished_at=ran + timedelta(seconds=3),
                            result=results.get(spec["task"], "nothing older than the retention period")))
    clerk = ctx.users["rights"]
    failed_at = now - timedelta(hours=5)
    runs.append(TaskRun(id=uuid.UUID(int=ctx.rng.getrandbits(128)), name="gonghui.assistance.tasks.export_year_report",
                        args=[clerk.pk, failed_at.year, None], started_by=clerk, state="failed", tries=3,
                        created_at=failed_at, started_at=failed_at, finished_at=failed_at + timedelta(minutes=1),
                        error="Traceback (most recent call last):\n  ...\nOSError: [Errno 28] No space left on device"))
    TaskRun.objects.bulk_create(runs)
    return {"task_runs": len(runs)}
