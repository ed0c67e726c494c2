import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

KINDS = [r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]"]


class CharacterKindsValidator:
    """At least three of: lower case, upper case, digits, symbols."""

    def __init__(self, min_kinds=3):
        self.min_kinds = min_kinds

    def validate(self, password, user=None):
        kinds = sum(1 for k in KINDS if re.search(k, password))
        if kinds < self.min_kinds:
            raise ValidationError(
                _("密码须包含大写字母、小写字母、数字、符号中的至少 %(n)d 类。") % {"n": self.min_kinds},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、符号中的至少 %(n)d 类。") % {"n": self.min_kinds}
