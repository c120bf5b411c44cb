"""Provisioning a municipality: by service, by management command and in the browser.

Every provisioning here runs inside the test's transaction. CREATE SCHEMA is transactional in
PostgreSQL, so the schemas created here disappear with the rollback after each test.
"""

import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_context

from accounts.models import AuditEntry, Membership, Role
from engagements import services
from engagements.models import Domain, Municipality
from engagements.services import municipality_create
from phases.method import PHASES
from phases.models import Activity, Engagement, Phase
from taxonomy.method import TAXONOMY
from taxonomy.models import Dimension, Topic
from tests.conftest import browser_of, persona

pytestmark = pytest.mark.django_db

PATTERN = "Use 3 to 42 lower-case letters"
RESERVED = "is reserved"
TAKEN = "is taken"

BAD_SLUGS = [
    pytest.param("Gamma", PATTERN, id="uppercase"),
    pytest.param("gam_ma", PATTERN, id="underscore"),
    pytest.param("ga", PATTERN, id="too-short"),
    pytest.param("1gamma", PATTERN, id="leading-digit"),
    pytest.param("gamma-", PATTERN, id="trailing-hyphen"),
    pytest.param("public", RESERVED, id="public"),
    pytest.param("www", RESERVED, id="www"),
    pytest.param("pg-foo", RESERVED, id="pg-schema-prefix"),
    pytest.param("tenant-template", RESERVED, id="template-schema"),
    pytest.param("gam--ma", RESERVED, id="double-hyphen"),
    pytest.param("alpha", TAKEN, id="duplicate"),
]


def schemas() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        return {row[0] for row in cursor.fetchall()}


def footprint() -> tuple:
    """Everything provisioning writes to, so a refusal can be shown to have written nothing."""
    return (
        Municipality.objects.count(),
        Domain.objects.count(),
        Membership.objects.count(),
        AuditEntry.objects.count(),
        frozenset(schemas()),
    )


def assert_fully_provisioned(municipality: Municipality, creator=None) -> None:
    assert municipality.schema_name in schemas()
    domain = Domain.objects.get(tenant=municipality)
    assert domain.domain == f"{municipality.slug}.localhost"
    assert domain.is_primary
    with schema_context(municipality.schema_name):
        assert Engagement.objects.count() == 1
        phases = list(Phase.objects.order_by("number"))
        assert [phase.number for phase in phases] == [1, 2, 3, 4]
        assert [phase.state for phase in phases] == [
            Phase.State.ACTIVE,
            Phase.State.LOCKED,
            Phase.State.LOCKED,
            Phase.State.LOCKED,
        ]
        assert phases[0].activated_at is not None
        for phase, spec in zip(phases, PHASES, strict=True):
            assert phase.activities.count() == len(spec["activities"]) > 0
        assert Activity.objects.exclude(status=Activity.Status.OPEN).count() == 0
        assert Dimension.objects.count() == len(TAXONOMY)
        assert Topic.objects.count() == sum(len(topics) for _key, _name, topics in TAXONOMY)
    entry = AuditEntry.objects.get(
        action=AuditEntry.Action.MUNICIPALITY_CREATED, municipality=municipality
    )
    assert entry.details == {"slug": municipality.slug}
    if creator is None:
        assert entry.actor is None
        assert not Membership.objects.filter(municipality=municipality).exists()
    else:
        assert entry.actor == creator
        membership = Membership.objects.get(municipality=municipality)
        assert (membership.user, membership.role) == (creator, Role.CONSULTANT)


# --- The service -----------------------------------------------------------------------------


def test_municipality_create_provisions_schema_domain_engagement_taxonomy_and_audit_entry():
    carla = persona("carla")

    municipality = municipality_create(
        name="Gamma", slug="gamma", created_by=carla, population=1200, language="en"
    )

    assert municipality.schema_name == "gamma"
    assert_fully_provisioned(municipality, creator=carla)


