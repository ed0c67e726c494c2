"""Brand pages: the list by zone and unit, a brand with its honours and cases, registering and
editing, honours (the committee) and cases. Thin: selectors and services do the work."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dangjian.accounts import gatekeeper as gk
from dangjian.lib.filetypes import download_response
from dangjian.lib.forms import add_service_errors, posted
from dangjian.lib.paging import paginate, paginate_by_ids, query_without_page

from . import services
from .forms import BrandCaseForm, BrandForm, HonourForm
from .selectors import brand_table, brand_targets, can_manage, can_manage_unit, visible_brands, visible_cases

BRAND_RELATED = ("unit__zone", "org__unit__zone")


def _brand(user, pk):
    gk.require(user, gk.VIEW_BRANDS)
    return gk.get_visible_or_404(visible_brands(user).select_related(*BRAND_RELATED), pk=pk)


def _managed_brand(user, pk):
    brand = _brand(user, pk)
    if not can_manage(user, brand):
        raise PermissionDenied
    return brand


@login_required
def brand_list(request):
    user = request.user
    gk.require(user, gk.VIEW_BRANDS)
    zone = request.GET.get("zone", "")
    zone_id = int(zone) if zone.isdigit() and len(zone) < 10 else None
    page = paginate_by_ids(request, brand_table(visible_brands(user), zone_id))
    return render(request, "brands/list.html", {
        "page": page, "zones": gk.visible_zones(user), "zone_id": zone_id, "query": query_without_page(request),
        "targets": brand_targets(user),
    })


@login_required
def brand_detail(request, pk):
    user = request.user
    brand = _brand(user, pk)
    return render(request, "brands/detail.html", {
        "brand": brand, "honours": brand.honours.all(), "cases": brand.cases.all(),
        "can_manage": can_manage(user, brand), "can_honour": gk.can(user, gk.RECORD_HONOUR),
    })


def _owner(user, kind, pk):
    """The unit or branch a brand is registered for: 404 outside reach, 403 when not kept by the user."""
    if kind == "unit":
        unit = gk.get_visible_or_404(gk.visible_units(user), pk=pk)
        if not can_manage_unit(user, unit):
            raise PermissionDenied
        return {"unit": unit}
    org = gk.get_visible_or_404(gk.visible_orgs(user).select_related("unit"), pk=pk)
    if not (org.is_branch and gk.can(user, gk.MANAGE_BRAND, org)):
        raise PermissionDenied
    return {"org": org}


def _form_data(form):
    data = form.cleaned_data
    return {"name": data["name"], "meaning": data["meaning"], "elements": data.get("elements", ""),
            "history": data.get("history", ""), "logo": data.get("logo")}


@login_required
def brand_register(request, kind, pk):
    user = request.user
    gk.require(user, gk.MANAGE_BRAND)
    if kind not in ("unit", "org"):
        raise Http404
    owner = _owner(user, kind, pk)
    target = next(iter(owner.values()))
    try:
        existing = target.brand
    except target._meta.model.brand.RelatedObjectDoesNotExist:
        existing = None
    if existing is not None and request.method != "POST":
        return redirect("brands:edit", existing.pk)
    form = BrandForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            brand = services.brand_register(user=user, **owner, **_form_data(form), request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("品牌已登记。"))
            return redirect("brands:detail", brand.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "brands/form.html", {"form": form, "owner": target}, status=status)


@login_required
def brand_edit(request, pk):
    user = request.user
    brand = _managed_brand(user, pk)
    initial = {"name": brand.name, "meaning": brand.meaning, "elements": brand.elements, "history": brand.history}
    form = BrandForm(posted(request), request.FILES or None, editing=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.brand_update(user=user, brand=brand, **_form_data(form),
                                  remove_logo=form.cleaned_data.get("remove_logo", False), request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("品牌已修改。"))
            return redirect("brands:detail", brand.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "brands/form.html", {"form": form, "owner": brand.owner, "brand": brand}, status=status)


@login_required
def honour_add(request, pk):
    user = request.user
    brand = _brand(user, pk)
    gk.require(user, gk.RECORD_HONOUR)
    form = HonourForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.honour_record(user=user, brand=brand, **form.cleaned_data, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("荣誉已记录。"))
            return redirect("brands:detail", brand.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "brands/honour_form.html", {"form": form, "brand": brand}, status=status)


@login_required
def case_create(request, pk):
    user = request.user
    brand = _managed_brand(user, pk)
    form = BrandCaseForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.brand_case_create(user=user, brand=brand, **form.cleaned_data, request=request)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("案例已添加。"))
            return redirect("brands:detail", brand.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "brands/case_form.html", {"form": form, "brand": brand}, status=status)


@login_required
def brand_logo(request, pk):
    """The logo, shown inline: its content was checked to be a JPEG or PNG when it was uploaded."""
    brand = _brand(request.user, pk)
    if not brand.logo or brand.logo_kind not in ("jpeg", "png"):
        raise Http404
    try:
        stored = brand.logo.open("rb")
    except FileNotFoundError:
        raise Http404
    return FileResponse(stored, content_type=f"image/{brand.logo_kind}")


@login_required
def case_file(request, pk):
    """A case's file: always a download, never rendered by the browser."""
    gk.require(request.user, gk.VIEW_BRANDS)
    case = gk.get_visible_or_404(visible_cases(request.user), pk=pk)
    return download_response(case.file, case.file_name or "case")
