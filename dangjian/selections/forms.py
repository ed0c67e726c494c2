from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import Form
from dangjian.records.forms import MultipleFileField


class NominationForm(Form):
    subject = forms.TypedChoiceField(label=_("推荐对象"), coerce=int, required=False)
    title = forms.CharField(label=_("名称（可不填，默认用推荐对象名称）"), max_length=200, required=False)
    materials = forms.CharField(label=_("事迹材料"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))
    files = MultipleFileField(label=_("附件（可不上传；涉密不上网）"), required=False)

    def __init__(self, *args, choices=(), subject_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if choices:
            self.fields["subject"].choices = [("", "—")] + list(choices)
            self.fields["subject"].required = True
            if subject_label:
                self.fields["subject"].label = subject_label
        else:
            del self.fields["subject"]


class ScoreForm(Form):
    """One field per criterion, 0..max."""

    def __init__(self, *args, criteria=(), initial_points=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_points = initial_points or {}
        for c in criteria:
            self.fields[f"c{c.pk}"] = forms.DecimalField(
                label=_("%(name)s（满分 %(max)s）") % {"name": c.name, "max": c.max_points},
                min_value=Decimal(0), max_value=c.max_points, decimal_places=2, max_digits=5,
                initial=initial_points.get(c.pk))

    def points(self):
        return {int(k[1:]): v for k, v in self.cleaned_data.items()}


class ObjectionForm(Form):
    text = forms.CharField(label=_("异议内容（实名提出）"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(Form):
    answer = forms.CharField(label=_("答复"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    upheld = forms.BooleanField(label=_("异议成立，取消入围"), required=False)


class RevokeForm(Form):
    reason = forms.CharField(label=_("撤销原因"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class RoundForm(Form):
    kind = forms.ModelChoiceField(label=_("评选类别"), queryset=None)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("名称"), max_length=150)
    nomination_deadline = forms.DateField(label=_("推荐截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    quota = forms.IntegerField(label=_("评选名额"), min_value=1, max_value=100000)
    quota_per_unit = forms.IntegerField(label=_("每单位推荐名额（可不填）"), min_value=1, max_value=100000, required=False)
    quota_per_zone = forms.IntegerField(label=_("每协作区推荐名额（可不填）"), min_value=1, max_value=100000, required=False)
    trim = forms.IntegerField(label=_("去掉最高分和最低分各（个）"), min_value=0, max_value=10, initial=1)
    notice_days = forms.IntegerField(label=_("公示期（工作日）"), min_value=1, max_value=60, initial=5)
    criteria = forms.CharField(label=_("评分项（每行一项：名称,分值）"), widget=forms.Textarea(attrs={"rows": 3}),
                               max_length=2000)

    def __init__(self, *args, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds

    def clean_criteria(self):
        rows = []
        for line in self.cleaned_data["criteria"].splitlines():
            if not line.strip():
                continue
            name, _sep, points = line.replace("，", ",").rpartition(",")
            try:
                rows.append((name.strip(), Decimal(points.strip())))
            except Exception:
                raise forms.ValidationError(_("每行写成“名称,分值”，如：组织建设,40"))
        return rows


class GrantForm(Form):
    reviewer = forms.ModelChoiceField(label=_("评审专家"), queryset=None)
    unit = forms.ModelChoiceField(label=_("所在单位（外部专家不选）"), queryset=None, required=False)

    def __init__(self, *args, reviewers=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["unit"].queryset = units
