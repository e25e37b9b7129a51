"""Roster imports: a clerk uploads an xlsx or CSV roster; a background task checks every row
and writes nothing; the clerk reads the row-by-row report and confirms; a second task writes
the rows, all valid rows or none, in one transaction (members.tasks; a worker killed half-way
committed nothing, and the task is tried again).

Both tasks run the same scan (`_scan`), so the rows written are exactly the rows the clerk saw
counted. If the registry changed in between (someone enrolled one of the people elsewhere, a
union was revoked), the counts differ, the write is rolled back and the clerk checks again.
Importing the same file twice adds nothing: people already on the same union's roster are
counted as such and skipped, never duplicated (the database's unique ID hash is the last guard).
"""

import functools
import hashlib
import logging
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit, queue
from gonghui.core.access import require, scope
from gonghui.core.crypto import SealError, hasher, mask, open_sealed_file, seal_file
from gonghui.core.dates import not_in_future
from gonghui.core.models import Code
from gonghui.orgs.models import Union

from .bulk import Preparer, compact_tally, enrol
from .identity import DocumentType, clean_document, clean_mobile
from .models import IN_GOOD_STANDING, Member, MemberEvent, MemberImport, MemberImportIssue, Status, status_of
from .roster_file import RosterFileError, column_letter, kind_of, open_roster
from .search_keys import simplified

log = logging.getLogger(__name__)
State = MemberImport.State
BATCH = 2000
MAX_ISSUES = 100_000  # stored per import; beyond that the report says how many more there were


@dataclass(frozen=True)
class Column:
    key: str
    header: object  # lazy Chinese column name, as the template writes it
    required: bool
    note: object
    aliases: tuple = ()


COLUMNS = (
    Column("name", gettext_lazy("Full name"), True, gettext_lazy("As on the identity document.")),
    Column("doc_type", gettext_lazy("Document type"), False,
           gettext_lazy("Empty means resident identity card; otherwise one of the names on the codes sheet."),
           ("证件种类",)),
    Column("id_number", gettext_lazy("Document number"), True,
           gettext_lazy("18 characters for a resident ID, the last may be X. Format the column as text, or Excel "
                        "rounds the number."), ("身份证号", "身份证号码", "公民身份号码")),
    Column("phone", gettext_lazy("Mobile phone"), False, gettext_lazy("11-digit mainland mobile number."),
           ("手机", "手机号", "联系电话")),
    Column("union", gettext_lazy("Union number"), False,
           gettext_lazy("The number of the member's union from the unions sheet; empty means the union chosen "
                        "when uploading."), ("所属工会编号",)),
    Column("ethnicity", gettext_lazy("Ethnicity"), False, gettext_lazy("Name or code, e.g. 汉族 or 01."), ("民族",)),
    Column("education", gettext_lazy("Education"), False, gettext_lazy("Name or code from the codes sheet."),
           ("学历",)),
    Column("political", gettext_lazy("Political status"), False,
           gettext_lazy("Name or code from the codes sheet."), ("政治面貌",)),
    Column("household", gettext_lazy("Household type"), False, gettext_lazy("城镇 or 农村."), ("户籍类型", "户口性质")),
    Column("employer_name", gettext_lazy("Employer or platform"), False, "", ("工作单位", "单位")),
    Column("job", gettext_lazy("Job"), False, "", ("岗位", "职务")),
    Column("gig_platform", gettext_lazy("Gig platform"), False,
           gettext_lazy("For couriers, riders and drivers: the platform they work through."), ("平台",)),
    Column("is_gig_worker", gettext_lazy("Gig worker"), False, gettext_lazy("是 or 否; empty means 否.")),
    Column("is_migrant_worker", gettext_lazy("Migrant worker"), False, gettext_lazy("是 or 否; empty means 否.")),
    Column("is_model_worker", gettext_lazy("Model worker"), False, gettext_lazy("是 or 否; empty means 否.")),
    Column("joined_on", gettext_lazy("Joined on"), False,
           gettext_lazy("A date such as 2024-03-01; empty means the day of the import."), ("入会时间",)),
    Column("card_number", gettext_lazy("Card number"), False, "", ("会员卡号",)),
)
CODE_TABLES = {"ethnicity": "ethnicity", "education": "education", "political": "political",
               "household": "household"}
