"""Brand services on their own: who a brand may belong to, and what they refuse (in Chinese)."""
import pytest
from django.core.exceptions import ValidationError

from dangjian.audit.models import AuditEntry
from dangjian.brands import services
from dangjian.brands.models import Brand
from dangjian.brands.selectors import can_manage, visible_brands


def test_a_brand_belongs_to_exactly_one_unit_or_branch(reg):
    with pytest.raises(ValidationError, match="须属于一个单位或一个党支部"):
        services.brand_register(user=reg.committee, unit=reg.unit_a, org=reg.branch_a1, name="n", meaning="m")
    with pytest.raises(ValidationError, match="须属于一个单位或一个党支部"):
        services.brand_register(user=reg.committee, name="n", meaning="m")
    with pytest.raises(ValidationError, match="只有在册的党支部"):
        services.brand_register(user=reg.committee, org=reg.oc_a, name="n", meaning="m")
    assert not Brand.objects.exists() and not AuditEntry.objects.filter(action="brand.register").exists()


def test_an_update_that_changes_nothing_writes_nothing(reg):
    brand = services.brand_register(user=reg.unit_admin, unit=reg.unit_a, name="五彩", meaning="内涵")
    entries = AuditEntry.objects.count()
    services.brand_update(user=reg.unit_admin, brand=brand, name="五彩", meaning="内涵")
    assert AuditEntry.objects.count() == entries


def test_who_keeps_and_who_sees_a_brand(reg):
    unit = services.brand_register(user=reg.unit_admin, unit=reg.unit_a, name="五彩", meaning="m")
    branch = services.brand_register(user=reg.secretary, org=reg.branch_a1, name="红帆", meaning="m")
    other = services.brand_register(user=reg.committee, unit=reg.unit_b, name="财政", meaning="m")
    assert can_manage(reg.unit_admin, unit) and can_manage(reg.unit_admin, branch)
    assert can_manage(reg.secretary, branch) and not can_manage(reg.secretary, unit)
    assert can_manage(reg.committee, other) and not can_manage(reg.dept, unit)
    assert set(visible_brands(reg.secretary)) == {unit, branch}
    assert set(visible_brands(reg.outsider)) == {other}
    assert set(visible_brands(reg.dept)) == {unit, branch, other}
    assert not visible_brands(reg.member_user).exists()
