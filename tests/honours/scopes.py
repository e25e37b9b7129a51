"""The honours models' cases for tests/test_model_scopes.py: a row in 衡阳县, one in 衡南县."""

from gonghui.honours.models import Honour

from .conftest import honour, member

HONOURS_SCOPES = {
    Honour: (lambda c: honour(c, member(c, c.grassroots)), lambda c: honour(c, member(c, c.grassroots2)),
             "organisation"),
}