TRUE, FALSE = {"是", "y", "yes", "true", "1", "√"}, {"否", "n", "no", "false", "0", ""}
DOC_ALIASES = {"身份证": "resident_id", "居民身份证": "resident_id", "护照": "passport",
               "港澳通行证": "hk_macao_permit", "台胞证": "taiwan_permit",
               "港澳台居住证": "hmt_residence", "永居证": "foreign_permanent"}


# Upload ---------------------------------------------------------------------------------------------------------

def start_import(*, acting_user, union, upload):
    """Save the uploaded roster and queue its check. `upload` is a Django UploadedFile."""
    require(acting_user, "members.add_member", union)
    name = Path(upload.name or "").name
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    limit = settings.IMPORT_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError({"file": _(
            "The file is %(size)s MB; at most %(limit)s MB can be imported at once. Split the roster into "
            "several files.") % {"size": round(upload.size / 1048576), "limit": settings.IMPORT_MAX_MB}})
    try:
        kind_of(name)
    except RosterFileError as e:
        raise ValidationError({"file": str(e)}) from None
    digest = hashlib.sha256()
    stored = import_dir() / f"{uuid.uuid4().hex}.part"

    def chunks():
        for chunk in upload.chunks():
            digest.update(chunk)
            yield chunk

    seal_file(chunks(), stored)
    imp = MemberImport.objects.create(union=union, file_name=name[:200], file_size=upload.size,
                                      sha256=digest.hexdigest(), created_by=acting_user)
    stored.rename(_path(imp))
    audit.record("upload", actor=acting_user, obj=imp, changes={"file": [None, name], "size": [None, upload.size]})
    _start(imp, "check")
    return imp


def _start(imp, phase):
    """Queue the import's check or write, as the import's creator, and remember it as its task."""
    from . import tasks

    task = tasks.import_write if phase == "write" else tasks.import_check
    imp.task = queue.start(task, imp.pk, user=imp.created_by)
    MemberImport.objects.filter(pk=imp.pk).update(task=imp.task)


def import_dir():
    """settings.IMPORT_DIR, made readable by the server's user alone (0700), also when an older
    version or a looser umask made it otherwise."""
    path = settings.IMPORT_DIR
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def _path(imp):
    """Where the import's roster waits, sealed (core.crypto.seal_file): it is read in memory only."""
    return settings.IMPORT_DIR / f"{imp.pk}.sealed"


def earlier_import(imp):
    """A finished import of the same file, to warn the clerk before they confirm."""
    return (MemberImport.objects.filter(sha256=imp.sha256, state=State.DONE).exclude(pk=imp.pk)
            .select_related("created_by").order_by("-finished_at").first())


# The scan -------------------------------------------------------------------------------------------------------

def _normal_header(text):
    return re.sub(r"[\s*＊:：()（）]|必填", "", str(text or ""))


def _columns(header):
    """Column index of each known key; raises RosterFileError naming missing required columns."""
    names = {}
    for c in COLUMNS:
        for label in (str(c.header), *c.aliases):
            names[_normal_header(label)] = c.key
    found = {}
    for i, text in enumerate(header):
        key = names.get(_normal_header(text))
        if key and key not in found:
            found[key] = i
    missing = [str(c.header) for c in COLUMNS if c.required and c.key not in found]
    if missing:
        raise RosterFileError(_("The first row must name the columns; these are missing: %(columns)s. Download "
                                "the template to see them.") % {"columns": "、".join(missing)})
    return found


class _Rules:
    """What a row is checked against: the unions the importer may enrol into, the code tables."""

    def __init__(self, imp):
        self.default_union = imp.union
        self.unions = {u.pk: u for u in Union.objects.filter(scope(imp.created_by, "members.add_member").q("path"))
                       .only("pk", "name", "status", "region_id", "path")}
        self.codes = {}
        for key, table in CODE_TABLES.items():
            entries = {}
            for pk, code, name in Code.objects.filter(table=table).values_list("pk", "code", "name"):
                entries[code] = entries[name] = pk
                if key == "ethnicity" and name.endswith("族"):
                    entries[name[:-1]] = pk
            self.codes[key] = entries
        self.doc_types = {str(label): value for value, label in DocumentType.choices}
        self.doc_types |= {value: value for value in DocumentType.values} | DOC_ALIASES
        self.today = timezone.localdate()


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _flag(value, header):
    text = _text(value).lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise ValidationError(_("%(value)s is not 是 or 否.") % {"value": text[:20]}, code=header)


