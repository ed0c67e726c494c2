"""Forms of the assessment pages: one fact at the desk, a reversal, a ledger upload.

The fact form offers only the indicators the user's department owns, but accepts any manual
leaf of the scheme, so that a forged choice reaches the service and its gatekeeper (403),
never a quiet "not a valid choice".
"""
from datetime import date

from django import forms
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from dangjian.lib.dates import past_date_error
from dangjian.lib.forms import BoundedDateField, Form
from dangjian.lib.widgets import NameSelect

from .models import Indicator
from .selectors import MANUAL, ladder_steps, severity_label


class EntryForm(Form):
    indicator = forms.ModelChoiceField(label=_("指标"), queryset=Indicator.objects.none())
    body = forms.ModelChoiceField(label=_("单位"), queryset=Indicator.objects.none(), widget=NameSelect)
    # offered: the owned ladders' steps; checked by the service against the chosen indicator's ladder
    severity = forms.CharField(label=_("情形"), required=False, max_length=20, widget=forms.Select,
                               help_text=_("按情形分档扣分的指标必选，分值按档次自动计算"))
    points = forms.DecimalField(label=_("分值"), required=False, min_value=0, max_digits=5, decimal_places=2,
                                help_text=_("评审打分、加分须填写；按起数或情形扣分的指标由系统计算，无需填写"))
    fact = forms.CharField(label=_("事实"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    case_ref = forms.CharField(label=_("案件编号/通报文号"), max_length=100, required=False,
                               help_text=_("扣分和一票否决须填写；同一案件本部门只计一次"))
    evidence = forms.CharField(label=_("佐证材料"), max_length=300, required=False,
                               help_text=_("可选：文件名称、文号或存放位置（不需上传照片）"))
    occurred_on = BoundedDateField(label=_("发生日期"), initial=date.today, rule=past_date_error,
                                   widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))

    def __init__(self, *args, scheme, owned, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        indicator = self.fields["indicator"]
        indicator.queryset = scheme.indicators.filter(kind__in=MANUAL)
        indicator.choices = [("", "---------")] + [
            (i.pk, f"{i.code} {i.name}（{i.department}）") for i in owned]
        # a body's name is its unit's or county committee's (str() of AssessedBody), read in one
        # pass by NameSelect: a province's 1,820 took 400 ms as instances through Select
        self.fields["body"].queryset = bodies.annotate(name=Coalesce("unit__name", "county_committee__name"))
        steps = dict.fromkeys(key for i in owned for key in ladder_steps(i.ladder))
        if steps:
            severity = self.fields["severity"]
            severity.widget.attrs.pop("maxlength", None)        # not an attribute of a <select>
            severity.widget.choices = [("", "---------")] + [(key, severity_label(key)) for key in steps]
        else:                                                   # no ladder among the department's leaves
            del self.fields["severity"]


class ReverseForm(Form):
    reason = forms.CharField(label=_("冲销理由"), max_length=500)


class LedgerUploadForm(Form):
    file = forms.FileField(label=_("Excel 文件（.xlsx）"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


class NewVersionForm(Form):
    change_note = forms.CharField(label=_("本版变更"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("写明与上一版相比改了什么（指标、分值、赛区或依据）"),
                                  error_messages={"required": _("请写明本版变更内容。")})
