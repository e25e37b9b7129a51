import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core import crypto
from gonghui.core.tables import ListTable

from .models import EventKind, JoinApplication, Member, MemberImport, Status, TransferRequest, status_of

# What the roster export reads of each member: these values, never model instances (three of
# them a row, with every field, were most of a 300,000-row export's time; issue 21).
ROSTER_EXPORT_FIELDS = ("number", "name", "sex", "birth_date", "id_number", "phone", "union__name",
                        "last_event__kind", "joined_on", "union_path")
ROSTER_EXPORT_COLUMNS = ("number", "name", "sex", "birth_date", "id_number", "phone", "union", "status",
                         "joined_on")


class MemberTable(ListTable):
    number = tables.Column(verbose_name=_("Member number"), linkify=("members:detail", [tables.A("pk")]))
    name = tables.Column(verbose_name=_("Full name"), order_by="name_pinyin")
    sex = tables.Column(verbose_name=_("Sex"))
    birth_date = tables.Column(verbose_name=_("Date of birth"), orderable=False)  # sealed: no order to show
    id_number = tables.Column(verbose_name=_("ID number"), orderable=False)
    phone = tables.Column(verbose_name=_("Mobile phone"), orderable=False)
    union = tables.Column(verbose_name=_("Union"), order_by=("union_path", "number"))
    status = tables.Column(verbose_name=_("Status"), accessor="get_status_display", orderable=False)
    joined_on = tables.DateColumn(verbose_name=_("Joined on"))

    class Meta(ListTable.Meta):
        model = Member
        fields = ("number", "name", "sex", "birth_date", "id_number", "phone", "union", "status", "joined_on")
        attrs = ListTable.Meta.attrs | {"data-testid": "member-table"}
        order_by = ("union",)  # by union, then number: one range of an index for any subtree

    reveal_scope = None  # set by an export that reveals: the Scope of the user's reveal right

    def _sealed(self, record, field):
        value = getattr(record, field)
        if not value:
            return ""
        if self.reveal_scope is not None and self.reveal_scope.covers(record.union.path):
            return value.reveal()
        return str(value)

    def value_id_number(self, record):
        return self._sealed(record, "id_number")

    def render_birth_date(self, record):
        return self.value_birth_date(record)

    def value_birth_date(self, record):
        """Masked beside a masked ID number (gonghui.core.crypto: the one masking rule)."""
        return self._sealed(record, "birth_date")

    def value_phone(self, record):
        return self._sealed(record, "phone")

    def export_rows(self, columns):
        """The export's rows for `columns` (the exported bound columns, in order), read as values
        in chunks: the cells the table's own values give (``CellValues``), made by `roster_cells`.
        A column added to the table needs its place here too (ValueError until it has one)."""
        cells = self.roster_cells()
        pick = [ROSTER_EXPORT_COLUMNS.index(c.name) for c in columns]
        for values in self.data.data.values_list(*ROSTER_EXPORT_FIELDS).iterator(chunk_size=5000):
            row = cells(*values)
            yield [row[i] for i in pick]

    def roster_cells(self):
        """The one function that makes a roster export's cells, masking included: it takes a
        member's ROSTER_EXPORT_FIELDS and gives the ROSTER_EXPORT_COLUMNS. What it relies on:
        - masked, the ID number and the phone are opened and masked by crypto.mask (their masks
          show characters that no clear column holds: an ID's first four, a phone's first three);
          `id_tail` and `phone_tail` are not read;
        - masked, the sealed birth date is never opened: its mask says only that there is one;
        - in the reveal scope (decided by `union_path`) the three opened in full, the date in ISO.
        The labels of sex and status are translated once, not once a row."""
        open_one = crypto.opener()
        sexes = {code: str(label) for code, label in Member._meta.get_field("sex").choices}
        statuses = {kind: str(Status(status_of(kind)).label) for kind in EventKind} | {None: str(Status.LEFT.label)}
        reveal = self.reveal_scope

        def cells(number, name, sex, birth_date, id_number, phone, union, kind, joined_on, union_path):
            if reveal is not None and reveal.covers(union_path):
                birth = open_one(birth_date.token) if birth_date else None
                id_number = open_one(id_number.token) if id_number else None
                phone = open_one(phone.token) if phone else None
            else:
                birth = crypto.mask_sealed("birth", birth_date.token, open_one) if birth_date else None
                id_number = crypto.mask_sealed("id", id_number.token, open_one) if id_number else None
                phone = crypto.mask_sealed("phone", phone.token, open_one) if phone else None
            joined = joined_on.isoformat() if joined_on else None
            return [number or None, name or None, sexes.get(sex, sex or None), birth, id_number, phone, union,
                    statuses.get(kind, statuses[None]), joined]

        return cells


