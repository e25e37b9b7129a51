"""Shared vocabulary of the access matrix."""

PERSONAS = ("anon", "city", "county", "county2", "union", "auditor", "operator")
LOGIN = 302  # anonymous visitors are sent to sign in


def who(default, **overrides):
    """Expected status per persona: `default` for everyone signed in, sign-in for anonymous,
    then the named exceptions."""
    out = dict.fromkeys(PERSONAS, default)
    out["anon"] = LOGIN
    out.update(overrides)
    return out
