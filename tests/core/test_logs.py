"""One request id from the proxy's log through the application's log lines to the audit trail
(gonghui.core.logs, RequestContextMiddleware): an operator follows a clerk's report
("请求编号 …") or an audit entry to everything that request did."""

import io
import json
import logging
import re

from django.test import RequestFactory

from gonghui.core import audit
from gonghui.core.logs import JsonLogFormatter, RequestIdFilter, request_id
from gonghui.core.middleware import server_error
from gonghui.core.models import AuditEntry

from ..accounts.test_accounts import staff_login
from .test_audit_chain import _write

HEX32 = re.compile(r"[0-9a-f]{32}")


def test_a_change_is_audited_with_the_id_the_response_names(client, city):
    response = staff_login(client, "county")
    given = response["X-Request-ID"]
    assert HEX32.fullmatch(given)
    entry = AuditEntry.objects.filter(action="login", actor=city.users["county"]).get()
    assert entry.request_id == given
    assert staff_login(client, "county")["X-Request-ID"] != given  # each request its own


def test_the_proxys_id_is_taken_only_behind_a_proxy_and_only_when_well_formed(client, city, settings):
    nginx_id = "0f" * 16
    assert client.get("/healthz", headers={"X-Request-ID": nginx_id})["X-Request-ID"] != nginx_id
    settings.BEHIND_PROXY = True
    assert client.get("/healthz", headers={"X-Request-ID": nginx_id})["X-Request-ID"] == nginx_id
    forged = client.get("/healthz", headers={"X-Request-ID": "x\ninjected log line"})["X-Request-ID"]
    assert HEX32.fullmatch(forged)


def test_the_chain_holds_entries_with_and_without_a_request_id(db):
    audit.record("test_without_id", object_type="t", object_id="1")
    token = request_id.set("ab" * 16)
    try:
        with_id = audit.record("test_with_id", object_type="t", object_id="2")
    finally:
        request_id.reset(token)
    assert with_id.request_id == "ab" * 16
    checked, wrong, _why = audit.verify()
    assert checked >= 2 and wrong is None
    _write("UPDATE core_auditentry SET request_id = %s WHERE id = %s", ["cd" * 16, with_id.pk])  # sealed too
    assert audit.verify()[1] == with_id.pk


def test_a_json_log_line_carries_the_request_id_and_readable_chinese():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonLogFormatter())
    handler.addFilter(RequestIdFilter())
    log = logging.getLogger("gonghui.test_logs")
    log.addHandler(handler)
    token = request_id.set("12" * 16)
    try:
        log.warning("导入失败：第 %d 行", 7, extra={"import_id": 3})
    finally:
        request_id.reset(token)
        log.removeHandler(handler)
    line = json.loads(stream.getvalue())
    assert line["request_id"] == "12" * 16 and line["message"] == "导入失败：第 7 行"
    assert line["level"] == "WARNING" and line["logger"] == "gonghui.test_logs" and line["import_id"] == 3
    assert "导入失败" in stream.getvalue()  # not \u escapes


def test_the_error_page_names_the_request_id():
    request = RequestFactory().get("/")
    request.request_id = "34" * 16
    response = server_error(request)
    assert response.status_code == 500 and "34" * 16 in response.content.decode()


def test_a_409_refusal_writes_no_warning_and_other_client_errors_still_do(caplog):
    """A sold-out rush answers thousands of 409s: the answer is the member's, not a fault for the
    operator's log; a 404 or 401 is still logged."""
    from django.http import HttpResponse
    from django.utils.log import log_response

    request = RequestFactory().post("/api/v1/campaigns/1/claim")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        for status in (409, 404, 401):
            log_response("%s: %s", status, request.path, response=HttpResponse(status=status), request=request)
    assert [r.status_code for r in caplog.records if r.name == "django.request"] == [404, 401]
