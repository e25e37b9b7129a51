"""The small-firm refund paid through a batch as assistance payments are: the receiving union's
account is entered once per refund (sealed, masked on every page), a refund without one cannot
go into a batch, and the batch's bank file has the accounts in full in the layout of the paying
county's bank, its reveal and export in the audit trail."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.assistance.models import BankFileLayout
from gonghui.core.crypto import mask
from gonghui.core.models import AuditEntry
from gonghui.funds import services
from gonghui.funds.models import Refund, RefundBatch

from ..factories import read_xlsx
from .conftest import MONTH, finance, firm

pytestmark = pytest.mark.django_db

ACCOUNT = "43010000000000001234"
OTHER = "43010000000000005678"


def _approved(city, *, account=None, headcount=8, name=None):
    """An approved refund of a new small firm in 衡阳县 (applied with `account` if given)."""
    fin = finance(city, "county")
    e = firm(city, headcount=headcount, name=name)
    services.record_payment(acting_user=finance(city), employer=e, month=MONTH, wage_bill_fen=1_000_000,
                            paid_fen=20_000, received_on=date(2026, 2, 10))
    kw = {"account_holder": f"{e.name}工会", "bank_name": "中国工商银行", "bank_account": account} if account else {}
    r = services.apply_refund(acting_user=fin, employer=e, year=2026, **kw)
    r = services.check_refund(r, acting_user=fin)
    return services.decide_refund(r, acting_user=city.users["fin_county_colleague"], approve=True)


def test_a_refund_without_an_account_is_refused_for_the_batch_with_nothing_written(city):
    fin = finance(city, "county")
    ready = _approved(city, account=ACCOUNT)
    bare = _approved(city, name="无账户小微企业有限公司")
    with pytest.raises(ValidationError) as e:
        services.make_refund_batch(acting_user=fin, county=city.county)
    assert "无账户小微企业有限公司" in " ".join(e.value.messages)
    assert ready.employer.name not in " ".join(e.value.messages)
    assert not RefundBatch.objects.exists()
    assert not Refund.objects.filter(batch__isnull=False).exists()
    services.set_refund_account(bare, acting_user=fin, account_holder="无账户小微企业有限公司工会",
                                bank_name="中国农业银行", bank_account=OTHER)
    batch = services.make_refund_batch(acting_user=fin, county=city.county)
    assert batch.line_count == 2
    with pytest.raises(ValidationError):  # once in a batch the account is fixed
        services.set_refund_account(bare, acting_user=fin, account_holder="x", bank_name="y", bank_account=ACCOUNT)


def test_the_account_is_checked_sealed_and_kept_masked_in_the_audit_trail(city):
    fin = finance(city, "county")
    r = _approved(city)
    with pytest.raises(ValidationError) as e:
        services.set_refund_account(r, acting_user=fin, account_holder="工会", bank_name="中国银行",
                                    bank_account="12-34")
    assert "bank_account" in e.value.message_dict
    with pytest.raises(PermissionDenied):
        services.set_refund_account(r, acting_user=city.users["county2"], account_holder="工会", bank_name="中国银行",
                                    bank_account=ACCOUNT)
    services.set_refund_account(r, acting_user=fin, account_holder="工会", bank_name="中国银行", bank_account=ACCOUNT)
    r.refresh_from_db()
    assert r.bank_account.reveal() == ACCOUNT and ACCOUNT not in str(r.bank_account)
    assert ACCOUNT not in r.bank_account.token  # the column holds only the SM4 token
    entries = AuditEntry.objects.filter(object_type__contains="refund", object_id=str(r.pk))
    assert entries.exists() and not any(ACCOUNT in str(x.changes) for x in entries)


def test_the_bank_file_has_the_full_accounts_in_the_county_layout_and_is_audited(city):
    fin = finance(city, "county")
    r1 = _approved(city, account=ACCOUNT)
    r2 = _approved(city, account=OTHER)
    BankFileLayout.objects.create(union=city.root, name="工行代发", columns=[
        ["业务参考号", "reference"], ["户名", "payee_name"], ["账号", "bank_account"], ["开户行", "bank_name"],
        ["金额", "amount_yuan"], ["收款工会", "union"], ["用途", "purpose"]])
    batch = services.make_refund_batch(acting_user=fin, county=city.county)
    rows = next(iter(read_xlsx(services.bank_file(batch, acting_user=fin)).values()))
    assert rows[0] == ["业务参考号", "户名", "账号", "开户行", "金额", "收款工会", "用途"]
    assert [row[2] for row in rows[1:]] == [ACCOUNT, OTHER]
    assert rows[1][0] == f"{batch.number}-{r1.pk}" and rows[1][1] == f"{r1.employer.name}工会"
    assert rows[2][4] == f"{r2.refund_fen / 100:.2f}" and rows[2][5] == r2.payee.name
    assert AuditEntry.objects.filter(action="reveal", object_id=str(batch.pk)).count() == 1
    assert AuditEntry.objects.filter(action="export", object_repr=batch.number).count() == 1
    with pytest.raises(PermissionDenied):
        services.bank_file(batch, acting_user=city.users["county2"])
    with pytest.raises(PermissionDenied):
        services.bank_file(batch, acting_user=city.users["auditor"])
    assert AuditEntry.objects.filter(action="reveal", object_id=str(batch.pk)).count() == 1


def test_the_default_layout_serves_a_county_without_its_own(city):
    fin = finance(city, "county")
    _approved(city, account=ACCOUNT)
    batch = services.make_refund_batch(acting_user=fin, county=city.county)
    rows = next(iter(read_xlsx(services.bank_file(batch, acting_user=fin)).values()))
    assert rows[0] == [h for h, _f in BankFileLayout.DEFAULT_COLUMNS]
    assert ACCOUNT in rows[1]


# --- pages ----------------------------------------------------------------------------------------

def test_the_pages_show_the_account_masked_and_the_file_has_it_in_full(login, city):
    r = _approved(city)
    client = login("fin_county")
    page = client.get(f"/funds/refunds/{r.pk}/").content.decode()
    assert 'data-testid="account-form"' in page
    resp = client.post(f"/funds/refunds/{r.pk}/", {"action": "account", "account_holder": "某工会",
                                                   "bank_name": "中国建设银行", "bank_account": "123"})
    assert resp.status_code == 200 and 'data-testid="field-error"' in resp.content.decode()
    assert not Refund.objects.get(pk=r.pk).bank_account
    resp = client.post(f"/funds/refunds/{r.pk}/", {"action": "account", "account_holder": "某工会",
                                                   "bank_name": "中国建设银行", "bank_account": ACCOUNT})
    assert resp.status_code == 302 and Refund.objects.get(pk=r.pk).state == "approved"
    page = client.get(f"/funds/refunds/{r.pk}/").content.decode()
    assert ACCOUNT not in page and mask("bank", ACCOUNT) in page and "中国建设银行" in page
    batch = services.make_refund_batch(acting_user=finance(city, "county"), county=city.county)
    page = client.get(f"/funds/refund-batches/{batch.pk}/").content.decode()
    assert ACCOUNT not in page and mask("bank", ACCOUNT) in page
    assert f"/funds/refund-batches/{batch.pk}/bank-file/" in page
    resp = client.get(f"/funds/refund-batches/{batch.pk}/bank-file/")
    assert resp.status_code == 200
    rows = next(iter(read_xlsx(resp).values()))
    assert ACCOUNT in rows[1]
    assert AuditEntry.objects.filter(action="reveal", object_id=str(batch.pk)).exists()
    assert login("county2").get(f"/funds/refund-batches/{batch.pk}/bank-file/").status_code == 404
    assert login("auditor").get(f"/funds/refund-batches/{batch.pk}/bank-file/").status_code == 403
    assert AuditEntry.objects.filter(action="reveal", object_id=str(batch.pk)).count() == 1
    page = login("auditor").get(f"/funds/refund-batches/{batch.pk}/").content.decode()
    assert "bank-file/" not in page and ACCOUNT not in page


def test_the_batch_button_names_the_firm_without_an_account(login, city):
    r = _approved(city, name="缺账户测试企业有限公司")
    resp = login("fin_county").post("/funds/refund-batches/new/", {"county": city.county.pk}, follow=True)
    assert "缺账户测试企业有限公司" in resp.content.decode()
    assert not RefundBatch.objects.exists() and Refund.objects.get(pk=r.pk).batch is None


def test_the_union_may_give_its_account_when_it_applies(login, city):
    finance(city, "county")
    e = firm(city, headcount=8)
    services.record_payment(acting_user=finance(city), employer=e, month=MONTH, wage_bill_fen=1_000_000,
                            paid_fen=20_000, received_on=date(2026, 2, 10))
    resp = login("fin_county").post("/funds/refunds/apply/", {"uscc": e.uscc, "year": 2026,
                                                              "account_holder": f"{e.name}工会",
                                                              "bank_name": "中国银行", "bank_account": ACCOUNT})
    assert resp.status_code == 302
    assert Refund.objects.get(employer=e).bank_account.reveal() == ACCOUNT
