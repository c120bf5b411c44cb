"""Provisioning municipalities: tenant row, schema (cloned from a template), domain, seed data."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context, schema_exists

from accounts.models import AuditEntry, Membership, Role, User
from accounts.services import audit_record
from library.services import templates_seed
from phases.services import engagement_seed
from taxonomy.services import taxonomy_seed

from .models import RESERVED_SLUGS, SLUG_PATTERN, Domain, Municipality
from .summaries import summary_refresh


def schema_name_for(slug: str) -> str:
    return slug.replace("-", "_")


def validate_slug(slug: str) -> None:
    if not re.fullmatch(SLUG_PATTERN, slug):
        raise ValidationError(
            {
                "slug": _(
                    "Use 3 to 42 lower-case letters, digits and hyphens, starting with a letter "
                    "and not ending with a hyphen."
                )
            }
        )
    if slug in RESERVED_SLUGS or slug.startswith("pg-") or "--" in slug:
        raise ValidationError({"slug": _("“%(slug)s” is reserved.") % {"slug": slug}})
    schema = schema_name_for(slug)
    if (
        Municipality.objects.filter(slug=slug).exists()
        or Municipality.objects.filter(schema_name=schema).exists()
        or schema == settings.TENANT_BASE_SCHEMA
        or schema_exists(schema)
    ):
        raise ValidationError({"slug": _("The address “%(slug)s” is taken.") % {"slug": slug}})


def template_schema_ensure_current() -> None:
    """Create or migrate the template schema that new municipalities are cloned from.

    Cheap when nothing changed (one migration-plan check). Run before cloning, so a clone
    never fakes a migration that the template did not really apply.
    """
    template = settings.TENANT_BASE_SCHEMA
    if schema_exists(template):
        with schema_context(template):
            executor = MigrationExecutor(connection)
            if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
                return
    else:
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{template}"')
    call_command("migrate_schemas", schema_name=template, interactive=False, verbosity=0)


def clone_names_align(schema: str) -> None:
    """Give a schema cloned from the template the template's constraint names and sequence types.

    The clone copies tables with CREATE TABLE … (LIKE … INCLUDING ALL), which renames every
    unique constraint by PostgreSQL's default rule (`<table>_<columns>_key`) and makes every
    identity sequence bigint. A later migration that drops or alters a constraint by its Django
    name would then fail on every cloned municipality. A migrated schema is left as it is.
    """
    template = settings.TENANT_BASE_SCHEMA
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT clone_table.relname, clone_con.conname, template_con.conname
            FROM pg_constraint template_con
            JOIN pg_class template_table ON template_table.oid = template_con.conrelid
            JOIN pg_class clone_table ON clone_table.relname = template_table.relname
            JOIN pg_constraint clone_con ON clone_con.conrelid = clone_table.oid
                AND clone_con.contype = template_con.contype
                AND pg_get_constraintdef(clone_con.oid) = pg_get_constraintdef(template_con.oid)
            WHERE template_table.relnamespace = %s::regnamespace
                AND clone_table.relnamespace = %s::regnamespace
                AND template_con.contype = 'u' AND clone_con.conname <> template_con.conname
            """,
            [template, schema],
        )
        for table, clone_name, template_name in cursor.fetchall():
            cursor.execute(
                f'ALTER TABLE "{schema}"."{table}" '
                f'RENAME CONSTRAINT "{clone_name}" TO "{template_name}"'
            )
        cursor.execute(
            """
            SELECT clone.sequencename, template.data_type::text
            FROM pg_sequences template
            JOIN pg_sequences clone ON clone.sequencename = template.sequencename
            WHERE template.schemaname = %s AND clone.schemaname = %s
                AND clone.data_type <> template.data_type
            """,
            [template, schema],
        )
        for sequence, data_type in cursor.fetchall():
            cursor.execute(f'ALTER SEQUENCE "{schema}"."{sequence}" AS {data_type}')


def municipality_create(
    *,
    name: str,
    slug: str,
    created_by: User | None,
    region: str = "",
    population: int | None = None,
    language: str = "de",
    contact_name: str = "",
    contact_email: str = "",
    request: HttpRequest | None = None,
) -> Municipality:
    """Provision a municipality in one transaction: all of it exists afterwards, or none of it.

    PostgreSQL DDL is transactional, so a failure at any step also rolls back the schema.
    """
    template_schema_ensure_current()
    with transaction.atomic():
        return _provision(
            name=name.strip(),
            slug=slug,
            created_by=created_by,
            region=region,
            population=population,
            language=language,
            contact_name=contact_name,
            contact_email=contact_email,
            request=request,
        )


def _provision(*, name: str, slug: str, created_by: User | None, request, **fields) -> Municipality:
    if Municipality.objects.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": _("A municipality called “%(name)s” exists.") % {"name": name}}
        )
    validate_slug(slug)
    municipality = Municipality(name=name, slug=slug, schema_name=schema_name_for(slug), **fields)
    municipality.full_clean()
    municipality.save(verbosity=0)
    clone_names_align(municipality.schema_name)
    Domain.objects.create(
        domain=f"{slug}.{settings.BASE_DOMAIN}", tenant=municipality, is_primary=True
    )
    with schema_context(municipality.schema_name), translation.override(municipality.language):
        engagement_seed(title=_("Digital transformation of %(name)s") % {"name": name})
        taxonomy_seed()
        # Interview guides, survey templates and a changed activity checklist come from the
        # firm's library (its current versions, copied), else from the method's built-ins.
        templates_seed(language=municipality.language)
    if created_by is not None and created_by.is_firm_staff:
        Membership.objects.create(user=created_by, municipality=municipality, role=Role.CONSULTANT)
    audit_record(
        action=AuditEntry.Action.MUNICIPALITY_CREATED,
        actor=created_by,
        municipality=municipality,
        target=municipality.name,
        details={"slug": slug},
        request=request,
    )
    summary_refresh(municipality=municipality)
    return municipality


def public_site_ensure() -> Municipality:
    """The consultancy's own site is django-tenants' public tenant, served at BASE_DOMAIN."""
    site, _created = Municipality.objects.get_or_create(
        schema_name="public", defaults={"name": "Wegweiser", "slug": "public"}
    )
    Domain.objects.update_or_create(
        domain=settings.BASE_DOMAIN, defaults={"tenant": site, "is_primary": True}
    )
    return site


@transaction.atomic
def municipality_update(
    *, municipality: Municipality, changed: list[str], actor: User, request: HttpRequest | None
) -> Municipality:
    municipality.full_clean(validate_unique=False)
    municipality.save()
    if changed:
        audit_record(
            action=AuditEntry.Action.MUNICIPALITY_UPDATED,
            actor=actor,
            municipality=municipality,
            target=municipality.name,
            details={"fields": changed},
            request=request,
        )
    return municipality
