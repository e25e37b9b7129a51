"""Sealed personal fields: SM4-GCM tokens, HMAC-SM3 look-up hashes, masks, the SealedField on
User.phone, the data migration, and key rotation."""

import importlib
import io
import os
import pickle
import stat
import subprocess
import sys

import pytest
from django import forms
from django.core import serializers
from django.core.exceptions import FieldError, ImproperlyConfigured, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, models
from django.db.migrations.loader import MigrationLoader
from django.test import RequestFactory
from django.test.utils import isolate_apps
from hypothesis import given
from hypothesis import strategies as st

from gonghui.accounts.models import SmsCode, User
from gonghui.accounts.services import request_sms_code
from gonghui.core import crypto
from gonghui.core.crypto import Sealed, lookup_hash, mask, open_sealed, seal, tail_hash
from gonghui.core.fields import SealedField
from gonghui.core.management.commands import rotate_field_keys
from gonghui.core.models import AuditEntry

from ..factories import PASSWORD

PHONE = "13800138000"
ID_NUMBER = "43042119900101123X"
OLD_KEY, NEW_KEY = b"\x11" * 32, b"\x22" * 32


def raw_row(table, pk):
    with connection.cursor() as c:
        c.execute(f"SELECT * FROM {connection.ops.quote_name(table)} WHERE id = %s", [pk])  # noqa: S608
        names = [d[0] for d in c.description]
        return dict(zip(names, c.fetchone(), strict=True))


def member_user(phone=PHONE, username="m1"):
    return User.objects.create_user(username=username, password=PASSWORD, phone=phone, kind=User.Kind.MEMBER)


# --- tokens ------------------------------------------------------------------------------------

def test_seal_round_trip_names_the_current_key():
    token = seal("衡阳 " + ID_NUMBER)
    assert token.startswith("t1:") and crypto.key_id_of(token) == "t1"
    assert ID_NUMBER not in token
    assert open_sealed(token) == "衡阳 " + ID_NUMBER


def test_a_tampered_token_fails():
    token = seal(PHONE)
    key_id, body = token.split(":")
    flipped = body[:10] + ("A" if body[10] != "A" else "B") + body[11:]
    with pytest.raises(crypto.TamperedError, match="integrity"):
        open_sealed(f"{key_id}:{flipped}")
    with pytest.raises(crypto.TamperedError):
        open_sealed(f"{key_id}:{body[:20]}")
    with pytest.raises(crypto.SealError):
        open_sealed(PHONE)


def test_the_key_id_is_bound_to_the_token(settings):
    settings.FIELD_KEYS = {"a": OLD_KEY, "b": OLD_KEY}  # same key under two ids
    token = seal(PHONE)
    assert token.startswith("a:")
    with pytest.raises(crypto.TamperedError):
        open_sealed("b:" + token.split(":")[1])


def test_an_unknown_key_id_fails_with_a_clear_message():
    token = seal(PHONE)
    with pytest.raises(crypto.UnknownKeyError, match="'zz'.*not in FIELD_KEYS"):
        open_sealed("zz:" + token.split(":")[1])


def test_the_key_ring_is_checked(settings):
    settings.FIELD_KEYS = {"k1": b"short"}
    with pytest.raises(ImproperlyConfigured, match="32 bytes"):
        seal(PHONE)
    settings.FIELD_KEYS = {"K1": OLD_KEY}
    with pytest.raises(ImproperlyConfigured, match="lower-case"):
        seal(PHONE)


def test_one_opener_opens_a_run_of_tokens_and_checks_each(settings):
    """An export opens its rows with one opener (the key ring read once, each key set up once):
    every token is still checked as open_sealed checks it, also under a key id it has met."""
    settings.FIELD_KEYS = {"old": OLD_KEY}
    old = seal(PHONE)
    settings.FIELD_KEYS = {"new": NEW_KEY, "old": OLD_KEY}
    new = seal(ID_NUMBER)
    open_one = crypto.opener()
    assert [open_one(t) for t in (old, new, old)] == [PHONE, ID_NUMBER, PHONE]
    body = new.split(":")[1]
    with pytest.raises(crypto.TamperedError, match="integrity"):
        open_one("new:" + body[:10] + ("A" if body[10] != "A" else "B") + body[11:])
    with pytest.raises(crypto.TamperedError, match="integrity"):
        open_one("old:" + body)  # a known key id, the wrong key
    with pytest.raises(crypto.UnknownKeyError):
        open_one("zz:" + body)
    for not_a_token in (PHONE, None, "NEW:" + body):
        with pytest.raises(crypto.SealError):
            open_one(not_a_token)
    assert crypto.mask_sealed("phone", old, open_one) == "138****8000"
    assert crypto.mask_sealed("phone", "zz:" + body, open_one) == "****"


