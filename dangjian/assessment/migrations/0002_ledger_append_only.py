"""On PostgreSQL the database itself refuses to change or delete ledger entries, as it does
for the audit log. SQLite relies on the model's guards."""
from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION assessment_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are append-only: correct one with a reversing entry';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS assessment_ledger_append_only ON assessment_ledgerentry;
CREATE TRIGGER assessment_ledger_append_only BEFORE UPDATE OR DELETE ON assessment_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION assessment_ledger_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS assessment_ledger_append_only ON assessment_ledgerentry;
DROP FUNCTION IF EXISTS assessment_ledger_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
