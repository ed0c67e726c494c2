"""Emptying the registry before a new demo seed (``seed_demo --reset``).

What goes: members, party orgs, units, zones, county committees, unit categories, their
histories, the role grants scoped to them, and rows of other apps that hang on them (found
through the model graph, so a new app's records are covered without changes here).
What stays: user accounts, assessing departments and the audit log. The seed never touches
the audit log, so the 180-day retention (and the PostgreSQL trigger enforcing it) holds.
"""
from django.db import connection, transaction

from dangjian.orgs.models import (
    CountyCommittee, Member, MemberTransfer, OrgMove, PartyOrg, Unit, UnitCategory, Zone,
)

# Deleted in this order, by plain DELETE statements (the cascades are handled first).
REGISTRY_MODELS = [
    MemberTransfer, OrgMove, Member, PartyOrg.covered_units.through, PartyOrg,
    Unit, Zone, CountyCommittee, UnitCategory,
]


def registry_counts() -> dict:
    return {
        "units": Unit.objects.count(),
        "zones": Zone.objects.count(),
        "party_orgs": PartyOrg.objects.count(),
        "members": Member.objects.count(),
        "county_committees": CountyCommittee.objects.count(),
    }


def registry_is_empty() -> bool:
    return not any(m.objects.exists() for m in (Unit, Zone, PartyOrg, Member, CountyCommittee))


def _dependants():
    """(model, fk field) of every model outside the registry pointing into it."""
    registry = set(REGISTRY_MODELS)
    seen = set()
    for model in REGISTRY_MODELS:
        for rel in model._meta.get_fields(include_hidden=True):
            if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
                continue
            if rel.related_model in registry or (rel.related_model, rel.field.name) in seen:
                continue
            seen.add((rel.related_model, rel.field.name))
            yield rel.related_model, rel.field


@transaction.atomic
def registry_reset():
    """Delete all registry data (see the module docstring for what stays)."""
    from .assessment import assessment_purge
    from .rectification import rectification_purge
    from .selections import selections_purge

    rectification_purge()   # they point at ledger entries
    assessment_purge()      # append-only tables first, under the reset's own permission
    selections_purge()      # titles are history the app never deletes: only a reset removes them
    for model, fk in _dependants():
        rows = model._base_manager.filter(**{f"{fk.name}__isnull": False})
        if fk.null and fk.remote_field.on_delete.__name__ == "SET_NULL":
            rows.update(**{fk.name: None})
        else:
            rows.delete()   # the ORM, so their own cascades run
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {qn(Zone._meta.db_table)} SET {qn('lead_unit_id')} = NULL")
        cursor.execute(f"UPDATE {qn(PartyOrg._meta.db_table)} SET {qn('parent_id')} = NULL")
        for model in REGISTRY_MODELS:
            cursor.execute(f"DELETE FROM {qn(model._meta.db_table)}")
