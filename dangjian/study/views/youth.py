"""Youth study groups (青年理论学习小组) and mentoring pairs (青蓝结对) of the units a user sees."""
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dangjian.accounts import gatekeeper
from dangjian.accounts.gatekeeper import CHANGE_REGISTRY, VIEW_REGISTRY
from dangjian.orgs.models import Unit

from .. import services
from ..access import get_mentoring_pair, get_youth_group, require_unit_write
from ..forms import PairEndForm, PairForm, YouthGroupForm, YouthMemberForm
from ..models import YouthGroupMember
from ..selectors import members_named, visible_mentoring_pairs, visible_youth_groups
from .common import add_service_errors, chosen_unit, paginate, picker_status, query_without_page


def _orgs(user):
    return gatekeeper.writable_orgs(user).active().select_related("unit").order_by("unit__sort", "unit_id", "path")


def _units(user):
    return Unit.objects.filter(pk__in=gatekeeper.writable_orgs(user).values("unit_id")).order_by("sort", "id")


def _context(request, unit=None, **forms):
    user = request.user
    groups = (visible_youth_groups(user).select_related("unit")
              .prefetch_related(Prefetch("memberships", queryset=YouthGroupMember.objects
                                         .select_related("member").order_by("id"))))
    pairs = visible_mentoring_pairs(user).select_related("unit", "mentor", "mentee")
    page = paginate(request, pairs)
    can_write = gatekeeper.can(user, CHANGE_REGISTRY)
    context = {"groups": groups, "page": page, "pairs": page.object_list, "query": query_without_page(request),
               "can_write": can_write, "today": date.today()}
    if can_write:
        # Unit first: the orgs of the chosen unit only, never every org of the province. A group
        # takes members of its own unit (the service refuses others), so only the chosen unit's
        # groups get an "add member" select; the others link to choosing their unit.
        units = _units(user)
        unit_form, unit = chosen_unit(request, units, unit)
        groups = context["groups"] = list(groups)
        choices = list(_orgs(user).filter(unit_id=unit.pk).values_list("pk", "name")) if unit else []
        for group in groups:
            group.org_choices = choices if unit is not None and group.unit_id == unit.pk else None
        context.update(unit_form=unit_form, unit=unit,
                       group_form=YouthGroupForm(units=units, initial={"unit": unit.pk if unit else None}),
                       pair_form=PairForm(units=units, orgs=_orgs(user), unit=unit),
                       end_form=PairEndForm(initial={"ended_on": date.today()}))
    context.update(forms)
    return context


@login_required
def youth(request):
    gatekeeper.require(request.user, VIEW_REGISTRY)
    context = _context(request)
    return render(request, "study/youth.html", context, status=picker_status(context))


@login_required
@require_POST
def youth_group_create(request):
    user = request.user
    gatekeeper.require(user, CHANGE_REGISTRY)
    form = YouthGroupForm(request.POST, units=_units(user))
    if form.is_valid():
        require_unit_write(user, form.cleaned_data["unit"])
        try:
            services.youth_group_create(user=user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已成立青年理论学习小组。"))
            return redirect("study:youth")
    return render(request, "study/youth.html", _context(request, group_form=form), status=400)


def _pick(user, form, org_field, name_field):
    org, name = form.cleaned_data[org_field], form.cleaned_data[name_field]
    found = members_named(gatekeeper.visible_members(user), org, name)
    if len(found) != 1:
        form.add_error(name_field, _("在 %(org)s 未找到在册党员“%(name)s”") % {"org": org, "name": name}
                       if not found else _("%(org)s 有多名党员叫“%(name)s”，请联系工委办理") % {"org": org, "name": name})
        return None
    gatekeeper.require(user, CHANGE_REGISTRY, found[0])
    return found[0]


@login_required
@require_POST
def youth_group_member_add(request, pk):
    user = request.user
    group = get_youth_group(user, pk)
    require_unit_write(user, group.unit)
    form = YouthMemberForm(request.POST, units=_units(user).filter(pk=group.unit_id), orgs=_orgs(user))
    if form.is_valid():
        member = _pick(user, form, "org", "name")
        if member is not None:
            try:
                services.youth_group_member_add(user=user, group=group, member=member,
                                                joined_on=form.cleaned_data["joined_on"], request=request)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(name)s 已加入%(group)s。") % {"name": member.name, "group": group.name})
                return redirect("study:youth")
    return render(request, "study/youth.html", _context(request, group.unit, member_form=form, member_group=group),
                  status=400)


@login_required
@require_POST
def mentoring_pair_create(request):
    user = request.user
    gatekeeper.require(user, CHANGE_REGISTRY)
    form = PairForm(request.POST, units=_units(user), orgs=_orgs(user))
    if form.is_valid():
        mentor = _pick(user, form, "mentor_org", "mentor_name")
        mentee = _pick(user, form, "mentee_org", "mentee_name")
        if mentor is not None and mentee is not None:
            try:
                services.mentoring_pair_create(user=user, unit=form.cleaned_data["unit"], mentor=mentor,
                                               mentee=mentee, started_on=form.cleaned_data["started_on"],
                                               request=request)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已结对：%(a)s 带 %(b)s。") % {"a": mentor.name, "b": mentee.name})
                return redirect("study:youth")
    return render(request, "study/youth.html", _context(request, form.cleaned_data.get("unit"), pair_form=form),
                  status=400)


@login_required
@require_POST
def mentoring_pair_end(request, pk):
    user = request.user
    pair = get_mentoring_pair(user, pk)
    gatekeeper.require(user, CHANGE_REGISTRY, pair.mentee)
    form = PairEndForm(request.POST)
    if form.is_valid():
        try:
            services.mentoring_pair_end(user=user, pair=pair, ended_on=form.cleaned_data["ended_on"], request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("结对已结束。"))
            return redirect("study:youth")
    return render(request, "study/youth.html", _context(request, end_form=form), status=400)
