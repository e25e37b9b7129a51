import pytest

from gonghui.rules import days


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """The calendar is cached per process: a test's calendar edits (rolled back after it) must
    not leak into the next test."""
    days.forget()
    yield
    days.forget()
