"""Every API operation fuzzed by schemathesis as three personas (member, city, county): no
server error and no response that breaks the published schema (issue 14).

Bounded: a few generated examples per operation and persona, no shrinking; failures are
collected and reported together. PostgreSQL pass only (it commits, like a real server).
The personas' accounts are never locked by the fuzzed sign-ins.
"""

import collections
import os

import pytest
from django.db import connection

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="the fuzz run is PostgreSQL's pass")]

EXAMPLES = int(os.environ.get("GONGHUI_FUZZ_EXAMPLES", 4))  # per operation, persona and mode


@pytest.fixture
def world(transactional_db):
    from tests.factories import build_city
    from tests.positions.conftest import PASSWORD, member_login, position

    city = build_city()
    m = member_login(city, city.grassroots)
    position(city)
    return city, m, PASSWORD


def test_no_operation_answers_a_server_error_or_breaks_its_schema(world, capsys):
    import schemathesis
    from hypothesis import HealthCheck, Phase, given
    from hypothesis import settings as hsettings
    from schemathesis import GenerationMode
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    from gonghui.accounts.models import ApiToken
    from gonghui.wsgi import application

    city, member, password = world
    users = {"member": member.user, "city": city.users["city"], "county": city.users["county"]}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [r.ok() for r in schema.get_all_operations()]
    stats = collections.Counter()
    failures = collections.defaultdict(set)
    codes = collections.Counter()

    def fuzz(op, persona, user, mode):
        @hsettings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                   suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
        @given(case=op.as_strategy(generation_mode=mode))
        def run(case):
            token = ApiToken.issue(user)  # a fresh token each time: the fuzzer may sign out
            headers = {"Authorization": f"Bearer {token}"}
            response = case.call(headers=headers)
            stats["requests"] += 1
            codes[response.status_code] += 1
            if response.status_code >= 500:
                stats["server errors"] += 1
            try:
                case.validate_response(response, checks=[not_a_server_error, response_schema_conformance],
                                       headers=headers)
            except AssertionError as exc:  # a failure group: every check that failed
                if response.status_code < 500:
                    stats["schema violations"] += 1
                failures[f"{op.label} as {persona}"].add(f"{response.status_code} {str(exc).strip()[:300]}")

        run()

    for op in operations:
        for persona, user in users.items():
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):  # valid input and invalid
                fuzz(op, persona, user, mode)
    stats["operations"] = len(operations)
    with capsys.disabled():
        print(f"\nfuzz: {dict(stats)}; status codes {dict(sorted(codes.items()))}")
        for where, what in sorted(failures.items()):
            print(f"  {where}: {sorted(what)[:3]}")

    # The personas were not locked out by the fuzzed sign-ins.
    from django.test import Client

    for persona, user in users.items():
        r = Client().post("/api/v1/auth/login", {"username": user.username, "password": password},
                          content_type="application/json")
        assert r.status_code == 200, (persona, r.content)
    assert not failures, f"{len(failures)} operation/persona pairs failed"
