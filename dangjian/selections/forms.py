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
