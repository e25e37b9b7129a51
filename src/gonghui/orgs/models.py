"""Regions, employers and the union tree."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from gonghui.core.access import ScopedQuerySet, ancestor_paths, scope
from gonghui.core.fields import SealedField
from gonghui.core.models import Code

from . import choices


class Region(models.Model):
    """An administrative division: GB/T 2260 six-digit code, or nine digits for townships.

    Codes nest by prefix (43 → 4304 → 430421 → 430421100), so "inside this region" is a
    prefix match on the code, which every table that stores a region code can use.
    """

    code = models.CharField(_("division code"), max_length=12, primary_key=True)
    name = models.CharField(_("name"), max_length=60)
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey("self", verbose_name=_("parent division"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")
        ordering = ["code"]

    def __str__(self):
        return self.name

    LEVELS = {1: _("province"), 2: _("city"), 3: _("county"), 4: _("township")}

    @property
    def level_name(self):
        return self.LEVELS.get(self.level, "")

    @property
    def prefix(self):
        """The code prefix shared by this division and everything inside it."""
        if self.level == 1:
            return self.code[:2]
        if self.level == 2:
            return self.code[:4]
        return self.code

    @classmethod
    def scope_q(cls, user, perm):
        """Divisions are reference data: anyone holding the permission anywhere reads or
        edits all of them."""
        s = scope(user, perm)
        return models.Q() if not s.empty else models.Q(pk__in=[])


def _code_field(table, verbose):
    return models.ForeignKey(Code, verbose_name=verbose, on_delete=models.PROTECT, related_name="+",
                             limit_choices_to={"table": table}, null=True, blank=True)


class EmployerQuerySet(ScopedQuerySet):
    def with_union_flag(self):
        """Annotate `has_union`: the employer has an active union of its own."""
        active = Union.objects.filter(employer=models.OuterRef("pk"), status=choices.UnionStatus.ACTIVE)
        return self.annotate(has_union=models.Exists(active))


class Employer(models.Model):
    """用人单位: a company or institution whose staff a union organises."""

    name = models.CharField(_("name"), max_length=120, db_index=True)
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    industry = _code_field(choices.INDUSTRY, _("industry (GB/T 4754)"))
    ownership = _code_field(choices.OWNERSHIP, _("ownership type"))
    headcount = models.PositiveIntegerField(_("headcount"), default=0)
    region = models.ForeignKey(Region, verbose_name=_("division"), on_delete=models.PROTECT,
                               related_name="employers")
    address = models.CharField(_("address"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=choices.EmployerStatus.choices,
                              default=choices.EmployerStatus.ACTIVE)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EmployerQuerySet.as_manager()

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, user, perm):
        """An employer is in scope when it lies in the area of a regional union the user
        holds a grant on, or when a union in the user's subtree belongs to it."""
        s = scope(user, perm)
        if s.everything:
            return models.Q()
        regional = Union.objects.filter(path__in=s.subtrees, kind__in=choices.UnionKind.regional())
        q = models.Q(pk__in=[])
        for code, level in regional.values_list("region__code", "region__level"):
            q |= models.Q(region__code__startswith=Region(code=code, level=level).prefix)
        own = Union.objects.filter(s.q("path"), employer__isnull=False).values("employer_id")
        return q | models.Q(pk__in=own)

    def scope_union(self):
        return self.unions.order_by("path").first()


class UnionQuerySet(ScopedQuerySet, MP_NodeQuerySet):
    pass


class UnionManager(MP_NodeManager):
    def get_queryset(self):
        # Ordered by Meta.ordering rather than here, so grouped counts are not split by path.
        return UnionQuerySet(self.model, using=self._db)

    def restrict(self, user, action="view"):
        return self.get_queryset().restrict(user, action)


class Union(MP_Node):
    """工会组织: one node of the tree. `path` (materialised, treebeard) makes "this subtree"
    one indexed prefix query."""

    name = models.CharField(_("name"), max_length=120, db_index=True)
    kind = models.CharField(_("kind"), max_length=12, choices=choices.UnionKind.choices, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=choices.UnionStatus.choices,
                              default=choices.UnionStatus.ACTIVE, db_index=True)
    region = models.ForeignKey(Region, verbose_name=_("division"), on_delete=models.PROTECT,
                               related_name="unions")
    employer = models.ForeignKey(Employer, verbose_name=_("employer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="unions")
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    chair_name = models.CharField(_("chair"), max_length=60, blank=True)
    # Often the chair's own mobile: personal data, sealed and masked as members' phones are.
    contact_phone = SealedField(_("contact phone"), kind="phone", index="contact_phone_index", null=True, blank=True)
    contact_phone_index = models.CharField(max_length=64, db_index=True, editable=False, null=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    status_reason = models.CharField(_("reason for the status"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = UnionManager()
    node_order_by = []
    audit_exclude = ("numchild", "contact_phone_index", "created_at", "updated_at")

    class Meta:
        verbose_name = _("union")
        verbose_name_plural = _("unions")
        ordering = ["path"]
        permissions = [
            ("move_union", _("Can move a union in the tree")),
            ("merge_union", _("Can merge unions")),
            ("revoke_union", _("Can revoke a union")),
            ("reveal_union", _("Can see full contact phones of unions")),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def scope_q(cls, user, perm):
        return scope(user, perm).q("path")

    def scope_union(self):
        return self

    @property
    def is_active(self):
        return self.status == choices.UnionStatus.ACTIVE

    def ancestors_and_self(self):
        """The chain from the root down to this union (for breadcrumbs), in one query."""
        return list(Union.objects.filter(path__in=[*ancestor_paths(self.path), self.path]).order_by("depth"))
