"""Concurrent spends of one voucher never overdraw it, and concurrent purchases of the last item
never sell it twice: real threads, each with its own connection, meeting at a barrier (as in
tests/budgets/test_concurrency.py). PostgreSQL only."""

import pytest
from django.db import connection

from gonghui.mall import services
from gonghui.mall.models import Product, Purchase, Voucher

from ..budgets.test_concurrency import _race
from ..factories import build_city
from .conftest import approved_budget, catalogue, issued, member_with_account

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="needs separate connections to one shared database (PostgreSQL)")


@pytest.mark.django_db(transaction=True)
def test_concurrent_spends_never_overdraw_a_voucher():
    c = build_city()
    approved_budget(c)
    _s, (_rice, tea, _show) = catalogue(c)  # 300 元
    m = member_with_account(c)
    issued(c, [m], value_fen=100_000)  # 1,000 元: room for three teas, not eight
    v = Voucher.objects.get(member=m)
    outcomes = _race(lambda _i: services.spend(v, tea, acting_user=m.user), range(8))
    assert outcomes == ["done"] * 3 + ["refused"] * 5
    v.refresh_from_db()
    assert v.balance_fen == 10_000 and Purchase.objects.count() == 3
    assert Product.objects.get(pk=tea.pk).stock == 997


@pytest.mark.django_db(transaction=True)
def test_concurrent_buyers_never_take_more_than_the_stock():
    c = build_city()
    approved_budget(c)
    _s, (_rice, _tea, show) = catalogue(c)  # two tickets left
    ms = [member_with_account(c) for _ in range(6)]
    issued(c, ms)
    vouchers = list(Voucher.objects.filter(member__in=ms).select_related("member__user"))
    outcomes = _race(lambda v: services.spend(v, show, acting_user=v.member.user), vouchers)
    assert outcomes == ["done"] * 2 + ["refused"] * 4
    assert Product.objects.get(pk=show.pk).stock == 0
    assert sorted(Voucher.objects.values_list("balance_fen", flat=True)) == [0, 0] + [50_000] * 4