def test_two_seals_differ_but_share_the_lookup_hash():
    a, b = seal(PHONE), seal(PHONE)
    assert a != b
    assert open_sealed(a) == open_sealed(b) == PHONE
    assert Sealed(a, "phone") == Sealed(b, "phone")
    assert Sealed(a, "phone").lookup_hash() == Sealed(b, "phone").lookup_hash() == lookup_hash("phone", PHONE)


def test_lookup_hash_normalises_and_separates_kinds(settings):
    h = lookup_hash("id", ID_NUMBER)
    assert len(h) == 64 and int(h, 16) >= 0
    assert lookup_hash("id", " 43042119900101123x ") == h
    assert lookup_hash("phone", ID_NUMBER) != h
    assert lookup_hash("phone", "0734-8123456") == lookup_hash("phone", "0734 812 3456")
    settings.LOOKUP_KEY = NEW_KEY
    assert lookup_hash("id", ID_NUMBER) != h


def test_tail_hashes_find_the_last_four_without_holding_them():
    assert tail_hash("id", ID_NUMBER) == tail_hash("id", "123x") == lookup_hash("id_tail", "123X")
    assert tail_hash("phone", "13800138000") == tail_hash("phone", "8000") != tail_hash("id", "8000")
    assert "123X" not in tail_hash("id", ID_NUMBER) and len(tail_hash("id", ID_NUMBER)) == 64


def test_a_sealed_birth_date_prints_masked_without_being_opened():
    s = Sealed("zz:not-a-token", "birth")
    assert str(s) == "****-**-**"


# --- masks -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "value", "masked"), [
    ("id", "43042119900101123X", "4304************3X"),  # the last sequence digit and the check digit
    ("id", "430421900101123", "4304*********23"),    # 15-digit first-generation card
    ("birth", "1990-01-01", "****-**-**"),           # never shown in part
    ("birth", "", ""),
    ("id", "H1234567", "******67"),                  # short: all but the last 2
    ("id", "E12345678", "*******78"),                # a passport: not 8 of 9 shown
    ("id", "12345", "*****"),                        # 5 or fewer: all masked
    ("phone", "13800138000", "138****8000"),
    ("phone", "+8613800138000", "+86****8000"),
    ("phone", "8888123", "*****23"),
    ("name", "欧阳修远", "****"),
    ("address", "衡阳市蒸湘区", "****湘区"),
    ("id", "", ""),
])
def test_masks(kind, value, masked):
    assert mask(kind, value) == masked


def test_a_sealed_value_prints_masked():
    s = Sealed.wrap(PHONE, "phone")
    assert str(s) == repr(s) == s.masked == "138****8000"
    assert f"{s}" == "138****8000" and PHONE not in str([s]) and PHONE not in str({"phone": s})
    assert s.reveal() == PHONE and s == PHONE and s != "13900139000"
    assert PHONE.encode() not in pickle.dumps(s)
    assert pickle.loads(pickle.dumps(s)).reveal() == PHONE  # noqa: S301 - our own pickle


def test_an_unopenable_value_prints_stars_not_an_error():
    assert str(Sealed("zz:AAAA", "phone")) == "****"


# --- the field on User.phone -------------------------------------------------------------------

@pytest.mark.django_db
def test_no_column_holds_the_plain_phone():
    user = member_user()
    row = raw_row("accounts_user", user.pk)
    assert not [k for k, v in row.items() if v is not None and PHONE[-8:] in str(v)]
    assert row["phone"].startswith("t1:") and open_sealed(row["phone"]) == PHONE
    assert row["phone_index"] == lookup_hash("phone", PHONE)
    assert isinstance(user.phone, Sealed) and str(user.phone) == "138****8000"
    fresh = User.objects.get(pk=user.pk)
    assert isinstance(fresh.phone, Sealed) and fresh.phone._plain is None  # not opened until asked
    assert fresh.phone.reveal() == PHONE


