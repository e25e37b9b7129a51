"""Types shared by the API's input schemas."""

from typing import Annotated

from pydantic import Field, StrictInt

from .dates import ACFTU_FOUNDED as EARLIEST

LAST_YEAR = 2100  # a planning horizon; beyond it a year is a typing error

# A year in a JSON body: a whole number (true/false are refused, not read as 1/0) in range.
Year = Annotated[StrictInt, Field(ge=EARLIEST.year, le=LAST_YEAR)]


def patch_values(body, *, nullable=()):
    """The fields a PATCH body sets, as a dict; an explicit null is refused (422, by field) for
    every field but those in `nullable`, instead of reaching a NOT NULL column."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    data = body.dict(exclude_unset=True)
    empty = {k: [_("This field cannot be null.")] for k, v in data.items() if v is None and k not in nullable}
    if empty:
        raise ValidationError(empty)
    return data
