"""Shared vocabulary of the access matrix."""

# Every row is checked for PERSONAS. The departments that arrived later (`rights`, issue 4;
# `publicity` and `merchant`, issue 5) are checked on the rows that name them in their
# expectations (test_page_extra_personas, test_api_extra_personas).
PERSONAS = ("anon", "city", "county", "county2", "union", "auditor", "operator")
EXTRA_PERSONAS = ("rights", "publicity", "merchant")
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
