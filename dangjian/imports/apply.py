"""Import services: validate an upload into a batch, then apply it in one transaction.

Every row is validated before anything is written; the writes are bulk operations inside
one ``transaction.atomic``, so a single bad row (or a failure half-way) writes nothing.
"""
import base64
import hashlib
from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dangjian.accounts.gatekeeper import CONFIGURE, IMPORT, SCORE, can
from dangjian.audit.services import audit_log, diff
from dangjian.lib import crypto
from dangjian.orgs.counts import member_counts_refresh
from dangjian.orgs.models import Member, MemberTransfer, PartyOrg, Unit
from dangjian.orgs.rules import org_path
from dangjian.records.models import Activity
from dangjian.records.selectors import records_changed

from .audit import import_audit
from .models import ImportBatch, ImportKind
from .parse import parse_sheet
from .plan import chunks, plan_units
from .plan_activities import plan_activities
from .plan_ledger import plan_ledger
from .plan_members import build_member, plan_members
from .plan_orgs import plan_orgs
from .specs import spec_for

BATCH_SIZE = 1000
GROUP_MIN = 20        # rows sharing one new value that are worth a single UPDATE
PLANNERS = {ImportKind.UNITS: plan_units, ImportKind.ORGS: plan_orgs, ImportKind.MEMBERS: plan_members,
            ImportKind.ACTIVITIES: plan_activities, ImportKind.LEDGER: plan_ledger}
AUDIT_ACTIONS = {ImportKind.ACTIVITIES: "activity.import",      # the rest change the registry
                 ImportKind.LEDGER: "ledger.import"}


class ImportRejected(Exception):
    """The file no longer validates; ``plan.errors`` says why. Nothing was written."""

    def __init__(self, plan):
        super().__init__(_("导入未执行：文件校验未通过"))
        self.plan = plan


def can_import(user, kind) -> bool:
    if kind == ImportKind.UNITS:
        return can(user, CONFIGURE)       # units belong to the committee's configuration
    if kind == ImportKind.LEDGER:
        return can(user, SCORE)           # a department's facts, for the indicators it owns
    return can(user, IMPORT)


def import_validate(*, user, kind, data: bytes):
    """Parse and plan without writing. Raises FileRefused for an unusable file."""
    if not can_import(user, kind):
        raise PermissionDenied
    sheet = parse_sheet(data, spec_for(kind))
    return PLANNERS[kind](user=user, sheet=sheet)


def _seal(data: bytes) -> str:
    return crypto.encrypt(base64.b64encode(data).decode("ascii"))


def _unseal(token: str) -> bytes:
    return base64.b64decode(crypto.decrypt(token))


@transaction.atomic
def batch_create(*, user, kind, filename, data: bytes, request=None):
    """(batch, plan): a batch awaiting confirmation, or (None, plan) when rows have errors."""
    plan = import_validate(user=user, kind=kind, data=data)
    if plan.errors:
        return None, plan
    # An unconfirmed earlier upload is superseded; its file (personal data) is dropped.
    ImportBatch.objects.filter(user=user, status=ImportBatch.Status.VALIDATED).update(
        status=ImportBatch.Status.DISCARDED, file_enc="")
    batch = ImportBatch.objects.create(
        user=user, kind=kind, filename=filename[:200], file_enc=_seal(data),
        sha256=hashlib.sha256(data).hexdigest(), **plan.counts())
    audit_log(user=user, action="import.upload", obj=batch, request=request,
              changes=diff({}, {"kind": kind, **plan.counts()}))
    return batch, plan


def stale_plan_error() -> ValidationError:
    return ValidationError(_("数据已变化，请重新上传校验。"), code="stale")


def _one_confirm_at_a_time(kind, batch_pk):
    """Hold, until this transaction ends, the lock that serialises confirms of one kind: two
    overlapping batches confirmed at once would each plan against a registry without the
    other's rows and write the same people twice. PostgreSQL: a transaction-scoped advisory
    lock. SQLite: a write as the transaction's first statement takes the database's single
    writer lock, so the second confirm waits (busy timeout) and then plans on committed rows."""
    if connection.vendor == "postgresql":
        key = int.from_bytes(hashlib.sha256(f"dangjian.import.{kind}".encode()).digest()[:8], "big",
                             signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
    else:
        ImportBatch.objects.filter(pk=batch_pk).update(status=F("status"))


def batch_apply(*, user, batch, request=None):
    """Re-validate the stored file and write it all, or nothing.

    Confirms of one kind run one at a time, each re-planning on the registry as it is then.
    When that plan differs from the one the person confirmed (another batch or a form wrote
    the same people meanwhile), nothing is written and the file must be checked again."""
    try:
        return _apply(user=user, batch=batch, request=request)
    except IntegrityError:      # a unique value taken meanwhile outside imports (say, a form)
        stale = stale_plan_error()
    except ValidationError as exc:
        if exc.code != "stale":
            raise
        stale = exc
    # The plan the person confirmed no longer holds: the batch (and its personal data) is dropped.
    ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.VALIDATED).update(
        status=ImportBatch.Status.DISCARDED, file_enc="")
    raise stale


