"""Run by test_replica.py in a process of its own, against a primary and its streaming replica
(DATABASE_URL, DATABASE_REPLICA_URL): prints one JSON object of what each reader saw.

Replay on the replica is paused (by the test, between the two phases) so the replica is known
to lag: a page that reads from it shows the old figure, a page that reads the primary the new.
"""

import json
import os
import re
import sys

import django

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
django.setup()

from django.test import Client  # noqa: E402

from gonghui.core import replica  # noqa: E402
from gonghui.members.models import Member  # noqa: E402


def figure(client):
    page = client.get("/").content.decode()
    return int(re.search(r'data-testid="fig-members">([\d,]+)<', page).group(1).replace(",", ""))


def setup():
    """Phase 1: a small city with members, written on the primary."""
    from stdnum.cn import ric

    from gonghui.members import services
    from tests.factories import build_city

    city = build_city()
    for i in range(3):
        body = f"43042119900101{i + 1:03d}"
        services.add_member(acting_user=city.users["county"], union=city.grassroots, name=f"复制{i}",
                            id_number=body + ric.calc_check_digit(body + "0"), phone=f"1380013800{i}")
    print(json.dumps({"members": Member.objects.count()}))


def lagging():
    """Phase 2, replay paused: who reads what."""
    from gonghui.accounts.models import User

    county, city = User.objects.get(username="county"), User.objects.get(username="city")
    clerk, other = Client(), Client()
    clerk.force_login(county)  # signing in writes (the session, last_login): the clerk is pinned
    other.force_login(city)
    other.cookies.pop(replica.PIN_COOKIE, None)  # a reader who has not written for a while
    before = figure(other)
    from stdnum.cn import ric

    from gonghui.orgs.models import Union

    body = "43042119950505123"
    added = clerk.post("/members/new/", {
        "union": Union.objects.get(name="衡阳县第一机械有限公司工会").pk, "name": "新会员", "doc_type": "resident_id",
        "id_number": body + ric.calc_check_digit(body + "0"), "phone": "13900139000"})
    with replica.reads():
        in_task_before_write = Member.objects.count()
        Member.objects.filter(name="复制0").update(card_number="X1")  # a write inside the task
        in_task_after_write = Member.objects.count()
    print(json.dumps({
        "other_before": before, "added_status": added.status_code, "pinned": replica.PIN_COOKIE in added.cookies,
        "clerk_after": figure(clerk), "other_after": figure(other),
        "task_before_write": in_task_before_write, "task_after_write": in_task_after_write,
        "primary": Member.objects.count(),
    }))


if __name__ == "__main__":
    {"setup": setup, "lagging": lagging}[sys.argv[1]]()
