"""Assistance pages and API operations in the access matrix (conventions in test_access_matrix).

The objects: 金秋助学 run by the city, an application of a member of the grassroots union under
衡阳县, a payment batch of 衡阳县总工会, and a household visit by the grassroots union. The
rights department (whole city) runs it all; the grassroots clerk sees their union's applications
and visits and the city's programme, applies but never decides; the organisation department has
no assistance rights; the auditor reads and changes nothing."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ..matrix import ID_MAKERS, who
from .conftest import ACCOUNT, apply, member, student_aid

# Only the rights department (and the operator) may; the rest do not see it, or see it read-only.
STAFF_VIEW = who(404, union=200, auditor=200, operator=200, rights=200)
LEDGER = who(403, union=200, auditor=200, operator=200, rights=200)


def programme(c):
    from gonghui.assistance.models import Programme

    return Programme.objects.filter(kind="student_aid").first() or student_aid(c)


def application(c):
    from gonghui.assistance.models import AssistanceApplication

    found = AssistanceApplication.objects.filter(union=c.grassroots).first()
    return found or apply(c, programme(c), member(c, 1, is_migrant_worker=True))


def attachment(c):
    from gonghui.assistance.models import ApplicationAttachment

    a = application(c)
    found = a.attachments.first()
    if found is None:
        upload = SimpleUploadedFile("录取通知书.pdf", b"%PDF-1.4\n%x\n")
        found = ApplicationAttachment.from_upload(upload, user=c.users["rights"], application=a, kind="admission")
        found.save()
    return found


def batch(c):
    """A batch of 衡阳县总工会 with one line, from a second member's application in 公示."""
    from gonghui.assistance import services
    from gonghui.assistance.models import PaymentBatch

    found = PaymentBatch.objects.first()
    if found is not None:
        return found
    p = programme(c)
    a = apply(c, p, member(c, 2, is_migrant_worker=True))
    services.approve(a, acting_user=c.users["rights"])
    services.publish([a], acting_user=c.users["rights"])
    return services.make_batch(acting_user=c.users["rights"], programme=p, union=c.county)


def visit(c):
    from gonghui.assistance import services
    from gonghui.assistance.models import Programme, Visit

    found = Visit.objects.first()
    if found is not None:
        return found
    today = timezone.localdate()
    p = Programme.objects.filter(kind="winter_warmth").first() or services.create_programme(
        acting_user=c.users["rights"], owner=c.root, name="送温暖", kind="winter_warmth", year=today.year,
        opens_on=today - datetime.timedelta(days=5), closes_on=today, budget_fen=1_000_000, any_member=True)
    return services.record_visit(acting_user=c.users["rights"], programme=p, union=c.grassroots, target="household",
                                 member=member(c, 3), visited_on=today, amount_fen=50_000, goods="米、油")


def photo(c):
    from gonghui.assistance.models import VisitPhoto

    v = visit(c)
    found = v.photos.first()
    if found is None:
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
        found = VisitPhoto.from_upload(SimpleUploadedFile("慰问.png", png), user=c.users["rights"], visit=v,
                                       kinds=("image",))
        found.save()
    return found


def _p(c):
    return {"pk": programme(c).pk}


def _a(c):
    return {"pk": application(c).pk}


def _b(c):
    return {"pk": batch(c).pk}


def _v(c):
    return {"pk": visit(c).pk}


def new_application_body(c):
    return {"programme_id": programme(c).pk, "member_id": member(c, 4, is_migrant_worker=True).pk,
            "school_level": "high_school", "student_name": "王小", "bank_name": "工商银行",
            "bank_account": ACCOUNT}


ID_MAKERS["programme_id"] = lambda c: programme(c).pk
ID_MAKERS["assistance_application_id"] = lambda c: application(c).pk
ID_MAKERS["batch_id"] = lambda c: batch(c).pk

