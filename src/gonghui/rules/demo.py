"""Demo: the stored deadlines of what the other steps left waiting (join applications,
transfers, hardship 公示 and 年审, rectification tasks, claim codes), written in bulk as the
services would have tracked them, so the overdue list shows plausible figures."""

from django.urls import reverse
from django.utils import timezone

from gonghui.core.demo import demo_step

from . import days, rulebook
from .models import Deadline


def _rows():
    from gonghui.assessments.models import RectificationTask
    from gonghui.hardship.models import HardshipFile
    from gonghui.members.models import JoinApplication, TransferRequest

    join_n = rulebook.value("members.join_review_days")
    transfer_n = rulebook.value("members.transfer_review_days")
    for a in JoinApplication.objects.filter(state="pending").select_related("union").order_by("pk"):
        start = timezone.localdate(a.created_at)
        yield Deadline(kind="join_review", object_type="members.joinapplication", object_id=str(a.pk),
                       union=a.union, union_path=a.union.path, title=f"{a.name} 的入会申请",
                       url=reverse("members:join_detail", args=[a.pk]), started_on=start,
                       rule="members.join_review_days", n=join_n.value, unit=join_n.unit,
                       due_on=days.deadline(start, join_n.value, join_n.unit))
    for t in (TransferRequest.objects.filter(state="pending").select_related("member", "from_union", "to_union")
              .order_by("pk")):
        union = t.to_union if t.started_by == "sending" else t.from_union
        start = timezone.localdate(t.created_at)
        yield Deadline(kind="transfer_review", object_type="members.transferrequest", object_id=str(t.pk),
                       union=union, union_path=union.path,
                       title=f"{t.member.name} 转会：{t.from_union.name} → {t.to_union.name}",
                       url=reverse("members:transfers"), started_on=start, rule="members.transfer_review_days",
                       n=transfer_n.value, unit=transfer_n.unit,
                       due_on=days.deadline(start, transfer_n.value, transfer_n.unit))
    for f in (HardshipFile.objects.filter(state__in=("publicity", "active")).select_related("union", "member")
              .order_by("pk")):
        url = reverse("hardship:detail", args=[f.pk])
        if f.state == "publicity" and f.publicity_until:
            yield Deadline(kind="publicity_end", object_type="hardship.hardshipfile", object_id=str(f.pk),
                           union=f.union, union_path=f.union.path, title=f"{f.member.name} 的困难职工档案公示",
                           url=url, started_on=f.publicity_from or f.publicity_until, due_on=f.publicity_until)
        elif f.state == "active" and f.review_due:
            yield Deadline(kind="hardship_review", object_type="hardship.hardshipfile", object_id=str(f.pk),
                           union=f.union, union_path=f.union.path, title=f"{f.member.name} 的困难职工档案年审",
                           url=url, started_on=f.activated_on or f.review_due, due_on=f.review_due)
    for t in (RectificationTask.objects.filter(state="open")
              .select_related("assessment__union", "item__criterion").order_by("pk")):
        u = t.assessment.union
        yield Deadline(kind="rectification", object_type="assessments.rectificationtask", object_id=str(t.pk),
                       union=u, union_path=u.path, title=f"{u.name} 整改：{t.item.criterion.name}",
                       url=reverse("assessments:detail", args=[t.assessment_id]),
                       started_on=timezone.localdate(t.created_at), due_on=t.deadline)


@demo_step(order=95)
def build(ctx):
    rows = list(_rows())
    Deadline.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    from gonghui.campaigns.services import track_claim_expiry

    claims = track_claim_expiry()
    ctx.log(f"deadlines: {len(rows)} of work waiting, {claims} claim codes")
    return {"deadlines": len(rows), "claim_deadlines": claims}
