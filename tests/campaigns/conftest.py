"""Building blocks of the campaign tests: campaigns of each mode, members with logins, a rush
of claimers from threads."""

import threading
from datetime import date, timedelta

from django.db import connections
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.campaigns import engine, services
from gonghui.campaigns.models import Campaign
from gonghui.members import services as member_services

from ..members.test_matrix import _rid

_seq = iter(range(10**6))


def member(c, union=None, *, login=False, **flags):
    """A new member of `union` (the 衡阳县 grassroots union by default); `flags` set tags."""
    union = union or c.grassroots
    n = next(_seq)
    born = date(1975, 1, 1) + timedelta(days=n % 9000)
    m = member_services.add_member(acting_user=c.users["city"], union=union, name=f"职工{n}",
                                   id_number=_rid(f"430421{born:%Y%m%d}{n % 100:02d}5"))
    if flags:
        for k, v in flags.items():
            setattr(m, k, v)
        m.save()
    if login:
        m.login_phone = f"1390000{n:04d}"
        m.user = User.objects.create_user(username=f"m{m.number}", password="Gonghui@2026", phone=m.login_phone,
                                          kind=User.Kind.MEMBER, full_name=m.name)
        m.save(update_fields=["user"])
    return m


def campaign(c, *, mode="fcfs", stock=5, limit=1, union=None, by="publicity", start=-60, minutes=60,
             publish=True, **kw):
    """A campaign of the city (or `union`) that opened `start` seconds from now."""
    now = timezone.now()
    return services.create_campaign(
        acting_user=c.users[by], union=union or c.root, title=kw.pop("title", f"{mode} 活动"), stock=stock,
        per_member_limit=limit, mode=mode, starts_at=now + timedelta(seconds=start),
        ends_at=now + timedelta(seconds=start) + timedelta(minutes=minutes), publish=publish, **kw)


def claim(campaign_, m, ip="10.0.0.1", **kw):
    return engine.claim(campaign_, m, engine.issue_token(campaign_, m), ip, **kw)


def open_campaigns():
    return Campaign.objects.filter(state="published")


def race(c, members, phones=2):
    """Every member claims from `phones` threads at once; returns the outcomes."""
    jobs = [m for m in members for _ in range(phones)]
    barrier = threading.Barrier(len(jobs))
    outcomes = []

    def run(m):
        try:
            barrier.wait(timeout=60)
            outcomes.append(claim(c, m, ip=f"10.1.{m.pk % 250}.{m.pk % 7}").reason or "issued")
        except Exception as exc:  # noqa: BLE001 - reported in the assertion
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(m,)) for m in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return outcomes
