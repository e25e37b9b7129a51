"""The demo city reads true: a small city (``gonghui demo --size 0.02``, built once for this
module and rolled back after it) holds no date of the past that lies ahead, no festival named
months away, no odd place names, events at times people meet, 入会率 that differ by county,
household incomes that add up, rectification deadlines after they were set, and nobody who
decided what they submitted."""

import re
from collections import defaultdict
from datetime import time

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Sum
from django.utils import timezone

from gonghui.assessments.models import RectificationTask
from gonghui.campaigns.models import Campaign
from gonghui.events.models import CourseSession, Event
from gonghui.hardship.models import HardshipFile, Review
from gonghui.members.models import Member, Status
from gonghui.orgs.models import Union

pytestmark = pytest.mark.django_db  # each test in a savepoint of the module's build

# Date and time fields that may lie ahead: windows, deadlines, validity, plans, expiry. Named ones,
# and by naming rule any field that says it looks forward: a due date (``due_on``, ``*_due_on``,
# ``review_due``), a "do it by" date (``rectify_by``, ``respond_by``, ``pay_by``), the end of a
# period (``*_until``) and the opening of a coming window (``valid_from``, ``renewal_from``). Every
# other date field records something that happened, and none of those may lie ahead.
AHEAD = {"starts_at", "ends_at", "starts_on", "ends_on", "opens_at", "closes_at", "opens_on", "closes_on",
         "signup_opens_at", "signup_closes_at", "release_at", "expires_at", "expires_on", "deadline", "valid_to",
         "date", "day", "month", "window_start", "term_end"}
AHEAD_NAMES = re.compile(r"(^|_)(due_on|due|by|until|from)$")
# Rows whose otherwise past-recording field lies ahead by design: a collective contract's renewal
# reminder is tracked when the contract takes effect (contracts.services.take_effect), as the
# deadline of the coming renewal window, so it starts on the day that window opens (renewal_from).
AHEAD_ROWS = {("rules.Deadline", "started_on"): models.Q(kind="contract_renewal")}
# Who hands a file in, and who decides it.
SUBMITTERS = ("submitted_by", "proposed_by", "created_by")
DECIDERS = ("decided_by", "approved_by", "reviewed_by")
# The months in which a benefit named for a festival may start (lunar festivals move by weeks).
FESTIVALS = {"春节": {12, 1, 2}, "元宵": {1, 2, 3}, "三八": {2, 3}, "五一": {4, 5}, "端午": {5, 6}, "七夕": {7, 8},
             "中秋": {8, 9, 10}, "国庆": {9, 10}, "元旦": {12, 1}, "重阳": {9, 10, 11}}


@pytest.fixture(scope="module")
def city(demo_city):
    """The shared demo city (tests/conftest.py); the moment these checks run."""
    return timezone.now()


def _gonghui_models():
    return [m for m in apps.get_models() if m.__module__.startswith("gonghui.")]


def test_no_date_that_records_the_past_lies_ahead(city):
    now, today = city, timezone.localdate(city)
    ahead = []
    for model in _gonghui_models():
        for f in model._meta.concrete_fields:
            if f.name in AHEAD or AHEAD_NAMES.search(f.name) or not isinstance(f, models.DateField):
                continue  # (a DateTimeField is a DateField)
            limit = now if isinstance(f, models.DateTimeField) else today
            rows = model._default_manager.filter(**{f"{f.name}__gt": limit})
            if (model._meta.label, f.name) in AHEAD_ROWS:
                rows = rows.exclude(AHEAD_ROWS[model._meta.label, f.name])
            n = rows.count()
            if n:
                ahead.append(f"{model._meta.label}.{f.name}: {n}")
    assert ahead == [], "\n".join(ahead)
    latest = Member.objects.order_by("-joined_on").values_list("joined_on", flat=True).first()
    assert latest <= today


def test_benefits_are_named_for_the_season_they_start_in(city):
    for c in Campaign.objects.all():
        month = timezone.localtime(c.starts_at).month
        for festival, months in FESTIVALS.items():
            if festival in c.title:
                assert month in months, (c.title, c.starts_at)


def test_place_names_read_true(city):
    odd = re.compile(r"(县|区|市)市|市衡阳|县衡阳")
    names = [*Event.objects.values_list("place", flat=True), *CourseSession.objects.values_list("place", flat=True),
             *Union.objects.values_list("name", flat=True)]
    assert names and [n for n in names if odd.search(n)] == []
    for e in Event.objects.select_related("union__region"):
        assert e.place.startswith(e.union.region.name), e.place


def test_events_and_classes_start_at_times_people_meet(city):
    starts = [*Event.objects.values_list("starts_at", flat=True),
              *CourseSession.objects.values_list("starts_at", flat=True)]
    assert starts
    for at in starts:
        local = timezone.localtime(at).time()
        assert time(8) <= local <= time(20) and local.minute in (0, 30), local


def test_membership_rates_differ_from_county_to_county(city):
    members = defaultdict(int)
    staff = defaultdict(int)
    unions = Union.objects.filter(kind="grassroots", status="active", employer__isnull=False).select_related(
        "employer")
    for u in unions:
        staff[u.region_id[:6]] += u.employer.headcount
    for region, n in (Member.objects.in_status(Status.ACTIVE).filter(union__in=unions).values("union__region_id")
                      .annotate(n=models.Count("pk")).values_list("union__region_id", "n")):
        members[region[:6]] += n
    rates = sorted(members[c] / staff[c] for c in staff if staff[c])
    assert len(rates) >= 6
    assert all(0 < r <= 1 for r in rates)
    assert rates[-1] / rates[0] >= 1.2, rates  # not one figure for the whole city


def test_household_incomes_add_up(city):
    files = HardshipFile.objects.annotate(listed=models.Count("household"),
                                          summed=Sum("household__annual_income_fen"))
    assert files.exists()
    for f in files:
        assert f.listed == f.household_size
        assert f.summed == f.annual_income_fen


def test_rectification_deadlines_come_after_they_were_set(city):
    tasks = RectificationTask.objects.select_related("assessment")
    assert tasks.exists()
    for t in tasks:
        assert t.deadline > timezone.localdate(t.created_at)
        assert t.created_at >= t.assessment.reviewed_at
        assert t.done_at is None or t.created_at <= t.done_at


def test_nobody_decides_what_they_submitted(city):
    checked = []
    for model in _gonghui_models():
        fields = {f.name for f in model._meta.concrete_fields}
        submitter = next((f for f in SUBMITTERS if f in fields), None)
        for decider in (f for f in DECIDERS if f in fields):
            if submitter is None:
                continue
            checked.append(model._meta.label)
            both = model._default_manager.filter(**{f"{decider}__isnull": False,
                                                    f"{submitter}_id": models.F(f"{decider}_id")})
            assert not both.exists(), f"{model._meta.label}: {submitter} == {decider}"
    assert {"assessments.Assessment", "assistance.AssistanceApplication", "medicalaid.Claim",
            "subsidies.AwardSubsidy", "coverage.PaperUnionCase"} <= set(checked)
    # hardship files: the steps after submitting are taken by someone else
    submitted = dict(Review.objects.filter(decision="submit").values_list("file_id", "actor_id"))
    assert submitted
    for file_id, actor_id in Review.objects.filter(decision__in=("approve", "reject", "return")).values_list(
            "file_id", "actor_id"):
        assert actor_id != submitted.get(file_id)
    assert not HardshipFile.objects.filter(reviews__decision__in=("approve", "reject"),
                                           reviews__actor=models.F("created_by")).exists()

