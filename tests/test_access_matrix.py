"""Every page and every API operation, for every persona, with the answer it must get.

The completeness tests at the bottom fail when a URL or an API operation exists that this
matrix does not list: no route escapes the access rules unnoticed. Expectations are written
out by hand (not computed with the code under test), from both sides: who may, and that
everyone else is refused (404 where the object is outside their subtree, 403 where they may
see it but not change it, a redirect to sign-in for anonymous visitors).
"""

import json

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.api import api

from .accounts.test_matrix import ACCOUNT_PAGES
from .assessments.test_matrix import ASSESSMENTS_API, ASSESSMENTS_PAGES
from .assistance.test_matrix import ASSISTANCE_API, ASSISTANCE_PAGES
from .budgets.test_matrix import BUDGETS_API, BUDGETS_PAGES
from .campaigns.test_matrix import CAMPAIGN_API, CAMPAIGN_PAGES
from .competitions.test_matrix import COMPETITIONS_API, COMPETITIONS_PAGES
from .conftest import _RollBack
from .congress.test_matrix import CONGRESS_API, CONGRESS_PAGES
from .contracts.test_matrix import CONTRACTS_API, CONTRACTS_PAGES
from .coverage.test_matrix import COVERAGE_API, COVERAGE_PAGES
from .disputes.test_matrix import DISPUTES_API, DISPUTES_PAGES
from .elections.test_matrix import ELECTIONS_API, ELECTIONS_PAGES
from .engagement.test_matrix import ENGAGEMENT_API, ENGAGEMENT_PAGES
from .events.test_matrix import EVENTS_API, EVENTS_PAGES
from .factories import build_city
from .funds.test_matrix import FUNDS_API, FUNDS_PAGES
from .hardship.test_matrix import HARDSHIP_API, HARDSHIP_PAGES
from .honours.test_matrix import HONOURS_API, HONOURS_PAGES
from .mall.test_matrix import MALL_API, MALL_PAGES
from .matrix import EXTRA_PERSONAS, ID_MAKERS, PERSONAS, who
from .medicalaid.test_matrix import MEDICALAID_API, MEDICALAID_PAGES
from .members.test_cleanup_matrix import CLEANUP_API, CLEANUP_PAGES
from .members.test_joins_matrix import JOIN_API, JOIN_PAGES, pending_join
from .members.test_matrix import MEMBER_API, MEMBER_PAGES, _rid, import_in_county, member_in_county
from .notices.test_matrix import NOTICES_API, NOTICES_PAGES
from .positions.test_matrix import POSITIONS_API, POSITIONS_PAGES
from .recuperation.test_matrix import RECUPERATION_API, RECUPERATION_PAGES
from .rights.test_matrix import RIGHTS_API, RIGHTS_PAGES
from .rules.test_matrix import RULES_API, RULES_PAGES
from .skills.test_matrix import SKILLS_API, SKILLS_PAGES
from .studios.test_matrix import STUDIOS_API, STUDIOS_PAGES
from .subsidies.test_matrix import SUBSIDIES_API, SUBSIDIES_PAGES
from .volunteers.test_matrix import VOLUNTEERS_API, VOLUNTEERS_PAGES
from .wcongress.test_matrix import WCONGRESS_API, WCONGRESS_PAGES


def task_of_county(c):
    """An export `county` started, finished, with its file (made once per test)."""
    import uuid

    from gonghui.core import queue
    from gonghui.core.models import TaskRun

    run = TaskRun.objects.filter(started_by=c.users["county"]).first()
    if run is None:
        run = TaskRun.objects.create(id=uuid.uuid4(), name="gonghui.assistance.tasks.export_year_report",
                                     started_by=c.users["county"], state="succeeded", result="年度报告.xlsx")
        queue.file_path(run.pk).parent.mkdir(parents=True, exist_ok=True)
        queue.file_path(run.pk).write_bytes(b"PK")
    return run


ID_MAKERS["task_id"] = lambda c: task_of_county(c).pk

