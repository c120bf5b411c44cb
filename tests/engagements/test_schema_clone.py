"""A municipality cloned from the template schema is the same as one built by its migrations.

New municipalities are cloned from `tenant_template` and their migrations are only recorded
(faked). That is safe only if the clone has exactly the structure the migrations would have
built, so one municipality is provisioned each way and their catalogues are compared.
"""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django_tenants.utils import schema_context

from engagements.services import municipality_create
from phases.models import Engagement
from taxonomy.models import Dimension
from tests.conftest import rolled_back_afterwards

pytestmark = pytest.mark.django_db

TEMPLATE = settings.TENANT_BASE_SCHEMA


def rows(sql: str, schema: str, **params: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, {"schema": schema, **params})
        return cursor.fetchall()


def neutral(value, schema: str):
    """A catalogue value with its own schema's name taken out, so two schemas compare equal."""
    if not isinstance(value, str):
        return value
    return value.replace(f'"{schema}".', "<schema>.").replace(f"{schema}.", "<schema>.")


def neutral_rows(sql: str, schema: str) -> set[tuple]:
    return {tuple(neutral(value, schema) for value in row) for row in rows(sql, schema)}


TABLES = """
    SELECT table_name, table_type FROM information_schema.tables
    WHERE table_schema = %(schema)s
"""
# Column position is left out: a migrated table keeps gaps where columns were dropped.
COLUMNS = """
    SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
           character_maximum_length, numeric_precision, numeric_scale, is_identity,
           identity_generation, identity_start, identity_increment, is_generated
    FROM information_schema.columns WHERE table_schema = %(schema)s
"""
BASE_TABLES = """
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = %(schema)s AND table_type = 'BASE TABLE'
"""
INDEXES = """
    SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %(schema)s
"""
CONSTRAINTS = """
    SELECT rel.relname, con.conname, con.contype, con.condeferrable, con.condeferred,
           pg_get_constraintdef(con.oid)
    FROM pg_constraint con
    JOIN pg_class rel ON rel.oid = con.conrelid
    JOIN pg_namespace nsp ON nsp.oid = con.connamespace
    WHERE nsp.nspname = %(schema)s
"""
# A constraint's target is shown qualified when its schema is not on the search path, so a
# foreign key that pointed into the template (not the clone's own table) would show up here.
FOREIGN_KEY_TARGETS = """
    SELECT con.conname, target_nsp.nspname
    FROM pg_constraint con
    JOIN pg_namespace nsp ON nsp.oid = con.connamespace
    JOIN pg_class target ON target.oid = con.confrelid
    JOIN pg_namespace target_nsp ON target_nsp.oid = target.relnamespace
    WHERE nsp.nspname = %(schema)s AND con.contype = 'f'
"""
SEQUENCES = """
    SELECT sequencename, data_type, start_value, min_value, max_value, increment_by, cycle,
           cache_size
    FROM pg_sequences WHERE schemaname = %(schema)s
"""
# Which column owns each sequence, and the sequence's schema: the clone's own, not the template.
SEQUENCE_OWNERS = """
    SELECT seq.relname, tbl.relname, att.attname, seq_nsp.nspname
    FROM pg_class seq
    JOIN pg_namespace seq_nsp ON seq_nsp.oid = seq.relnamespace
    JOIN pg_depend dep ON dep.objid = seq.oid AND dep.deptype IN ('a', 'i')
    JOIN pg_class tbl ON tbl.oid = dep.refobjid
    JOIN pg_namespace tbl_nsp ON tbl_nsp.oid = tbl.relnamespace
    JOIN pg_attribute att ON att.attrelid = tbl.oid AND att.attnum = dep.refobjsubid
    WHERE seq.relkind = 'S' AND tbl_nsp.nspname = %(schema)s
"""
MIGRATIONS = 'SELECT app, name FROM "{schema}".django_migrations'


def recorded_migrations(schema: str) -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(MIGRATIONS.format(schema=schema))
        return set(cursor.fetchall())


def sequence_last_value(schema: str, sequence: str) -> int | None:
    found = rows(
        "SELECT last_value FROM pg_sequences "
        "WHERE schemaname = %(schema)s AND sequencename = %(sequence)s",
        schema,
        sequence=sequence,
    )
    assert found, f"no sequence {schema}.{sequence}"
    return found[0][0]


