from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    """等保 2.0 asks for passwords mixing character classes: at least three of upper case,
    lower case, digits and symbols."""

    def validate(self, password, user=None):
        classes = [any(c.isupper() for c in password), any(c.islower() for c in password),
                   any(c.isdigit() for c in password), any(not c.isalnum() for c in password)]
        if sum(classes) < 3:
            raise ValidationError(
                _("The password must mix at least three of: upper-case letters, lower-case letters, "
                  "digits and symbols."), code="password_classes")

    def get_help_text(self):
        return _("Use at least three of: upper-case letters, lower-case letters, digits and symbols.")
