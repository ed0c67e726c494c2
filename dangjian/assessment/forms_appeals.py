"""Forms of the appeal and snapshot pages: shapes only; the services decide."""
from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import Form

from .models import Snapshot
from .services_appeals import MAX_TEXT


class AppealForm(Form):
    reason = forms.CharField(label=_("申诉理由"), max_length=MAX_TEXT,
                             widget=forms.Textarea(attrs={"rows": 5}),
                             help_text=_("写明对该条记录有异议的事实和依据。"))


class ReplyForm(Form):
    text = forms.CharField(label=_("回复内容"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(Form):
    outcome = forms.ChoiceField(label=_("处理结果"), widget=forms.RadioSelect,
                                choices=[("uphold", _("维持原记录")), ("reverse", _("申诉成立，冲销该记录"))])
    reason = forms.CharField(label=_("处理理由"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}))


class SnapshotForm(Form):
    scheme = forms.TypedChoiceField(label=_("考核方案"), coerce=int)
    period = forms.ChoiceField(label=_("期间"), choices=Snapshot.Period.choices)

    def __init__(self, *args, schemes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [(s.pk, str(s)) for s in schemes]
