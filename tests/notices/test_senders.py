"""The apps that tell people: a campaign published to a subtree, a join application decided, a
transfer answered, a hardship file reviewed, a mutual-aid claim and an assistance application
decided. Each notice is written with the change and delivered after its commit."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from gonghui.campaigns import services as campaign_services
from gonghui.notices.models import Notice, Outbox

from ..campaigns.conftest import member as campaign_member
from ..medicalaid.conftest import claim, member

pytestmark = pytest.mark.django_db


def _titles(**who):
    return sorted(Notice.objects.filter(**who).values_list("outbox__title", flat=True))


def test_a_campaign_published_to_a_county_tells_its_members(city, django_capture_on_commit_callbacks):
    inside = [campaign_member(city, city.grassroots), campaign_member(city, city.grassroots_b, login=True)]
    outside = campaign_member(city, city.grassroots2)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        c = campaign_services.create_campaign(
            acting_user=city.users["publicity"], union=city.county, title="夏送清凉", stock=100, per_member_limit=1,
            mode="fcfs", starts_at=now + timedelta(hours=1), ends_at=now + timedelta(days=1))
        assert Outbox.objects.count() == 0  # a draft tells nobody
        campaign_services.publish_campaign(c, acting_user=city.users["publicity"])
    outbox = Outbox.objects.get()
    assert outbox.audience == [{"members_under": city.county.path, "any_of": []}]
    assert sorted(Notice.objects.values_list("member_id", flat=True)) == sorted(m.pk for m in inside)
    assert not Notice.objects.filter(member=outside).exists()
    assert outbox.title == "新普惠活动：夏送清凉" and outbox.url == f"/campaigns/me/{c.pk}/"


def test_a_campaign_for_some_groups_tells_only_them(city, django_capture_on_commit_callbacks):
    gig = campaign_member(city, is_gig_worker=True)
    model = campaign_member(city, is_model_worker=True)
    campaign_member(city)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        campaign_services.create_campaign(
            acting_user=city.users["publicity"], union=city.county, title="骑手关爱", stock=10, per_member_limit=1,
            mode="fcfs", starts_at=now + timedelta(hours=1), ends_at=now + timedelta(days=1), tags=["gig"],
            publish=True)
    assert list(Notice.objects.values_list("member_id", flat=True)) == [gig.pk]
    assert model.pk not in Notice.objects.values_list("member_id", flat=True)


def test_a_failed_publication_tells_nobody(city, django_capture_on_commit_callbacks):
    campaign_member(city)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        c = campaign_services.create_campaign(
            acting_user=city.users["publicity"], union=city.county, title="抽奖", stock=10, per_member_limit=1,
            mode="fcfs", starts_at=now + timedelta(hours=1), ends_at=now + timedelta(days=1))
        with pytest.raises(RuntimeError), transaction.atomic():
            campaign_services.publish_campaign(c, acting_user=city.users["publicity"])
            raise RuntimeError("the request failed after the publication")
    assert Outbox.objects.count() == 0 and Notice.objects.count() == 0


def test_an_accepted_applicant_is_welcomed_in_their_new_account(city, sms, django_capture_on_commit_callbacks):
    from gonghui.members import joins

    from ..members.test_joins_matrix import pending_join

    application = pending_join(city)
    with django_capture_on_commit_callbacks(execute=True):
        joins.accept(application, acting_user=city.users["union"])
    application.refresh_from_db()
    notice = Notice.objects.get()
    assert notice.member == application.member and notice.user == application.member.user
    assert notice.outbox.title == "欢迎您加入衡阳县第一机械有限公司工会"
    assert sms == [("13912345678", f"【工会通知】欢迎您加入衡阳县第一机械有限公司工会：您的会员编号是 "
                                   f"{application.member.number}。")]


def test_a_transfer_answered_tells_the_side_that_asked(city, django_capture_on_commit_callbacks):
    from gonghui.members import transfers

    m = member(city, city.grassroots)
    request = transfers.request_transfer_out(m, acting_user=city.users["union"], to_union=city.grassroots2,
                                             reason="调动")
    with django_capture_on_commit_callbacks(execute=True):
        transfers.decide(request, acting_user=city.users["county2"], accept=True)
    assert list(Notice.objects.values_list("user__username", "kind")) == [("union", "transfer_decided")]
    assert _titles()[0].endswith("：已同意")


def test_a_hardship_file_sent_back_tells_its_clerk(city, django_capture_on_commit_callbacks):
    from gonghui.hardship import services

    from ..hardship.conftest import county_rights, opened

    f = opened(city)
    services.submit(f, acting_user=city.users["union"])
    with django_capture_on_commit_callbacks(execute=True):
        services.review(f, acting_user=county_rights(city), decision="return", opinion="缺收入证明")
    notice = Notice.objects.get()
    assert notice.user == city.users["union"] and notice.outbox.body == "缺收入证明"
    assert "已退回修改" in notice.outbox.title and notice.outbox.url == f"/hardship/{f.pk}/"


def test_a_hardship_file_approved_tells_the_clerk_and_the_member(city, django_capture_on_commit_callbacks):
    from gonghui.hardship import services

    from ..hardship.conftest import county_rights, opened

    f = opened(city)
    services.submit(f, acting_user=city.users["union"])
    with django_capture_on_commit_callbacks(execute=True):
        services.review(f, acting_user=county_rights(city), decision="approve", opinion="情况属实")
        services.review(f, acting_user=city.users["rights"], decision="approve", opinion="同意")
    assert Notice.objects.filter(user=city.users["union"]).count() == 2  # the county's step, then the city's
    assert Notice.objects.filter(member=f.member).count() == 1


def test_a_mutual_aid_claim_decided_tells_the_member(city, django_capture_on_commit_callbacks):
    from gonghui.medicalaid import services

    c = claim(city)
    with django_capture_on_commit_callbacks(execute=True):
        services.review(c, acting_user=city.users["rights"], approve=False, opinion="材料不全")
    notice = Notice.objects.get()
    assert notice.member == c.member and notice.kind == "claim_decided"
    assert notice.outbox.title == "您的医疗互助理赔未予批准" and notice.outbox.body == "材料不全"


def test_an_assistance_application_decided_tells_the_member(city, django_capture_on_commit_callbacks):
    from gonghui.assistance import services

    from ..assistance.conftest import apply, student_aid
    from ..assistance.conftest import member as aid_member

    m = aid_member(city, 7, is_migrant_worker=True)
    application = apply(city, student_aid(city), m)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(application, acting_user=city.users["rights"])
    assert _titles(member=m) == ["您申请的金秋助学已获批准"]
