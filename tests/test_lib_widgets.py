"""The one-pass select of orgs and units writes the same HTML as Django's Select, and the
youth page's per-group select lists the group's own unit only."""
from django import forms
from django.urls import reverse

from dangjian.orgs.models import PartyOrg, Unit
from dangjian.study import services
from dangjian.lib.widgets import BranchSelect, NameSelect


def _pair(queryset, **kwargs):
    class Plain(forms.Form):
        org = forms.ModelChoiceField(queryset=queryset, **kwargs)

    class Fast(forms.Form):
        org = forms.ModelChoiceField(queryset=queryset, widget=NameSelect, **kwargs)

    return Plain, Fast


def test_it_renders_what_select_renders(reg):
    PartyOrg.objects.filter(pk=reg.branch_a2.pk).update(name='第二<支部> & "党小组"')
    orgs = PartyOrg.objects.order_by("path")
    for kwargs in ({}, {"required": False}, {"empty_label": None}):
        Plain, Fast = _pair(orgs, **kwargs)
        for data in (None, {"org": str(reg.branch_a2.pk)}, {"org": "999999"}, {"org": ""}):
            plain, fast = Plain(data), Fast(data)
            assert str(fast["org"]) == str(plain["org"]), (kwargs, data)
            assert fast.is_valid() == plain.is_valid()
        assert str(Fast(initial={"org": reg.branch_a1.pk})["org"]) == str(Plain(initial={"org": reg.branch_a1.pk})["org"])
    Plain, Fast = _pair(Unit.objects.order_by("sort", "id"))
    assert str(Fast()["org"]) == str(Plain()["org"])


def test_a_branch_select_renders_unit_and_branch_as_select_does(reg):
    PartyOrg.objects.filter(pk=reg.branch_a2.pk).update(name='第二<支部> & "党小组"')

    class Labelled(forms.ModelChoiceField):
        def label_from_instance(self, obj):
            return f"{obj.unit.name if obj.unit else ''} · {obj.name}"

    branches = PartyOrg.objects.select_related("unit").order_by("path")   # the root has no unit
    plain = forms.Form()
    plain.fields["org"] = Labelled(queryset=branches)
    fast = forms.Form()
    fast.fields["org"] = Labelled(queryset=branches, widget=BranchSelect)
    assert str(fast["org"]) == str(plain["org"])
    assert f"{reg.unit_a.name} · 第二&lt;支部&gt; &amp; &quot;党小组&quot;" in str(fast["org"])


def test_the_transfer_and_booking_forms_use_the_one_pass_select():
    from dangjian.front.forms import TransferForm
    from dangjian.study.forms import BookingForm, SitInForm

    assert isinstance(TransferForm(branches=PartyOrg.objects.none()).fields["to_branch"].widget, BranchSelect)
    assert isinstance(BookingForm(branches=PartyOrg.objects.none()).fields["branch"].widget, BranchSelect)
    assert isinstance(SitInForm(observers=PartyOrg.objects.none()).fields["unit"].widget, NameSelect)


def test_two_selects_over_the_same_orgs_read_them_once(reg, django_assert_num_queries):
    from dangjian.study.forms import PairForm

    form = PairForm(units=Unit.objects.all(), orgs=PartyOrg.objects.order_by("path"), unit=reg.unit_b)
    with django_assert_num_queries(1):
        html = str(form["mentor_org"]) + str(form["mentee_org"])
    assert html.count(f'value="{reg.branch_b1.pk}"') == 2


def test_a_groups_member_select_lists_its_own_units_orgs(reg, login):
    group = services.youth_group_create(user=reg.committee, unit=reg.unit_a, name="发改委青年理论学习小组")
    html = login(reg.committee).get(reverse("study:youth"), {"unit": reg.unit_a.pk}).content.decode()
    form = html.split(reverse("study:youth_group_member_add", args=[group.pk]), 1)[1].split("</form>", 1)[0]
    assert f'value="{reg.branch_a1.pk}"' in form and f'value="{reg.branch_b1.pk}"' not in form
