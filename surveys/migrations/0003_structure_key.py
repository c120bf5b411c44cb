import uuid

from django.db import migrations, models

# Every change to a survey's questionnaire gives the survey a new structure_key, in the
# database itself, so that no path (services, admin, shell, bulk updates) can change the
# questions without the kept copy of the questionnaire going out of date (selectors).
SQL = """
CREATE OR REPLACE FUNCTION surveys_structure_changed() RETURNS trigger AS $$
DECLARE
    changed record;
    survey bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
    IF TG_TABLE_NAME IN ('surveys_section', 'surveys_question') THEN
        survey := changed.survey_id;
    ELSE
        SELECT q.survey_id INTO survey FROM surveys_question q WHERE q.id = changed.question_id;
    END IF;
    UPDATE surveys_survey SET structure_key = gen_random_uuid() WHERE id = survey;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
TABLES = [
    "surveys_section",
    "surveys_question",
    "surveys_option",
    "surveys_matrixrow",
    "surveys_question_groups",
]
SQL += "".join(
    f"CREATE TRIGGER {table}_structure AFTER INSERT OR UPDATE OR DELETE ON {table} "
    "FOR EACH ROW EXECUTE FUNCTION surveys_structure_changed();\n"
    for table in TABLES
)
REVERSE = "".join(f"DROP TRIGGER IF EXISTS {table}_structure ON {table};\n" for table in TABLES)
REVERSE += "DROP FUNCTION IF EXISTS surveys_structure_changed();\n"


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_answer_text_prefix_index")]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="structure_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.RunSQL(SQL, REVERSE),
    ]
