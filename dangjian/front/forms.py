"""Filter and edit forms of the front pages. Every bad value gets a Chinese message."""
import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.dates import birth_date_error, past_date_error
from dangjian.lib.edits import version_field
from dangjian.lib.forms import BoundedDateField, Form
from dangjian.lib.widgets import BranchSelect
from dangjian.orgs.models import Member, UnitCategory
from dangjian.orgs.services import MEMBER_FIELDS

ID_NUMBER_RE = re.compile(r"^(\d{17}[\dX]|\d{15})$")
PHONE_RE = re.compile(r"^\+?[\d-]{7,20}$")


class DateInput(forms.DateInput):
    input_type = "date"


class UnitFilterForm(Form):
    q = forms.CharField(label=_("单位名称"), required=False, max_length=100)
    category = forms.ModelChoiceField(label=_("单位类别"), queryset=UnitCategory.objects.all(),
                                      required=False, empty_label=_("全部类别"))
    zone = forms.ModelChoiceField(label=_("协作区"), queryset=None, required=False,
                                  empty_label=_("全部协作区"))

    def __init__(self, *args, zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = zones


class BranchFilterForm(Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=None, required=False, empty_label=_("全部单位"))
    zone = forms.ModelChoiceField(label=_("协作区"), queryset=None, required=False,
                                  empty_label=_("全部协作区"))
    warnings = forms.BooleanField(label=_("只看有提示的"), required=False)

    def __init__(self, *args, units, zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["zone"].queryset = zones


MEMBER_DATE_RULES = {"birth_date": birth_date_error, "joined_on": past_date_error, "full_on": past_date_error}


def _member_fields():
    fields = forms.fields_for_model(Member, fields=MEMBER_FIELDS)
    for name, rule in MEMBER_DATE_RULES.items():
        fields[name] = BoundedDateField(label=fields[name].label, required=fields[name].required, rule=rule,
                                        widget=DateInput(format="%Y-%m-%d"))
    return fields


class MemberForm(Form):
    """A plain form (not a ModelForm) so the member is changed only by the service."""

    id_number = forms.CharField(label=_("公民身份号码"), required=False, max_length=18,
                                help_text=_("留空则不修改"))
    phone = forms.CharField(label=_("联系电话"), required=False, max_length=20, help_text=_("留空则不修改"))
    version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        extra = dict(self.fields)
        self.fields = _member_fields()
        self.fields.update(extra)

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip().upper()
        if value and not ID_NUMBER_RE.match(value):
            raise forms.ValidationError(_("身份证号应为 18 位（末位可为 X）或 15 位数字"))
        return value

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        if value and not PHONE_RE.match(value):
            raise forms.ValidationError(_("电话号码格式不正确"))
        return value


class BranchChoiceField(forms.ModelChoiceField):
    """A branch among thousands (20,700 for the committee of a province), labelled with its unit."""

    widget = BranchSelect

    def label_from_instance(self, obj):
        return f"{obj.unit.name if obj.unit else ''} · {obj.name}"


def _transfer_date_error(value, *, today):
    if value > today:
        return _("转移日期不能晚于今天")
    return past_date_error(value, today=today)


class TransferForm(Form):
    to_branch = BranchChoiceField(label=_("转入党支部"), queryset=None,
                                  error_messages={"invalid_choice": _("只能转入你有权管理的党支部")})
    moved_on = BoundedDateField(label=_("转移日期"), initial=date.today, rule=_transfer_date_error,
                                widget=DateInput(format="%Y-%m-%d"))
    reason = forms.CharField(label=_("原因"), max_length=200, required=False)
    version = version_field()

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_branch"].queryset = branches


SUCCESS_FILTER = [("", _("全部")), ("1", _("成功")), ("0", _("失败"))]


class AuditFilterForm(Form):
    username = forms.CharField(label=_("用户"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("事件"), required=False)
    date_from = forms.DateField(label=_("开始日期"), required=False, widget=DateInput(format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("结束日期"), required=False, widget=DateInput(format="%Y-%m-%d"))
    success = forms.ChoiceField(label=_("结果"), choices=SUCCESS_FILTER, required=False)

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("全部事件"))] + [(a, a) for a in actions]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("开始日期晚于结束日期"))
        return data