@pytest.mark.django_db
def test_a_database_dump_holds_no_plain_phone(settings, client):
    """Sign-up, an SMS code, sign-ins good and bad: then every table is read back whole."""
    settings.SMS_BACKEND = "gonghui.accounts.sms.MemorySmsBackend"
    user = member_user()
    assert request_sms_code(PHONE) == "ok"
    assert SmsCode.objects.get().phone == lookup_hash("phone", PHONE)
    assert client.post("/accounts/login/", {"mode": "password", "phone": PHONE, "password": PASSWORD}).status_code
    assert User.objects.get(pk=user.pk).last_login is not None
    leaks = []
    with connection.cursor() as c:
        for table in connection.introspection.table_names():
            c.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            leaks += [table for row in c.fetchall() if PHONE[-8:] in repr(row)]
    assert leaks == []


@pytest.mark.django_db
def test_sign_in_by_phone_through_the_lookup_hash():
    user = member_user()
    request = RequestFactory().post("/accounts/login/")
    from django.contrib.auth import authenticate

    assert authenticate(request, phone=PHONE, password=PASSWORD) == user
    assert authenticate(request, phone=PHONE, password="wrong") is None
    assert authenticate(request, phone="13900139000", password=PASSWORD) is None
    assert User.by_phone(PHONE).get() == user


@pytest.mark.django_db
def test_changing_or_clearing_the_phone_keeps_the_index_in_step():
    user = member_user()
    user.phone = "13900139000"
    user.save()
    assert User.by_phone("13900139000").get() == user and not User.by_phone(PHONE).exists()
    user.phone = ""
    user.save(update_fields=["phone", "phone_index"])
    row = raw_row("accounts_user", user.pk)
    assert row["phone"] is None and row["phone_index"] is None and user.phone is None
    with pytest.raises(ValueError, match="phone_index"):
        user.save(update_fields=["phone"])


@pytest.mark.django_db
def test_the_sealed_column_cannot_be_filtered_by_value():
    member_user()
    with pytest.raises(FieldError, match="phone_index"):
        list(User.objects.filter(phone=PHONE))
    with pytest.raises(FieldError, match="encrypted"):
        list(User.objects.filter(phone__startswith="138"))
    assert User.objects.filter(phone=None).count() == 0
    assert User.objects.filter(phone__isnull=False).count() == 1
    assert User.objects.filter(phone__sealed_with="t1").count() == 1


@pytest.mark.django_db
def test_a_duplicate_phone_is_a_validation_error():
    member_user()
    other = User(username="m2", phone=PHONE, kind=User.Kind.MEMBER)
    with pytest.raises(ValidationError) as e:
        other.full_clean(exclude=["password"])
    assert "phone" in e.value.message_dict


@pytest.mark.django_db
def test_serialised_rows_carry_tokens_and_load_back():
    user = member_user()
    text = serializers.serialize("json", [user])
    assert PHONE not in text and user.phone.token in text
    loaded = next(serializers.deserialize("json", text)).object
    assert isinstance(loaded.phone, Sealed) and loaded.phone.token == user.phone.token


@pytest.mark.django_db
def test_a_form_shows_the_mask_and_keeps_the_value_when_untouched():
    class PhoneForm(forms.ModelForm):
        class Meta:
            model = User
            fields = ["phone"]

    user = member_user()
    form = PhoneForm(instance=user)
    assert 'value="138****8000"' in str(form["phone"]) and PHONE not in str(form)
    form = PhoneForm({"phone": "138****8000"}, instance=user)
    assert form.is_valid() and not form.has_changed()
    form.save()
    assert User.objects.get(pk=user.pk).phone.reveal() == PHONE
    form = PhoneForm({"phone": "13900139000"}, instance=user)
    assert form.is_valid() and form.has_changed()
    form.save()
    assert User.by_phone("13900139000").get() == user


