"""People who sign in (staff and members), the roles departments hold, and grants of a
role on a part of the union tree."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, Permission
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.crypto import lookup_hash
from gonghui.core.fields import SealedField


class User(AbstractUser):
    """Staff sign in with a username; members with their mainland mobile number."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("staff")
        MEMBER = "member", _("member")

    kind = models.CharField(_("account kind"), max_length=10, choices=Kind.choices, default=Kind.STAFF)
    full_name = models.CharField(_("full name"), max_length=60, blank=True)
    # Sealed with SM4 (PIPL); members are found by the keyed hash in phone_index.
    phone = SealedField(_("mobile phone"), kind="phone", index="phone_index", null=True, blank=True)
    phone_index = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username

    def get_full_name(self):
        return self.full_name or self.username

    @classmethod
    def by_phone(cls, phone):
        """Users with this mobile number (through its look-up hash; the column is encrypted)."""
        return cls._default_manager.filter(phone_index=lookup_hash("phone", phone))


class Role(models.Model):
    """A department's role (组织部, 权益保障部, 经审 ...): a named set of permissions.

    Roles are rows, so an operator can adjust what a department may do without a release.
    """

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)
    description = models.CharField(_("description"), max_length=200, blank=True)
    read_only = models.BooleanField(_("read only"), default=False)
    permissions = models.ManyToManyField(Permission, verbose_name=_("permissions"), blank=True)
    sort = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["sort", "code"]

    def __str__(self):
        return self.name


class Grant(models.Model):
    """`user` holds `role` on `union` and, when `covers_subtree`, on every union below it."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="grants")
    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.PROTECT,
                              related_name="grants")
    role = models.ForeignKey(Role, verbose_name=_("role"), on_delete=models.PROTECT, related_name="grants")
    covers_subtree = models.BooleanField(_("covers the unions below"), default=True)
    created_at = models.DateTimeField(_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [models.UniqueConstraint(fields=["user", "union", "role"], name="grant_unique")]

    def __str__(self):
        return f"{self.user} · {self.role} · {self.union}"


def _digest(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; it expires."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"

    @classmethod
    def issue(cls, user):
        raw = secrets.token_urlsafe(32)
        cls.objects.create(user=user, digest=_digest(raw), expires_at=timezone.now() + settings.API_TOKEN_TTL)
        return raw

    @classmethod
    def user_for(cls, raw):
        token = cls.objects.select_related("user").filter(
            digest=_digest(raw), expires_at__gt=timezone.now(), user__is_active=True).first()
        return token.user if token else None


class SmsCode(models.Model):
    """A one-time login code sent to a phone. Neither is kept: `phone` holds the number's
    look-up hash (HMAC-SM3, as User.phone_index) and `digest` a hash of that and the code.
    A code lives minutes, so it never needs the number back: nothing to encrypt or rotate."""

    phone = models.CharField(max_length=64, db_index=True)
    digest = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used = models.BooleanField(default=False)

    def __str__(self):
        return self.phone[:12]

    @staticmethod
    def key(phone, purpose=""):
        """The stored key of a number. A code for another purpose (joining the union) is kept
        under a different key, so it can never be used to sign in."""
        return lookup_hash(f"phone:{purpose}" if purpose else "phone", phone)

    @classmethod
    def issue(cls, phone, purpose=""):
        code = f"{secrets.randbelow(10**6):06d}"
        key = cls.key(phone, purpose)
        cls.objects.create(phone=key, digest=_digest(key + code),
                           expires_at=timezone.now() + settings.SMS_CODE_TTL)
        return code

    @classmethod
    def consume(cls, phone, code, purpose=""):
        key = cls.key(phone, purpose)
        row = cls.objects.filter(phone=key, digest=_digest(key + code), used=False,
                                 expires_at__gt=timezone.now()).first()
        if row is None:
            return False
        cls.objects.filter(pk=row.pk).update(used=True)
        return True
