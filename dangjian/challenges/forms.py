"""Forms of the open-challenge pages: shapes only; the services decide."""
from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.dates import past_date_error, planned_date_error
from dangjian.lib.forms import BoundedDateField, Form

from .models import Review

DATE = {"format": "%Y-%m-%d", "attrs": {"type": "date"}}


def date_field(label, *, rule=planned_date_error, required=True):
    return BoundedDateField(label=label, rule=rule, required=required, widget=forms.DateInput(**DATE))


class ProjectForm(Form):
    title = forms.CharField(label=_("项目名称"), max_length=150)
    description = forms.CharField(label=_("项目说明"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    requirements = forms.CharField(label=_("揭榜条件与要求"), max_length=5000, required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    apply_by = date_field(_("申报截止日期"))
    starts_on = date_field(_("项目启动日期"))


class ApplicationForm(Form):
    unit = forms.ModelChoiceField(label=_("申报单位"), queryset=None, empty_label=None)
    plan = forms.CharField(label=_("揭榜方案"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("写明目标、举措、分工和时间安排。"))
    file = forms.FileField(label=_("附件（可不上传）"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class AppointForm(Form):
    application = forms.ModelChoiceField(label=_("揭榜单位"), queryset=None, empty_label=None,
                                         widget=forms.RadioSelect)

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda a: a.unit.name


class MilestoneForm(Form):
    title = forms.CharField(label=_("节点名称"), max_length=150)
    due_on = date_field(_("计划完成日期"))
    note = forms.CharField(label=_("进展说明"), max_length=500, required=False)


class MilestoneDoneForm(Form):
    done_on = date_field(_("实际完成日期"), rule=past_date_error, required=False)
    note = forms.CharField(label=_("进展说明"), max_length=500, required=False)


class ReviewForm(Form):
    result = forms.ChoiceField(label=_("验收结果"), choices=Review.Result.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("验收意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
