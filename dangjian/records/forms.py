"""The one form a secretary fills to record an activity; fields depend on the kind."""
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.dates import past_date_error
from dangjian.lib.edits import version_field
from dangjian.lib.forms import BoundedDateField, Form, count_field

from .models import Attendance, StudyWay
from .services import MAX_ATTACHMENT_BYTES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


REASON_MAX = Attendance._meta.get_field("absence_reason").max_length

# What a kind's topic and summary should say, where the kind has parts of its own.
HINTS = {
    "discipline_education": (_("填写本月通报的典型案例"),
                             _("写明学习的党规党纪和党员交流心得情况")),
}


class ActivityForm(Form):
    held_on = BoundedDateField(label=_("日期"), initial=date.today, rule=past_date_error,
                               widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    topic = forms.CharField(label=_("主题"), max_length=200)
    form = forms.CharField(label=_("学习形式"), max_length=50, required=False,
                           help_text=_("如：集中学习、专题研讨、交流发言"))
    present = forms.TypedMultipleChoiceField(label=_("出席人员"), coerce=int, required=False,
                                             widget=forms.CheckboxSelectMultiple)
    attendee_count = count_field(_("实到人数"), min_value=1,
                                 help_text=_("人数较多的活动可只填人数，不逐人勾选"))
    summary = forms.CharField(label=_("简要内容"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    study_ways = forms.MultipleChoiceField(label=_("五学联动"), choices=StudyWay.choices, required=False,
                                           widget=forms.CheckboxSelectMultiple)
    motion = forms.CharField(label=_("表决事项"), max_length=200, required=False)
    yes = count_field(_("赞成票"))
    no = count_field(_("反对票"))
    abstain = count_field(_("弃权票"))
    files = MultipleFileField(label=_("附件（可不上传）"), required=False)

    def __init__(self, *args, kind, roster, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.roster = roster
        self.fields["present"].choices = [(m.id, m.name) for m in roster]
        if not self.is_bound and "present" not in self.initial:
            self.initial["present"] = [m.id for m in roster]   # all present unless unticked
        if roster and kind.category == "meeting" and not editing:
            del self.fields["attendee_count"]   # a branch meeting ticks its roster; counts are for big events
        if editing:   # a vote is never re-counted by an edit; roster-ticked records keep their ticks
            self.fields["version"] = version_field()
            for name in ("motion", "yes", "no", "abstain"):
                self.fields.pop(name, None)
            if roster:
                self.fields.pop("attendee_count", None)
        if not kind.asks_form:
            del self.fields["form"]
        else:
            self.fields["form"].required = True
        if not kind.takes_vote:
            for name in ("motion", "yes", "no", "abstain"):
                self.fields.pop(name, None)
        if kind.category != "study":
            del self.fields["study_ways"]
        if kind.code in HINTS:
            self.fields["topic"].help_text, self.fields["summary"].help_text = HINTS[kind.code]

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        for f in files:
            if f.size > MAX_ATTACHMENT_BYTES:
                raise forms.ValidationError(_("附件“%(n)s”超过 20 MB") % {"n": f.name})
        return files

    def clean(self):
        data = super().clean()
        data["absences"] = self._absences()
        if "motion" in self.fields and data.get("motion"):
            if data.get("yes") is None:
                self.add_error("yes", _("请填写赞成票数"))
        return data

    def _absences(self):
        """{member id: reason} from the roster table's ``reason_<id>`` inputs (text already cleaned)."""
        absences, too_long = {}, []
        for m in self.roster:
            reason = (self.data.get(f"reason_{m.id}") or "").strip()
            if len(reason) > REASON_MAX:
                too_long.append(m.name)
            elif reason:
                absences[m.id] = reason
        if too_long:
            self.add_error("present", _("缺席原因不能超过 %(n)d 个字：%(who)s") % {
                "n": REASON_MAX, "who": "、".join(too_long)})
        return absences

    def vote(self):
        if "motion" not in self.fields or not self.cleaned_data.get("motion"):
            return None
        return {k: self.cleaned_data.get(k) or 0 for k in ("yes", "no", "abstain")} | {
            "motion": self.cleaned_data["motion"]}
