"""What a person types into a list's search box never appears in an address.

A search may be a phone or an ID number, and an address is written to the access log of the
server and of every proxy on the way (PIPL art. 51: personal data kept no wider than needed).
So a search box sends its text in a POST body; the server answers with the list's address in
which the text is replaced by a sealed token, `?qh=` (SM4-GCM under the field key, sealed for
this purpose only, see crypto.seal). Pagination, sorting, export and "back" links carry the
token, so lists stay paginable, exportable and bookmarkable, and only the server can read it.

Pages (core.listing.ListPage, the clean-up page) post their filter form; the API takes the text
at ``POST /api/v1/searches`` and lists accept the token it returns (``?qh=``). ``?q=`` in an
address is never read: a page sends the visitor on to the token address, the API refuses it.
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect, QueryDict
from django.utils.translation import gettext as _

from . import crypto

TEXT, TOKEN = "q", "qh"  # the search box's field; the token that stands for it in an address
CONTEXT = "search"
NOT_IN_ADDRESS = ("csrfmiddlewaretoken",)


def token(text):
    """The token that stands for `text` in an address."""
    return crypto.seal(text, context=CONTEXT)


def text_of(value):
    """The text a token stands for; ValidationError (by field `qh`) for one that does not open
    (altered, or sealed under a key since removed)."""
    try:
        return crypto.open_sealed(value, context=CONTEXT)
    except crypto.SealError:
        raise ValidationError({TOKEN: _("This search has expired or is not valid; search again.")}) from None


def opened(query):
    """A copy of `query` (the address's QueryDict) for a filter form: the token's text as `q`.
    `q` itself is dropped: an address never supplies it."""
    data = query.copy()
    data.pop(TEXT, None)
    value = data.pop(TOKEN, [""])[-1]
    if value:
        data[TEXT] = text_of(value)
    return data


def searched_text(query):
    """The text searched for in the address `query` ("" when none, or when its token is bad)."""
    try:
        return opened(query).get(TEXT, "").strip()
    except ValidationError:
        return ""


def address_query(data):
    """The query string for an address from `data` (a posted filter form or an address's
    QueryDict): `q` replaced by its token, the CSRF token and empty values left out."""
    out = QueryDict(mutable=True)
    for key, values in data.lists():
        if key in NOT_IN_ADDRESS or key == TOKEN:
            continue
        if key == TEXT:
            text = (values[-1] if values else "").strip()
            if text:
                out[TOKEN] = token(text)
            continue
        kept = [v for v in values if v != ""]
        if kept:
            out.setlist(key, kept)
    if TOKEN in data and TEXT not in data:
        out[TOKEN] = data[TOKEN]  # an address that already carries a token keeps it
    return out.urlencode()


def redirect_to_address(request, data):
    """303 to this page's address for the search in `data`, with the token instead of the text."""
    query = address_query(data)
    return HttpResponseRedirect(request.path + (f"?{query}" if query else ""), status=303)


def refuse_text_in_address(query):
    """The API's rule: ``?q=`` is refused (422), never read, and the message says what to do."""
    if TEXT in query:
        raise ValidationError({TEXT: _("A search may carry a phone or ID number, which must not travel in an "
                                       "address (it is written to access logs). Send it to POST /api/v1/searches "
                                       "and filter with the qh it returns.")})


def audit_filters(query, exclude=()):
    """The filters of `query` as an export's audit record keeps them: the search as its keyed
    hash (an auditor asked "who searched for this phone" hashes it and finds the entries)."""
    out = {k: v for k, v in query.items() if v and k not in {TEXT, TOKEN, *NOT_IN_ADDRESS, *exclude}}
    text = searched_text(query)
    if text:
        out["q_hash"] = crypto.lookup_hash(CONTEXT, text)
    return out
