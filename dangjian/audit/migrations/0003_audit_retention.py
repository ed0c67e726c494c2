"""The retention period of the audit log comes from AUDIT_RETENTION_DAYS, not from a number
written into the trigger.

On PostgreSQL the trigger now asks ``audit_retention_days()``, a one-line SQL function holding
the configured number of days; it never answers less than 180 (the legal floor), whatever the
function says. ``manage.py prune_audit`` rewrites the function from the setting before it
deletes, so a changed setting reaches the database the next time it runs.
"""
from django.conf import settings
from django.db import migrations

FLOOR = 180

FUNCTION = """
CREATE OR REPLACE FUNCTION audit_retention_days() RETURNS integer AS $$
    SELECT %d
$$ LANGUAGE sql STABLE;
"""

TRIGGER = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit entries are append-only';
    END IF;
    IF TG_OP = 'DELETE'
       AND OLD.at > now() - make_interval(days => GREATEST(180, audit_retention_days())) THEN
        RAISE EXCEPTION 'audit entries are kept at least % days', GREATEST(180, audit_retention_days());
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
"""

OLD_TRIGGER = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION 'audit entries are append-only';
    END IF;
    IF TG_OP = 'DELETE' AND OLD.at > now() - interval '180 days' THEN
        RAISE EXCEPTION 'audit entries are kept at least 180 days';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
DROP FUNCTION IF EXISTS audit_retention_days();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        days = max(FLOOR, int(getattr(settings, "AUDIT_RETENTION_DAYS", FLOOR)))
        schema_editor.execute(FUNCTION % days, params=None)
        schema_editor.execute(TRIGGER, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OLD_TRIGGER, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]
    operations = [migrations.RunPython(forwards, backwards)]
