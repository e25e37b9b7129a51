import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from gonghui.core.tables import ListTable

from .models import JoinApplication, Member, MemberImport, TransferRequest


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
