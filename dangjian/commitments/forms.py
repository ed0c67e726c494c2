"""The three forms of the lists: an item (new or corrected) and a progress note."""
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from dangjian.lib.forms import Form
from dangjian.orgs.models import BRANCH_TYPES, Member

from . import rules
from .models import NOTE_MAX, TEXT_MAX, Kind, Status
from .services import MAX_FILE_BYTES

DATE_WIDGET = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def owner_choices(org):
    """The current members of the org's subtree, the secretary first by name."""
    return (Member.objects.current().filter(branch__path__startswith=org.path)
            .only("id", "name", "branch_id").order_by("name", "id"))


def secretary_of(org):
    """The id of the member named as the org's secretary in the registry (to preselect)."""
    if not org.secretary_name:
        return None
    return owner_choices(org).filter(name=org.secretary_name).values_list("id", flat=True).first()


def contact_choices(user_orgs, org):
    """Live branches of the org's unit the user can see, other than the org itself."""
    return (user_orgs.filter(type__in=BRANCH_TYPES, dissolved=False, unit_id=org.unit_id)
            .exclude(pk=org.pk).only("id", "name").order_by("path"))


class CommitmentForm(Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    owner = forms.ModelChoiceField(label=_("责任书记"), queryset=Member.objects.none(), required=False,
                                   help_text=_("本组织书记（在册党员）"))
    text = forms.CharField(label=_("内容"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    contact_branch = forms.ModelChoiceField(label=_("联系支部"), queryset=Member.objects.none(), required=False)
    due_on = forms.DateField(label=_("完成时限"), widget=DATE_WIDGET)

    def __init__(self, *args, org, kind, visible_orgs, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        today = date.today()
        self.fields["owner"].queryset = owner_choices(org)
        self.fields["owner"].empty_label = _("请选择")
        self.fields["year"].choices = [(y, str(y)) for y in range(today.year, today.year + rules.YEARS_AHEAD + 1)]
        if kind == Kind.CONTACT:
            self.fields["contact_branch"].queryset = contact_choices(visible_orgs, org)
            self.fields["contact_branch"].required = True
            self.fields["contact_branch"].empty_label = _("请选择")
        else:
            del self.fields["contact_branch"]
        if editing:
            del self.fields["year"]
        self.fields["text"].help_text = {
            Kind.PLEDGE: _("向党员群众公开承诺的一件事"),
            Kind.PROJECT: _("书记牵头领办的一个重点项目"),
            Kind.CONTACT: _("书记经常联系的一个党支部，写明联系事项"),
        }[kind]


class NoteForm(Form):
    text = forms.CharField(label=_("进展"), max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("一两句话即可，不超过 %(n)d 字") % {"n": NOTE_MAX})
    status = forms.ChoiceField(label=_("状态"), choices=Status.choices)
    file = forms.FileField(label=_("佐证材料（可不上传）"), required=False)

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Status.choices)
        allowed = [item.status, *sorted(rules.TRANSITIONS[item.status], key=Status.values.index)]
        self.fields["status"].choices = [(s, labels[s]) for s in allowed]
        self.fields["status"].initial = item.status

    def clean_file(self):
        f = self.cleaned_data.get("file")
        if f and f.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("附件“%(n)s”超过 20 MB") % {"n": f.name})
        return f