@functools.lru_cache(maxsize=4096)  # a roster's join dates repeat: strptime once per distinct text
def _parse_date(text):
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


_JOINED_ON = gettext_lazy("Joined on")  # translated only when a date is refused, not for every row
# Names repeat a great deal on any roster (张伟, 王芳 ...): converted once per distinct name.
_simplified = functools.lru_cache(maxsize=1 << 18)(simplified)


def _date(value, today):
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        text = _text(value)
        if not text:
            return today
        value = _parse_date(text)
        if value is None:
            raise ValidationError(_("%(value)s is not a date; write it like 2024-03-01.") % {"value": text[:20]})
    return not_in_future(value, field="joined_on", label=_JOINED_ON, today=today)


def _check_row(cells, cols, rules, issues, n):
    """The member one row describes, as keyword arguments of `bulk.member_values`, or None
    after appending what is wrong to `issues` as (row, column, message, hint)."""
    def cell(key):
        i = cols.get(key)
        return cells[i] if i is not None and i < len(cells) else None

    def bad(key, message, hint=""):
        i = cols.get(key)
        label = f"{column_letter(i)}（{_header(key)}）" if i is not None else _header(key)
        issues.append((n, label, str(message), str(hint)))

    out = {}
    name = _simplified(_text(cell("name")))
    if not name:
        bad("name", _("The name is empty."), _("Fill in the member's full name."))
    elif len(name) > 60 or name.startswith(("=", "+", "@")):
        bad("name", _("This is not a name (too long, or starts like a formula)."), _("Fill in the full name."))
    out["name"] = name
    doc_label = _text(cell("doc_type")) or "resident_id"
    doc_type = rules.doc_types.get(doc_label)
    if doc_type is None:
        bad("doc_type", _("Unknown document type %(value)s.") % {"value": doc_label[:20]},
            _("Use a document type from the codes sheet, or leave it empty for a resident identity card."))
    raw_id = cell("id_number")
    if isinstance(raw_id, float) and raw_id >= 1e15:
        bad("id_number", _("Excel stored the document number as a number and rounded its last digits."),
            _("Format the column as text and type the number again."))
        raw_id = None
    elif doc_type is not None:
        try:
            out["doc"] = clean_document(doc_type, _text(raw_id), today=rules.today)
        except ValidationError as e:
            bad("id_number", _scrub(e.messages[0], "id", _text(raw_id)), _("Check the number against the document."))
    phone = _text(cell("phone"))
    out["phone"] = ""
    if phone:
        try:
            out["phone"] = clean_mobile(phone)
        except ValidationError as e:
            bad("phone", _scrub(e.messages[0], "phone", phone),
                _("Fill in an 11-digit mobile number, or leave it empty."))
    union_text = _text(cell("union"))
    if union_text:
        union = rules.unions.get(int(union_text)) if union_text.isdigit() else None
        if union is None:
            bad("union", _("Union number %(value)s does not exist or is outside the unions you may enrol members "
                           "into.") % {"value": union_text[:20]},
                _("Use a number from the unions sheet of the template."))
    else:
        union = rules.default_union
    if union is not None and not union.is_active:
        bad("union", _("%(name)s is not active; members cannot join it.") % {"name": union.name},
            _("Choose the union that took over its members."))
    out["union"] = union
    for key, codes in rules.codes.items():
        text = _text(cell(key))
        out[f"{key}_id"] = codes.get(text) if text else None
        if text and out[f"{key}_id"] is None:
            bad(key, _("%(value)s is not in the code table.") % {"value": text[:20]},
                _("Use a name or code from the codes sheet."))
    for key in ("employer_name", "job", "gig_platform", "card_number"):
        out[key] = _text(cell(key))[:120 if key == "employer_name" else 60 if key != "card_number" else 30]
    for key in ("is_gig_worker", "is_migrant_worker", "is_model_worker"):
        try:
            out[key] = _flag(cell(key), key)
        except ValidationError as e:
            bad(key, e.messages[0], _("Write 是 or 否."))
    try:
        out["joined_on"] = _date(cell("joined_on"), rules.today)
    except ValidationError as e:
        bad("joined_on", e.messages[0], _("Write the date like 2024-03-01, or leave it empty."))
    return None if issues else out


