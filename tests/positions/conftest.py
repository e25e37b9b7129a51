"""Building blocks of the positions tests: positions around 衡阳, members who sign in."""

from gonghui.accounts.models import User
from gonghui.positions import services
from gonghui.positions.models import PositionKind

from ..medicalaid.conftest import member as new_member

PASSWORD = "Gonghui@2026"
HENGYANG = (26.8934, 112.5719)


def kind(code="station"):
    return PositionKind.objects.get(code=code)


def position(c, union=None, lat=HENGYANG[0], lng=HENGYANG[1], code="station", by="city", **values):
    values = {"name": "衡阳县户外劳动者爱心驿站", "address": "衡阳县西渡镇蒸阳大道1号", "opening_hours": "08:00-20:00",
              "facilities": ["water", "seats"]} | values
    return services.create_position(acting_user=c.users[by], union=union or c.grassroots, kind=kind(code), lat=lat,
                                    lng=lng, **values)


_seq = iter(range(10**6))


def member_login(c, union=None, name=None):
    """A member of `union` with a sign-in of its own (User.kind == member)."""
    m = new_member(c, union, name=name)
    n = next(_seq)
    m.login_phone = f"1390000{n:04d}"
    m.user = User.objects.create_user(username=f"pm{n}", password=PASSWORD, phone=m.login_phone,
                                      kind=User.Kind.MEMBER, full_name=m.name)
    m.save(update_fields=["user"])
    return m
