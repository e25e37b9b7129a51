"""Demo notices: the demo logins find a few in their inbox (some read, some not), with links to
real demo rows, and `county` has chosen the daily digest for deadlines coming up."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from gonghui.core.demo import demo_step


@demo_step(order=95)
def build(ctx):
    """Notices in the demo logins' inboxes."""
    from gonghui.accounts.models import User
    from gonghui.campaigns.models import Campaign
    from gonghui.members.models import Member

    from . import services
    from .models import Notice, Outbox, Preference

    users = {u.username: u for u in User.objects.filter(username__in=(
        "county", "union", "rights", "publicity", "member", "member2", "member3"))}
    now = timezone.now()
    sent = []

    def send(who, kind, title, body="", url="", ago_hours=0, read=False):
        if who not in users:
            return
        recipient = users[who]
        member = Member.objects.filter(user=recipient).first() if recipient.kind == User.Kind.MEMBER else None
        outbox = services.notify(member or recipient, kind=kind, title=title, body=body, url=url)
        Outbox.objects.filter(pk=outbox.pk).update(created_at=now - timedelta(hours=ago_hours))
        services.deliver(outbox.pk)
        Notice.objects.filter(outbox=outbox).update(created_at=now - timedelta(hours=ago_hours),
                                                    read_at=now if read else None)
        sent.append(outbox.pk)

    campaign = Campaign.objects.filter(state=Campaign.State.PUBLISHED).order_by("-starts_at", "pk").first()
    if campaign is not None:
        for who in ("member", "member2", "member3"):
            send(who, "campaign_published", f"新普惠活动：{campaign.title}",
                 f"{campaign.union.name} · 共 {campaign.stock} 份",
                 reverse("campaigns:member_campaign", args=[campaign.pk]), ago_hours=30)
    for who, kind, title, body, url, ago, read in [
        ("member", "claim_decided", "您的医疗互助理赔已批准：1,230.00 元", "住院 12 天，按每天 30 元补助。",
         "medicalaid:mine", 5, False),
        ("member2", "join_decided", "欢迎您加入工会", "您的会员编号已生成，可在电子会员证中查看。",
         "members:card", 72, True),
        ("county", "transfer_decided", "刘洋 转会已同意", "接收方已确认转入。", "members:transfers", 20, False),
        ("county", "deadline_soon", "入会申请待审核（3 天内到期）", "", "members:join_list", 2, False),
        ("county", "deadline_overdue", "困难职工档案年审已超期", "请督促基层工会完成年审。", "hardship:list", 1, False),
        ("union", "deadline_today", "整改任务今天到期", "", "assessments:tasks", 3, False),
        ("union", "hardship_decided", "困难职工档案已退回修改", "缺少收入证明。", "hardship:list", 26, True),
        ("rights", "hardship_decided", "困难职工档案已审核通过", "", "hardship:list", 8, False),
        ("publicity", "deadline_soon", "普惠活动公示明天结束", "", "campaigns:list", 4, False),
    ]:
        send(who, kind, title, body, reverse(url), ago_hours=ago, read=read)
    if "county" in users:
        Preference.objects.update_or_create(user=users["county"], kind="deadline_soon", defaults={"channel": "digest"})
    return {"notices": Notice.objects.filter(outbox_id__in=sent).count()}