def _scrub(message, kind, raw):
    """The message with the typed value masked: import problems are stored, and a stored
    message must not hold an ID number or phone in plain text."""
    for value in {raw, re.sub(r"[\s\-]+", "", raw).upper()}:
        if len(value) >= 4:
            message = message.replace(value, mask(kind, value))
    return message


def _header(key):
    return str(next(c.header for c in COLUMNS if c.key == key))


def _blank(cells):
    return all(_text(c) == "" for c in cells)


class RegistryChanged(Exception):
    """The registry or the unions changed between the check and the write."""


def _on_roster(keys):
    """{id hash: (union id, member number, union name, kind of the last event)} of the members
    with these ID hashes. In SQL: the ORM spent longer resolving two thousand parameters than
    the database spent finding them."""
    member, union, event = Member._meta.db_table, Union._meta.db_table, MemberEvent._meta.db_table
    if connection.vendor == "postgresql":
        where, params = "m.id_index = ANY(%s)", [keys]
    else:
        where, params = f"m.id_index IN ({', '.join(['%s'] * len(keys))})", keys
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT m.id_index, m.union_id, m.number, u.name, e.kind FROM {member} m "  # noqa: S608
                       f"JOIN {union} u ON u.id = m.union_id LEFT JOIN {event} e ON e.id = m.last_event_id "
                       f"WHERE {where}", params)
        return {row[0]: row[1:] for row in cursor.fetchall()}


class _Scan:
    """One pass over the file: counts, issues, and (when writing) the new members."""

    def __init__(self, imp, *, write):
        self.imp, self.write = imp, write
        self.rules = _Rules(imp)
        self.rows = self.valid = self.errors = self.existing = self.written = 0
        self.issues, self.stored_issues, self.seen, self.pending = [], 0, {}, []
        self.id_hash = hasher("id")
        self.prepare = Preparer() if write else None

    def run(self):
        try:
            content = open_sealed_file(_path(self.imp))
        except (OSError, SealError) as e:
            log.warning("roster import %s: the stored file cannot be opened: %s", self.imp.pk, e)
            raise RosterFileError(_("The uploaded file can no longer be read (it is missing, was altered, or "
                                    "its key was removed); upload it again.")) from None
        roster = open_roster(content, kind_of(self.imp.file_name))
        cols = _columns(roster.header)
        flagged = {}
        for p in roster.problems:
            flagged.setdefault(p.row, []).append((p.row, p.column, p.message, p.hint))
        for n, cells in roster.rows():
            if _blank(cells):
                continue
            self.rows += 1
            row_issues = list(flagged.pop(n, ()))
            values = _check_row(cells, cols, self.rules, row_issues, n)
            if values is not None and not row_issues:
                self._dedupe(n, values, row_issues)
            if row_issues:
                self.errors += 1
                self._issues(row_issues)
            else:
                self.pending.append((n, values))
            if len(self.pending) >= BATCH:
                self._flush()
            if self.rows % BATCH == 0:
                self._progress(roster.fraction())
        self._flush()
        for leftover in flagged.values():  # problems on rows without data (a merged header, say)
            self._issues(leftover)
        self._progress(1.0)

    def _dedupe(self, n, values, row_issues):
        key = self.id_hash(values["doc"].number)
        first = self.seen.setdefault(bytes.fromhex(key[:32]), n)  # 16 bytes a row: a million fit in 100 MB
        if first != n:
            row_issues.append((n, _header("id_number"), _("The same document number is on row %(row)s.")
                               % {"row": first}, _("Keep one of the two rows.")))
        values["id_index"] = key

    def _flush(self):
        """Check a batch against the registry; when writing, enrol the new members."""
        if not self.pending:
            return
        on_roster = _on_roster([v["id_index"] for _, v in self.pending])
        new = []
        for n, values in self.pending:
            found = on_roster.get(values["id_index"])
            if found is None:
                new.append(values)
                continue
            union_id, number, union_name, kind = found
            status = status_of(kind) if kind else Status.LEFT
            if status in IN_GOOD_STANDING and union_id == values["union"].pk:
                self.existing += 1
                continue
            self.errors += 1
            if status in IN_GOOD_STANDING:
                message = _("This person is already a member of %(union)s (member number %(number)s).") % {
                    "union": union_name, "number": number}
                hint = _("Remove the row; to move them here, start a transfer.")
            else:
                message = _("This person was a member before (member number %(number)s, now: %(status)s).") % {
                    "number": number, "status": Status(status).label}
                hint = _("Remove the row and re-enrol them from their member page.")
            self._issues([(n, _header("id_number"), message, hint)])
        self.valid += len(new)
        if self.write and new:
            self._enrol(new)
        self.pending = []

    def _enrol(self, new):
        batch = []
        for v in new:
            batch.append(self.prepare(
                union_id=v["union"].pk, name=v["name"], doc=v["doc"], phone=v["phone"], joined_on=v["joined_on"],
                ethnicity_id=v["ethnicity_id"], education_id=v["education_id"], political_id=v["political_id"],
                household_id=v["household_id"], employer_name=v["employer_name"], job=v["job"],
                gig_platform=v["gig_platform"], is_gig_worker=v["is_gig_worker"],
                is_migrant_worker=v["is_migrant_worker"], is_model_worker=v["is_model_worker"],
                card_number=v["card_number"], id_index=v["id_index"]))
        unions = {v["union"].pk: v["union"] for v in new}
        self.written += len(enrol(batch, unions=unions, actor_id=self.imp.created_by_id))

    def _issues(self, issues):
        if self.write:
            return
        room = MAX_ISSUES - self.stored_issues
        self.stored_issues += len(issues)
        self.issues += issues[:max(0, room)]
        if len(self.issues) >= 1000:
            self._save_issues()

    def _save_issues(self):
        MemberImportIssue.objects.bulk_create([
            MemberImportIssue(member_import_id=self.imp.pk, row=r, column=c[:40], message=m[:500], hint=h[:300])
            for r, c, m, h in self.issues])
        self.issues = []

    def _progress(self, fraction):
        percent = round(fraction * 100)
        queue.report(percent, 100, "write" if self.write else "check")
        if not self.write:
            self._save_issues()
            MemberImport.objects.filter(pk=self.imp.pk).update(
                rows=self.rows, valid_rows=self.valid, error_rows=self.errors, existing_rows=self.existing,
                progress=percent, updated_at=timezone.now())


