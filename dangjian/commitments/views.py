"""Pages of the three-ones lists: a secretary's own lists, one org's list, the item and note
forms, an evidence file, and the committee's view by zone and unit. Thin: services and
selectors do the work; every fetch goes through a visible QuerySet (404 outside it)."""
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from dangjian.accounts import gatekeeper as gk
from dangjian.lib.filetypes import download_response
from dangjian.lib.forms import add_service_errors, posted
from dangjian.lib.paging import paginate, query_without_page

from . import selectors, services
from .forms import CommitmentForm, NoteForm, secretary_of
from .models import Kind, ProgressNote, Status

YEARS_BACK = 5


def _year(request):
    today = date.today()
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else today.year
    return min(max(year, today.year - YEARS_BACK), today.year + 1)


def _years():
    today = date.today()
    return list(range(today.year + 1, today.year - YEARS_BACK - 1, -1))


def _require_any(user):
    if not (gk.can(user, gk.KEEP_COMMITMENTS) or gk.can(user, gk.VIEW_COMMITMENTS)):
        raise PermissionDenied


@login_required
def mine(request):
    """The lists of the orgs the user keeps, three slots each, for a year."""
    gk.require(request.user, gk.KEEP_COMMITMENTS)
    year = _year(request)
    page = paginate(request, selectors.kept_orgs(request.user).select_related("unit").order_by("path"))
    orgs = selectors.slots(list(page.object_list), year)
    return render(request, "commitments/mine.html", {
        "page": page, "orgs": orgs, "year": year, "years": _years(), "query": query_without_page(request),
        "can_view": gk.can(request.user, gk.VIEW_COMMITMENTS), "keep": True,
    })


@login_required
def org_list(request, org_id):
    """One org's list for a year, with each item's progress notes."""
    _require_any(request.user)
    org = gk.get_visible_or_404(selectors.viewable_orgs(request.user).select_related("unit"), pk=org_id)
    year = _year(request)
    [org] = selectors.slots([org], year)
    items = [item for _k, _l, item in org.slots if item]
    notes = {}
    for note in ProgressNote.objects.filter(commitment__in=[i.pk for i in items]).select_related("created_by"):
        notes.setdefault(note.commitment_id, []).append(note)
    for item in items:
        item.note_list = notes.get(item.pk, [])
    return render(request, "commitments/org.html", {
        "org": org, "year": year, "years": _years(), "keep": selectors.can_keep(request.user, org),
    })


@login_required
def item_create(request, org_id, kind):
    gk.require(request.user, gk.KEEP_COMMITMENTS)
    org = gk.get_visible_or_404(selectors.kept_orgs(request.user), pk=org_id)
    if kind not in Kind.values:
        raise Http404
    visible = gk.visible_orgs(request.user)
    initial = {"year": _year(request)}
    secretary = secretary_of(org)
    if secretary:
        initial["owner"] = secretary
    form = CommitmentForm(posted(request), org=org, kind=kind, visible_orgs=visible, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.commitment_create(
                user=request.user, org=org, kind=kind, year=data["year"], owner=data.get("owner"),
                text=data["text"], due_on=data["due_on"], contact_branch=data.get("contact_branch"),
                request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已列入清单。"))
            return redirect(f"{_org_url(org.pk)}?year={item.year}")
    return render(request, "commitments/item_form.html", {"form": form, "org": org, "kind_label": Kind(kind).label},
                  status=400 if request.method == "POST" else 200)


def _org_url(org_id):
    return reverse("commitments:org", args=[org_id])


def _kept_item(request, pk):
    item = gk.get_visible_or_404(selectors.visible_commitments(request.user).select_related("org", "owner"), pk=pk)
    gk.require(request.user, gk.KEEP_COMMITMENTS, item)
    return item


@login_required
def item_edit(request, pk):
    item = _kept_item(request, pk)
    initial = {"owner": item.owner_id, "text": item.text, "due_on": item.due_on,
               "contact_branch": item.contact_branch_id}
    form = CommitmentForm(posted(request), org=item.org, kind=item.kind, visible_orgs=gk.visible_orgs(request.user),
                          editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.commitment_update(user=request.user, commitment=item, owner=data.get("owner"), text=data["text"],
                                       due_on=data["due_on"], contact_branch=data.get("contact_branch"),
                                       request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已修改。"))
            return redirect(f"{_org_url(item.org_id)}?year={item.year}")
    return render(request, "commitments/item_form.html", {"form": form, "org": item.org, "item": item,
                                                          "kind_label": item.get_kind_display()},
                  status=400 if request.method == "POST" else 200)


@login_required
def note_add(request, pk):
    item = _kept_item(request, pk)
    form = NoteForm(posted(request), request.FILES or None, item=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.progress_note_add(user=request.user, commitment=item, text=data["text"],
                                       status=data["status"], file=data.get("file"), request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("进展已记录。"))
            return redirect(f"{_org_url(item.org_id)}?year={item.year}")
    return render(request, "commitments/note_form.html", {"form": form, "item": item},
                  status=400 if request.method == "POST" else 200)


@login_required
def evidence(request, pk):
    """Always a download, never shown inline (as the records' attachments)."""
    _require_any(request.user)
    notes = ProgressNote.objects.filter(
        commitment__in=selectors.visible_commitments(request.user).values("id")).exclude(file="")
    note = gk.get_visible_or_404(notes, pk=pk)
    return download_response(note.file, note.file_name, missing=_("佐证材料文件已不存在。"))


@login_required
def overview(request):
    """The committee's view: items by status, and open items past their date, by zone and unit."""
    gk.require(request.user, gk.VIEW_COMMITMENTS)
    year = _year(request)
    units = selectors.overview_units(request.user)
    zone = request.GET.get("zone", "")
    if zone.isascii() and zone.isdigit() and len(zone) < 16:
        units = units.filter(zone_id=zone)
    else:
        zone = ""
    zones, total = selectors.zone_tallies(units, year)
    page = paginate(request, units.order_by("sort", "id").values_list("id", "name"))
    page.object_list = selectors.unit_tallies(page.object_list, year)
    return render(request, "commitments/overview.html", {
        "year": year, "years": _years(), "zones": zones, "page": page, "total": total, "zone_pk": int(zone or 0),
        "zone_choices": gk.visible_zones(request.user).values_list("id", "name"),
        "statuses": Status.choices, "query": query_without_page(request),
    })


@login_required
def unit_lists(request, unit_id):
    """A unit's lists: each of its live orgs with its three slots."""
    gk.require(request.user, gk.VIEW_COMMITMENTS)
    unit = gk.get_visible_or_404(selectors.overview_units(request.user), pk=unit_id)
    year = _year(request)
    orgs = selectors.viewable_orgs(request.user).filter(unit=unit, dissolved=False).order_by("path")
    page = paginate(request, orgs)
    return render(request, "commitments/unit.html", {
        "unit": unit, "year": year, "years": _years(), "page": page,
        "orgs": selectors.slots(list(page.object_list), year), "query": query_without_page(request),
    })
