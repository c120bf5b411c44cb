from django.db import migrations

# Row triggers do not see TRUNCATE; a statement trigger closes that way of emptying the log.
SQL = """
CREATE TRIGGER accounts_auditentry_no_truncate
BEFORE TRUNCATE ON accounts_auditentry
FOR EACH STATEMENT EXECUTE FUNCTION accounts_auditentry_refuse_change();
"""
REVERSE = "DROP TRIGGER IF EXISTS accounts_auditentry_no_truncate ON accounts_auditentry;"


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_audit_actions_staff")]
    operations = [migrations.RunSQL(SQL, REVERSE)]
