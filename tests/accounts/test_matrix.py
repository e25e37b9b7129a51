"""Account pages in the access matrix (see test_access_matrix for the conventions)."""


from ..matrix import who as _who


def _rights(c):
    from gonghui.accounts.models import Role

    return {"role": Role.objects.get(code="rights").pk, "union": c.grassroots.pk}


def _here(c):
    return {"pk": c.users["union"].pk}


def _there(c):
    return {"pk": c.users["county2"].pk}


def _grant(c):
    return {"pk": c.users["union"].grants.get().pk}


# Who may manage the grassroots chair's account: the city, its county, the operator. County2
# does not see it (404); the auditor sees it but changes nothing (403); the chair has no right.
_managers = {"city": 302, "county": 302, "operator": 302, "county2": 404, "union": 404, "auditor": 403}

ACCOUNT_PAGES = [
    ("accounts:login", {}, "get", None, _who(302, anon=200)),
    ("accounts:logout", {}, "post", {}, _who(302)),
    ("accounts:otp", {}, "get", None, _who(200, operator=302)),
    ("accounts:security", {}, "get", None, _who(200)),
    ("accounts:sms_code", {}, "post", {"phone": "13800138000"}, _who(302)),
    ("accounts:staff_list", {}, "get", None, _who(200, union=403)),
    ("accounts:staff_create", {}, "get", None, _who(200, union=403, auditor=403)),
    ("accounts:staff_detail", _here, "get", None, _who(200, county2=404, union=404)),
    ("accounts:staff_detail", _there, "get", None, _who(200, county=404, union=404)),
    ("accounts:grant_add", _here, "post", _rights, _who(302, **_managers)),
    ("accounts:grant_remove", _grant, "post", {}, _who(302, **_managers)),
    ("accounts:staff_unlock", _here, "post", {}, _who(302, **_managers)),
    ("accounts:staff_deactivate", _here, "post", {}, _who(302, **_managers)),
    ("accounts:staff_activate", _here, "post", {}, _who(302, **_managers)),
]
