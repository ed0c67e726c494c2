"""Forms of the rectification pages. The department choice offers the user's own departments
but accepts any, so a forged one reaches the service and gets its Chinese message (400)."""
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.accounts.models import Department
from dangjian.lib.dates import past_date_error, planned_date_error
from dangjian.lib.forms import BoundedDateField, Form
from dangjian.orgs.models import PartyOrg

from .models import Source
from .services import MAX_NOTE


def _date_input():
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class ProblemForm(Form):
    department = forms.ModelChoiceField(label=_("提出部门"), queryset=Department.objects.all())
    org = forms.ModelChoiceField(label=_("党组织"), queryset=PartyOrg.objects.none(), required=False,
                                 help_text=_("可选：问题涉及的具体党组织"))
    source = forms.ChoiceField(label=_("问题来源"), choices=Source.choices)
    raised_on = BoundedDateField(label=_("提出日期"), initial=date.today, rule=past_date_error, widget=_date_input())
    description = forms.CharField(label=_("问题描述"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    measures = forms.CharField(label=_("整改措施"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.CharField(label=_("整改责任人"), max_length=100, help_text=_("姓名及职务，如：张某 办公室主任"))
    deadline = BoundedDateField(label=_("整改期限"), rule=planned_date_error, widget=_date_input())

    def __init__(self, *args, unit, departments, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        field.choices = [(d.pk, d.name) for d in departments]
        orgs = list(PartyOrg.objects.filter(unit=unit, dissolved=False).order_by("path"))
        org = self.fields["org"]
        org.queryset = PartyOrg.objects.filter(unit=unit)
        org.choices = [("", "---------")] + [(o.pk, o.name) for o in orgs]
        if entry is not None:
            self.fields["source"].choices = [(Source.ASSESSMENT, Source.ASSESSMENT.label)]
            field.choices = [(entry.department_id, entry.department.name)]


class ReportForm(Form):
    note = forms.CharField(label=_("整改情况"), max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("简要说明整改结果，不需另报材料"))
    evidence = forms.FileField(label=_("佐证材料（可选）"), required=False,
                               help_text=_("可选：PDF、Word、Excel 或图片；涉密不上网"))


class VerifyForm(Form):
    note = forms.CharField(label=_("验收意见（可选）"), max_length=MAX_NOTE, required=False)


class SendBackForm(Form):
    note = forms.CharField(label=_("退回理由"), max_length=MAX_NOTE,
                           error_messages={"required": _("请写明退回理由。")})


class ListFilter(Form):
    status = forms.ChoiceField(label=_("状态"), required=False)
    overdue = forms.BooleanField(label=_("只看逾期"), required=False)

    def __init__(self, *args, **kwargs):
        from .models import Status
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("全部状态"))] + list(Status.choices)
