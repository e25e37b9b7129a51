"""The one access mechanism: who may do what, on which part of the union tree.

A grant (user, union, role, covers_subtree) gives the role's permissions on that union
and, when it covers the subtree, on every union below it. Each scoped model says how its
rows hang on the tree (``scope_path``: the lookup that reaches a union path), and its
default manager's ``restrict(user, action)`` cuts any query to what the user's grants
cover. Views, the API and services fetch objects only through ``get_object`` here, which
answers "not found" alike for rows that do not exist and rows outside the user's scope,
and records the refusal in the audit trail.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Scope:
    """What one user may reach with one permission: union paths, whole subtrees or single nodes."""

    subtrees: tuple[str, ...] = ()
    nodes: tuple[str, ...] = ()

    @property
    def empty(self):
        return not self.subtrees and not self.nodes

    @property
    def everything(self):
        """A grant on a root covering its subtree reaches every row, also rows with no union."""
        return any(len(p) == ROOT_PATH_LEN for p in self.subtrees)

    def covers(self, path):
        return path in self.nodes or any(path.startswith(p) for p in self.subtrees)

    def q(self, lookup):
        """The filter for rows whose `lookup` (a union path) lies in scope."""
        if self.everything:
            return Q()
        q = Q(pk__in=[])
        for p in self.subtrees:
            q |= subtree_q(lookup, p)
        if self.nodes:
            q |= Q(**{f"{lookup}__in": self.nodes})
        return q

    def q_with_above(self, lookup):
        """Rows in scope, and rows owned by a union above a granted one: what a federation runs for
        its whole subtree (a programme, a mutual-aid plan) is seen by the unions under it."""
        if self.everything:
            return Q()
        above = sorted({a for p in (*self.subtrees, *self.nodes) for a in ancestor_paths(p)})
        return self.q(lookup) | Q(**{f"{lookup}__in": above}) if above else self.q(lookup)


ROOT_PATH_LEN = 4  # treebeard's steplen: a root union's path is one step long
PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's, in byte order


def _next_path(path):
    """The smallest path greater than every path that starts with `path`."""
    chars = list(path)
    for i in range(len(chars) - 1, -1, -1):
        pos = PATH_ALPHABET.index(chars[i])
        if pos + 1 < len(PATH_ALPHABET):
            return "".join(chars[:i]) + PATH_ALPHABET[pos + 1]
    return "~"  # after every path made of the alphabet


def ancestor_paths(path):
    """The paths of every union above `path`, root first (not `path` itself)."""
    return [path[:i] for i in range(ROOT_PATH_LEN, len(path), ROOT_PATH_LEN)]


def subtree_q(lookup, path):
    """Rows whose `lookup` (a union path) lies in the subtree at `path`, itself included.

    Written as a key range rather than LIKE 'path%': both databases answer a range from the
    path index (SQLite never uses an index for LIKE with Django's ESCAPE clause).
    """
    return Q(**{f"{lookup}__gte": path, f"{lookup}__lt": _next_path(path)})


def _grants(user):
    """The user's grants as (path, covers_subtree, permissions), read once per request in one
    query (grants joined to their roles' permissions; no model objects are built)."""
    cached = getattr(user, "_gonghui_grants", None)
    if cached is None:
        from gonghui.accounts.models import Grant

        grants = {}
        if user.is_authenticated and user.is_active:
            rows = Grant.objects.filter(user=user, union__status="active").values_list(
                "pk", "union__path", "covers_subtree", "role__read_only",
                "role__permissions__content_type__app_label", "role__permissions__codename")
            for pk, path, sub, read_only, app, codename in rows:
                path, sub, perms = grants.setdefault(pk, (path, sub, set()))
                # A read-only role keeps only view rights, whatever was added to it by hand, and
                # the audit committee's own writes ("audit_" permissions: budgets.audit_fundaudit).
                if codename and (not read_only or codename.startswith(("view_", "audit_"))):
                    perms.add(f"{app}.{codename}")
        cached = [(path, sub, frozenset(perms)) for path, sub, perms in grants.values()]
        user._gonghui_grants = cached
    return cached


def forget(user):
    """Drop the cached grants after they change within one request."""
    if hasattr(user, "_gonghui_grants"):
        del user._gonghui_grants


def scope(user, perm):
    """Union paths where `user` holds `perm` ("app.codename"), with nested subtrees folded."""
    subtrees = sorted({p for p, sub, perms in _grants(user) if sub and perm in perms})
    folded = []
    for p in subtrees:
        if not any(p.startswith(f) for f in folded):
            folded.append(p)
    nodes = tuple(
        sorted({p for p, sub, perms in _grants(user) if not sub and perm in perms
                and not any(p.startswith(f) for f in folded)})
    )
    return Scope(tuple(folded), nodes)


def has_perm_anywhere(user, perm):
    """True when some grant gives `perm`: decides which menus and buttons to show."""
    return any(perm in perms for _p, _s, perms in _grants(user))


def can(user, perm, union=None):
    """May `user` use `perm` on `union` (or anywhere, for tree-less objects)?"""
    if union is None:
        return has_perm_anywhere(user, perm)
    return scope(user, perm).covers(union.path)


def perm_name(model, action):
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


class ScopedQuerySet(models.QuerySet):
    """Every scoped model's default queryset: ``Model.objects.restrict(user, "view")``."""

    def restrict(self, user, action="view"):
        return self.filter(self.model.scope_q(user, perm_name(self.model, action)))


class ScopedModel(models.Model):
    """Base for models that hang on the union tree through ``scope_path``."""

    scope_path = "union__path"
    # Rows a federation owns for its whole subtree: viewable by every union under the owner too.
    seen_from_below = False

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def scope_q(cls, user, perm):
        s = scope(user, perm)
        if cls.seen_from_below and perm.split(".", 1)[-1].startswith("view_"):
            return s.q_with_above(cls.scope_path)
        return s.q(cls.scope_path)

    def scope_union(self):
        """The union whose subtree this row belongs to (for audit and checks)."""
        return self.union


def _refusal(exc_class, message, user, obj, perm):
    """An exception that carries what was refused. It is written to the audit trail where it
    surfaces (RequestContextMiddleware, the API's handlers), after any transaction around
    the refused work has rolled back, so the record survives."""
    exc = exc_class(message)
    exc.refusal = (user, obj, perm)
    return exc


def get_object(user, queryset, action="view", **lookup):
    """Fetch one row for `user`, or raise 404 whether it is missing or out of scope.

    For a change to a row the user may see but not change, raise 403 instead: the row's
    existence is no secret to them. Every refusal goes to the audit trail.
    """
    qs = queryset if isinstance(queryset, models.QuerySet) else queryset.objects.all()
    obj = qs.restrict(user, action).filter(**lookup).first()
    if obj is not None:
        return obj
    exists = qs.filter(**lookup).first()
    if exists is None:
        raise Http404(_("Not found."))
    if action != "view" and qs.restrict(user, "view").filter(pk=exists.pk).exists():
        raise _refusal(PermissionDenied, _("You do not have permission to do this."), user, exists, action)
    raise _refusal(Http404, _("Not found."), user, exists, action)


def require(user, perm, union=None, obj=None):
    """Refuse (403, audited) unless `user` holds `perm` on `union`; services call this first."""
    if not can(user, perm, union):
        refuse(user, obj or union, perm)


def require_other_than(user, submitters, what):
    """Nobody decides what they submitted: the decision needs a second person (the four-eyes
    rule every review here follows: 经办 and 审批 are different people). `submitters` is a user
    id or several; the refusal names the thing and changes nothing."""
    ids = {getattr(s, "pk", s) for s in (submitters if isinstance(submitters, (set, list, tuple)) else [submitters])}
    if user is not None and user.pk in ids:
        raise ValidationError(_("You submitted this %(what)s yourself, so a colleague must decide it: nobody "
                                "approves what they submitted.") % {"what": what})


def needs(perm):
    """View decorator: sign-in, then 403 (audited) for users who hold `perm` nowhere, so the
    auditor and other departments never get a form they could not submit. The service still
    checks the union the form names."""
    from functools import wraps

    from django.contrib.auth.decorators import login_required

    def wrap(view):
        @wraps(view)
        def inner(request, *args, **kwargs):
            require(request.user, perm)
            return view(request, *args, **kwargs)

        return login_required(inner)

    return wrap


def refuse(user, obj, perm):
    raise _refusal(PermissionDenied, _("You do not have permission to do this."), user, obj, perm)


def record_if_refusal(exc):
    """Write the refusal an exception carries, if any, to the audit trail."""
    refusal = getattr(exc, "refusal", None)
    if refusal is not None:
        from gonghui.core import audit

        audit.record_refusal(*refusal)