@isolate_apps("gonghui.core")
def test_the_field_checks_its_index_sibling():
    class Good(models.Model):  # noqa: DJ008
        doc = SealedField(kind="id", index="doc_index")
        doc_index = models.CharField(max_length=64, null=True)

        class Meta:
            app_label = "core"

    class IndexFirst(models.Model):  # noqa: DJ008
        doc_index = models.CharField(max_length=64, null=True)
        doc = SealedField(kind="id", index="doc_index")

        class Meta:
            app_label = "core"

    class Missing(models.Model):  # noqa: DJ008
        doc = SealedField(kind="id", index="nope")

        class Meta:
            app_label = "core"

    class TooShort(models.Model):  # noqa: DJ008
        doc = SealedField(kind="id", index="doc_index")
        doc_index = models.CharField(max_length=32, null=True)

        class Meta:
            app_label = "core"

    def ids(model):
        return [e.id for e in model._meta.get_field("doc").check()]

    assert ids(Good) == []
    assert ids(IndexFirst) == ["gonghui.E103"]
    assert ids(Missing) == ["gonghui.E101"]
    assert ids(TooShort) == ["gonghui.E102"]
    name, path, args, kwargs = Good._meta.get_field("doc").deconstruct()
    assert path == "gonghui.core.fields.SealedField" and kwargs == {"kind": "id", "index": "doc_index"}


# --- the data migration ------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_migration_seals_existing_plain_phones():
    user = User.objects.create_user(username="old", password=PASSWORD)
    with connection.cursor() as c:
        c.execute("UPDATE accounts_user SET phone = %s, phone_index = NULL WHERE id = %s", [PHONE, user.pk])
    SmsCode.objects.create(phone=PHONE, digest="x" * 64, expires_at="2030-01-01T00:00:00Z")
    migration = importlib.import_module("gonghui.accounts.migrations.0003_sealed_phone")
    state = MigrationLoader(connection).project_state(("accounts", "0002_initial"))
    for op in migration.Migration.operations[:3]:  # the state just before the data step
        op.state_forwards("accounts", state)
    migration.seal_phones(state.apps, None)
    migration.seal_phones(state.apps, None)  # a second run leaves sealed rows alone
    row = raw_row("accounts_user", user.pk)
    assert open_sealed(row["phone"]) == PHONE and row["phone_index"] == lookup_hash("phone", PHONE)
    assert not SmsCode.objects.exists()


# --- rotation ----------------------------------------------------------------------------------

def _tokens():
    with connection.cursor() as c:
        c.execute("SELECT phone FROM accounts_user WHERE phone IS NOT NULL ORDER BY id")
        return [r[0] for r in c.fetchall()]


@pytest.mark.django_db
def test_rotation_reseals_every_row_and_a_rerun_does_nothing(settings, monkeypatch):
    monkeypatch.setattr(rotate_field_keys, "BATCH", 2)  # several batches from five rows
    settings.FIELD_KEYS = {"old": OLD_KEY}
    phones = [f"1380013800{i}" for i in range(5)]
    users = [member_user(p, f"m{i}") for i, p in enumerate(phones)]
    User.objects.create_user(username="nophone", password=PASSWORD)
    assert all(t.startswith("old:") for t in _tokens())

    settings.FIELD_KEYS = {"new": NEW_KEY, "old": OLD_KEY}
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "accounts.User: 5 rows re-sealed with new" in out.getvalue()
    tokens = _tokens()
    assert len(tokens) == 5 and all(t.startswith("new:") for t in tokens)
    entry = AuditEntry.objects.filter(action="rotate_keys").get()
    assert entry.actor_label == "system"
    assert entry.changes["current_key"] == "new" and entry.changes["resealed"]["accounts.User"] == 5

    settings.FIELD_KEYS = {"new": NEW_KEY}  # the old key can go now
    assert [User.objects.get(pk=u.pk).phone.reveal() for u in users] == phones
    assert User.by_phone(phones[3]).get() == users[3]
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "accounts.User: 0 rows re-sealed" in out.getvalue()
    assert _tokens() == tokens


@pytest.mark.django_db
def test_rotation_stops_on_a_row_it_cannot_open(settings):
    settings.FIELD_KEYS = {"old": OLD_KEY}
    member_user()
    settings.FIELD_KEYS = {"new": NEW_KEY}  # the old key was dropped too early
    with pytest.raises(CommandError, match="'old'.*not in FIELD_KEYS"):
        call_command("rotate_field_keys", stdout=io.StringIO())


