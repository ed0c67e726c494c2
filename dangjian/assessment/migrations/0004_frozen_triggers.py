"""On PostgreSQL the database refuses to change or delete a published snapshot (its header
and rows) or an appeal's message, as it does for the ledger.

One exception, for all four tables: ``seed_demo --reset`` empties the assessment data inside
its transaction after ``SET LOCAL dangjian.demo_reset = 'on'`` (dangjian/demo/assessment.py).
Updates are refused always."""
import importlib

from django.db import migrations

TABLES = {
    "assessment_ledgerentry": "ledger entries are append-only: correct one with a reversing entry",
    "assessment_snapshot": "a published snapshot never changes",
    "assessment_snapshotrow": "a published snapshot never changes",
    "assessment_appealmessage": "appeal messages are append-only",
}


def _create(table, message):
    fn = f"{table}_append_only"
    return f"""
CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('dangjian.demo_reset', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '{message}';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS {fn} ON {table};
CREATE TRIGGER {fn} BEFORE UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION {fn}();
"""


def _drop(table):
    fn = f"{table}_append_only"
    return f"DROP TRIGGER IF EXISTS {fn} ON {table}; DROP FUNCTION IF EXISTS {fn}();"


OLD_LEDGER = "assessment_ledger_append_only"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {OLD_LEDGER} ON assessment_ledgerentry; "
                          f"DROP FUNCTION IF EXISTS {OLD_LEDGER}();")
    for table, message in TABLES.items():
        schema_editor.execute(_create(table, message))


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(_drop(table))
    mod = importlib.import_module("dangjian.assessment.migrations.0002_ledger_append_only")
    schema_editor.execute(mod.CREATE)


class Migration(migrations.Migration):
    dependencies = [("assessment", "0003_appeals_snapshots")]
    operations = [migrations.RunPython(forwards, backwards)]