@transaction.atomic
def _apply(*, user, batch, request):
    _one_confirm_at_a_time(batch.kind, batch.pk)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk, user=user)
    if batch.status != ImportBatch.Status.VALIDATED:
        raise ValidationError(_("该批次已导入或已作废，不能再次确认。"))
    data = _unseal(batch.file_enc)
    if hashlib.sha256(data).hexdigest() != batch.sha256:
        raise ValidationError(_("文件校验值不符，请重新上传。"))
    plan = import_validate(user=user, kind=batch.kind, data=data)
    if plan.errors:
        raise ImportRejected(plan)
    if plan.counts() != {key: getattr(batch, key) for key in plan.counts()}:
        raise stale_plan_error()        # not what the person saw and confirmed
    WRITERS[batch.kind](plan=plan, user=user)
    if batch.kind == ImportKind.MEMBERS:
        member_counts_refresh()         # the orgs' stored member counts, in one statement
    batch.status, batch.applied_at, batch.file_enc = ImportBatch.Status.APPLIED, timezone.now(), ""
    batch.save()
    counts = {"kind": batch.kind, **plan.counts()}
    if batch.kind == ImportKind.ACTIVITIES:
        counts["kept"] = plan.extra.get("kept", 0)      # matched records entered through the form
    else:
        counts["transfers"] = len(plan.extra.get("transfers", []))
    action = AUDIT_ACTIONS.get(batch.kind, "registry.import")
    audit_log(user=user, action=action, obj=batch, request=request, changes=diff({}, counts))
    import_audit(user=user, batch=batch, plan=plan, request=request)     # one entry per object
    return plan


# ---- writers: bulk operations only -----------------------------------------------------------

def _bulk_update(model, plan):
    """Write the changed fields. Where many rows get the same new value (a post renamed, a
    batch of probationary members made full) one ``UPDATE … WHERE id IN`` does it; the rest
    go through ``bulk_update``, one field at a time so each CASE stays small."""
    groups = defaultdict(list)          # (field, value) -> objects
    for obj in plan.updates:
        for name in plan.changed[id(obj)]:
            groups[(name, getattr(obj, name))].append(obj)
    rest = defaultdict(list)            # field -> objects
    for (name, value), objs in groups.items():
        if len(objs) < GROUP_MIN:
            rest[name].extend(objs)
            continue
        for part in chunks([o.pk for o in objs]):
            model.objects.filter(pk__in=part).update(**{name: value})
    for name, objs in rest.items():
        model.objects.bulk_update(objs, [name], batch_size=BATCH_SIZE)


def _write_units(*, plan, user):
    Unit.objects.bulk_create(plan.creates, batch_size=BATCH_SIZE)
    if plan.updates:
        _bulk_update(Unit, plan)


def _write_orgs(*, plan, user):
    """Create level by level (a parent gets its id before its children), then set paths."""
    parents = plan.extra.get("parents", {})
    levels = plan.extra.get("levels", [])
    by_level = {}
    for org, level in zip(plan.creates, levels):
        by_level.setdefault(level, []).append(org)
    for level in sorted(by_level):
        orgs = by_level[level]
        for org in orgs:
            org.parent = parents.get(id(org))
        PartyOrg.objects.bulk_create(orgs, batch_size=BATCH_SIZE)
        for org in orgs:
            org.path, org.depth = org_path(org.parent.path if org.parent else None, org.pk)
        PartyOrg.objects.bulk_update(orgs, ["path", "depth"], batch_size=BATCH_SIZE)
    if plan.updates:
        _bulk_update(PartyOrg, plan)


def _bump_versions(model, objs):
    """An edit form opened before the import is then refused as stale, not saved over it."""
    for part in chunks([o.pk for o in objs]):
        model.objects.filter(pk__in=part).update(version=F("version") + 1)


def _write_members(*, plan, user):
    plan.creates = [build_member(values) for values in plan.creates]     # instances, for the audit
    Member.objects.bulk_create(plan.creates, batch_size=BATCH_SIZE)
    if plan.updates:
        _bulk_update(Member, plan)
        _bump_versions(Member, plan.updates)
    today = timezone.localdate()
    MemberTransfer.objects.bulk_create(
        [MemberTransfer(member=m, from_branch_id=old, to_branch_id=new, moved_on=today,
                        reason=_("批量导入"), by=user)
         for m, old, new in plan.extra.get("transfers", [])],
        batch_size=BATCH_SIZE)


def _write_activities(*, plan, user):
    """Counts only: no roster lines and no votes for an imported record."""
    Activity.objects.bulk_create(plan.creates, batch_size=BATCH_SIZE)
    if plan.updates:        # study_ways is a list (unhashable): no grouping as in _bulk_update
        fields = sorted({name for obj in plan.updates for name in plan.changed[id(obj)]})
        Activity.objects.bulk_update(plan.updates, fields, batch_size=BATCH_SIZE)
        _bump_versions(Activity, plan.updates)
    transaction.on_commit(records_changed)


def _write_ledger(*, plan, user):
    """Each fact through the ledger service (its department lock, once-per-case rule and audit),
    in the import's one transaction: a fact the service refuses writes nothing at all."""
    from dangjian.assessment.services import ledger_entry_create

    plan.creates = [ledger_entry_create(user=user, indicator=f.indicator, body=f.body, fact=f.fact,
                                        occurred_on=f.occurred_on, case_ref=f.case_ref, severity=f.severity,
                                        points=f.points)
                    for f in plan.creates]


WRITERS = {ImportKind.UNITS: _write_units, ImportKind.ORGS: _write_orgs, ImportKind.MEMBERS: _write_members,
           ImportKind.ACTIVITIES: _write_activities, ImportKind.LEDGER: _write_ledger}


def batch_visible(user):
    """Batches a user may look at or confirm: only their own uploads."""
    return ImportBatch.objects.filter(user=user) if user.is_authenticated else ImportBatch.objects.none()
