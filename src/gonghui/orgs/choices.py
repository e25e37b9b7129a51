"""Choices that code depends on (tree behaviour and states). National code tables, which
code only displays, live in the Code table instead."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnionKind(models.TextChoices):
    FEDERATION = "federation", _("federation of trade unions")
    TOWNSHIP = "township", _("township / street union")
    GRASSROOTS = "grassroots", _("grassroots union")
    INDUSTRY = "industry", _("industry union")
    JOINT = "joint", _("joint union")
    GROUP = "group", _("union group")

    @classmethod
    def regional(cls):
        """Kinds that speak for an area: their region bounds the employers they look after."""
        return (cls.FEDERATION, cls.TOWNSHIP)


class UnionStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    REVOKED = "revoked", _("revoked")
    MERGED = "merged", _("merged")


class EmployerStatus(models.TextChoices):
    ACTIVE = "active", _("in operation")
    CLOSED = "closed", _("closed")


# Code-table names used by the Code model.
INDUSTRY = "industry"          # GB/T 4754-2017 sections A-T
OWNERSHIP = "ownership"        # 登记注册类型
