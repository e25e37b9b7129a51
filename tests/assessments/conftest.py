"""Building blocks of the assessment tests: a union's assessment scored, submitted, reviewed."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gonghui.assessments import services
from gonghui.assessments.models import Assessment

YEAR = timezone.localdate().year
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def png(name="活动照片.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def started(c, union=None, year=YEAR):
    union = union or c.grassroots
    found = Assessment.objects.filter(union=union, year=year).first()
    return found or services.start(acting_user=c.users["union"] if union == c.grassroots else c.users["city"],
                                   union=union, year=year)


def scored(c, union=None, score=None):
    """Every item self-scored (full marks less one unless `score`)."""
    a = started(c, union)
    if a.state != Assessment.State.DRAFT:
        return a
    user = c.users["union"] if a.union == c.grassroots else c.users["city"]
    for item in a.items.select_related("criterion"):
        services.self_assess(a, item, acting_user=user, statement="已落实",
                             score=item.criterion.max_score - 1 if score is None else score)
    a.refresh_from_db()
    return a


def submitted(c, union=None):
    a = scored(c, union)
    if a.state == Assessment.State.DRAFT:
        services.submit(a, acting_user=c.users["union"] if a.union == c.grassroots else c.users["city"])
    a.refresh_from_db()
    return a


def reviewed(c, union=None, outcome="passed", task_days=30):
    """Reviewed by the county: every item scored, a task first when in rectification."""
    a = submitted(c, union)
    if a.state == Assessment.State.REVIEWED:
        return a
    county = c.users["county"] if a.union.path.startswith(c.county.path) else c.users["county2"]
    for item in a.items.select_related("criterion"):
        services.review_item(a, item, acting_user=county, score=item.criterion.max_score - 2, comment="基本达标")
    if outcome == "rectification":
        services.add_task(a, a.items.first(), acting_user=county, requirement="补齐会员代表大会记录",
                          deadline=timezone.localdate() + timedelta(days=task_days))
    services.finish_review(a, acting_user=county, outcome=outcome)
    a.refresh_from_db()
    return a
