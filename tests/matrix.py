"""Shared vocabulary of the access matrix."""

# `rights` (the rights & assistance department, whole city) arrived with issue 4: rows that name
# it in their expectations are checked for it too (test_page_rights, test_api_rights).
PERSONAS = ("anon", "city", "county", "county2", "union", "auditor", "operator")
LOGIN = 302  # anonymous visitors are sent to sign in


def who(default, **overrides):
    """Expected status per persona: `default` for everyone signed in, sign-in for anonymous,
    then the named exceptions."""
    out = dict.fromkeys(PERSONAS, default)
    out["anon"] = LOGIN
    out.update(overrides)
    return out


# Placeholders in API paths other than the built-in ones, filled per test from the city:
# a matrix module registers e.g. ID_MAKERS["file_id"] = lambda city: make_file(city).pk
ID_MAKERS = {}