def test_engagement_is_seeded_in_the_municipality_language():
    municipality = municipality_create(name="Gamma", slug="gamma", created_by=None, language="en")

    with schema_context(municipality.schema_name):
        assert Phase.objects.get(number=1).title == "Analysis"
        assert Engagement.objects.get().title == "Digital transformation of Gamma"


def test_a_hyphenated_slug_becomes_an_underscored_schema_name():
    municipality = municipality_create(name="Bad Gamma", slug="bad-gamma", created_by=None)

    assert municipality.schema_name == "bad_gamma"
    assert_fully_provisioned(municipality)


def test_creator_without_firm_staff_rights_gets_no_consultant_membership():
    municipality = municipality_create(name="Gamma", slug="gamma", created_by=persona("otto"))

    assert not Membership.objects.filter(municipality=municipality).exists()


@pytest.mark.parametrize(("slug", "message"), BAD_SLUGS)
def test_municipality_create_refuses_a_bad_slug_and_creates_nothing(slug, message):
    before = footprint()

    with pytest.raises(ValidationError) as refused:
        municipality_create(name="Gamma", slug=slug, created_by=persona("carla"))

    assert message in " ".join(refused.value.message_dict["slug"])
    assert footprint() == before


def test_municipality_create_refuses_a_name_taken_in_another_case_and_creates_nothing():
    before = footprint()

    with pytest.raises(ValidationError) as refused:
        municipality_create(name="  ALTSTADT ", slug="gamma", created_by=persona("carla"))

    assert refused.value.message_dict["name"] == ["A municipality called “ALTSTADT” exists."]
    assert footprint() == before


def test_a_failure_after_the_schema_was_cloned_leaves_nothing_behind(monkeypatch):
    # Why no `transaction=True` and no extra `atomic()` here: a transactional test would flush
    # the public tables the session-wide fixtures provisioned, and wrapping the call in our own
    # atomic block would roll back *for* the service, hiding a missing rollback in it. Called
    # bare inside the test's transaction, the service's own `atomic()` is a savepoint: only if
    # the service really rolls back are the row, domain, audit entry and schema gone right after
    # the exception, in this same transaction.
    before = footprint()
    seen_at_failure = {}

    def broken_taxonomy_seed() -> None:
        seen_at_failure["schemas"] = schemas()
        seen_at_failure["domains"] = set(Domain.objects.values_list("domain", flat=True))
        raise RuntimeError("the taxonomy could not be seeded")

    monkeypatch.setattr(services, "taxonomy_seed", broken_taxonomy_seed)

    with pytest.raises(RuntimeError, match="could not be seeded"):
        municipality_create(name="Gamma", slug="gamma", created_by=persona("carla"))

    # The failure really came after the clone: the schema and the domain existed then.
    assert "gamma" in seen_at_failure["schemas"]
    assert "gamma.localhost" in seen_at_failure["domains"]
    assert not Municipality.objects.filter(slug="gamma").exists()
    assert not Domain.objects.filter(domain="gamma.localhost").exists()
    assert "gamma" not in schemas()
    assert not AuditEntry.objects.filter(municipality_name="Gamma").exists()
    assert footprint() == before
    assert connection.schema_name == "public"


def test_after_a_failed_attempt_the_same_slug_can_be_provisioned(monkeypatch):
    def broken_engagement_seed(**kwargs) -> None:
        raise RuntimeError("the engagement could not be seeded")

    with monkeypatch.context() as patch:
        patch.setattr(services, "engagement_seed", broken_engagement_seed)
        with pytest.raises(RuntimeError):
            municipality_create(name="Gamma", slug="gamma", created_by=None)

    assert_fully_provisioned(municipality_create(name="Gamma", slug="gamma", created_by=None))


# --- The management command ------------------------------------------------------------------