# Pages: (url name, kwargs from the city, method, POST data, {persona: status}).
# Objects used: county = 衡阳县总工会 (inside `county`'s subtree), township2 (inside `county2`'s).
PAGES = [
    ("overview:home", {}, "get", None, who(200)),
    ("core:focus", {}, "post", lambda c: {"union": c.township.pk, "next": "/"},
     who(302, county2=404, union=404)),
    ("core:audit_list", {}, "get", None, who(403, auditor=200, operator=200)),
    # help explains rules, no record: open to everyone, signed in or not
    ("core:help", {}, "get", None, who(200, anon=200)),
    ("core:help_topic", {"topic": "hardship"}, "get", None, who(200, anon=200)),
    # probes name no record: liveness and readiness for anyone; metrics by address (test_metrics)
    ("healthz", {}, "get", None, who(200, anon=200)),
    ("readyz", {}, "get", None, who(200, anon=200)),
    ("metrics", {}, "get", None, who(200, anon=200)),
    ("core:audit_verify", {}, "post", {}, who(403, auditor=302, operator=302)),
    ("core:audit_detail", lambda c: {"pk": c.audit_entry.pk}, "get", None,
     who(404, auditor=200, operator=200)),
    ("core:task_detail", lambda c: {"pk": task_of_county(c).pk}, "get", None, who(404, county=200)),
    ("core:task_file", lambda c: {"pk": task_of_county(c).pk}, "get", None, who(404, county=200)),
    ("orgs:union_list", {}, "get", None, who(200)),
    ("orgs:union_lookup", {}, "get", None, who(200)),
    ("orgs:union_create", {}, "get", None, who(200)),
    ("orgs:union_detail", lambda c: {"pk": c.township.pk}, "get", None, who(200, county2=404, union=404)),
    ("orgs:union_detail", lambda c: {"pk": c.township2.pk}, "get", None, who(200, county=404, union=404)),
    ("orgs:union_edit", lambda c: {"pk": c.township.pk}, "get", None,
     who(200, county2=404, union=404, auditor=403)),
    ("orgs:union_edit", lambda c: {"pk": c.grassroots.pk}, "get", None, who(200, county2=404, auditor=403)),
    ("orgs:union_edit", lambda c: {"pk": c.township.pk}, "post", {"name": "改名"},
     who(200, county2=404, union=404, auditor=403)),
    # the full contact phone: the reveal right (organisation; union staff on their own union), recorded
    ("orgs:union_reveal", lambda c: {"pk": c.township.pk}, "post", {},
     who(200, county2=404, union=404, auditor=403, rights=403)),
    ("orgs:union_reveal", lambda c: {"pk": c.grassroots.pk}, "post", {}, who(200, county2=404, auditor=403)),
    ("orgs:union_move", lambda c: {"pk": c.township.pk}, "get", None,
     who(200, county2=404, union=404, auditor=403)),
    ("orgs:union_merge", lambda c: {"pk": c.township.pk}, "get", None,
     who(200, county2=404, union=404, auditor=403)),
    ("orgs:union_revoke", lambda c: {"pk": c.township.pk}, "get", None,
     who(200, county2=404, union=404, auditor=403)),
    ("orgs:union_revoke", lambda c: {"pk": c.township.pk}, "post", {"reason": "x"},
     who(200, county2=404, union=404, auditor=403)),
    ("orgs:union_delete", lambda c: {"pk": c.township.pk}, "get", None,
     who(200, county2=404, union=404, auditor=403)),
    ("orgs:employer_list", {}, "get", None, who(200)),
    ("orgs:employer_lookup", {}, "get", None, who(200)),
    ("orgs:employer_create", {}, "get", None, who(200)),
    ("orgs:employer_detail", lambda c: {"pk": c.employer.pk}, "get", None, who(200, county2=404)),
    ("orgs:employer_detail", lambda c: {"pk": c.employer2.pk}, "get", None, who(200, county=404, union=404)),
    ("orgs:employer_edit", lambda c: {"pk": c.employer.pk}, "get", None,
     who(200, county2=404, union=403, auditor=403)),
    ("orgs:region_list", {}, "get", None, who(200)),
    ("orgs:region_lookup", {}, "get", None, who(200)),
    ("orgs:region_detail", {"pk": "430421"}, "get", None, who(200)),
]

