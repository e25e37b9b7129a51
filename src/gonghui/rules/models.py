"""The rulebook (规则库), the working-day calendar and stored deadlines.

A rule is a named parameter (``hardship.relative_multiple``); its values are dated rows per
jurisdiction (national "", province "43", city "4304", GB/T 2260 prefixes), each with the
regulation and article it comes from. A changed value is a new dated row: old rows stay, so a
decision taken last year can still show the value it used.

Deadlines are stored when computed (``due_on``), so "what is overdue in this county" is one
indexed range query on (union_path, due_on) over the open rows.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gonghui.core.access import ScopedModel

PERIOD_KINDS = ("days", "working_days", "months", "years")


@dataclass(frozen=True)
class Band:
    """One row of a table by size: from `low` to `high` (None: and above), between `least` and
    `most`. Regulations give such tables for committee sizes and delegate numbers."""

    low: int
    high: int | None
    least: int
    most: int

    def covers(self, n):
        return n >= self.low and (self.high is None or n <= self.high)

    def __str__(self):
        size = f"{self.low}–{self.high}" if self.high is not None else f"{self.low}+"
        count = f"{self.least}–{self.most}" if self.least != self.most else f"{self.least}"
        return f"{size}: {count}"


def band_for(bands, n):
    """The band of `bands` that covers `n`, or None when the table does not reach it."""
    return next((band for band in bands if band.covers(n)), None)


class Rule(models.Model):
    class Kind(models.TextChoices):
        INTEGER = "integer", _("whole number")
        DECIMAL = "decimal", _("decimal")
        SHARE = "share", _("share (0 to 1)")
        DAYS = "days", _("days")
        WORKING_DAYS = "working_days", _("working days")
        MONTHS = "months", _("months")
        YEARS = "years", _("years")
        BOOL = "bool", _("yes / no")
        TEXT = "text", _("text")
        BANDS = "bands", _("table by size")

    name = models.CharField(_("name"), max_length=80, unique=True)
    label = models.CharField(_("label"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    min_value = models.DecimalField(_("smallest allowed value"), max_digits=14, decimal_places=4, null=True,
                                    blank=True)
    max_value = models.DecimalField(_("largest allowed value"), max_digits=14, decimal_places=4, null=True,
                                    blank=True)

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["name"]

    def __str__(self):
        return f"{self.label} ({self.name})"

    @property
    def is_period(self):
        return self.kind in PERIOD_KINDS

    def parse(self, text, unit=""):
        """The typed value of `text` for this rule, or ValidationError naming the field "value"."""
        text = (text or "").strip()
        kind = self.kind
        label = self.label
        if kind == self.Kind.TEXT:
            return text
        if kind == self.Kind.BANDS:
            return self._parse_bands(text)
        if kind == self.Kind.BOOL:
            low = text.lower()
            if low in ("true", "yes", "1", "是"):
                return True
            if low in ("false", "no", "0", "否"):
                return False
            raise ValidationError({"value": gettext("%(rule)s: enter yes or no (true / false), not %(value)r.")
                                   % {"rule": label, "value": text}})
        if kind == self.Kind.SHARE:
            try:
                number = Fraction(text)
            except (ValueError, ZeroDivisionError):
                raise ValidationError({"value": gettext("%(rule)s: a share is a fraction such as 2/3 or a decimal such "
                                                  "as 0.8, not %(value)r.") % {"rule": label, "value": text}}) from None
            if not 0 <= number <= 1:
                raise ValidationError({"value": gettext("%(rule)s: a share lies between 0 and 1; %(value)s is outside.")
                                       % {"rule": label, "value": text}})
        elif kind == self.Kind.DECIMAL:
            try:
                number = Decimal(text)
            except InvalidOperation:
                number = None
            if number is None or not number.is_finite():
                raise ValidationError({"value": gettext("%(rule)s: enter a number, not %(value)r.")
                                       % {"rule": label, "value": text}})
        else:
            try:
                number = int(text)
            except ValueError:
                raise ValidationError({"value": gettext("%(rule)s: enter a whole number, not %(value)r.")
                                       % {"rule": label, "value": text}}) from None
            if self.is_period and number < 0:
                raise ValidationError({"value": gettext("%(rule)s: a period cannot be a negative number of %(unit)s.")
                                       % {"rule": label, "unit": self.Kind(unit or kind).label}})
        if self.min_value is not None and number < self.min_value:
            raise ValidationError({"value": gettext("%(rule)s: the value %(value)s is below the smallest allowed, "
                                              "%(min)s.") % {"rule": label, "value": text,
                                                             "min": f"{self.min_value.normalize():f}"}})
        if self.max_value is not None and number > self.max_value:
            raise ValidationError({"value": gettext("%(rule)s: the value %(value)s is above the largest allowed, "
                                              "%(max)s.") % {"rule": label, "value": text,
                                                             "max": f"{self.max_value.normalize():f}"}})
        return number

    def _parse_bands(self, text):
        """Rows "from-to:least-most" separated by ";" (to left empty on the last row: and above;
        a single count for least = most), in rising order without gaps or overlaps, e.g.
        "0-24:3-5; 25-200:3-7; 201-:7-15"."""
        rows = [row.strip() for row in re.split(r"[;；\n]", text) if row.strip()]
        bands = []
        for row in rows:
            match = re.fullmatch(r"(\d+)\s*[-–]\s*(\d*)\s*[:：]\s*(\d+)\s*(?:[-–]\s*(\d+))?", row)
            if not match:
                raise ValidationError({"value": gettext("%(rule)s: write each row as from-to:least-most (e.g. "
                                                        "25-200:3-7), not %(row)r.")
                                       % {"rule": self.label, "row": row}})
            low, high, least, most = match.groups()
            band = Band(int(low), int(high) if high else None, int(least), int(most or least))
            if band.high is not None and band.high < band.low or band.most < band.least:
                raise ValidationError({"value": gettext("%(rule)s: in the row %(row)r the end is below the start.")
                                       % {"rule": self.label, "row": row}})
            if bands and (bands[-1].high is None or band.low != bands[-1].high + 1):
                raise ValidationError({"value": gettext("%(rule)s: the row %(row)r must start right after the row "
                                                        "before it ends (no gaps, no overlaps).")
                                       % {"rule": self.label, "row": row}})
            bands.append(band)
        if not bands:
            raise ValidationError({"value": gettext("%(rule)s: enter at least one row.") % {"rule": self.label}})
        return tuple(bands)


class RuleValue(models.Model):
    rule = models.ForeignKey(Rule, verbose_name=_("rule"), on_delete=models.CASCADE, related_name="values")
    jurisdiction = models.CharField(_("jurisdiction"), max_length=6, blank=True,
                                    help_text=_("Empty for the national default, 2 digits for a province, 4 for "
                                                 "a city, 6 for a county (GB/T 2260)."))
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    value = models.CharField(_("value"), max_length=200)
    unit = models.CharField(_("unit"), max_length=12, blank=True,
                            choices=[(k, Rule.Kind(k).label) for k in PERIOD_KINDS],
                            help_text=_("For periods only: when this jurisdiction counts in another unit than "
                                         "the rule's (e.g. working days)."))
    source = models.CharField(_("source"), max_length=300,
                              help_text=_("Regulation and article, e.g. 工会法 第四十三条."))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("entered by"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("rule value")
        verbose_name_plural = _("rule values")
        ordering = ["rule__name", "jurisdiction", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "jurisdiction", "valid_from"], name="rules_value_once_per_day"),
        ]
        indexes = [models.Index(fields=["rule", "jurisdiction", "valid_from"], name="rules_value_lookup")]

    def __str__(self):
        return f"{self.rule.name} [{self.jurisdiction or '全国'}] {self.value} ({self.valid_from})"

    def clean(self):
        errors = {}
        if self.jurisdiction and (not self.jurisdiction.isdigit() or len(self.jurisdiction) not in (2, 4, 6)):
            errors["jurisdiction"] = gettext("Jurisdiction: empty for national, or 2, 4 or 6 digits of a GB/T 2260 "
                                             "code, not %(code)r.") % {"code": self.jurisdiction}
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = gettext("In force until: the end date is before the start date.")
        if self.rule_id:
            if self.unit and not self.rule.is_period:
                errors["unit"] = gettext("Unit: only a period (days, working days, months, years) has a unit.")
            try:
                self.rule.parse(self.value, self.unit)
            except ValidationError as e:
                errors.update(e.message_dict)
        if not (self.source or "").strip():
            errors["source"] = gettext("Source: name the regulation and article the value comes from.")
        if errors:
            raise ValidationError(errors)

    @property
    def typed(self):
        return self.rule.parse(self.value, self.unit)


class CalendarDay(models.Model):
    """A day that differs from the Monday-to-Friday week: a public holiday, or a weekend day
    made a working day (调休) by the 国务院 放假安排."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("public holiday")
        WORKING = "working", _("working day (调休)")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.name}"