# Tasks ----------------------------------------------------------------------------------------------------------

def run_check(pk):
    """The check (task members.tasks.import_check): count and report every row; write no member."""
    imp = MemberImport.objects.select_related("union", "created_by").get(pk=pk)
    if imp.state not in (State.QUEUED, State.CHECKING):
        return
    imp.issues.all().delete()
    MemberImport.objects.filter(pk=pk).update(state=State.CHECKING, rows=0, valid_rows=0, error_rows=0,
                                              existing_rows=0, progress=0, updated_at=timezone.now())
    scan = _Scan(imp, write=False)
    state, message = State.CHECKED, ""
    try:
        scan.run()
    except RosterFileError as e:
        state, message = State.REJECTED, str(e)
    if state == State.CHECKED and scan.rows == 0:
        state, message = State.REJECTED, _("The file has column names but no rows.")
    kept = {"message": message[:500]} if message else {}  # else keep why it is being checked again
    MemberImport.objects.filter(pk=pk).update(
        state=state, **kept, rows=scan.rows, valid_rows=scan.valid, error_rows=scan.errors,
        existing_rows=scan.existing, progress=100, updated_at=timezone.now())


def run_write(pk):
    """The write (task members.tasks.import_write): every valid row in one transaction, or
    nothing. A failure leaves the import waiting to be written and is raised, so the task is
    tried again; when every try failed, the page offers to start it again."""
    try:
        with transaction.atomic():
            imp = MemberImport.objects.select_for_update().select_related("union", "created_by").get(pk=pk)
            if imp.state != State.WRITING:
                return
            scan = _Scan(imp, write=True)
            scan.run()
            if (scan.valid, scan.errors, scan.existing) != (imp.valid_rows, imp.error_rows, imp.existing_rows):
                raise RegistryChanged
            imp.state, imp.written_rows, imp.progress = State.DONE, scan.written, 100
            imp.finished_at = imp.updated_at = timezone.now()
            imp.save(update_fields=["state", "written_rows", "progress", "finished_at", "updated_at"])
            audit.record("import", actor=imp.created_by, obj=imp, changes={
                "added": [0, scan.written], "skipped_with_errors": [0, scan.errors],
                "already_on_roster": [0, scan.existing]})
    except (RegistryChanged, RosterFileError, IntegrityError):
        MemberImport.objects.filter(pk=pk).update(
            state=State.QUEUED, updated_at=timezone.now(),
            message=_("The registry changed after the check, so nothing was written. The file is being checked "
                      "again; confirm once more when it is done."))
        with transaction.atomic():
            _start(MemberImport.objects.select_related("created_by").get(pk=pk), "check")
    except Exception as e:
        MemberImport.objects.filter(pk=pk).update(
            updated_at=timezone.now(),
            message=(_("Writing failed and nothing was written: %(error)s") % {"error": e})[:500])
        raise
    else:
        if imp.state == State.DONE:
            _path(imp).unlink(missing_ok=True)
            with transaction.atomic():
                compact_tally()


