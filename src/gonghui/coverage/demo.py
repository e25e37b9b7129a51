"""Demo coverage work: the organising targets of the whole city (employers with 25+ staff and
no union) with owners, statuses and visit notes; a paper-union case for each union the tree
step revoked or merged (seed 003: 吉安 revoked 12 paper unions and merged 6), approved by the
city; and a few cases proposed by the counties that wait for approval."""

from datetime import timedelta

from django.utils import timezone

from gonghui.core.access import subtree_q
from gonghui.core.demo import demo_step
from gonghui.members.models import MemberEvent
from gonghui.orgs import choices
from gonghui.orgs.models import Union

from . import services
from .models import CaseAction, CaseState, OrganisingTarget, PaperUnionCase, TargetNote, TargetStatus

STATUS_WEIGHTS = [(TargetStatus.TO_VISIT, 45), (TargetStatus.VISITED, 25), (TargetStatus.PREPARING, 15),
                  (TargetStatus.FOUNDED, 5), (TargetStatus.DECLINED, 10)]
NOTES = {
    TargetStatus.VISITED: ("已上门宣传《工会法》，企业负责人表示考虑", "已走访，职工有建会意愿", "与企业人事部门座谈"),
    TargetStatus.PREPARING: ("成立工会筹备组，拟下月召开会员大会", "已收集入会申请书", "指导企业拟定选举办法"),
    TargetStatus.FOUNDED: ("已召开会员大会，选举产生工会委员会",),
    TargetStatus.DECLINED: ("企业以规模小、效益差为由暂不同意建会，半年后再访", "企业拟迁出本县"),
}
REASONS = ("无工会主席、无会员、长期无活动，属“纸上工会”", "企业已停产，工会名存实亡", "机构改革，并入上级单位工会")


@demo_step(order=80)
def build(ctx):
    """Coverage: organising targets with owners and statuses, paper-union cases done and proposed."""
    rng = ctx.rng
    now = timezone.now()
    city = ctx.users["city"]
    created, _founded = services.refresh_targets(acting_user=city, union=ctx.root)
    county_users = {}
    for name in ("county", "county2"):
        user = ctx.users.get(name)
        if user is not None:
            county_users[user.grants.get().union.path] = user
    targets = list(OrganisingTarget.objects.select_related("union").order_by("pk"))
    statuses, weights = zip(*STATUS_WEIGHTS, strict=True)
    notes = []
    for i, t in enumerate(targets):
        t.owner = next((u for path, u in county_users.items() if t.union.path.startswith(path)), city)
        if rng.random() < 0.15:
            t.owner = None
        # one of each status first, so even a small city shows them all; then by weight
        t.status = statuses[i] if i < len(statuses) else rng.choices(statuses, weights)[0]
        t.updated_at = now - timedelta(days=rng.randint(0, 120))
        if t.status in NOTES:
            notes.append(TargetNote(target=t, author=t.owner or city, status=t.status, text=rng.choice(NOTES[t.status]),
                                    at=t.updated_at))
    OrganisingTarget.objects.bulk_update(targets, ["owner", "status", "updated_at"], batch_size=2000)
    TargetNote.objects.bulk_create(notes, batch_size=2000)

    # cases for what the tree step revoked and merged, approved by the city
    cases = []
    gone = Union.objects.exclude(status=choices.UnionStatus.ACTIVE).order_by("path")
    for u in gone:
        proposer = next((usr for path, usr in county_users.items() if u.path.startswith(path)), ctx.users["auditor"])
        if proposer is ctx.users["auditor"]:
            proposer = ctx.users.get("county") or city
        proposed = now - timedelta(days=rng.randint(60, 400))
        merged = u.status == choices.UnionStatus.MERGED
        moved = MemberEvent.objects.filter(from_union=u, kind="transfer_in").count() if merged else 0
        cases.append(PaperUnionCase(
            union=u, action=CaseAction.MERGE if merged else CaseAction.REVOKE, into=u.merged_into if merged else None,
            reason=REASONS[2] if merged else rng.choice(REASONS[:2]),
            signs=[] if merged else ["no_chair", "no_members", "no_activity"], state=CaseState.DONE,
            proposed_by=proposer, proposed_at=proposed, decided_by=city,
            decided_at=proposed + timedelta(days=rng.randint(3, 30)), decision_note="同意", members_moved=moved))

    # a few active unions with the fewest signs of life, proposed and waiting
    for path, user in county_users.items():
        small = (Union.objects.filter(subtree_q("path", path), kind=choices.UnionKind.GRASSROOTS,
                                      status=choices.UnionStatus.ACTIVE, numchild=0)
                 .exclude(paper_cases__isnull=False).order_by("employer__headcount", "path")[:ctx.scaled(3)])
        for u in small:
            parent = Union.objects.get_parent(u)
            action = CaseAction.MERGE if rng.random() < 0.5 else CaseAction.REVOKE
            cases.append(PaperUnionCase(
                union=u, action=action, into=parent if action == CaseAction.MERGE else None,
                reason=REASONS[0], signs=["no_activity"], state=CaseState.PROPOSED, proposed_by=user,
                proposed_at=now - timedelta(days=rng.randint(1, 20))))
    PaperUnionCase.objects.bulk_create(cases)
    return {"targets": created, "target_notes": len(notes),
            "cases_done": sum(c.state == CaseState.DONE for c in cases),
            "cases_proposed": sum(c.state == CaseState.PROPOSED for c in cases)}
