"""What a new user found: only join applications could be decided in bulk. The federation's
review of hardship files now takes the ticked files at once (approve, send back, reject), each
through the one-file service, after a page naming the count; files the reviewer opened or
handed on are skipped and named; a file outside the reviewer's subtree is "not found" like a
missing one."""

from django.contrib.messages import get_messages
from django.test import Client

from gonghui.hardship import services
from gonghui.hardship.models import HardshipFile, Review

from ..members.test_matrix import _rid
from .conftest import county_rights, file_data, standards


def said(response):
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def _member(city, n, union=None):
    from gonghui.members import services as members

    union = union or city.grassroots
    return members.add_member(acting_user=city.users["city"], union=union, name=f"困难职工{n}",
                              id_number=_rid(f"{union.region_id[:6]}19800101{n:02d}1"))


def _submitted(city, n, by="union", union=None):
    standards(city)
    user = city.users[by] if isinstance(by, str) else by
    f = services.open_file(acting_user=user, member=_member(city, n, union), year=2026, **file_data())
    return services.submit(f, acting_user=user)


def test_the_county_approves_ticked_files_and_skips_the_one_it_submitted(client, city):
    reviewer = county_rights(city)
    a, b = _submitted(city, 1), _submitted(city, 2)
    own = _submitted(city, 3, by=reviewer)
    client.force_login(reviewer)
    asked = client.post("/hardship/bulk/", {"action": "approve", "pick": [a.pk, b.pk, own.pk]})
    page = asked.content.decode()
    assert asked.status_code == 200 and 'data-testid="bulk-confirm"' in page
    assert "已选 2 条" in page and "全部批准（2 条）" in page  # the count is named, the own file is not in it
    assert "困难职工3（2026）" in page and "您本人提交" in page
    assert set(HardshipFile.objects.values_list("stage", flat=True)) == {"county"}  # nothing yet

    done = client.post("/hardship/bulk/", {"action": "approve", "pick": [a.pk, b.pk, own.pk], "confirmed": "1",
                                            "reason": "情况属实"})
    assert done.status_code == 302
    message = said(done)
    assert "已批准 2 条：困难职工1（2026）、困难职工2（2026）" in message
    assert "已跳过您本人提交的 1 条" in message and "困难职工3" in message
    assert {f.pk: f.stage for f in HardshipFile.objects.all()} == {a.pk: "city", b.pk: "city", own.pk: "county"}
    assert Review.objects.filter(decision="approve", actor=reviewer, opinion="情况属实").count() == 2


def test_sending_back_needs_the_opinion_and_one_refusal_stops_the_batch(client, city):
    reviewer = county_rights(city)
    a, b = _submitted(city, 1), _submitted(city, 2)
    services.review(b, acting_user=reviewer, decision="reject", opinion="不符合条件")
    client.force_login(reviewer)
    again = client.post("/hardship/bulk/", {"action": "return", "pick": [a.pk], "confirmed": "1"})
    assert again.status_code == 200 and "is-invalid" in again.content.decode()
    done = client.post("/hardship/bulk/", {"action": "return", "pick": [a.pk, b.pk], "confirmed": "1",
                                            "reason": "收入证明不全"})
    assert "没有处理任何一条" in said(done)
    assert HardshipFile.objects.get(pk=a.pk).state == "review"  # all or nothing
    done = client.post("/hardship/bulk/", {"action": "return", "pick": [a.pk], "confirmed": "1",
                                            "reason": "收入证明不全"})
    assert "已退回 1 条" in said(done) and HardshipFile.objects.get(pk=a.pk).state == "draft"


def test_a_file_outside_the_subtree_is_refused_like_a_missing_one(client, city):
    reviewer = county_rights(city)
    foreign = _submitted(city, 4, by="rights", union=city.grassroots2)
    client.force_login(reviewer)
    outside = client.post("/hardship/bulk/", {"action": "approve", "pick": [foreign.pk], "confirmed": "1"})
    other = Client()
    other.force_login(reviewer)
    missing = other.post("/hardship/bulk/", {"action": "approve", "pick": [foreign.pk + 1000], "confirmed": "1"})
    assert outside.status_code == missing.status_code == 302
    assert said(outside) == said(missing) and "1 行未找到" in said(outside)
    assert HardshipFile.objects.get(pk=foreign.pk).stage == "county"
    mine = _submitted(city, 5)  # beside a row of its own, the foreign id is counted, not acted on
    done = other.post("/hardship/bulk/", {"action": "approve", "pick": [mine.pk, foreign.pk], "confirmed": "1"})
    assert "已批准 1 条" in said(done) and "1 行未找到" in said(done)
    assert HardshipFile.objects.get(pk=foreign.pk).stage == "county"


def test_the_list_offers_the_bulk_review(client, city):
    client.force_login(county_rights(city))
    html = client.get("/hardship/").content.decode()
    assert 'data-testid="bulk-approve"' in html and 'data-testid="bulk-return"' in html