# The clerk's decisions ------------------------------------------------------------------------------------------

def _locked(imp, acting_user, states):
    require(acting_user, "members.add_member", imp.union, obj=imp)
    locked = MemberImport.objects.select_for_update().get(pk=imp.pk)
    if locked.state not in states:
        raise ValidationError(_("This import is %(state)s; that cannot be done now.")
                              % {"state": locked.get_state_display()})
    return locked


@transaction.atomic
def confirm(imp, *, acting_user, skip_bad_rows=False):
    """Write the checked rows. With rows in error the clerk must choose to skip them."""
    imp = _locked(imp, acting_user, (State.CHECKED,))
    if imp.error_rows and not skip_bad_rows:
        raise ValidationError(_("%(count)s rows have errors. Fix the file and upload it again, or choose to import "
                                "only the rows without errors.") % {"count": imp.error_rows})
    if imp.valid_rows == 0:
        raise ValidationError(_("There is no new member to add."))
    imp.state, imp.message, imp.updated_at = State.WRITING, "", timezone.now()
    imp.save(update_fields=["state", "message", "updated_at"])
    audit.record("confirm", actor=acting_user, obj=imp, changes={"skip_bad_rows": [None, skip_bad_rows]})
    _start(imp, "write")
    return imp


@transaction.atomic
def cancel(imp, *, acting_user):
    """Drop a checked import: nothing was written; the uploaded file is deleted."""
    imp = _locked(imp, acting_user, (State.CHECKED, State.REJECTED, State.QUEUED))
    imp.state, imp.updated_at = State.CANCELLED, timezone.now()
    imp.save(update_fields=["state", "updated_at"])
    audit.record("cancel", actor=acting_user, obj=imp)
    transaction.on_commit(lambda: _path(imp).unlink(missing_ok=True))
    return imp


def progress(imp):
    """The running task's last report ({} if none): done and total (percent), phase, stale."""
    return queue.progress(imp.task_id) if imp.is_running and imp.task_id else {}


def interrupted(imp):
    """True when the task of a running import died: every try failed, or (in process, where a
    restarted web process loses its threads) its reports stopped."""
    if not imp.is_running:
        return False
    run = imp.task
    if run is not None and run.state == run.State.FAILED:
        return True
    if run is not None and run.state == run.State.RETRYING:
        return False
    if run is not None and run.state == run.State.QUEUED and not queue.in_process():
        return False  # waiting in the broker for a worker: a queued message is not lost
    beat = progress(imp)
    if beat:
        return beat["stale"]
    return (timezone.now() - imp.updated_at).total_seconds() > queue.STALE_AFTER


@transaction.atomic
def resume(imp, *, acting_user):
    """Start a dead task again. A write that died left nothing behind (its transaction never
    committed), so both tasks simply start from the top."""
    imp = _locked(imp, acting_user, (State.QUEUED, State.CHECKING, State.WRITING))
    if not interrupted(imp):
        raise ValidationError(_("This import is still running."))
    imp.updated_at = timezone.now()
    if imp.state != State.WRITING:
        imp.state = State.QUEUED
    imp.save(update_fields=["state", "updated_at"])
    _start(imp, "write" if imp.state == State.WRITING else "check")
    audit.record("resume", actor=acting_user, obj=imp)
    return imp


OPEN_STATES = (State.QUEUED, State.CHECKING, State.CHECKED, State.REJECTED, State.WRITING)