class TransferTable(ListTable):
    member = tables.Column(verbose_name=_("Member"), accessor="member__name", order_by="member__name")
    from_union = tables.Column(verbose_name=_("From union"))
    to_union = tables.Column(verbose_name=_("To union"))
    started_by = tables.Column(verbose_name=_("Started by"))
    state = tables.Column(verbose_name=_("State"))
    reason = tables.Column(verbose_name=_("Reason"))
    created_at = tables.DateTimeColumn(verbose_name=_("Requested at"))
    actions = tables.Column(verbose_name="", accessor="pk", orderable=False, exclude_from_export=True)

    class Meta(ListTable.Meta):
        model = TransferRequest
        fields = ("member", "from_union", "to_union", "started_by", "state", "reason", "created_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "transfer-table"}

    def render_actions(self, record):
        """Accept / reject for the side that answers, withdraw for the side that asked."""
        from django.middleware.csrf import get_token
        from django.template.loader import render_to_string

        from .transfers import may_decide

        request = self.request
        if record.state != TransferRequest.State.PENDING:
            return "—"
        return render_to_string("members/_transfer_actions.html", {
            "r": record, "csrf_token": get_token(request), "can_decide": may_decide(request.user, record),
        }, request=request)


class ImportTable(ListTable):
    file_name = tables.Column(verbose_name=_("File"), linkify=("members:import_detail", [tables.A("pk")]))
    union = tables.Column(verbose_name=_("Union"), order_by="union__path")
    state = tables.Column(verbose_name=_("State"))
    rows = tables.Column(verbose_name=_("Rows read"))
    valid_rows = tables.Column(verbose_name=_("Rows to add"))
    error_rows = tables.Column(verbose_name=_("Rows with errors"))
    written_rows = tables.Column(verbose_name=_("Members added"))
    created_by = tables.Column(verbose_name=_("Uploaded by"))
    created_at = tables.DateTimeColumn(verbose_name=_("Uploaded at"))

    class Meta(ListTable.Meta):
        model = MemberImport
        fields = ("file_name", "union", "state", "rows", "valid_rows", "error_rows", "written_rows", "created_by",
                  "created_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "import-table"}


class JoinTable(ListTable):
    created_at = tables.DateTimeColumn(verbose_name=_("Applied at"))
    name = tables.Column(verbose_name=_("Full name"), linkify=("members:join_detail", [tables.A("pk")]))
    id_number = tables.Column(verbose_name=_("ID number"), orderable=False)
    phone = tables.Column(verbose_name=_("Mobile phone"), orderable=False)
    union = tables.Column(verbose_name=_("Chosen union"), order_by="union__path")
    employer_name = tables.Column(verbose_name=_("Employer or platform"))
    is_gig_worker = tables.BooleanColumn(verbose_name=_("Gig worker"))
    state = tables.Column(verbose_name=_("State"))
    decided_at = tables.DateTimeColumn(verbose_name=_("Decided at"))

    class Meta(ListTable.Meta):
        model = JoinApplication
        fields = ("created_at", "name", "id_number", "phone", "union", "employer_name", "is_gig_worker", "state",
                  "decided_at")
        attrs = ListTable.Meta.attrs | {"data-testid": "join-table"}
        order_by = ("-created_at",)
