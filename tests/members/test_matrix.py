"""Member pages and API operations in the access matrix (conventions in test_access_matrix)."""

from stdnum.cn import ric

from ..matrix import who


def _rid(body):
    return body + ric.calc_check_digit(body + "0")


def member_in_county(c):
    """A member of the grassroots union under 衡阳县 (made once per test)."""
    from gonghui.members import services
    from gonghui.members.models import Member

    found = Member.objects.filter(union=c.grassroots).first()
    return found or services.add_member(acting_user=c.users["city"], union=c.grassroots, name="刘越高",
                                        id_number=_rid("43042119900101123"), phone="13800138000")


def _here(c):
    return {"pk": member_in_county(c).pk}


def _pending(c):
    """A transfer asked by 衡阳县 to a union in 衡南县, waiting for 衡南县's answer."""
    from gonghui.members import transfers

    member = member_in_county(c)
    asked = member.transfer_requests.filter(state="pending").first()
    return {"pk": (asked or transfers.request_transfer_out(member, acting_user=c.users["county"],
                                                          to_union=c.grassroots2)).pk}


def import_in_county(c):
    """A roster import into the grassroots union under 衡阳县, waiting to be checked."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.members import imports
    from gonghui.members.models import MemberImport

    found = MemberImport.objects.filter(union=c.grassroots).first()
    return found or imports.start_import(acting_user=c.users["county"], union=c.grassroots,
                                         upload=SimpleUploadedFile("名册.csv", "姓名,证件号码\n".encode()))


def _import(c):
    return {"pk": import_in_county(c).pk}


def _import_action(c):
    return {"pk": import_in_county(c).pk, "action": "cancel"}


def _reveal(c):
    return {"pk": member_in_county(c).pk, "field": "id_number"}


# The grassroots chair keeps their own roster (and may reveal it); county2 does not see it;
# the auditor reads it but changes and reveals nothing.
_edit = who(200, county2=404, auditor=403)
MEMBER_PAGES = [
    ("members:list", {}, "get", None, who(200)),
    ("members:create", {}, "get", None, who(200, auditor=200)),
    ("members:detail", _here, "get", None, who(200, county2=404)),
    ("members:edit", _here, "get", None, _edit),
    ("members:event", _here, "get", None, _edit),
    ("members:transfer", _here, "get", None, _edit),
    ("members:reveal", _reveal, "post", {}, who(200, county2=404, auditor=403)),
    ("members:card", {}, "get", None, who(200)),  # staff see that they have no member record
    ("members:card_pdf", {}, "get", None, who(404)),  # nothing to print without a member record
    ("members:my_union", {}, "get", None, who(200)),  # as the card: staff see that they have no member record
    ("members:my_data", {}, "get", None, who(200)),  # the same: only a member's own record makes a file
    ("members:my_data", {}, "post", {}, who(200)),
    ("members:verify", {}, "get", None, who(200)),
    ("members:transfers", {}, "get", None, who(200)),
    ("members:transfer_in", {}, "get", None, who(200)),
    ("members:union_directory", {}, "get", None, who(200)),
    # the receiving side (county2) and staff over both sides answer; the asking side and the
    # auditor are refused
    ("members:transfer_decide", _pending, "post", {"accept": "1"}, who(302, county=403, union=403, auditor=403)),
    ("members:transfer_withdraw", _pending, "post", {}, who(302, county2=403, auditor=403)),
    # bulk answers: back to the list with a summary; an id not in the subtree is not found
    ("members:transfer_bulk", {}, "post", {"action": "accept", "confirmed": "1", "pick": "0"},
     who(302, auditor=403)),
    ("members:imports", {}, "get", None, who(200)),
    ("members:import_create", {}, "get", None, who(200)),
    ("members:import_template", {}, "get", None, who(200, auditor=403)),
    ("members:import_detail", _import, "get", None, who(200, county2=404)),
    ("members:import_report", _import, "get", None, who(200, county2=404)),
    ("members:import_action", _import_action, "post", {}, who(302, county2=404, auditor=403)),
]

MEMBER_API = [
    ("get", "/api/v1/members", None, who(200, anon=401)),
    ("get", "/api/v1/members/{member_id}", None, who(200, anon=401, county2=404)),
    ("post", "/api/v1/members", "new_member", who(201, anon=401, county2=404, auditor=403)),
    ("post", "/api/v1/members/{member_id}/transfer", "transfer_member",
     who(200, anon=401, county2=404, auditor=403)),  # the chair may ask any union of the city
    ("post", "/api/v1/member-imports", None, None),  # a multipart upload: test_member_imports covers it
    ("get", "/api/v1/member-imports/{import_id}", None, who(200, anon=401, county2=404)),
    # the import still waits for its check, so those who may act are told it cannot be confirmed yet
    ("post", "/api/v1/member-imports/{import_id}/confirm", {"skip_bad_rows": False},
     who(422, anon=401, county2=404, auditor=403)),
    # its check is alive, so there is nothing to restart: refused as still running
    ("post", "/api/v1/member-imports/{import_id}/resume", None, who(422, anon=401, county2=404, auditor=403)),
]