def test_create_municipality_command_provisions_with_the_named_consultant():
    out = StringIO()

    call_command(
        "create_municipality",
        "Gamma",
        "--slug=gamma",
        "--region=Hessen",
        "--population=1200",
        "--consultant=CARLA@example.org",
        stdout=out,
    )

    municipality = Municipality.objects.get(slug="gamma")
    assert (municipality.region, municipality.population) == ("Hessen", 1200)
    assert_fully_provisioned(municipality, creator=persona("carla"))
    assert "Created Gamma at gamma.localhost" in out.getvalue()


def test_create_municipality_command_refuses_an_unknown_consultant():
    before = footprint()

    with pytest.raises(CommandError, match=re.escape("No account with the e-mail nobody@ex")):
        call_command(
            "create_municipality", "Gamma", "--slug=gamma", "--consultant=nobody@example.org"
        )

    assert footprint() == before


@pytest.mark.parametrize(("slug", "message"), BAD_SLUGS)
def test_create_municipality_command_refuses_a_bad_slug_with_a_message(slug, message):
    before = footprint()

    with pytest.raises(CommandError, match=message):
        call_command("create_municipality", "Gamma", f"--slug={slug}")

    assert footprint() == before


def test_create_municipality_command_refuses_a_duplicate_name():
    with pytest.raises(CommandError, match="A municipality called “altstadt” exists"):
        call_command("create_municipality", "altstadt", "--slug=gamma")


# --- The browser form ------------------------------------------------------------------------


FORM = {
    "name": "Gamma",
    "slug": "gamma",
    "region": "Hessen",
    "population": "1200",
    "language": "en",
    "contact_name": "Gerda Gamma",
    "contact_email": "gerda@gamma.example",
}


def test_consultant_creates_a_municipality_in_the_browser():
    response = browser_of("carla").post("/municipalities/new/", FORM, follow=True)

    municipality = Municipality.objects.get(slug="gamma")
    assert response.redirect_chain == [("/municipalities/gamma/", 302)]
    assert "Gamma is ready: engagement, phases and taxonomy are set up." in (
        response.content.decode()
    )
    assert municipality.contact_email == "gerda@gamma.example"
    assert_fully_provisioned(municipality, creator=persona("carla"))
    assert AuditEntry.objects.get(municipality=municipality).ip_address == "127.0.0.1"


def test_new_municipality_form_is_shown_to_firm_staff():
    response = browser_of("carla").get("/municipalities/new/")

    assert response.status_code == 200
    assert "New municipality" in response.content.decode()


@pytest.mark.parametrize(("slug", "message"), BAD_SLUGS)
def test_new_municipality_form_refuses_a_bad_slug_and_keeps_what_was_typed(slug, message):
    before = footprint()

    response = browser_of("carla").post("/municipalities/new/", {**FORM, "slug": slug})

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors["slug"])
    page = response.content.decode()
    assert message in page
    assert f'value="{slug}"' in page
    assert 'value="Gerda Gamma"' in page
    assert form["contact_email"].value() == "gerda@gamma.example"
    assert footprint() == before


def test_new_municipality_form_refuses_a_duplicate_name_and_keeps_what_was_typed():
    before = footprint()

    response = browser_of("carla").post("/municipalities/new/", {**FORM, "name": "ALTSTADT"})

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["A municipality called “ALTSTADT” exists."]
    assert 'value="ALTSTADT"' in response.content.decode()
    assert footprint() == before


@pytest.mark.parametrize("name", ["leo", "mia", "otto"])
def test_people_outside_the_firm_cannot_reach_the_new_municipality_form(name):
    browser = browser_of(name)

    assert browser.get("/municipalities/new/").status_code == 403
    assert browser.post("/municipalities/new/", FORM).status_code == 403
    assert not Municipality.objects.filter(slug="gamma").exists()


def test_anonymous_visitor_is_sent_to_login_from_the_new_municipality_form():
    response = browser_of(None).get("/municipalities/new/")

    assert response.status_code == 302
    assert response.url == "/login/?next=/municipalities/new/"
