from django.db import migrations

# A frozen roadmap version never changes, in the database itself: a row trigger refuses UPDATE
# and DELETE (dropping the municipality's schema still removes it). A second trigger holds the
# dot budget: a dot numbered above the workshop's budget is refused; with the unique
# (voter, dot) constraint no participant can place more dots than the budget, however many
# requests race.
SQL = """
CREATE OR REPLACE FUNCTION roadmap_version_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'A frozen roadmap version cannot be changed';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER roadmap_roadmapversion_frozen
BEFORE UPDATE OR DELETE ON roadmap_roadmapversion
FOR EACH ROW EXECUTE FUNCTION roadmap_version_refuse_change();

CREATE OR REPLACE FUNCTION roadmap_vote_within_budget() RETURNS trigger AS $$
DECLARE
    budget integer;
BEGIN
    SELECT w.dots_per_participant INTO budget
    FROM roadmap_voter v JOIN roadmap_workshop w ON w.id = v.workshop_id
    WHERE v.id = NEW.voter_id;
    IF NEW.dot > budget THEN
        RAISE EXCEPTION 'dot % is over the budget of % dots', NEW.dot, budget
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER roadmap_vote_budget
BEFORE INSERT OR UPDATE ON roadmap_vote
FOR EACH ROW EXECUTE FUNCTION roadmap_vote_within_budget();
"""

REVERSE = """
DROP TRIGGER IF EXISTS roadmap_vote_budget ON roadmap_vote;
DROP FUNCTION IF EXISTS roadmap_vote_within_budget();
DROP TRIGGER IF EXISTS roadmap_roadmapversion_frozen ON roadmap_roadmapversion;
DROP FUNCTION IF EXISTS roadmap_version_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0001_initial")]
    operations = [migrations.RunSQL(SQL, REVERSE)]
