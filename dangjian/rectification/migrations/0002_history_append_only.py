"""On PostgreSQL the database itself refuses to change or delete a step of a problem's history,
as it does for the ledger; only ``seed_demo --reset`` deletes, inside its transaction after
``SET LOCAL dangjian.demo_reset = 'on'`` (dangjian/demo/rectification.py). SQLite relies on the
model's guards."""
from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION rectification_history_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('dangjian.demo_reset', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'rectification history is append-only';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS rectification_history_append_only ON rectification_transition;
CREATE TRIGGER rectification_history_append_only BEFORE UPDATE OR DELETE ON rectification_transition
    FOR EACH ROW EXECUTE FUNCTION rectification_history_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS rectification_history_append_only ON rectification_transition;
DROP FUNCTION IF EXISTS rectification_history_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("rectification", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
