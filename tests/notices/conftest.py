"""Building blocks of the notices tests: members with accounts, SMS captured by the in-memory
backend (a real backend class that keeps what it sends in a list)."""

import pytest

from gonghui.accounts.models import User
from gonghui.accounts.sms import MemorySmsBackend

from ..medicalaid.conftest import member


@pytest.fixture
def sms(settings):
    settings.SMS_BACKEND = "gonghui.accounts.sms.MemorySmsBackend"
    MemorySmsBackend.outbox.clear()
    yield MemorySmsBackend.outbox
    MemorySmsBackend.outbox.clear()


_phones = iter(range(10**6))


def member_with_account(c, union=None, name=None):
    """A member of `union` who signs in on the phone pages with their own account."""
    m = member(c, union, name=name)
    phone = f"139{next(_phones):08d}"
    user = User.objects.create_user(username=f"m{m.number}", password="Gonghui@2026", kind=User.Kind.MEMBER,
                                    full_name=m.name, phone=phone)
    m.user = user
    m.save(update_fields=["user"])
    user.phone_number = phone
    return m


def staff_with_phone(c, name):
    user = c.users[name]
    user.phone = f"13800000{list(c.users).index(name):03d}"
    user.save(update_fields=["phone", "phone_index"])
    return user