@pytest.mark.django_db
def test_lookup_key_rotation_recomputes_every_index(settings):
    users = [member_user(f"1390013900{i}", f"m{i}") for i in range(3)]
    with pytest.raises(CommandError, match="still configured"):
        call_command("rotate_field_keys", "--lookup-from-old", settings.LOOKUP_KEY.hex(), stdout=io.StringIO())
    old = settings.LOOKUP_KEY
    settings.LOOKUP_KEY = NEW_KEY
    assert not User.by_phone("13900139001").exists()  # the index is still under the old key
    out = io.StringIO()
    call_command("rotate_field_keys", "--lookup-from-old", old.hex(), stdout=out)
    assert "3 look-up hashes recomputed" in out.getvalue()
    assert User.by_phone("13900139001").get() == users[1]
    out = io.StringIO()
    call_command("rotate_field_keys", "--lookup-from-old", old.hex(), stdout=out)
    assert "0 look-up hashes recomputed" in out.getvalue()


def test_lookup_key_rotation_recomputes_the_tail_hashes_too(settings, city):
    from gonghui.members import services
    from gonghui.members.models import Member
    from gonghui.members.queries import search_q

    number = "430421199001011233"
    member = services.add_member(acting_user=city.users["city"], union=city.grassroots, name="欧阳秀英",
                                 id_number=number, phone=PHONE)
    old = settings.LOOKUP_KEY
    settings.LOOKUP_KEY = NEW_KEY
    assert not Member.objects.filter(search_q(number[-4:])).exists()  # still under the old key
    call_command("rotate_field_keys", "--lookup-from-old", old.hex(), stdout=io.StringIO())
    assert list(Member.objects.filter(search_q(number[-4:]))) == [member]
    assert list(Member.objects.filter(search_q(PHONE[-4:]))) == [member]


# --- settings ----------------------------------------------------------------------------------

def test_the_field_keys_setting_is_parsed_in_order():
    from gonghui import settings as s

    b64 = "ESIzRFVmd4iZqrvM3e7/ABEiM0RVZneImaq7zN3u/wA="
    ring = s._field_keys(f"k2:{b64}, k1:{b64.replace('+', '-').replace('/', '_').rstrip('=')}")
    assert list(ring) == ["k2", "k1"] and ring["k1"] == ring["k2"] and len(ring["k1"]) == 32
    for bad in ("k1", "K1:" + b64, f"k1:{b64},k1:{b64}", "k1:c2hvcnQ=", "k1:!!!"):
        with pytest.raises(ImproperlyConfigured):
            s._field_keys(bad)


def _gonghui(*args, **env):
    full = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GONGHUI_", "REDIS_URL"))}
    full.update(env, DATABASE_URL="sqlite:///:memory:")
    return subprocess.run([sys.executable, "-m", "gonghui", *args], env=full, capture_output=True, text=True,
                          timeout=120)


def test_production_refuses_to_start_without_field_keys(tmp_path):
    r = _gonghui("check", GONGHUI_ENV="production", DJANGO_SECRET_KEY="x" * 60, GONGHUI_VAR_DIR=str(tmp_path))
    assert r.returncode != 0
    assert "GONGHUI_FIELD_KEYS is not set" in r.stderr and "secrets.token_bytes(32)" in r.stderr


def test_the_local_profile_keeps_generated_keys_private(tmp_path):
    first = _gonghui("shell", "-c", "from django.conf import settings; print(settings.FIELD_KEYS['k1'].hex())",
                     GONGHUI_ENV="local", GONGHUI_VAR_DIR=str(tmp_path))
    assert first.returncode == 0, first.stderr
    for name in ("field_key_k1", "lookup_key"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    again = _gonghui("shell", "-c", "from django.conf import settings; print(settings.FIELD_KEYS['k1'].hex())",
                     GONGHUI_ENV="local", GONGHUI_VAR_DIR=str(tmp_path))
    key = first.stdout.split()[-1]
    assert again.stdout.split()[-1] == key and len(key) == 64


# --- properties --------------------------------------------------------------------------------

@given(st.text(max_size=200))
def test_any_text_survives_sealing(value):
    token = seal(value)
    assert open_sealed(token) == value and token.startswith("t1:")


@given(st.sampled_from(["id", "phone", "name"]), st.text(alphabet=st.characters(blacklist_characters="*"),
                                                          max_size=40))
def test_masks_hide_the_middle(kind, value):
    masked = mask(kind, value)
    shown = [ch for ch in masked if ch != "*"]
    if kind == "phone" and len(value) >= 11:
        assert len(masked) == 11 and masked.endswith(value[-4:])
    else:
        assert len(masked) == len(value)
    assert len(shown) <= 8 and masked.count("*") >= min(len(value), 4)
    assert masked.endswith(value[-2:] if len(value) > 5 else "")