# API operations: (method, path template, body, {persona: status}); anonymous callers get 401.
API = [
    ("post", "/api/v1/auth/login", None, None),  # public; covered in test_api and test_accounts
    ("get", "/api/v1/me", None, who(200, anon=401)),
    ("get", "/api/v1/tasks/{task_id}", None, who(404, anon=401, county=200)),
    ("post", "/api/v1/searches", {"q": "13912345678"}, who(200, anon=401)),
    ("get", "/api/v1/regions", None, who(200, anon=401)),
    ("get", "/api/v1/regions/{code}", None, who(200, anon=401)),
    ("post", "/api/v1/regions", {"code": "430421990", "name": "测试街道", "parent": "430421"},
     who(403, anon=401, operator=201)),
    ("patch", "/api/v1/regions/{code}", {"name": "衡阳县"}, who(403, anon=401, operator=200)),
    ("get", "/api/v1/employers", None, who(200, anon=401)),
    ("get", "/api/v1/employers/{employer_id}", None, who(200, anon=401, county2=404)),
    ("post", "/api/v1/employers", "new_employer", who(201, anon=401, county2=403, union=403, auditor=403)),
    ("patch", "/api/v1/employers/{employer_id}", {"headcount": 66},
     who(200, anon=401, county2=404, union=403, auditor=403)),
    ("get", "/api/v1/unions", None, who(200, anon=401)),
    ("get", "/api/v1/unions/{union_id}", None, who(200, anon=401, county2=404, union=404)),
    ("post", "/api/v1/unions", "new_union", who(201, anon=401, county2=404, union=404, auditor=403)),
    ("patch", "/api/v1/unions/{union_id}", {"chair_name": "刘丽华"},
     who(200, anon=401, county2=404, union=404, auditor=403)),
    ("post", "/api/v1/unions/{union_id}/move", "move", who(200, anon=401, county2=404, union=404, auditor=403)),
    ("post", "/api/v1/unions/{union_id}/merge", "merge", who(200, anon=401, county2=404, union=404, auditor=403)),
    ("post", "/api/v1/unions/{union_id}/revoke", {"reason": "纸上工会"},
     who(200, anon=401, county2=404, union=404, auditor=403)),
    ("delete", "/api/v1/unions/{union_id}", {"reason": "误建"},
     who(204, anon=401, county2=404, union=404, auditor=403)),
]


@pytest.fixture(scope="module")
def _city_once(django_db_setup, django_db_blocker):
    """The test city, built once for the whole matrix inside a transaction rolled back at the
    end. Building it for each of the 6,700 cases was more than half the matrix's time."""
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                city = build_city()
                yield city, dict(city.users)
                raise _RollBack
        except _RollBack:
            pass


@pytest.fixture
def city(_city_once, db):
    """The shared city for one case; what the case changes is rolled back after it (`db`), and
    the users that helpers add (a second teller, a colleague) are forgotten with their rows."""
    city, users = _city_once
    city.users = dict(users)
    return city


@pytest.fixture
def world(city):
    from gonghui.core import audit

    city.audit_entry = audit.record("update", actor=city.users["city"], obj=city.township)
    return city


def _client(client, city, persona):
    if persona == "anon":
        return client
    user = city.users[persona]
    client.force_login(user)
    if persona == "operator":  # operators must pass TOTP; mark this session as verified
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


def _resolve(value, city):
    return value(city) if callable(value) else value


ALL_PAGES = (PAGES + ACCOUNT_PAGES + MEMBER_PAGES + JOIN_PAGES
             + ASSESSMENTS_PAGES
             + ASSISTANCE_PAGES
             + CAMPAIGN_PAGES
             + CLEANUP_PAGES
             + CONGRESS_PAGES
             + COVERAGE_PAGES
             + ELECTIONS_PAGES
             + ENGAGEMENT_PAGES
             + EVENTS_PAGES
             + HARDSHIP_PAGES
             + MEDICALAID_PAGES
             + NOTICES_PAGES
             + POSITIONS_PAGES
             + RULES_PAGES
             + SUBSIDIES_PAGES
             + WCONGRESS_PAGES
             + CONTRACTS_PAGES
             + HONOURS_PAGES
             + RIGHTS_PAGES
             + DISPUTES_PAGES
             + BUDGETS_PAGES
             + FUNDS_PAGES
             + RECUPERATION_PAGES
             + VOLUNTEERS_PAGES
             + SKILLS_PAGES
             + COMPETITIONS_PAGES
             + STUDIOS_PAGES
             + MALL_PAGES)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name, kwargs, method, data, expected", ALL_PAGES,
                         ids=[f"{p[0]}-{p[2]}-{i}" for i, p in enumerate(ALL_PAGES)])
def test_page(world, client, persona, name, kwargs, method, data, expected):
    _check_page(world, client, persona, name, kwargs, method, data, expected)


EXTRA_PAGES = [(who, *p) for who in EXTRA_PERSONAS for p in ALL_PAGES if who in p[4]]


@pytest.mark.parametrize("persona, name, kwargs, method, data, expected", EXTRA_PAGES,
                         ids=[f"{p[0]}-{p[1]}-{p[3]}-{i}" for i, p in enumerate(EXTRA_PAGES)])
def test_page_extra_personas(world, client, persona, name, kwargs, method, data, expected):
    _check_page(world, client, persona, name, kwargs, method, data, expected)


def _check_page(world, client, persona, name, kwargs, method, data, expected):
    from django.urls import reverse

    url = reverse(name, kwargs=_resolve(kwargs, world))
    c = _client(client, world, persona)
    r = c.get(url) if method == "get" else c.post(url, _resolve(data, world) or {})
    assert r.status_code == expected[persona], (persona, url, r.status_code)
    if expected[persona] == 404 and persona != "anon":
        assert "otp" not in r.get("Location", "")


