"""Writes of brands, their honours and cases: keyword-only, atomic, audited, validated first."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dangjian.audit.services import audit_log, diff, snapshot
from dangjian.lib.filetypes import image_upload_error, sniff, upload_error

from .models import Brand, BrandCase, Honour, HonourLevel

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_CASE_FILE_BYTES = 20 * 1024 * 1024
FIRST_YEAR = 1921
TEXT_FIELDS = ["name", "meaning", "elements", "history"]


def _who(user):
    return user if getattr(user, "pk", None) else None


def _texts(*, name, meaning, elements, history):
    values = {"name": (name or "").strip(), "meaning": (meaning or "").strip(),
              "elements": (elements or "").strip(), "history": (history or "").strip()}
    errors = {}
    if not values["name"]:
        errors["name"] = _("请填写品牌名称。")
    if not values["meaning"]:
        errors["meaning"] = _("请填写品牌内涵。")
    return values, errors


def _logo_error(logo):
    if logo is None:
        return None
    return image_upload_error(logo.name, logo, logo.size, MAX_LOGO_BYTES)


def _put_logo(brand, logo):
    brand.logo_kind = sniff(logo) or ""
    brand.logo.save(logo.name[-100:], logo, save=False)


@transaction.atomic
def brand_register(*, user, unit=None, org=None, name, meaning, elements="", history="", logo=None,
                   request=None):
    """Register the brand of a unit or of a branch (exactly one of them; one brand each)."""
    values, errors = _texts(name=name, meaning=meaning, elements=elements, history=history)
    if (unit is None) == (org is None):
        raise ValidationError(_("品牌须属于一个单位或一个党支部。"))
    if org is not None and (not org.is_branch or org.dissolved):
        errors.setdefault("__all__", []).append(_("只有在册的党支部可登记支部品牌；单位品牌请以单位登记。"))
    if Brand.objects.filter(unit=unit).exists() if unit is not None else Brand.objects.filter(org=org).exists():
        errors.setdefault("__all__", []).append(_("该单位（党支部）已登记品牌，请修改已有品牌。"))
    if message := _logo_error(logo):
        errors["logo"] = message
    if errors:
        raise ValidationError(errors)
    brand = Brand(unit=unit, org=org, created_by=_who(user), **values)
    if logo is not None:
        _put_logo(brand, logo)
    brand.save()
    audit_log(user=user, action="brand.register", obj=brand, request=request,
              changes={"owner": [None, f"{'unit' if unit else 'org'}:{(unit or org).pk}"], "name": [None, brand.name]})
    return brand


@transaction.atomic
def brand_update(*, user, brand, name, meaning, elements="", history="", logo=None, remove_logo=False,
                 request=None):
    values, errors = _texts(name=name, meaning=meaning, elements=elements, history=history)
    if message := _logo_error(logo):
        errors["logo"] = message
    if errors:
        raise ValidationError(errors)
    before = snapshot(brand, TEXT_FIELDS) | {"logo": brand.logo.name}
    old_logo = brand.logo.name
    for field, value in values.items():
        setattr(brand, field, value)
    if logo is not None:
        _put_logo(brand, logo)
    elif remove_logo:
        brand.logo, brand.logo_kind = "", ""
    changes = diff(before, snapshot(brand, TEXT_FIELDS) | {"logo": brand.logo.name})
    if not changes:
        return brand
    brand.save()
    if old_logo and old_logo != brand.logo.name:
        storage = brand.logo.storage
        transaction.on_commit(lambda: storage.delete(old_logo))
    audit_log(user=user, action="brand.update", obj=brand, request=request, changes=changes)
    return brand


@transaction.atomic
def honour_record(*, user, brand, title, awarded_by, level, awarded_on, request=None):
    title, awarded_by = (title or "").strip(), (awarded_by or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("请填写荣誉名称。")
    if not awarded_by:
        errors["awarded_by"] = _("请填写授予单位。")
    if level not in HonourLevel.values:
        errors["level"] = _("请选择荣誉级别。")
    if awarded_on is None or awarded_on > date.today():
        errors["awarded_on"] = _("授予日期不能晚于今天。")
    elif awarded_on.year < FIRST_YEAR:
        errors["awarded_on"] = _("授予日期不能早于 1921 年。")
    if errors:
        raise ValidationError(errors)
    honour = Honour.objects.create(brand=brand, title=title, awarded_by=awarded_by, level=level,
                                   awarded_on=awarded_on, recorded_by=_who(user))
    audit_log(user=user, action="brand.honour", obj=brand, request=request,
              changes={"honour": [None, f"{title}（{awarded_by}，{awarded_on}）"]})
    return honour


@transaction.atomic
def brand_case_create(*, user, brand, title, year, text, file=None, request=None):
    title, text = (title or "").strip(), (text or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("请填写案例标题。")
    if not text:
        errors["text"] = _("请填写案例内容。")
    if year is None or not FIRST_YEAR <= year <= date.today().year:
        errors["year"] = _("年度须在 1921 年至今年之间。")
    if file is not None and (message := upload_error(file.name, file, file.size, MAX_CASE_FILE_BYTES)):
        errors["file"] = message
    if errors:
        raise ValidationError(errors)
    case = BrandCase(brand=brand, title=title, year=year, text=text, created_by=_who(user))
    if file is not None:
        case.file_name = file.name[:200]
        case.file.save(file.name[-100:], file, save=False)
    case.save()
    audit_log(user=user, action="brand.case", obj=case, request=request,
              changes={"brand": [None, str(brand.pk)], "title": [None, title], "year": [None, str(year)]})
    return case
