"""Every write of the funds app, with its rule and its audit record.

- Statements: the tax or finance bureau's monthly file is checked whole; any row that does not
  add up (an unknown employer, a 2% that is not 2% of the wage bill, a 合计 row or a declared total
  that differs from the rows) rejects the whole statement with the rows named, and nothing is
  written. A clean statement becomes one `Contribution` per employer and the `LedgerEntry` rows of
  its split between the levels, in one transaction (COPY on PostgreSQL).
- Direct payments, arrears notices, the 筹备金 handed to a union once it is founded.
- Member dues (会费) per union and month, and who has paid.
- The small-firm refund: listed by the county or applied for by the firm's union, checked
  against what arrived, approved by a second person, paid through a refund batch.
- 双联 pairings and their visits.
"""

import datetime
import hashlib
import uuid
from collections import defaultdict
from fractions import Fraction
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, queue
from gonghui.core.access import require, require_other_than
from gonghui.core.money import to_fen, yuan
from gonghui.notices import services as notices
from gonghui.notices.services import StaffOf
from gonghui.orgs.choices import UnionKind, UnionStatus
from gonghui.orgs.models import Employer, Union

from . import rules
from .models import (
    Channel,
    Contribution,
    LedgerEntry,
    Level,
    MemberDues,
    Pairing,
    PairingVisit,
    Refund,
    RefundBatch,
    Statement,
)

MAX_NAMED = 200  # problems kept on a rejected statement; the count says how many there were


def month_start(d):
    return d.replace(day=1)


# --- who holds each level ------------------------------------------------------------------------

class Holders:
    """The unions that receive each level's part for an employer, found once per run.

    County and city are the federations of the employer's county and city divisions; the base
    union is the employer's own active union. A level the tree does not hold (the province and
    the ACFTU, above a city's tree) is credited to the nearest union above that exists, which
    remits it; an employer with no union has its base part held by its county (筹备金)."""

    def __init__(self, employer_ids=None):
        feds = Union.objects.filter(kind=UnionKind.FEDERATION, status=UnionStatus.ACTIVE).order_by("depth")
        self.fed = {}
        for pk, region in feds.values_list("pk", "region_id"):
            self.fed.setdefault(region, pk)
        own = Union.objects.filter(employer__isnull=False, status=UnionStatus.ACTIVE)
        if employer_ids is not None:
            own = own.filter(employer_id__in=employer_ids)
        self.base = {}
        for pk, emp in own.order_by("-path").values_list("pk", "employer_id"):
            self.base[emp] = pk  # the topmost of an employer's unions wins (ordered last)
        self._by_region = {}

    def chain(self, region_code):
        """{level: union id or None} of the federations for `region_code` (province, city, county)."""
        key = region_code[:6]
        if key not in self._by_region:
            county = self.fed.get(key) if key[4:6] != "00" else None
            city = self.fed.get(key[:4] + "00")
            province = self.fed.get(key[:2] + "0000")
            self._by_region[key] = {Level.COUNTY: county, Level.CITY: city, Level.PROVINCE: province}
        return self._by_region[key]

    def holders(self, employer_id, region_code):
        """{level: union id} for one employer, every level filled."""
        c = dict(self.chain(region_code))
        c[Level.BASE] = self.base.get(employer_id)
        c[Level.NATIONAL] = None
        order = [Level.BASE, Level.COUNTY, Level.CITY, Level.PROVINCE, Level.NATIONAL]
        out = {}
        for i, level in enumerate(order):
            found = c[level]
            if found is None:  # nearest above, else nearest below
                found = next((c[lv] for lv in order[i + 1:] if c[lv]), None) or \
                    next((c[lv] for lv in reversed(order[:i]) if c[lv]), None)
            out[level] = found
        if c[Level.BASE] is None:
            out[Level.BASE] = next((c[lv] for lv in order[1:] if c[lv]), None)
        return out


# --- statements ----------------------------------------------------------------------------------

COLUMNS = {
    "uscc": ("统一社会信用代码", "纳税人识别号", "社会信用代码", "uscc"),
    "name": ("单位名称", "缴费单位", "纳税人名称", "name"),
    "wage": ("工资总额", "计费工资总额", "工资总额（元）", "wage"),
    "due": ("应缴金额", "应缴经费", "应缴金额（元）", "due"),
    "paid": ("实缴金额", "实缴经费", "入库金额", "实缴金额（元）", "paid"),
    "received": ("入库日期", "缴款日期", "received"),
}
TOTAL_WORDS = {"合计", "总计", "total"}


def statement_dir():
    path = Path(settings.VAR_DIR) / "funds-statements"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def statement_path(st):
    return statement_dir() / f"{st.pk}{Path(st.file_name).suffix.lower()}"