def expire_abandoned():
    """Cancel imports nobody took further for settings.IMPORT_RETENTION_DAYS (unconfirmed, refused,
    or their task dead) and delete their files, which hold ID numbers and phones; delete too any
    file in the import directory that old which no open import waits for (an upload cut off
    before its import was recorded). The scheduler runs it daily (members.tasks.expire_imports);
    returns (imports cancelled, files deleted)."""
    days = settings.IMPORT_RETENTION_DAYS
    cutoff = timezone.now() - timezone.timedelta(days=days)
    stale = [imp for imp in MemberImport.objects.filter(updated_at__lt=cutoff, state__in=OPEN_STATES)
             .select_related("task") if not imp.is_running or interrupted(imp)]
    message = _("Cancelled: not confirmed within %(days)s days.") % {"days": days}
    MemberImport.objects.filter(pk__in=[i.pk for i in stale]).update(
        state=State.CANCELLED, updated_at=timezone.now(), message=message)
    for imp in stale:
        _path(imp).unlink(missing_ok=True)
        audit.record("cancel", obj=imp, union=imp.union, actor_label="system", reason=message)
    waiting = {_path(imp).name for imp in MemberImport.objects.filter(state__in=OPEN_STATES)}
    deleted = 0
    folder = import_dir()
    for path in folder.iterdir():
        if path.name not in waiting and path.stat().st_mtime < cutoff.timestamp():
            path.unlink(missing_ok=True)
            deleted += 1
    return len(stale), deleted


# The template ---------------------------------------------------------------------------------------------------

def write_template(out, user):
    """The roster template as an xlsx into the binary file `out`: the roster sheet (document
    and phone columns formatted as text, so Excel keeps every digit), the field notes, the
    unions the user may enrol into with their numbers, and the code tables."""
    import xlsxwriter

    book = xlsxwriter.Workbook(out, {"strings_to_numbers": False, "strings_to_formulas": False})
    bold = book.add_format({"bold": True, "bg_color": "#E9ECEF"})
    required = book.add_format({"bold": True, "bg_color": "#F8D7DA"})
    text = book.add_format({"num_format": "@"})
    roster = book.add_worksheet(_("Roster"))
    for i, c in enumerate(COLUMNS):
        roster.write_string(0, i, str(c.header), required if c.required else bold)
        as_text = c.key in ("id_number", "phone", "card_number", "union")
        roster.set_column(i, i, 22 if as_text else 14, text if as_text else None)
    roster.freeze_panes(1, 0)
    notes = book.add_worksheet(_("How to fill in"))
    for i, h in enumerate((_("Column"), _("Required"), _("Notes"))):
        notes.write_string(0, i, h, bold)
    for r, c in enumerate(COLUMNS, start=1):
        notes.write_string(r, 0, str(c.header))
        notes.write_string(r, 1, _("yes") if c.required else "")
        notes.write_string(r, 2, str(c.note))
    notes.write_string(len(COLUMNS) + 2, 0, _("Only the first sheet is read. Do not merge cells or use formulas. "
                                              "Red columns are required."))
    notes.set_column(0, 0, 16)
    notes.set_column(2, 2, 90)
    unions = book.add_worksheet(_("Union numbers"))
    for i, h in enumerate((_("Union number"), _("Name"), _("Kind"))):
        unions.write_string(0, i, h, bold)
    rows = (Union.objects.filter(scope(user, "members.add_member").q("path"), status="active")
            .exclude(kind="group").order_by("path").values_list("pk", "name", "kind"))
    kinds = dict(Union._meta.get_field("kind").choices)
    for r, (pk, name, kind) in enumerate(rows.iterator(), start=1):
        unions.write_string(r, 0, str(pk))
        unions.write_string(r, 1, name)
        unions.write_string(r, 2, str(kinds.get(kind, kind)))
    unions.set_column(1, 1, 40)
    codes = book.add_worksheet(_("Codes"))
    tables = [(_("Document type"), [str(label) for label in DocumentType.labels])]
    for key, table in CODE_TABLES.items():
        entries = Code.objects.filter(table=table, active=True).values_list("name", "code")
        tables.append((_header(key), [f"{name}（{code}）" for name, code in entries]))
    for col, (header, entries) in enumerate(tables):
        codes.write_string(0, col, header, bold)
        for r, entry in enumerate(entries, start=1):
            codes.write_string(r, col, entry)
        codes.set_column(col, col, 28)
    book.close()
