"""Nobody approves what they submitted: every decision service refuses its submitter, in Chinese,
and changes nothing; a colleague with the same grants decides it."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from gonghui.accounts.models import Grant, Role
from gonghui.assistance import services as assistance
from gonghui.hardship import services as hardship
from gonghui.medicalaid import services as medicalaid
from gonghui.subsidies import services as subsidies

from ..assistance.conftest import apply as apply_for_aid
from ..assistance.conftest import member, student_aid
from ..factories import colleague, user
from ..hardship.conftest import county_rights, file_data, standards
from ..medicalaid.conftest import claim
from ..members.test_matrix import member_in_county
from ..subsidies.conftest import inspected

pytestmark = pytest.mark.django_db
RULE = "任何人不得审批自己提交的事项"


def refused(call, obj, what):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as e:
        call()
    assert RULE in e.value.messages[0] and what in e.value.messages[0]
    before = obj.state
    obj.refresh_from_db()
    assert obj.state == before  # nothing changed


def test_an_assistance_application(city):
    application = apply_for_aid(city, student_aid(city), member(city, 1, is_migrant_worker=True), by="rights")
    refused(lambda: assistance.approve(application, acting_user=city.users["rights"], opinion="同意"),
            application, "申请")
    refused(lambda: assistance.reject(application, acting_user=city.users["rights"], opinion="不符"),
            application, "申请")
    assert assistance.approve(application, acting_user=city.users[colleague(city, "rights")]).state != "submitted"


def test_a_mutual_aid_claim(city):
    c = claim(city)
    filer = c.created_by
    refused(lambda: medicalaid.review(c, acting_user=filer, approve=True), c, "报销申请")
    assert medicalaid.review(c, acting_user=city.users["rights"], approve=True).state == "approved"


def test_an_award_subsidy(city):
    subsidy = inspected(city)  # applied by the grassroots clerk, inspected by the county
    subsidy.created_by = city.users["county"]  # the county entered it on the union's behalf
    subsidy.save(update_fields=["created_by"])
    refused(lambda: subsidies.approve(subsidy, acting_user=city.users["county"]), subsidy, "申请")
    assert subsidies.approve(subsidy, acting_user=city.users[colleague(city, "county")]).state == "approved"


def test_a_hardship_file_submitted_by_someone_who_also_reviews(city):
    """A clerk of the grassroots union who also holds the county's rights grant hands the file in;
    the county's review must come from someone else."""
    both = user("both", "rights", city.county)
    Grant.objects.create(user=both, union=city.grassroots, role=Role.objects.get(code="union_staff"))
    standards(city)
    f = hardship.open_file(acting_user=both, member=member_in_county(city), year=2026, **file_data())
    hardship.submit(f, acting_user=both)
    f.refresh_from_db()
    refused(lambda: hardship.review(f, acting_user=both, decision="approve", opinion="属实"), f, "困难职工档案")
    hardship.review(f, acting_user=county_rights(city), decision="approve", opinion="属实")
    f.refresh_from_db()
    assert f.reviews.filter(decision="approve", actor=county_rights(city)).exists()