def _api_case(city, path, body):
    """Fill the path and body for one API operation: targets live in `county`'s subtree."""
    from .factories import make_uscc

    ids = {"code": "430421", "employer_id": city.employer.pk, "union_id": city.grassroots_b.pk}
    if "{member_id}" in path:
        ids["member_id"] = member_in_county(city).pk
    if "{import_id}" in path:
        ids["import_id"] = import_in_county(city).pk


    if "{application_id}" in path:
        ids["application_id"] = pending_join(city).pk
    for placeholder, make in ID_MAKERS.items():
        if f"{{{placeholder}}}" in path:
            ids[placeholder] = make(city)
    if "{code}" in path and body is None:
        ids["code"] = "430421"
    if path == "/api/v1/unions/{union_id}" and body is None:
        ids["union_id"] = city.township.pk
    url = path.format(**ids)
    if callable(body):
        body = body(city)
    body = {
        "new_employer": {"name": "衡阳县矩阵测试有限公司", "uscc": make_uscc(4242),
                         "region_code": city.township.region_id},
        "new_union": {"parent_id": city.township.pk, "name": "矩阵测试工会", "kind": "grassroots",
                      "region_code": city.township.region_id},
        "move": {"parent_id": city.county.pk, "reason": "调整"},
        "merge": {"into_id": city.grassroots.pk, "reason": "并转"},
        "new_member": {"name": "李四", "id_number": _rid("43042119850615002"), "union_id": city.grassroots.pk},
        "transfer_member": {"to_union_id": city.grassroots_b.pk, "reason": "调动"},
    }.get(body, body) if isinstance(body, str) else body
    return url, body


ALL_API = (API + MEMBER_API + JOIN_API
           + ASSESSMENTS_API
           + ASSISTANCE_API
           + CAMPAIGN_API
           + CLEANUP_API
           + CONGRESS_API
           + COVERAGE_API
           + ELECTIONS_API
           + ENGAGEMENT_API
           + EVENTS_API
           + HARDSHIP_API
           + MEDICALAID_API
           + NOTICES_API
           + POSITIONS_API
           + RULES_API
           + SUBSIDIES_API
           + WCONGRESS_API
           + CONTRACTS_API
           + HONOURS_API
           + RIGHTS_API
           + DISPUTES_API
           + BUDGETS_API
           + FUNDS_API
           + RECUPERATION_API
           + VOLUNTEERS_API
           + SKILLS_API
           + COMPETITIONS_API
           + STUDIOS_API
           + MALL_API)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("method, path, body, expected", [a for a in ALL_API if a[3] is not None],
                         ids=[f"{a[0]}-{a[1]}" for a in ALL_API if a[3] is not None])
def test_api(city, persona, method, path, body, expected):
    _check_api(city, persona, method, path, body, expected)


EXTRA_API = [(who, *a) for who in EXTRA_PERSONAS for a in ALL_API if a[3] is not None and who in a[3]]


@pytest.mark.parametrize("persona, method, path, body, expected", EXTRA_API,
                         ids=[f"{a[0]}-{a[1]}-{a[2]}" for a in EXTRA_API])
def test_api_extra_personas(city, persona, method, path, body, expected):
    _check_api(city, persona, method, path, body, expected)


def _check_api(city, persona, method, path, body, expected):
    from django.test import Client

    from gonghui.accounts.models import ApiToken

    headers = {} if persona == "anon" else {"Authorization": f"Bearer {ApiToken.issue(city.users[persona])}"}
    url, payload = _api_case(city, path, body)
    c = Client(headers=headers)
    kw = {"data": json.dumps(payload), "content_type": "application/json"} if payload is not None else {}
    r = getattr(c, method)(url, **kw)
    assert r.status_code == expected[persona], (persona, url, r.status_code, r.content[:300])


# --- completeness ----------------------------------------------------------------------------

EXEMPT_PREFIXES = ("ops/", "api/v1/")  # the operators' admin (OTPAdminSite) and the API (below)


def _named_routes(resolver=None, prefix="", ns=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            inner_ns = f"{ns}{p.namespace}:" if p.namespace else ns
            yield from _named_routes(p, route, inner_ns)
        elif isinstance(p, URLPattern) and not route.startswith(EXEMPT_PREFIXES):
            yield f"{ns}{p.name}"


def test_every_page_is_in_the_matrix():
    listed = {p[0] for p in ALL_PAGES}
    assert set(_named_routes()) - listed == set()


def test_every_api_operation_is_in_the_matrix():
    schema = api.get_openapi_schema()
    operations = {(m, p) for p, ops in schema["paths"].items() for m in ops}
    listed = {(m, p) for m, p, _b, _e in ALL_API}
    assert operations - listed == set()