def start_statement(*, acting_user, union, month, channel, upload, declared_rows=None, declared_paid_fen=None):
    """Save the bureau's statement and queue its import (core.queue). Nothing but the Statement
    row exists until the check has passed."""
    from gonghui.members.roster_file import RosterFileError, kind_of

    require(acting_user, "funds.import_statement", union)
    name = Path(upload.name or "").name
    try:
        kind_of(name)
    except RosterFileError as e:
        raise ValidationError({"file": str(e)}) from None
    if not upload.size:
        raise ValidationError({"file": _("The file is empty.")})
    if channel not in (Channel.TAX, Channel.FINANCE):
        raise ValidationError({"channel": _("A statement comes from the tax bureau or the finance bureau.")})
    tmp = statement_dir() / f"{uuid.uuid4().hex}.part"
    digest = hashlib.sha256()
    with open(tmp, "wb") as f:
        for chunk in upload.chunks():
            digest.update(chunk)
            f.write(chunk)
    with transaction.atomic():
        st = Statement.objects.create(union=union, channel=channel, month=month_start(month), file_name=name[:200],
                                      sha256=digest.hexdigest(), declared_rows=declared_rows,
                                      declared_paid_fen=declared_paid_fen, created_by=acting_user)
        tmp.rename(statement_path(st))
        audit.record("upload", actor=acting_user, obj=st, changes={"file": [None, name]})
        from . import tasks

        st.task = queue.start(tasks.import_statement, st.pk, user=acting_user)
        Statement.objects.filter(pk=st.pk).update(task=st.task)
    return st


def _cells(roster):
    header = [str(h or "").strip().lower() for h in roster.header]
    where = {}
    for key, names in COLUMNS.items():
        wanted = {n.lower() for n in names}
        for i, h in enumerate(header):
            if h in wanted:
                where[key] = i
                break
    return where


def _text(cells, i):
    if i is None or i >= len(cells) or cells[i] is None:
        return ""
    v = cells[i]
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def _date(text):
    if isinstance(text, datetime.datetime):
        return text.date()
    if isinstance(text, datetime.date):
        return text
    t = str(text).strip().replace("/", "-").replace(".", "-")[:10]
    return datetime.date.fromisoformat(t)


class StatementRejected(Exception):
    def __init__(self, problems):
        self.problems = problems


def check_statement(st, source, kind, *, employers=None, progress=None):
    """Read the statement; return the clean rows [(employer_id, region, wage, due, paid, received)]
    and the totals, or raise StatementRejected with every problem by row. Writes nothing."""
    from gonghui.members.roster_file import RosterFileError, open_roster

    try:
        roster = open_roster(source, kind)
    except RosterFileError as e:
        raise StatementRejected([{"row": 0, "message": str(e)}]) from None
    where = _cells(roster)
    missing = [COLUMNS[k][0] for k in ("uscc", "wage", "due", "paid") if k not in where]
    if missing:
        raise StatementRejected([{"row": roster.header_row, "message": _(
            "The statement has no %(columns)s column (the first row names the columns).")
            % {"columns": "、".join(missing)}}])
    if employers is None:
        scope = Employer.objects.filter(Employer.scope_q(st.created_by, "orgs.view_employer"))
        employers = {u: (pk, reg) for pk, u, reg in scope.values_list("pk", "uscc", "region_id")}
    already = set(Contribution.objects.filter(month=st.month).values_list("employer_id", flat=True))
    problems, rows, seen = [], [], {}
    totals = [0, 0, 0]
    total_row = None
    share_cache, due_cache = {}, {}
    ui, wi, di, pi, ri, ni = (where.get(k) for k in ("uscc", "wage", "due", "paid", "received", "name"))

    def bad(n, message):
        problems.append({"row": n, "message": message})

    count = 0
    for n, cells in roster.rows():
        count += 1
        if progress and count % 20000 == 0:
            progress(roster.fraction())
        code = _text(cells, ui).upper()
        first = _text(cells, ni) if ni is not None else ""
        if code in TOTAL_WORDS or first in TOTAL_WORDS or _text(cells, 0) in TOTAL_WORDS:
            total_row = (n, cells)
            continue
        if not code and not _text(cells, wi):
            continue
        try:
            wage, due, paid = (to_fen(_text(cells, i) or "0") for i in (wi, di, pi))
        except (ValidationError, TypeError):
            bad(n, _("An amount is not a number of yuan with at most two decimals."))
            continue
        found = employers.get(code)
        if found is None:
            bad(n, _("%(code)s is not an employer in your area (统一社会信用代码).") % {"code": code or "—"})
            continue
        emp, region = found
        if code in seen:
            bad(n, _("%(code)s appears twice (rows %(first)s and %(row)s).") % {"code": code, "first": seen[code],
                                                                               "row": n})
            continue
        seen[code] = n
        if emp in already:
            bad(n, _("%(code)s already has a contribution for this month.") % {"code": code})
            continue
        key = region[:6]
        if key not in share_cache:
            share_cache[key] = Fraction(rules.due_fen(100, region, on=st.month)[1].value)
            due_cache[key] = rules.due_on(st.month, region)[0]
        expected = rules.half_up(Fraction(wage) * share_cache[key])
        if due != expected:
            bad(n, _("Due %(due)s yuan is not 2%% of the wage bill %(wage)s yuan (%(expected)s yuan).")
                % {"due": yuan(due), "wage": yuan(wage), "expected": yuan(expected)})
            continue
        received = None
        if paid:
            raw = cells[ri] if ri is not None and ri < len(cells) else None
            try:
                received = _date(raw) if raw not in (None, "") else None
            except (ValueError, TypeError):
                received = None
            if received is None:
                bad(n, _("Paid %(paid)s yuan but no valid arrival date (入库日期).") % {"paid": yuan(paid)})
                continue
        rows.append((emp, region, wage, due, paid, received, due_cache[key]))
        totals[0] += wage
        totals[1] += due
        totals[2] += paid
    if total_row is not None:
        n, cells = total_row
        for label, i, value in (("工资总额", wi, totals[0]), ("应缴金额", di, totals[1]), ("实缴金额", pi, totals[2])):
            try:
                stated = to_fen(_text(cells, i) or "0")
            except (ValidationError, TypeError):
                stated = None
            if stated != value:
                bad(n, _("The 合计 row's %(column)s is %(stated)s yuan but its rows add up to %(sum)s yuan.")
                    % {"column": label, "stated": yuan(stated) if stated is not None else "—", "sum": yuan(value)})
    if st.declared_rows is not None and st.declared_rows != len(rows) + sum(1 for p in problems if p["row"]):
        bad(0, _("%(declared)s rows were declared but the statement has %(rows)s.")
            % {"declared": st.declared_rows, "rows": len(rows)})
    if st.declared_paid_fen is not None and st.declared_paid_fen != totals[2]:
        bad(0, _("%(declared)s yuan were declared paid but the rows add up to %(sum)s yuan.")
            % {"declared": yuan(st.declared_paid_fen), "sum": yuan(totals[2])})
    if not rows and not problems:
        bad(0, _("The statement has no rows."))
    if problems:
        raise StatementRejected(problems)
    return rows, totals


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value):
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return str(value)


