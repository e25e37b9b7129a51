"""Medical-aid pages and API operations in the access matrix (conventions in test_access_matrix).

The organisation department (city, county, county2) holds no medical-aid rights: refused (403)
everywhere. The rights department (whole city) does everything; the grassroots clerk (`union`)
sees, enrols, claims and books for their own union but neither reviews nor sets quotas; the
auditor reads everything and changes nothing."""

from ..matrix import ID_MAKERS, who
from .conftest import YEAR, booking_in_county, city_plan, claim_in_county, enrolled

NONE = {"city": 403, "county": 403, "county2": 403}  # the organisation department


def _claim(c):
    return {"pk": claim_in_county(c).pk}


def _plan(c):
    return {"pk": city_plan(c).pk}


def _enrolment(c):
    claim_in_county(c)
    from gonghui.medicalaid.models import Enrolment

    return {"pk": Enrolment.objects.filter(union=c.grassroots).first().pk}


def _booking(c):
    return {"pk": booking_in_county(c).pk}


def _attachment(c):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.medicalaid.models import ClaimAttachment

    claim = claim_in_county(c)
    a = ClaimAttachment.from_upload(SimpleUploadedFile("出院小结.pdf", b"%PDF-1.4 test"), user=c.users["rights"],
                                    claim=claim)
    a.save()
    return {"pk": claim.pk, "attachment_pk": a.pk}


def _enrol_post(c):
    from .conftest import member

    city_plan(c)
    return {"union": c.grassroots.pk, "year": YEAR, "payer": "union", "rows": f"{member(c).number} 1"}


def _claim_post(c):
    m = enrolled(c)
    return {"member_number": m.number, "admitted_on": f"{YEAR}-03-01", "discharged_on": f"{YEAR}-03-09",
            "hospital": "衡阳县人民医院", "diagnosis": "肺炎"}


READ = who(200, **NONE)
ONE = who(200, city=404, county=404, county2=404, rights=200)
MEDICALAID_PAGES = [
    ("medicalaid:plans", {}, "get", None, READ | {"rights": 200}),
    # a grassroots clerk sees the city's plan; without a view right an object is not found
    ("medicalaid:plan_detail", _plan, "get", None, ONE),
    ("medicalaid:plan_create", {}, "get", None, who(403, operator=200, rights=200)),
    ("medicalaid:enrolments", {}, "get", None, READ | {"rights": 200}),
    ("medicalaid:enrolment_detail", _enrolment, "get", None, ONE),
    ("medicalaid:enrol", {}, "get", None, who(403, union=200, operator=200, rights=200)),
    ("medicalaid:enrol", {}, "post", _enrol_post, who(403, union=302, operator=302, rights=302)),
    ("medicalaid:enrolled", {}, "get", None, READ | {"rights": 200}),
    ("medicalaid:claims", {}, "get", None, READ | {"rights": 200}),
    ("medicalaid:claim_create", {}, "get", None, who(403, union=200, operator=200, rights=200)),
    ("medicalaid:claim_create", {}, "post", _claim_post, who(403, union=302, operator=302, rights=302)),
    # a claim under 衡阳县 is not found by the organisation department anywhere: it holds no view right
    ("medicalaid:claim_detail", _claim, "get", None, ONE),
    ("medicalaid:claim_review", _claim, "post", {"approve": "1"},
     who(403, city=404, county=404, county2=404, operator=302, rights=302)),
    ("medicalaid:claim_review", _claim, "post", {"approve": "0", "opinion": "材料不全"},
     who(403, city=404, county=404, county2=404, operator=302, rights=302)),
    ("medicalaid:claim_bulk", {}, "post", {"action": "approve", "confirmed": "1", "pick": "0"},
     who(403, operator=302, rights=302)),
    # only an approved claim is paid: those who may act are sent back to the page with the message
    ("medicalaid:claim_pay", _claim, "post", {}, who(403, city=404, county=404, county2=404, operator=302,
                                                     rights=302)),
    # no file chosen: those who may add one are sent back to the claim with the message
    ("medicalaid:claim_attach", _claim, "post", {}, who(302, city=404, county=404, county2=404, auditor=403,
                                                         rights=302)),
    ("medicalaid:claim_attachment", _attachment, "get", None, who(200, city=404, county=404, county2=404,
                                                                  rights=200)),
    ("medicalaid:quotas", {}, "get", None, READ | {"rights": 200}),
    # the clerk holds the add right on their own union only, where no quota is set from; the
    # page opens, the service refuses what they cannot set
    ("medicalaid:quota_set", {}, "get", None, who(403, operator=200, rights=200)),
    ("medicalaid:bookings", {}, "get", None, READ | {"rights": 200}),
    ("medicalaid:booking_create", {}, "get", None, who(403, union=200, operator=200, rights=200)),
    ("medicalaid:booking_detail", _booking, "get", None, ONE),
    ("medicalaid:booking_detail", _booking, "post", {"screened_on": f"{YEAR}-06-01", "result": "normal"},
     who(403, city=404, county=404, county2=404, operator=302, rights=302)),
    ("medicalaid:booking_cancel", _booking, "post", {},
     who(403, city=404, county=404, county2=404, union=302, operator=302, rights=302)),
    ("medicalaid:mine", {}, "get", None, who(200, rights=200)),  # staff see that they have no member record
]

ID_MAKERS["aid_plan_id"] = lambda c: city_plan(c).pk
ID_MAKERS["aid_enrolment_id"] = lambda c: _enrolment(c)["pk"]
ID_MAKERS["aid_claim_id"] = lambda c: claim_in_county(c).pk


def _new_claim(c):
    m = enrolled(c)
    return {"member_id": m.pk, "admitted_on": f"{YEAR}-04-01", "discharged_on": f"{YEAR}-04-11",
            "hospital": "衡阳县人民医院", "diagnosis": "肺炎"}


API_READ = who(200, anon=401, city=403, county=403, county2=403, rights=200)
API_ONE = who(200, anon=401, city=404, county=404, county2=404, rights=200)
MEDICALAID_API = [
    ("get", "/api/v1/medical-aid/plans", None, API_READ),
    ("get", "/api/v1/medical-aid/plans/{aid_plan_id}", None, API_ONE),
    ("get", "/api/v1/medical-aid/enrolments", None, API_READ),
    ("get", "/api/v1/medical-aid/enrolments/{aid_enrolment_id}", None, API_ONE),
    ("get", "/api/v1/medical-aid/claims", None, API_READ),
    ("get", "/api/v1/medical-aid/claims/{aid_claim_id}", None, API_ONE),
    # the organisation department sees the member (404 only for county2) but may not claim
    ("post", "/api/v1/medical-aid/claims", _new_claim,
     who(201, anon=401, city=403, county=403, county2=404, auditor=403, rights=201)),
    ("post", "/api/v1/medical-aid/claims/{aid_claim_id}/review", {"approve": True},
     who(403, anon=401, city=404, county=404, county2=404, operator=200, rights=200)),
    ("post", "/api/v1/medical-aid/claims/{aid_claim_id}/pay", {},
     who(403, anon=401, city=404, county=404, county2=404, operator=422, rights=422)),
]