@pytest.fixture(scope="module")
def provisioned(django_db_setup, django_db_blocker) -> Iterator[tuple[str, str]]:
    """Provision one municipality by cloning the template and one by running the migrations.

    Once for the module: running the migrations takes a while.
    """
    with rolled_back_afterwards(django_db_blocker):
        cloned = municipality_create(name="Geklont", slug="cloned", created_by=None)
        # django-tenants clones only when TENANT_CREATION_FAKES_MIGRATIONS is set
        # (TenantMixin.create_schema asks get_creation_fakes_migrations()); otherwise it runs
        # migrate_schemas on a fresh, empty schema.
        with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=False):
            migrated = municipality_create(name="Migriert", slug="migrated", created_by=None)
        connection.set_schema_to_public()
        yield cloned.schema_name, migrated.schema_name


@pytest.fixture
def cloned_and_migrated(provisioned, db) -> tuple[str, str]:
    return provisioned


def test_cloned_schema_has_the_tables_columns_indexes_constraints_and_sequences_of_a_migrated_one(
    cloned_and_migrated,
):
    cloned, migrated = cloned_and_migrated
    catalogues = {
        "tables": TABLES,
        "columns": COLUMNS,
        "indexes": INDEXES,
        "constraints": CONSTRAINTS,
        "sequences": SEQUENCES,
    }

    differences = {}
    for name, sql in catalogues.items():
        in_clone, in_migrated = neutral_rows(sql, cloned), neutral_rows(sql, migrated)
        assert in_clone, f"no {name} found; the comparison would prove nothing"
        if in_clone != in_migrated:
            differences[name] = {
                "only in the clone": sorted(in_clone - in_migrated, key=str),
                "only in the migrated schema": sorted(in_migrated - in_clone, key=str),
            }

    assert differences == {}


def test_a_cloned_unique_constraint_keeps_the_name_its_migration_gave_it(cloned_and_migrated):
    # A later migration drops or alters a constraint by this name, in every municipality.
    cloned, _migrated = cloned_and_migrated

    names = {name for _table, name, *_rest in rows(CONSTRAINTS, cloned)}

    assert {"one_phase_per_number", "unique_topic_per_dimension"} <= names


def test_cloned_schema_records_the_same_migrations_as_the_migrated_one(cloned_and_migrated):
    cloned, migrated = cloned_and_migrated

    assert recorded_migrations(cloned) == recorded_migrations(migrated)
    assert recorded_migrations(cloned) == recorded_migrations(TEMPLATE)
    assert ("phases", "0001_initial") in recorded_migrations(cloned)


def test_foreign_keys_of_a_clone_point_into_the_clone_not_the_template(cloned_and_migrated):
    cloned, _migrated = cloned_and_migrated

    targets = rows(FOREIGN_KEY_TARGETS, cloned)

    assert targets
    assert {schema for _name, schema in targets} == {cloned}


def test_sequences_of_a_clone_belong_to_the_clone(cloned_and_migrated):
    cloned, _migrated = cloned_and_migrated

    owners = rows(SEQUENCE_OWNERS, cloned)

    assert {(table, column) for _seq, table, column, _schema in owners} == {
        (table, "id") for (table,) in rows(BASE_TABLES, cloned)
    }
    assert {schema for *_columns, schema in owners} == {cloned}


def test_a_clone_numbers_its_rows_from_one_and_leaves_the_template_sequences_alone():
    template_dimensions = sequence_last_value(TEMPLATE, "taxonomy_dimension_id_seq")

    municipality = municipality_create(name="Nochmal geklont", slug="cloned-again", created_by=None)
    with schema_context(municipality.schema_name):
        # Seeding inserted one engagement and the three dimensions of the method.
        assert list(Engagement.objects.values_list("id", flat=True)) == [1]
        assert sorted(Dimension.objects.values_list("id", flat=True)) == [1, 2, 3]
        added = Dimension.objects.create(key="extra", name="Extra", position=9)
    connection.set_schema_to_public()

    assert added.id == 4
    assert sequence_last_value(TEMPLATE, "taxonomy_dimension_id_seq") == template_dimensions
    assert sequence_last_value(municipality.schema_name, "taxonomy_dimension_id_seq") == 4


def test_municipalities_cloned_from_one_template_do_not_share_a_sequence(alpha, beta):
    for municipality in (alpha, beta):
        with schema_context(municipality.schema_name):
            assert list(Engagement.objects.values_list("id", flat=True)) == [1]
