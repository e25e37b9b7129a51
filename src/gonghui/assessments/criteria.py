"""The default 六有六规范 criteria and the idempotent loader the services and the demo share.

A year's criteria are rows an operator edits in the admin. A year without rows starts from
the latest earlier year's rows (what the operator last settled on), and failing those from
the defaults below."""

from django.db import transaction

from .models import CriteriaSet, Criterion

# (code, name, most points, guidance, fed by the survey)
DEFAULTS = {
    CriteriaSet.HAVES: [
        ("H1", "依法选举的工会主席", 15, "工会主席经会员（代表）大会民主选举产生，按规定报批，任期未满。", False),
        ("H2", "独立健全的组织机构", 15, "设立工会委员会、经费审查委员会和女职工委员会，会员名册完整。", False),
        ("H3", "服务职工的活动载体", 20, "有职工之家、职工书屋或活动场所，经常开展职工喜闻乐见的活动。", False),
        ("H4", "健全完善的制度机制", 15, "建立职代会、厂务公开、集体协商、会员评议等制度并有效运行。", False),
        ("H5", "自主管理的工会经费", 15, "单独设立工会经费账户，经费收缴足额，使用规范，定期公开。", False),
        ("H6", "会员满意的工作绩效", 20, "会员满意度测评结果良好；参考会员满意度问卷平均分。", True),
    ],
    CriteriaSet.NORMS: [
        ("N1", "队伍建设规范化", 15, "工会主席、专兼职干部配备到位，定期参加培训。", False),
        ("N2", "组织机构规范化", 15, "按期换届，委员会和各专门委员会健全，会员信息动态管理。", False),
        ("N3", "履行职能规范化", 20, "开展集体协商、劳动竞赛、困难帮扶和维权服务，成效明显。", False),
        ("N4", "制度机制规范化", 15, "职代会、厂务公开、会员代表常任制等制度落实，记录完整。", False),
        ("N5", "职工之家建设规范化", 15, "职工之家阵地、设施和活动常态化，建有台账。", False),
        ("N6", "工作绩效规范化", 20, "会员满意度高，工作成果获上级认可；参考会员满意度问卷平均分。", True),
    ],
}


@transaction.atomic
def ensure_criteria(year):
    """Make sure both sets exist for `year` (copying the latest earlier year's rows, or the
    defaults); returns the number of rows added. Running it again adds nothing."""
    added = 0
    for criteria_set, defaults in DEFAULTS.items():
        if Criterion.objects.filter(year=year, criteria_set=criteria_set).exists():
            continue
        earlier = (Criterion.objects.filter(year__lt=year, criteria_set=criteria_set)
                   .order_by("-year").values_list("year", flat=True).first())
        if earlier is not None:
            rows = [Criterion(year=year, criteria_set=criteria_set, code=c.code, name=c.name,
                              max_score=c.max_score, guidance=c.guidance, satisfaction=c.satisfaction, sort=c.sort)
                    for c in Criterion.objects.filter(year=earlier, criteria_set=criteria_set)]
        else:
            rows = [Criterion(year=year, criteria_set=criteria_set, code=code, name=name, max_score=score,
                              guidance=guidance, satisfaction=satisfaction, sort=i)
                    for i, (code, name, score, guidance, satisfaction) in enumerate(defaults, start=1)]
        Criterion.objects.bulk_create(rows, ignore_conflicts=True)
        added += len(rows)
    return added
