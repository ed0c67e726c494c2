from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import CleanTextMixin, Form

from . import services


# One answer for every failed sign-in: unknown user, wrong password, inactive, paused.
SIGN_IN_FAILED = _("用户名或密码错误，或尝试过于频繁，请稍后再试。")
OLD_PASSWORD_FAILED = _("原密码不正确，或尝试过于频繁，请稍后再试。")


class LoginForm(CleanTextMixin, AuthenticationForm):
    error_messages = {"invalid_login": SIGN_IN_FAILED, "inactive": SIGN_IN_FAILED}

    def clean(self):
        # Django's form sets a max_length on the username without checking it; a longer name
        # is no account, and would not fit the throttle's table (a 500 on PostgreSQL).
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username and len(username) > self.fields["username"].max_length:
            get_user_model()().set_password(password or "")   # the same work as a real check
            raise self.get_invalid_login_error()
        return super().clean()


class PasswordChangeForm(Form):
    old_password = forms.CharField(label=_("原密码"), widget=forms.PasswordInput)
    new_password = forms.CharField(label=_("新密码"), widget=forms.PasswordInput,
                                   help_text=_("至少 8 位，包含大写字母、小写字母、数字、符号中的至少 3 类。"))
    new_password2 = forms.CharField(label=_("再次输入新密码"), widget=forms.PasswordInput)

    def __init__(self, user, *args, request=None, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        value = self.cleaned_data["old_password"]
        # Counts toward the sign-in throttle and is audited, like a wrong password at sign-in.
        if not services.password_verify(user=self.user, password=value, request=self.request):
            raise forms.ValidationError(OLD_PASSWORD_FAILED)
        return value

    def clean(self):
        data = super().clean()
        if data.get("new_password") and data.get("new_password") != data.get("new_password2"):
            self.add_error("new_password2", _("两次输入的新密码不一致。"))
        return data


class UnlockForm(Form):
    """The security admin lifts a sign-in pause by username, by address, or both."""

    username = forms.CharField(label=_("用户名"), max_length=150, required=False)
    ip = forms.CharField(label=_("地址"), max_length=60, required=False)
