"""Reads of brands, built on the gatekeeper's primitives; list reads in a constant number of queries.

- A brand is seen by whoever the brand permission reaches over its owner: the committee and
  the departments everywhere, a zone lead in the zone, a unit admin in the unit, a secretary
  their branch (and their unit's own brand).
- A branch's brand is kept by whoever may manage that branch; a unit's brand by whoever may
  manage the unit's top party org (its 机关党委: the unit admin, or the committee).
"""
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from dangjian.accounts.gatekeeper import (
    MANAGE_BRAND, VIEW_BRANDS, can, org_filter, unit_filter, visibility_key,
)
from dangjian.orgs.models import PartyOrg, Unit

from .models import Brand, BrandCase, Honour


def visible_brands(user):
    """The brands in the user's reach. A narrower reach is matched through the owners' ids (a
    zone's orgs and units by their indexes), not by joining every brand to its owner."""
    if visibility_key(user, VIEW_BRANDS) == "all":
        return Brand.objects.filter(Q(org__isnull=False) | Q(unit__isnull=False))
    return Brand.objects.filter(
        Q(org_id__in=PartyOrg.objects.filter(org_filter(user, perm=VIEW_BRANDS)).values("id"))
        | Q(unit_id__in=Unit.objects.filter(unit_filter(user, perm=VIEW_BRANDS)).values("id")))


def visible_cases(user):
    return BrandCase.objects.filter(brand__in=visible_brands(user).values("id"))


def _managed_orgs(user):
    return PartyOrg.objects.active().filter(org_filter(user, perm=MANAGE_BRAND))


def can_manage_unit(user, unit) -> bool:
    """Whether ``user`` keeps the unit's own brand: they manage one of its top party orgs."""
    return _managed_orgs(user).filter(unit=unit, parent__isnull=True).exists()


def can_manage(user, brand) -> bool:
    if brand.org_id:
        return brand.org.is_branch and can(user, MANAGE_BRAND, brand.org)
    return can_manage_unit(user, brand.unit)


def brand_table(qs, zone_id=None):
    """Brands by zone and unit (a unit's own brand before its branches'), with honours and the
    number of cases: three queries whatever the number of rows (page, count, honours). The cases
    are counted by a subquery for the rows of the page, not grouped over every brand (7,454 at
    province scale) before the page is cut."""
    if zone_id:
        qs = qs.filter(Q(unit_id__in=Unit.objects.filter(zone_id=zone_id).values("id"))
                       | Q(org_id__in=PartyOrg.objects.filter(unit__zone_id=zone_id).values("id")))
    cases = (BrandCase.objects.filter(brand=OuterRef("pk")).order_by().values("brand")
             .annotate(n=Count("id")).values("n"))
    return (qs.select_related("unit__zone", "org__unit__zone")
            .annotate(case_count=Coalesce(Subquery(cases, output_field=IntegerField()), 0))
            .prefetch_related(Prefetch("honours", queryset=Honour.objects.order_by("-awarded_on", "id")))
            .order_by(Coalesce("unit__zone__sort", "org__unit__zone__sort"),
                      Coalesce("unit__sort", "org__unit__sort"), Coalesce("unit_id", "org__unit_id"),
                      F("org_id").asc(nulls_first=True), "id"))


def brand_targets(user):
    """What the user may register a brand for, when that is a short list of their own: the
    units whose top org and the branches they manage, each with its brand (or None). None
    for a user whose right reaches everything (the committee edits from the brand's page)."""
    if visibility_key(user, MANAGE_BRAND) == "all" or not can(user, MANAGE_BRAND):
        return None
    orgs = _managed_orgs(user)
    units = list(Unit.objects.filter(id__in=orgs.filter(parent__isnull=True).values("unit_id"))
                 .select_related("brand").order_by("sort", "id"))
    branches = list(orgs.branches().select_related("brand", "unit").order_by("path"))
    return {"units": units, "branches": branches}


def brands_count() -> int:
    return Brand.objects.count()


def year_counts(user, year: int) -> dict:
    """{"brands": brands in reach today, "honours": honours they were awarded in ``year``,
    "cases": brand cases of ``year``}. Three queries."""
    brands = visible_brands(user)
    return {"brands": brands.count(),
            "honours": Honour.objects.filter(brand__in=brands.values("id"), awarded_on__year=year).count(),
            "cases": BrandCase.objects.filter(brand__in=brands.values("id"), year=year).count()}