ASSISTANCE_PAGES = [
    ("assistance:programme_list", {}, "get", None, LEDGER),
    ("assistance:programme_create", {}, "get", None, who(403, operator=200, rights=200)),
    ("assistance:programme_detail", _p, "get", None, STAFF_VIEW),
    ("assistance:programme_budget", _p, "get", None, who(404, union=403, auditor=403, operator=200, rights=200)),
    ("assistance:programme_close", _p, "post", {}, who(404, union=403, auditor=403, operator=302, rights=302)),
    ("assistance:programme_publish", _p, "post", {}, who(404, union=403, auditor=403, operator=302, rights=302)),
    ("assistance:programme_publicity", _p, "get", None, STAFF_VIEW),
    ("assistance:programme_publicity_pdf", _p, "get", None, STAFF_VIEW),
    ("assistance:programme_batch", _p, "get", None, who(404, union=403, auditor=403, operator=200, rights=200)),
    ("assistance:application_list", {}, "get", None, LEDGER),
    ("assistance:application_create", {}, "get", None, who(403, union=200, operator=200, rights=200)),
    ("assistance:member_lookup", {}, "get", None, who(200)),
    ("assistance:application_detail", _a, "get", None, STAFF_VIEW),
    ("assistance:application_review", _a, "post", {"decision": "approve"},
     who(404, union=403, auditor=403, operator=302, rights=302)),
    ("assistance:application_review", _a, "post", {"decision": "reject", "opinion": "材料不全"},
     who(404, union=403, auditor=403, operator=302, rights=302)),
    ("assistance:application_publish", _a, "post", {}, who(404, union=403, auditor=403, operator=302, rights=302)),
    ("assistance:application_bulk", {}, "post", {"action": "approve", "confirmed": "1", "pick": "0"},
     who(403, operator=302, rights=302)),
    ("assistance:application_account", _a, "get", None, who(404, union=403, auditor=403, operator=200, rights=200)),
    ("assistance:application_attachment", lambda c: {"pk": application(c).pk, "attachment_pk": attachment(c).pk},
     "get", None, STAFF_VIEW),
    ("assistance:batch_list", {}, "get", None, LEDGER),
    ("assistance:layout", {}, "get", None, who(403, operator=200, rights=200)),
    ("assistance:layout", {}, "post",
     lambda c: {"union": c.county.pk, "columns": "卡号, bank_account\n金额, amount_yuan"},
     who(403, operator=302, rights=302)),
    # the batch is 衡阳县总工会's: the grassroots clerk does not see it
    ("assistance:batch_detail", _b, "get", None, who(404, auditor=200, operator=200, rights=200)),
    ("assistance:batch_file", _b, "get", None, who(404, auditor=403, operator=200, rights=200)),
    ("assistance:batch_result", _b, "post", {}, who(404, auditor=403, operator=302, rights=302)),
    ("assistance:batch_reissue", _b, "post", {}, who(404, auditor=403, operator=302, rights=302)),
    ("assistance:visit_list", {}, "get", None, LEDGER),
    ("assistance:year_report", {}, "get", None, who(200, rights=200)),
    ("assistance:year_report", {}, "post", {}, who(302, rights=302)),  # the export, to its task page
    ("assistance:visit_create", {}, "get", None, who(403, union=200, operator=200, rights=200)),
    ("assistance:visit_detail", _v, "get", None, STAFF_VIEW),
    ("assistance:visit_photo", lambda c: {"pk": visit(c).pk, "photo_pk": photo(c).pk}, "get", None, STAFF_VIEW),
    # the member's own pages: staff have no member record (the page says so; applying finds nothing)
    ("assistance:my", {}, "get", None, who(200)),
    ("assistance:my_apply", lambda c: {"programme_pk": programme(c).pk}, "get", None, who(404)),
]

ASSISTANCE_API = [
    ("get", "/api/v1/programmes", None, who(200, anon=401)),
    ("get", "/api/v1/programmes/{programme_id}", None,
     who(404, anon=401, union=200, auditor=200, operator=200, rights=200)),
    ("get", "/api/v1/assistance-applications", None, who(200, anon=401)),
    ("get", "/api/v1/assistance-applications/{assistance_application_id}", None,
     who(404, anon=401, union=200, auditor=200, operator=200, rights=200)),
    ("post", "/api/v1/assistance-applications", new_application_body,
     who(404, anon=401, union=201, auditor=403, operator=201, rights=201)),
    ("post", "/api/v1/assistance-applications/{assistance_application_id}/review", {"decision": "approve"},
     who(404, anon=401, union=403, auditor=403, operator=200, rights=200)),
    # still submitted, so publicity is refused as a rule (422) once access is granted
    ("post", "/api/v1/assistance-applications/{assistance_application_id}/publicity", None,
     who(404, anon=401, union=403, auditor=403, operator=422, rights=422)),
    ("get", "/api/v1/payment-batches", None, who(200, anon=401)),
    ("get", "/api/v1/payment-batches/{batch_id}", None, who(404, anon=401, auditor=200, operator=200, rights=200)),
    # nothing else is ready for payment (422) once access is granted
    ("post", "/api/v1/payment-batches", lambda c: {"programme_id": programme(c).pk, "union_id": c.county.pk},
     who(404, anon=401, auditor=403, operator=422, rights=422)),
    ("post", "/api/v1/payment-batches/{batch_id}/result", None,
     who(404, anon=401, auditor=403, operator=422, rights=422)),
]
