"""Forms of the study pages. They check shapes; the services check the rules. Chinese messages."""
from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.dates import past_date_error, planned_date_error
from dangjian.lib.forms import BoundedDateField, Form, ModelForm, count_field
from dangjian.lib.widgets import BranchSelect, NameSelect
from dangjian.orgs.models import Unit

from .models import (
    BookingStatus, Course, CourseKind, EducationBase, EnrolmentRole, Slot, SitInStatus,
)


class DateInput(forms.DateInput):
    """A browser date picker; it needs ISO dates whatever the locale's display format."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format=format)


def _date(label, required=True, rule=planned_date_error):
    """A date of a plan, a course or a booking unless ``rule`` says otherwise (``lib/dates.py``)."""
    return BoundedDateField(label=label, required=required, widget=DateInput, rule=rule)


class YearForm(Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    status = forms.ChoiceField(label=_("状态"), required=False,
                               choices=[("", _("全部状态"))] + SitInStatus.choices)


class SitInForm(Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=Unit.objects.all(), widget=NameSelect)
    planned_on = _date(_("计划日期"))
    observers = forms.ModelMultipleChoiceField(label=_("列席人员"), queryset=None, required=False,
                                               widget=forms.CheckboxSelectMultiple)
    topic = forms.CharField(label=_("学习专题"), max_length=200, required=False)
    note = forms.CharField(label=_("备注"), max_length=500, required=False)

    def __init__(self, *args, observers, fixed_unit=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observers"].queryset = observers
        if fixed_unit:
            del self.fields["unit"]


class SitInFillForm(Form):
    start = _date(_("开始日期"))
    end = _date(_("结束日期"))
    observers = forms.ModelMultipleChoiceField(label=_("列席人员"), queryset=None, required=False,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, observers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["observers"].queryset = observers


MET_CHOICES = [("met", _("符合")), ("not_met", _("不符合"))]


class SitInCompleteForm(Form):
    """The checklist: one met / not met choice and an optional note per active item."""

    held_on = _date(_("列席日期"), rule=past_date_error)
    topic = forms.CharField(label=_("学习专题"), max_length=200, required=False)
    attendee_count = count_field(_("到会人数"))
    note = forms.CharField(label=_("总体意见"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    create_record = forms.BooleanField(
        label=_("同时为该单位登记理论学习中心组学习记录（该单位当天已登记的，直接关联，不重复登记）"), required=False)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=item.name, choices=MET_CHOICES, widget=forms.RadioSelect, help_text=item.description,
                error_messages={"required": _("请选择是否符合")})
            self.fields[f"note_{item.pk}"] = forms.CharField(label=_("说明"), max_length=200, required=False)

    def rows(self):
        """(item, met field, note field) for the template."""
        return [(item, self[f"item_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]

    def results(self):
        data = self.cleaned_data
        return {item.pk: (data[f"item_{item.pk}"] == "met", data[f"note_{item.pk}"]) for item in self.items}


class CancelForm(Form):
    reason = forms.CharField(label=_("取消原因"), max_length=500, required=False,
                             widget=forms.TextInput(attrs={"placeholder": _("取消原因（选填）")}))


class CourseForm(ModelForm):
    starts_on = _date(_("开始日期"))
    ends_on = _date(_("结束日期"))
    capacity = count_field(_("名额"), min_value=1, required=True)

    class Meta:
        model = Course
        fields = ["name", "kind", "starts_on", "ends_on", "capacity", "place", "organiser", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class CourseFilterForm(Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    kind = forms.ChoiceField(label=_("类别"), required=False, choices=[("", _("全部类别"))] + CourseKind.choices)


class SessionForm(Form):
    held_on = _date(_("日期"))
    topic = forms.CharField(label=_("主题"), max_length=200, widget=forms.TextInput(attrs={"placeholder": _("主题")}))
    speaker = forms.CharField(label=_("主讲"), max_length=50, required=False,
                              widget=forms.TextInput(attrs={"placeholder": _("主讲（选填）")}))


UNIT_OUT_OF_SCOPE = _("所选单位不存在，或不在您的管理范围内")
ORG_OUT_OF_UNIT = _("所选党组织不属于所选单位，或不在您的管理范围内")


def _unit_field(widget=NameSelect, required=True):
    return forms.ModelChoiceField(label=_("单位"), queryset=None, widget=widget, required=required,
                                  empty_label=_("请选择单位"),
                                  error_messages={"invalid_choice": UNIT_OUT_OF_SCOPE, "required": _("请先选择单位")})


def _org_field(label):
    return forms.ModelChoiceField(label=label, queryset=None, widget=NameSelect,
                                  error_messages={"invalid_choice": ORG_OUT_OF_UNIT})


class UnitChoiceForm(Form):
    """Step one of the unit-first picker (a GET form: it works without JavaScript). The org
    selects then list the orgs of this unit only, never the province's 20,000."""

    unit = _unit_field(required=False)

    def __init__(self, *args, units, **kwargs):
        kwargs.setdefault("auto_id", "pick_%s")     # beside another form's unit field on the page
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class UnitFirstForm(Form):
    """A form whose org fields offer the orgs of one unit: the posted ``unit`` when bound, else
    ``unit``. A forged org (outside the scope or outside that unit) is an invalid choice."""

    unit = _unit_field(widget=forms.HiddenInput(attrs={"id": False}))    # no id: a page may hold two
    org_fields = ()

    def __init__(self, *args, units, orgs, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if self.is_bound:
            raw = str(self.data.get(self.add_prefix("unit"), ""))
        else:
            raw = str(unit.pk) if unit is not None else ""
            self.initial["unit"] = unit.pk if unit is not None else None
        limited = orgs.filter(unit_id=int(raw)) if raw.isdigit() and len(raw) < 18 else orgs.none()
        for name in self.org_fields:
            self.fields[name].queryset = limited
        if len(self.org_fields) > 1:      # one read of the unit's orgs for every select
            first = self.fields[self.org_fields[0]].widget
            for name in self.org_fields[1:]:
                self.fields[name].widget.rows_source = first


class MemberPickForm(UnitFirstForm):
    """A member named within a party org of a chosen unit: no list of thousands of names to scroll."""

    org = _org_field(_("所在党组织"))
    name = forms.CharField(label=_("姓名"), max_length=50)
    org_fields = ("org",)


class EnrolForm(MemberPickForm):
    role = forms.ChoiceField(label=_("身份"), choices=EnrolmentRole.choices)


class YouthMemberForm(MemberPickForm):
    joined_on = _date(_("加入日期"), required=False)


class RosterForm(Form):
    """Attendance (per session or whole course) and completion, ticked by the organiser."""

    present = forms.TypedMultipleChoiceField(label=_("出勤"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    completed = forms.TypedMultipleChoiceField(label=_("结业"), coerce=int, required=False,
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(e.pk, e.member.name) for e in enrolments]
        self.fields["present"].choices = choices
        self.fields["completed"].choices = choices


class EducationBaseForm(ModelForm):
    capacity = count_field(_("每场次可接待人数"), min_value=1, required=True)

    class Meta:
        model = EducationBase
        fields = ["name", "level", "address", "theme", "capacity", "description", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class MonthForm(Form):
    month = forms.RegexField(label=_("月份"), regex=r"^\d{4}-(0[1-9]|1[0-2])$", required=False,
                             error_messages={"invalid": _("月份格式应为 YYYY-MM")})


class BookingForm(Form):
    branch = forms.ModelChoiceField(label=_("党支部"), queryset=None, widget=BranchSelect)
    date = _date(_("日期"))
    slot = forms.ChoiceField(label=_("场次"), choices=Slot.choices)
    headcount = count_field(_("人数"), min_value=1, max_value=10000, required=True)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, branches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = branches


class BookingFilterForm(Form):
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态"))] + BookingStatus.choices)
    base = forms.ModelChoiceField(label=_("教育基地"), queryset=EducationBase.objects.all(), required=False,
                                  empty_label=_("全部基地"))


class BookingCompleteForm(Form):
    attendee_count = count_field(_("实到人数"), min_value=1, max_value=10000, help_text=_("不填按预约人数登记"))


class YouthGroupForm(Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=None, widget=NameSelect)
    name = forms.CharField(label=_("名称"), max_length=100)
    founded_on = _date(_("成立日期"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class PairForm(UnitFirstForm):
    """A mentor and a young cadre of the same unit (the service refuses others)."""

    mentor_org = _org_field(_("导师所在党组织"))
    mentor_name = forms.CharField(label=_("导师姓名"), max_length=50)
    mentee_org = _org_field(_("青年干部所在党组织"))
    mentee_name = forms.CharField(label=_("青年干部姓名"), max_length=50)
    started_on = _date(_("结对日期"))
    org_fields = ("mentor_org", "mentee_org")


class PairEndForm(Form):
    ended_on = _date(_("结束日期"))