def _copy(model, fields, rows):
    """Insert `rows` (tuples in `fields` order): COPY on PostgreSQL, bulk inserts elsewhere."""
    if connection.vendor == "postgresql":
        columns = ", ".join(model._meta.get_field(f).column for f in fields)
        with connection.cursor() as cur, cur.cursor.copy(
                f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
            # COPY's text format, a megabyte at a time: much faster than a call per row
            chunk, size = [], 0
            for row in rows:
                line = "\t".join(_copy_text(v) for v in row) + "\n"
                chunk.append(line)
                size += len(line)
                if size > 1 << 20:
                    copy.write("".join(chunk))
                    chunk, size = [], 0
            if chunk:
                copy.write("".join(chunk))
        return
    batch = []
    for row in rows:
        batch.append(model(**dict(zip(fields, row, strict=True))))
        if len(batch) >= 2000:
            model.objects.bulk_create(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)


def write_rows(st, rows, *, channel, kind=Contribution.Kind.CONTRIBUTION, progress=None):
    """Write the contributions of checked rows and their ledger split. Returns ledger rows written."""
    holders = Holders({r[0] for r in rows})
    tables, fees = {}, {}
    now = timezone.now()
    contrib_rows, splits = [], []
    for emp, region, wage, due, paid, received, due_day in rows:
        key = region[:6]
        if key not in tables:
            tables[key] = rules.split_table(region, on=st.month)
        h = holders.holders(emp, region)
        own = holders.base.get(emp)
        row_kind = kind if own else Contribution.Kind.PREPARATORY
        late_days, fee, fee_rule = 0, 0, ""
        if received and received > due_day:
            if key not in fees:
                fees[key] = rules.late_fee(0, due_day, due_day, region).ruling
            rate = Fraction(fees[key].value)
            late_days = (received - due_day).days
            fee = int(Fraction(paid) * rate * late_days)
            if rate:
                fee_rule = rules.LateFee(late_days, fee, fees[key]).text
        contrib_rows.append((h[Level.BASE], emp, st.month, row_kind, channel, st.pk, wage, due, paid, due_day,
                             received, late_days, fee, fee_rule, now))
        splits.append((emp, row_kind, paid, h, tables[key]))
    fields = ("union_id", "employer_id", "month", "kind", "channel", "statement_id", "wage_bill_fen", "due_fen",
              "paid_fen", "due_on", "received_on", "late_days", "late_fee_fen", "late_fee_rule", "created_at")
    _copy(Contribution, fields, contrib_rows)
    if progress:
        progress(0.5)
    ids = dict(Contribution.objects.filter(statement_id=st.pk).values_list("employer_id", "pk"))

    def entries():
        for emp, row_kind, paid, h, table in splits:
            if not paid:
                continue
            ekind = LedgerEntry.Kind.PREPARATORY if row_kind == Contribution.Kind.PREPARATORY \
                else LedgerEntry.Kind.CONTRIBUTION
            cid = ids[emp]
            for level, amount in table.split(paid).items():
                if amount:
                    yield (h[level], cid, emp, st.month, level, ekind, amount)

    written = [0]

    def counted():
        for e in entries():
            written[0] += 1
            yield e

    _copy(LedgerEntry, ("union_id", "contribution_id", "employer_id", "month", "level", "kind", "amount_fen"),
          counted())
    return written[0]


def run_statement(pk):
    """The task: check the whole statement, then write it in one transaction, or reject it."""
    from gonghui.members.roster_file import kind_of

    st = Statement.objects.select_related("created_by").get(pk=pk)
    if st.state != Statement.State.QUEUED:
        return st.state  # idempotent: already imported or rejected
    path = statement_path(st)
    try:
        rows, totals = check_statement(st, path, kind_of(st.file_name),
                                       progress=lambda f: queue.report(int(f * 50), 100, "check"))
    except StatementRejected as e:
        Statement.objects.filter(pk=pk).update(state=Statement.State.REJECTED, problems=e.problems[:MAX_NAMED],
                                               rows=len(e.problems), finished_at=timezone.now())
        audit.record("reject", actor=st.created_by, obj=st, changes={"problems": [None, len(e.problems)]})
        return "rejected"
    with transaction.atomic():
        write_rows(st, rows, channel=st.channel, progress=lambda f: queue.report(50 + int(f * 50), 100, "write"))
        Statement.objects.filter(pk=pk).update(state=Statement.State.DONE, rows=len(rows), wage_total_fen=totals[0],
                                               due_total_fen=totals[1], paid_total_fen=totals[2],
                                               finished_at=timezone.now())
        audit.record("import", actor=st.created_by, obj=st,
                     changes={"rows": [None, len(rows)], "paid_fen": [None, totals[2]]})
    queue.report(100, 100, "done")
    return "done"


# --- direct payments, arrears, 筹备金 ---------------------------------------------------------------

@transaction.atomic
def record_payment(*, acting_user, employer, month, wage_bill_fen, paid_fen, received_on):
    """A contribution paid directly (or the rest of one owed): the 2% of the wage bill is due,
    what arrived is split between the levels at once."""
    holders = Holders([employer.pk])
    h = holders.holders(employer.pk, employer.region_id)
    holding = Union.objects.get(pk=h[Level.BASE]) if h[Level.BASE] else None
    if holding is None:
        raise ValidationError(_("No union in the tree holds this employer's area."))
    require(acting_user, "funds.add_contribution", holding)
    if paid_fen <= 0:
        raise ValidationError({"paid": _("Enter the amount that arrived.")})
    month = month_start(month)
    region = employer.region_id
    c = Contribution.objects.select_for_update().filter(employer=employer, month=month).first()
    if c is None:
        due, _ruling = rules.due_fen(wage_bill_fen, region, on=month)
        due_day, _r = rules.due_on(month, region)
        own = holders.base.get(employer.pk)
        c = Contribution.objects.create(
            union_id=h[Level.BASE], employer=employer, month=month, channel=Channel.DIRECT, wage_bill_fen=wage_bill_fen,
            due_fen=due, due_on=due_day,
            kind=Contribution.Kind.CONTRIBUTION if own else Contribution.Kind.PREPARATORY)
    if c.paid_fen + paid_fen > c.due_fen:
        raise ValidationError({"paid": _("%(paid)s yuan would be more than the %(owed)s yuan still owed.")
                               % {"paid": yuan(paid_fen), "owed": yuan(c.owed_fen)}})
    fee = rules.late_fee(paid_fen, c.due_on, received_on, region)
    before = c.paid_fen
    c.paid_fen += paid_fen
    c.received_on = received_on
    c.late_days = max(c.late_days, fee.days)
    c.late_fee_fen += fee.fee_fen
    if fee.text:
        c.late_fee_rule = fee.text
    c.save()
    ekind = LedgerEntry.Kind.PREPARATORY if c.kind == Contribution.Kind.PREPARATORY else LedgerEntry.Kind.CONTRIBUTION
    parts = rules.split_table(region, on=month).split(paid_fen)
    LedgerEntry.objects.bulk_create([
        LedgerEntry(union_id=h[level], contribution=c, employer=employer, month=month, level=level, kind=ekind,
                    amount_fen=amount) for level, amount in parts.items() if amount])
    audit.record("pay", actor=acting_user, obj=c, union=c.union, changes={"paid_fen": [before, c.paid_fen]})
    return c


def arrears_queryset(queryset, on=None):
    """Contributions still owed after their due day."""
    on = on or timezone.localdate()
    return queryset.filter(due_on__lt=on, paid_fen__lt=F("due_fen"))


def accrued(c, on=None):
    """The late fee a row owing money has run up to `on` (LateFee, 0 where there is none)."""
    return rules.late_fee(c.owed_fen, c.due_on, on or timezone.localdate(), c.employer.region_id)


@transaction.atomic
def notify_arrears(contributions, *, acting_user):
    """催缴: tell the staff of each owing employer's union (or of the county holding its 筹备金)
    what is owed and since when; each row remembers when it was told. Returns how many."""
    sent = 0
    for c in contributions:
        require(acting_user, "funds.change_contribution", c.union, obj=c)
        if c.owed_fen <= 0:
            continue
        notices.notify(StaffOf(c.union), kind="contribution_arrears", obj=c, acting_user=acting_user,
                       title=_("%(employer)s owes %(owed)s yuan of union contribution for %(month)s")
                       % {"employer": c.employer.name, "owed": yuan(c.owed_fen), "month": f"{c.month:%Y-%m}"},
                       body=_("Due on %(due)s (工会法 art. 43 and 44).") % {"due": c.due_on.isoformat()},
                       url=f"/funds/contributions/{c.pk}/")
        c.notified_at = timezone.now()
        c.save(update_fields=["notified_at"])
        audit.record("notify", actor=acting_user, obj=c, union=c.union, changes={"owed_fen": [None, c.owed_fen]})
        sent += 1
    return sent


@transaction.atomic
def hand_over_preparatory(*, acting_user, employer):
    """Once an employer has founded its union, the base part of the 筹备金 its county held goes to
    that union: a negative entry at the county and a positive one at the union, per month."""
    union = Union.objects.filter(employer=employer, status=UnionStatus.ACTIVE).order_by("path").first()
    if union is None:
        raise ValidationError(_("%(employer)s has no union yet: the preparatory fund stays with the county.")
                              % {"employer": employer.name})
    held = list(Contribution.objects.select_for_update().filter(employer=employer, kind=Contribution.Kind.PREPARATORY,
                                                                refunded_to__isnull=True))
    if not held:
        raise ValidationError(_("%(employer)s has no preparatory fund waiting.") % {"employer": employer.name})
    require(acting_user, "funds.change_contribution", held[0].union, obj=held[0])
    entries, total = [], 0
    for c in held:
        base = (c.entries.filter(level=Level.BASE, kind=LedgerEntry.Kind.PREPARATORY)
                .aggregate(s=Sum("amount_fen"))["s"] or 0)
        if base:
            entries += [LedgerEntry(union_id=c.union_id, contribution=c, employer=employer, month=c.month,
                                    level=Level.BASE, kind=LedgerEntry.Kind.PREPARATORY_REFUND, amount_fen=-base),
                        LedgerEntry(union=union, contribution=c, employer=employer, month=c.month,
                                    level=Level.BASE, kind=LedgerEntry.Kind.PREPARATORY_REFUND, amount_fen=base)]
            total += base
        c.refunded_to = union
        c.save(update_fields=["refunded_to"])
    LedgerEntry.objects.bulk_create(entries)
    audit.record("hand_over", actor=acting_user, obj=union, changes={"preparatory_fen": [None, total]})
    return total


# --- member dues ---------------------------------------------------------------------------------

@transaction.atomic
def set_dues(*, acting_user, union, month, wages):
    """Record a month's dues of `union`'s members: `wages` is [(member, wage in fen)]. A member
    of another union, a negative wage or a month already recorded refuses the whole list."""
    require(acting_user, "funds.add_memberdues", union)
    month = month_start(month)
    problems = []
    for i, (member, wage) in enumerate(wages, start=1):
        if member.union_id != union.pk:
            problems.append(_("line %(n)s: %(name)s is not a member of %(union)s") % {"n": i, "name": member.name,
                                                                                    "union": union.name})
        elif wage < 0:
            problems.append(_("line %(n)s: the wage cannot be negative") % {"n": i})
    done = set(MemberDues.objects.filter(month=month, member__in=[m for m, _w in wages])
               .values_list("member__name", flat=True))
    for name in sorted(done):
        problems.append(_("%(name)s already has dues for %(month)s") % {"name": name, "month": f"{month:%Y-%m}"})
    if problems:
        raise ValidationError({"wages": problems})
    rows = []
    for member, wage in wages:
        fen, rule = rules.dues_fen(wage, union.region_id, on=month)
        rows.append(MemberDues(union=union, member=member, month=month, wage_fen=wage, dues_fen=fen, rule=rule,
                               created_by=acting_user))
    MemberDues.objects.bulk_create(rows)
    audit.record("dues", actor=acting_user, obj=union, changes={"month": [None, month.isoformat()],
                                                                "members": [None, len(rows)]})
    return rows


@transaction.atomic
def mark_dues_paid(dues, *, acting_user, paid_on):
    n = 0
    for d in dues:
        require(acting_user, "funds.change_memberdues", d.union, obj=d)
        if d.paid_on is None:
            d.paid_on = paid_on
            d.save(update_fields=["paid_on"])
            audit.record("paid", actor=acting_user, obj=d, union=d.union, changes={"paid_on": [None, str(paid_on)]})
            n += 1
    return n


# --- small-firm refund -----------------------------------------------------------------------------

def county_of(employer):
    """The county federation of an employer's area (the refund's office)."""
    code = employer.region_id[:6]
    return Union.objects.filter(kind=UnionKind.FEDERATION, region_id=code, status=UnionStatus.ACTIVE) \
        .order_by("depth").first()


def year_paid(employer_ids, year):
    """{employer id: contribution paid in `year`} (by the month the wages were paid)."""
    qs = Contribution.objects.filter(employer_id__in=employer_ids, month__year=year)
    return dict(qs.values_list("employer_id").annotate(s=Sum("paid_fen")).values_list("employer_id", "s"))


def assess(employer, year):
    """(qualifies, staff, paid in the year, Threshold) for one firm."""
    threshold = rules.small_firm_threshold(employer.region_id, year)
    paid = year_paid([employer.pk], year).get(employer.pk, 0)
    return threshold.qualifies(employer.headcount, paid) and paid > 0, employer.headcount, paid, threshold


def refund_amount(employer, year, paid):
    """What brings the firm's union to the refund share of what it paid: the share of `paid`
    (rounded down) less what the base level already kept."""
    share = rules.refund_share(employer.region_id, year)
    kept = LedgerEntry.objects.filter(employer=employer, month__year=year, level=Level.BASE,
                                      kind=LedgerEntry.Kind.CONTRIBUTION).aggregate(s=Sum("amount_fen"))["s"] or 0
    return max(int(Fraction(paid) * share) - kept, 0)


def _new_refund(employer, year, *, acting_user, by_county):
    ok, staff, paid, threshold = assess(employer, year)
    if not ok:
        raise ValidationError(_("%(employer)s does not qualify for %(year)s: %(staff)s staff, %(paid)s yuan paid; "
                                "the threshold is %(rule)s. It keeps the normal share.")
                              % {"employer": employer.name, "year": year, "staff": staff, "paid": yuan(paid),
                                 "rule": threshold.text})
    payee = Union.objects.filter(employer=employer, status=UnionStatus.ACTIVE).order_by("path").first()
    county = county_of(employer)
    if payee is None or county is None:
        raise ValidationError(_("%(employer)s has no union of its own to receive the refund.")
                              % {"employer": employer.name})
    if Refund.objects.filter(employer=employer, year=year).exists():
        raise ValidationError(_("%(employer)s already has a refund for %(year)s.") % {"employer": employer.name,
                                                                                     "year": year})
    return Refund(union=county, employer=employer, payee=payee, year=year, staff=staff, paid_fen=paid,
                  refund_fen=refund_amount(employer, year, paid), rule=threshold.text[:400],
                  listed_by_county=by_county, applied_by=acting_user)


def _clean_account(account_holder, bank_name, bank_account, *, needed):
    """The receiving union's account checked as assistance checks a payee's (errors by field)."""
    from gonghui.assistance.services import clean_bank

    bank_name, account, holder = clean_bank(bank_name, bank_account, account_holder, needed=needed)
    if account and not holder:
        raise ValidationError({"account_holder": _("Enter the account holder (the receiving union's name at the "
                                                   "bank).")})
    return holder, bank_name, account


@transaction.atomic
def apply_refund(*, acting_user, employer, year, account_holder="", bank_name="", bank_account=""):
    """The firm's union applies for its year's refund, with the account the refund is paid to
    (it may be left for the county to enter)."""
    r = _new_refund(employer, year, acting_user=acting_user, by_county=False)
    require(acting_user, "funds.add_refund", r.payee)
    r.account_holder, r.bank_name, account = _clean_account(account_holder, bank_name, bank_account, needed=False)
    r.bank_account = account or None
    r.save()
    audit.record("apply", actor=acting_user, obj=r, union=r.union, changes={"refund_fen": [None, r.refund_fen]})
    return r


def eligible(county, year):
    """The firms of `county`'s area with a union that qualify for `year` and have no refund yet."""
    code = county.region_id[:6]
    emps = list(Employer.objects.filter(region__code__startswith=code, unions__status=UnionStatus.ACTIVE).distinct())
    paid = year_paid([e.pk for e in emps], year)
    done = set(Refund.objects.filter(year=year, employer__in=emps).values_list("employer_id", flat=True))
    out = []
    for e in emps:
        threshold = rules.small_firm_threshold(e.region_id, year)
        p = paid.get(e.pk, 0)
        if e.pk not in done and p > 0 and threshold.qualifies(e.headcount, p):
            out.append(e)
    return out


@transaction.atomic
def list_refunds(*, acting_user, county, year):
    """The county lists every qualifying firm at once (no application needed)."""
    require(acting_user, "funds.add_refund", county)
    made = []
    for e in eligible(county, year):
        r = _new_refund(e, year, acting_user=acting_user, by_county=True)
        r.state = Refund.State.APPLIED
        r.save()
        made.append(r)
    audit.record("list_refunds", actor=acting_user, obj=county, changes={"year": [None, year],
                                                                         "refunds": [None, len(made)]})
    return made


@transaction.atomic
def set_refund_account(refund, *, acting_user, account_holder, bank_name, bank_account):
    """The county enters (or corrects) the receiving union's account, until the refund is in a
    batch. The account number is sealed; the audit trail keeps only its masked form."""
    require(acting_user, "funds.change_refund", refund.union, obj=refund)
    refund = Refund.objects.select_for_update().get(pk=refund.pk)
    if refund.batch_id or refund.state in (Refund.State.REFUSED, Refund.State.PAID):
        raise ValidationError(_("The account of a refund already in a batch, paid or refused cannot be changed."))
    holder, bank, account = _clean_account(account_holder, bank_name, bank_account, needed=True)
    before = {"account_holder": refund.account_holder, "bank_name": refund.bank_name,
              "bank_account": refund.bank_account.masked if refund.bank_account else ""}
    refund.account_holder, refund.bank_name, refund.bank_account = holder, bank, account
    refund.save(update_fields=["account_holder", "bank_name", "bank_account"])
    refund.refresh_from_db(fields=["bank_account"])
    audit.record("update", actor=acting_user, obj=refund, union=refund.union, changes=audit.diff(before, {
        "account_holder": holder, "bank_name": bank, "bank_account": refund.bank_account.masked}))
    return refund


@transaction.atomic
def check_refund(refund, *, acting_user):
    """The county checks what actually arrived: paid and refund are counted again from the rows."""
    require(acting_user, "funds.change_refund", refund.union, obj=refund)
    refund = Refund.objects.select_for_update().get(pk=refund.pk)
    if refund.state != Refund.State.APPLIED:
        raise ValidationError(_("Only an applied refund can be checked."))
    ok, staff, paid, threshold = assess(refund.employer, refund.year)
    if not ok:
        raise ValidationError(_("What arrived (%(paid)s yuan, %(staff)s staff) no longer meets the threshold "
                                "%(rule)s: refuse it instead.") % {"paid": yuan(paid), "staff": staff,
                                                                   "rule": threshold.text})
    before = refund.refund_fen
    refund.paid_fen, refund.staff = paid, staff
    refund.refund_fen = refund_amount(refund.employer, refund.year, paid)
    refund.state, refund.checked_by = Refund.State.CHECKED, acting_user
    refund.save()
    audit.record("check", actor=acting_user, obj=refund, union=refund.union,
                 changes={"refund_fen": [before, refund.refund_fen]})
    return refund


@transaction.atomic
def decide_refund(refund, *, acting_user, approve, reason=""):
    """Approve or refuse a checked refund; never by the person who applied or checked it."""
    require(acting_user, "funds.change_refund", refund.union, obj=refund)
    refund = Refund.objects.select_for_update().get(pk=refund.pk)
    require_other_than(acting_user, [refund.applied_by_id, refund.checked_by_id], _("small-firm refund"))
    if refund.state != Refund.State.CHECKED:
        raise ValidationError(_("Only a checked refund can be decided."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the refusal.")})
    refund.state = Refund.State.APPROVED if approve else Refund.State.REFUSED
    refund.refusal_reason = reason.strip()[:300]
    refund.decided_by, refund.decided_at = acting_user, timezone.now()
    refund.save()
    audit.record("approve" if approve else "refuse", actor=acting_user, obj=refund, union=refund.union,
                 changes={"state": [Refund.State.CHECKED, refund.state]})
    return refund


@transaction.atomic
def make_refund_batch(*, acting_user, county, refunds=None):
    """Put the county's approved refunds not yet in a batch into one transfer batch."""
    require(acting_user, "funds.add_refundbatch", county)
    qs = Refund.objects.select_for_update().filter(union=county, state=Refund.State.APPROVED, batch__isnull=True)
    if refunds is not None:
        qs = qs.filter(pk__in=[r.pk for r in refunds])
    chosen = list(qs.select_related("employer"))
    if not chosen:
        raise ValidationError(_("No approved refund is waiting for a batch."))
    missing = sorted(r.employer.name for r in chosen if not r.bank_account)
    if missing:
        raise ValidationError([_("%(employer)s: the receiving union has no bank account; enter it on the refund "
                                 "before it can go into a batch.") % {"employer": name} for name in missing])
    year = timezone.localdate().year
    n = RefundBatch.objects.filter(number__startswith=f"XW{year}").count() + 1
    batch = RefundBatch.objects.create(union=county, number=f"XW{year}-{county.pk}-{n:04d}",
                                       total_fen=sum(r.refund_fen for r in chosen), line_count=len(chosen),
                                       created_by=acting_user)
    Refund.objects.filter(pk__in=[r.pk for r in chosen]).update(batch=batch)
    audit.record("create", actor=acting_user, obj=batch, changes={"total_fen": [None, batch.total_fen]})
    return batch


@transaction.atomic
def mark_batch_paid(batch, *, acting_user):
    """The bank paid the batch: each refund moves from the upper levels to the firm's union, in
    proportion to what each upper level received from that firm in the year (rounded down, the
    rest taken from the county), so every level's income stays a sum of rows."""
    require(acting_user, "funds.change_refundbatch", batch.union, obj=batch)
    batch = RefundBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != RefundBatch.State.OPEN:
        raise ValidationError(_("This batch is already paid."))
    require_other_than(acting_user, batch.created_by_id, _("refund batch"))
    entries = []
    for r in batch.refunds.select_related("employer"):
        got = dict(LedgerEntry.objects.filter(employer=r.employer, month__year=r.year,
                                              kind=LedgerEntry.Kind.CONTRIBUTION).exclude(level=Level.BASE)
                   .values_list("union_id", "level").annotate(s=Sum("amount_fen"))
                   .values_list("level", "s"))
        holders = dict(LedgerEntry.objects.filter(employer=r.employer, month__year=r.year)
                       .exclude(level=Level.BASE).values_list("level", "union_id"))
        upper = sum(got.values())
        take = {}
        for level, amount in got.items():
            take[level] = r.refund_fen * amount // upper if upper else 0
        rest = r.refund_fen - sum(take.values())
        first = Level.COUNTY if Level.COUNTY in take else next(iter(take), None)
        if first:
            take[first] += rest
        month = datetime.date(r.year, 12, 1)
        for level, amount in take.items():
            if amount:
                entries.append(LedgerEntry(union_id=holders[level], employer=r.employer, month=month, level=level,
                                           kind=LedgerEntry.Kind.SMALL_FIRM_REFUND, amount_fen=-amount))
        entries.append(LedgerEntry(union=r.payee, employer=r.employer, month=month, level=Level.BASE,
                                   kind=LedgerEntry.Kind.SMALL_FIRM_REFUND, amount_fen=r.refund_fen))
    LedgerEntry.objects.bulk_create(entries)
    batch.refunds.update(state=Refund.State.PAID)
    batch.state, batch.paid_at = RefundBatch.State.PAID, timezone.now()
    batch.save()
    audit.record("paid", actor=acting_user, obj=batch, changes={"state": ["open", "paid"]})
    return batch


def bank_file(batch, *, acting_user):
    """The batch's transfer file for the bank, in the column layout of the paying county's bank
    (the assistance payment batches' layouts and file, accounts in full, the reveal audited)."""
    from gonghui.assistance.services import bank_file_response

    require(acting_user, "funds.change_refundbatch", batch.union, obj=batch)
    purpose = _("Small-firm union funds refund")

    def lines():
        for r in batch.refunds.select_related("employer", "payee").order_by("id"):
            yield {"reference": f"{batch.number}-{r.pk}", "payee_name": r.account_holder, "bank_name": r.bank_name,
                   "bank_account": r.bank_account.reveal() if r.bank_account else "",
                   "amount_yuan": yuan(r.refund_fen).replace(",", ""), "amount_fen": r.refund_fen,
                   "union": r.payee.name, "programme": f"{purpose} {r.year}", "purpose": purpose}

    return bank_file_response(acting_user=acting_user, batch=batch, lines=lines())


def county_figures(refunds):
    """Per county: refunds, firms and fen by state (the dashboard's table; each links to rows)."""
    rows = defaultdict(lambda: {"count": 0, "approved_fen": 0, "paid_fen": 0})
    for union_id, name, state, fen in refunds.values_list("union_id", "union__name", "state", "refund_fen"):
        r = rows[(union_id, name)]
        r["count"] += 1
        if state in (Refund.State.APPROVED, Refund.State.PAID):
            r["approved_fen"] += fen
        if state == Refund.State.PAID:
            r["paid_fen"] += fen
    return [{"union_id": k[0], "name": k[1], **v} for k, v in sorted(rows.items(), key=lambda kv: kv[0][1])]


# --- 双联 -------------------------------------------------------------------------------------------

@transaction.atomic
def pair(*, acting_user, county, employer, staff):
    require(acting_user, "funds.add_pairing", county)
    if not employer.region_id.startswith(county.region_id[:6]):
        raise ValidationError({"employer": _("%(employer)s is not in %(county)s's area.")
                               % {"employer": employer.name, "county": county.name}})
    if Pairing.objects.filter(employer=employer, staff=staff).exists():
        raise ValidationError({"employer": _("This pairing exists already.")})
    p = Pairing.objects.create(union=county, employer=employer, staff=staff)
    audit.record("create", actor=acting_user, obj=p, union=county)
    return p


@transaction.atomic
def record_visit(pairing, *, acting_user, visited_on, outcome, note=""):
    require(acting_user, "funds.add_pairingvisit", pairing.union, obj=pairing)
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("A visit cannot be recorded before it happens.")})
    v = PairingVisit.objects.create(pairing=pairing, visited_on=visited_on, outcome=outcome, note=note[:500],
                                    created_by=acting_user)
    audit.record("visit", actor=acting_user, obj=v, union=pairing.union, changes={"outcome": [None, outcome]})
    return v


def income_by_level(entries):
    """{(union id, union name, level): fen} over `entries` (already scoped)."""
    return list(entries.values("union_id", "union__name", "level").annotate(total=Sum("amount_fen"))
                .order_by("union__name", "level"))

