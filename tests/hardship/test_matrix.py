"""Hardship pages and API operations in the access matrix (conventions in test_access_matrix).

Files hang under 衡阳县 (the grassroots union of `member_in_county`), one per state, so each
action meets a file it applies to. Who may what: the organisation department, counties and the
auditor read; the grassroots clerk opens, edits and submits; reviews, objections and exits are
the rights department's (and the operator's); attachments and details only the rights
department's. The neighbouring county finds nothing (404)."""

from ..factories import hardship_file
from ..matrix import ID_MAKERS, who
from ..members.test_matrix import member_in_county

YEARS = {"draft": 2020, "review": 2021, "publicity": 2022, "active": 2023, "exited": 2019}


def file_in(c, state):
    """The file of `member_in_county` in `state` (made once per test)."""
    from gonghui.hardship.models import DibaoStandard, HardshipFile

    DibaoStandard.objects.get_or_create(region_id="430400", year=YEARS[state], defaults={"monthly_fen": 85_000})
    member = member_in_county(c)
    found = HardshipFile.objects.filter(member=member, year=YEARS[state]).first()
    extra = {"stage": "county"} if state == "review" else {}
    return found or hardship_file(member, by=c.users["city"], year=YEARS[state], state=state, **extra)


def objection_in(c, state="publicity"):
    from gonghui.hardship.models import Objection

    f = file_in(c, state)
    return Objection.objects.filter(file=f).first() or Objection.objects.create(
        file=f, content="收入未如实申报", recorded_by=c.users["rights"])


def attachment_in(c):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.hardship.models import HardshipAttachment

    f = file_in(c, "draft")
    found = HardshipAttachment.objects.filter(hardship_file=f).first()
    if found is None:
        found = HardshipAttachment.from_upload(SimpleUploadedFile("诊断.pdf", b"%PDF-1.4 x"), user=c.users["union"],
                                               hardship_file=f, kind="diagnosis")
        found.save()
    return found


def dibao_in(c):
    from gonghui.hardship.models import DibaoStandard

    return DibaoStandard.objects.get_or_create(region_id="430421", year=2026, defaults={"monthly_fen": 80_000})[0]


def _pk(state):
    return lambda c: {"pk": file_in(c, state).pk}


# The API's file: one file whose state each operation's body sets first (the body is made after the path).
ID_MAKERS["file_id"] = lambda c: file_in(c, "draft").pk


def _in_state(state, body, stage=""):
    def make(c):
        from gonghui.hardship.models import HardshipFile

        f = file_in(c, "draft")
        HardshipFile.objects.filter(pk=f.pk).update(state=state, stage=stage)
        return body(c) if callable(body) else body

    return make


READ = who(200, rights=200)
CLERK = who(403, county2=404, union=200, operator=200, rights=200)  # add right on the file's union
CLERK_POST = who(403, county2=404, union=302, operator=302, rights=302)
CHANGER = who(403, county2=404, operator=200, rights=200)  # change right: the rights department, operators

HARDSHIP_PAGES = [
    ("hardship:list", {}, "get", None, READ),
    ("hardship:create", {}, "get", None, who(403, union=200, operator=200, rights=200)),
    ("hardship:mine", {}, "get", None, READ),  # staff see that their account is no member's
    ("hardship:publicity", {}, "get", None, READ),
    ("hardship:publicity_pdf", {}, "get", None, READ),  # ?union= of another county: 404 (test_pdf)
    ("hardship:dibao_list", {}, "get", None, READ),
    ("hardship:dibao_create", {}, "get", None, who(403, operator=200, rights=200)),
    ("hardship:dibao_edit", lambda c: {"pk": dibao_in(c).pk}, "get", None, who(403, operator=200, rights=200)),
    ("hardship:detail", _pk("active"), "get", None, who(200, county2=404, rights=200)),
    ("hardship:edit", _pk("draft"), "get", None, CLERK),
    ("hardship:submit", _pk("draft"), "get", None, CLERK),
    ("hardship:income", _pk("active"), "get", None, CLERK),
    ("hardship:return", _pk("exited"), "get", None, CLERK),
    ("hardship:recheck", _pk("active"), "post", {}, CLERK_POST),
    ("hardship:attach", _pk("draft"), "post", {}, CLERK_POST),
    ("hardship:review", _pk("review"), "get", None, CHANGER),
    ("hardship:bulk", {}, "post", {"action": "approve", "confirmed": "1", "pick": "0"},
     who(403, operator=302, rights=302)),
    ("hardship:objection", _pk("publicity"), "get", None, CHANGER),
    ("hardship:exit", _pk("active"), "get", None, CHANGER),
    ("hardship:decide_objection", lambda c: {"pk": objection_in(c).pk}, "post",
     {"outcome": "dismissed", "reason": "经核实不属实"}, who(403, county2=404, operator=302, rights=302)),
    # diagnoses and certificates: the read-details right only (operators lack it too)
    ("hardship:attachment", lambda c: {"pk": attachment_in(c).pk}, "get", None, who(403, county2=404, rights=200)),
]


def _new_file(c):
    return {"member_id": member_in_county(c).pk, "year": 2027, "household_size": 2, "annual_income": "12000",
            "main_cause": "illness"}


HARDSHIP_API = [
    ("get", "/api/v1/hardship-files", None, who(200, anon=401, rights=200)),
    ("get", "/api/v1/hardship-files/{file_id}", None, who(200, anon=401, county2=404, rights=200)),
    # the member is outside county2's scope: "no such member" on the field
    ("post", "/api/v1/hardship-files", _new_file,
     who(403, anon=401, county2=422, union=201, operator=201, rights=201)),
    ("post", "/api/v1/hardship-files/{file_id}/submit", {},
     who(403, anon=401, county2=404, union=200, operator=200, rights=200)),
    ("post", "/api/v1/hardship-files/{file_id}/review",
     _in_state("review", {"decision": "approve", "opinion": "同意"}, "county"),
     who(403, anon=401, county2=404, operator=200, rights=200)),
    ("post", "/api/v1/hardship-files/{file_id}/objections", _in_state("publicity", {"content": "有房产"}),
     who(403, anon=401, county2=404, operator=201, rights=201)),
    ("post", "/api/v1/hardship-files/{file_id}/objections/decide",
     _in_state("publicity", lambda c: {"objection_id": objection_in(c, "draft").pk, "outcome": "dismissed",
                                       "reason": "不属实"}),
     who(403, anon=401, county2=404, operator=200, rights=200)),
    ("post", "/api/v1/hardship-files/{file_id}/exit", _in_state("active", {"kind": "lifted", "reason": "再就业"}),
     who(403, anon=401, county2=404, operator=200, rights=200)),
]