class Deadline(ScopedModel):
    """One open or closed deadline of an object (a join application, a 公示, a claim code...).

    ``union_path`` is copied from the union so the overdue list of a subtree is a range scan of
    the partial index on open rows (union_path, due_on).
    """

    kind = models.CharField(_("kind"), max_length=40)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40)
    union = models.ForeignKey("orgs.Union", verbose_name=_("union"), on_delete=models.CASCADE,
                              related_name="+")
    union_path = models.CharField(_("union path"), max_length=255)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    member = models.ForeignKey("members.Member", verbose_name=_("member"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(_("link"), max_length=300, blank=True)
    started_on = models.DateField(_("started on"))
    rule = models.CharField(_("rule"), max_length=80, blank=True)
    n = models.IntegerField(_("length of the period"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=12, blank=True)
    due_on = models.DateField(_("due on"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path = "union_path"

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_type", "object_id"], name="rules_deadline_once"),
        ]
        indexes = [
            models.Index(fields=["union_path", "due_on"], name="rules_deadline_open",
                         condition=Q(closed_at__isnull=True)),
            models.Index(fields=["member", "due_on"], name="rules_deadline_member",
                         condition=Q(closed_at__isnull=True, member__isnull=False)),
        ]

    def __str__(self):
        return f"{self.title} ({self.due_on})"

    @property
    def is_open(self):
        return self.closed_at is None
