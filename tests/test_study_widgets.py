"""The one-pass select of orgs and units writes the same HTML as Django's Select, and the
youth page's per-group select lists the group's own unit only."""
from django import forms
from django.urls import reverse

from dangjian.orgs.models import PartyOrg, Unit
from dangjian.study import services
from dangjian.study.widgets import NameSelect


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
