"""Every URL of both sites, found by walking the URL configurations, against three intruders.

(a) an anonymous visitor, (b) carla of Altstadt on Bergdorf's host (or naming Bergdorf on the
consultancy's site), (c) carla on her own site asking for Bergdorf's objects by id. Bergdorf's
data carries a unique marker that must never appear in a response, and a refused request must
leave both municipalities' data as it was. The walk lives in tests/urlwalk.py; a URL it cannot
fill fails `test_every_url_pattern_can_be_exercised` instead of dropping out unseen.
"""

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import Model
from django.http import HttpResponse
from django.test import Client, override_settings
from django_tenants.utils import schema_context

from accounts.models import AuditEntry, HandoffToken, Membership, User
from engagements.models import Municipality
from phases.models import Activity, Engagement, Phase
from taxonomy.models import Dimension, Topic
from tests import urlwalk
from tests.conftest import (
    PASSWORD,
    is_login_redirect,
    persona,
    rolled_back_afterwards,
    signed_in_client,
)
from tests.html import nested_forms
from tests.urlwalk import Target
from tests.view_matrix import app_case_modules

TENANT = urlwalk.patterns(urlwalk.TENANT_URLCONF)
PUBLIC = urlwalk.patterns(urlwalk.PUBLIC_URLCONF)
PATTERNS = TENANT + PUBLIC

# Meant to be reachable without an account. Logout is here because it only ends the caller's
# own session, wherever it is sent; the set-language views only remember the caller's choice.
PUBLIC_BY_DESIGN = {
    "tenant:handoff",
    "tenant:logout",
    "tenant:set_language",
    "tenant:surveys:published_results",  # results a city has published for everyone
    "tenant:surveys:privacy",  # the privacy notice respondents read before they answer
    "tenant:surveys:accessibility",  # the accessibility statement of the survey pages
    "tenant:surveys:decline_link",  # "no more reminders" from the mail, signed per recipient
    "public:accounts:login",
    "public:accounts:logout",
    "public:accounts:password_reset",
    "public:accounts:password_reset_done",
    "public:accounts:password_reset_confirm",
    "public:set_language",
    "public:admin:login",
    "public:admin:logout",
}
# Pages that answer 404 even to a superuser, whichever object fills them.
NOT_FOUND_BY_DESIGN = {
    "public:admin:view_on_site",  # accounts have no page of their own to link to
    "public:admin/(?P<url>.*)$",  # the admin's catch-all for unknown addresses
}

GUARDED = [p for p in PATTERNS if p.key not in PUBLIC_BY_DESIGN]
ABOUT_A_MUNICIPALITY = [p for p in GUARDED if p.addresses_a_municipality]
NOT_ABOUT_A_MUNICIPALITY = [p for p in PUBLIC if not p.addresses_a_municipality]
WITH_OBJECT_IDS = [p for p in PATTERNS if p.refers_to_objects]
BY_DESIGN = [p for p in PATTERNS if p.key in PUBLIC_BY_DESIGN]
METHODS = ["get", "post"]
PNG = b"\x89PNG\r\n\x1a\n"

TENANT_MODELS: list[type[Model]] = [
    model
    for app in settings.TENANT_APPS
    if app not in settings.SHARED_APPS
    for model in apps.get_app_config(app.rsplit(".", 1)[-1]).get_models()
]
PUBLIC_MODELS: list[type[Model]] = [Municipality, Membership, AuditEntry, HandoffToken, Group]


@dataclass(frozen=True)
class World:
    alpha: Municipality
    beta: Municipality
    marker: str


def _new_in_beta(taken: set[int], create: Callable[[int], Model]) -> Model:
    """Create objects in Bergdorf until one has an id that Altstadt does not use."""
    for attempt in range(500):
        created = create(attempt)
        if created.pk not in taken:
            return created
    raise AssertionError("Bergdorf's ids never left Altstadt's range")


@pytest.fixture(scope="module")
def made_world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    """Bergdorf's data, marked, with ids Altstadt does not have; logos; objects for the admin.

    Made once for the module (each test's own changes are still rolled back after it).
    """
    media_root = tmp_path_factory.mktemp("isolation-media")
    with override_settings(MEDIA_ROOT=media_root), rolled_back_afterwards(django_db_blocker):
        alpha = Municipality.objects.get(slug="alpha")
        beta = Municipality.objects.get(slug="beta")
        yield _world_make(alpha, beta, marker=f"BETA-ONLY-{uuid.uuid4().hex[:12]}")


@pytest.fixture
def world(made_world: World, db) -> World:
    return made_world


def _world_make(alpha: Municipality, beta: Municipality, marker: str) -> World:
    with schema_context(alpha.schema_name):
        taken = {
            model: set(model.objects.values_list("pk", flat=True))
            for model in (Activity, Dimension, Topic)
        }
    with schema_context(beta.schema_name):
        first_phase = Phase.objects.get(number=1)
        Phase.objects.create(
            engagement=Engagement.objects.get(), number=5, title=marker, state=Phase.State.LOCKED
        )
        _new_in_beta(
            taken[Activity],
            lambda n: Activity.objects.create(phase=first_phase, title=marker, position=99 + n),
        )
        dimension = _new_in_beta(
            taken[Dimension],
            lambda n: Dimension.objects.create(key=f"beta-only-{n}", name=marker, position=99),
        )
        _new_in_beta(
            taken[Topic],
            lambda n: Topic.objects.create(dimension=dimension, name=f"{marker} {n}"),
        )
    alpha.logo.save("logo.png", ContentFile(PNG), save=False)
    beta.logo.save("logo.png", ContentFile(PNG + marker.encode()), save=False)
    Municipality.objects.filter(pk=alpha.pk).update(logo=alpha.logo.name)
    Municipality.objects.filter(pk=beta.pk).update(
        logo=beta.logo.name, contact_name=marker, region=marker
    )
    urlwalk.admin_objects_ensure()
    # Each app makes its own objects: one in Altstadt, marked ones in Bergdorf with ids
    # Altstadt does not use (see tests/view_matrix.py).
    for module in app_case_modules():
        if hasattr(module, "isolation_objects"):
            module.isolation_objects(alpha, beta, marker)
    connection.set_schema_to_public()
    return World(
        alpha=Municipality.objects.get(pk=alpha.pk),
        beta=Municipality.objects.get(pk=beta.pk),
        marker=marker,
    )


def _tables() -> list[tuple[str, str]]:
    """(name, SQL source of its rows) for every table a refused request must leave alone."""
    tables = [
        (f"{schema}.{model._meta.label}", f'"{schema}"."{model._meta.db_table}"')
        for schema in ("alpha", "beta")
        for model in TENANT_MODELS
    ]
    tables += [(model._meta.label, f'public."{model._meta.db_table}"') for model in PUBLIC_MODELS]
    # An account's last sign-in changes with every request; what it may do must not.
    columns = "id, email, full_name, password, is_active, is_firm_staff, is_firm_admin"
    tables.append(("accounts.User", f"(SELECT {columns} FROM public.accounts_user)"))  # noqa: S608
    return tables


# Names and tables come from the models' own metadata, never from a request.
STATE_SQL = " UNION ALL ".join(
    f"SELECT '{name}', md5(coalesce(string_agg(_row::text, '|' ORDER BY _row::text), '')) "  # noqa: S608
    f"FROM {source} _row"
    for name, source in _tables()
)


def database_state() -> dict[str, str]:
    """A digest of every row of both municipalities' schemas and of the shared rows a request
    could change, by table: one query, so that every test can afford it twice."""
    with connection.cursor() as cursor:
        cursor.execute(STATE_SQL)
        return dict(cursor.fetchall())


def body(response: HttpResponse) -> bytes:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content + response.get("Location", "").encode()


def send(client: Client, method: str, url: str, pattern: urlwalk.Pattern) -> HttpResponse:
    if method == "get":
        return client.get(url)
    return client.post(url, urlwalk.payload(pattern))


def outcome(method: str, url: str, response: HttpResponse) -> str:
    return f"{method.upper()} {url} answered {response.status_code} {response.get('Location', '')}"


def assert_well_formed(url: str, response: HttpResponse) -> None:
    if response.get("Content-Type", "").startswith("text/html"):
        assert not nested_forms(response.content.decode()), f"{url}: a form inside a form"


def client_for(user: User | None, pattern: urlwalk.Pattern, municipality: Municipality) -> Client:
    return signed_in_client(user, municipality if pattern.site == "tenant" else None)


# --- The walk itself ---------------------------------------------------------------------------


def test_the_walk_finds_the_views_of_both_sites() -> None:
    keys = {pattern.key for pattern in PATTERNS}
    assert {
        "tenant:phases:overview",
        "tenant:phases:transition",
        "tenant:taxonomy:topic_delete",
        "tenant:logo",
        "public:engagements:member_change",
        "public:accounts:audit_log",
        "public:admin:index",
    } <= keys
    assert {pattern.key for pattern in WITH_OBJECT_IDS} >= {
        "tenant:phases:detail",
        "tenant:phases:activity_edit",
        "tenant:taxonomy:dimension_delete",
        "public:engagements:member_change",
    }


def test_lists_of_exceptions_name_only_existing_urls() -> None:
    keys = {pattern.key for pattern in PATTERNS}
    assert PUBLIC_BY_DESIGN - keys == set()
    assert NOT_FOUND_BY_DESIGN - keys == set()


@pytest.mark.parametrize("pattern", PATTERNS, ids=str)
def test_every_url_pattern_can_be_exercised(world: World, pattern: urlwalk.Pattern) -> None:
    """Each pattern gets a URL that resolves back to it and reaches a real object, and a page
    it answers with is HTML a browser reads as written."""
    try:
        urls = urlwalk.urls(pattern, Target(world.alpha))
        if pattern.refers_to_objects:
            urlwalk.urls(pattern, Target(world.alpha, foreign=world.beta))
    except urlwalk.Unfillable as error:
        pytest.fail(str(error))
    if pattern.site == "tenant":
        client = signed_in_client(persona("carla"), world.alpha)
    else:
        root = User.objects.create_superuser("root@example.org", PASSWORD, full_name="Root")
        client = signed_in_client(root)
    for url in urls:
        method = "get"
        response = client.get(url)
        if response.status_code == 405:
            method = "post"
            response = client.post(url, urlwalk.payload(pattern))
        assert response.status_code < 500, outcome(method, url, response)
        assert_well_formed(url, response)
        if pattern.key not in NOT_FOUND_BY_DESIGN:
            assert response.status_code != 404, (
                f"{outcome(method, url, response)}: the walk filled it with a missing object"
            )


# --- (a) Anonymous visitors --------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("pattern", GUARDED, ids=str)
def test_anonymous_visitor_is_refused(world: World, pattern: urlwalk.Pattern, method: str) -> None:
    client = client_for(None, pattern, world.alpha)
    before = database_state()
    for url in urlwalk.urls(pattern, Target(world.alpha)):
        response = send(client, method, url, pattern)
        if method == "get" and response.status_code == 405:
            continue  # accepts POST only; the POST case checks who may send it
        assert response.status_code == 403 or is_login_redirect(response), outcome(
            method, url, response
        )
    assert database_state() == before


@pytest.mark.parametrize("pattern", BY_DESIGN, ids=str)
def test_pages_public_by_design_show_nothing_of_a_municipality(
    world: World, pattern: urlwalk.Pattern
) -> None:
    for user in (None, persona("carla")):
        client = client_for(user, pattern, world.beta)
        for url in urlwalk.urls(pattern, Target(world.beta)):
            response = client.get(url)
            assert response.status_code < 500, outcome("get", url, response)
            assert world.marker.encode() not in body(response), outcome("get", url, response)
            assert_well_formed(url, response)


# --- (b) A user of another municipality ---------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("pattern", ABOUT_A_MUNICIPALITY, ids=str)
def test_user_of_another_municipality_gets_nothing_of_it(
    world: World, pattern: urlwalk.Pattern, method: str
) -> None:
    client = client_for(persona("carla"), pattern, world.beta)
    before = database_state()
    for url in urlwalk.urls(pattern, Target(world.beta)):
        response = send(client, method, url, pattern)
        assert world.marker.encode() not in body(response), outcome(method, url, response)
        refused = response.status_code in (403, 404) or is_login_redirect(response)
        post_only = method == "get" and response.status_code == 405
        assert refused or post_only, outcome(method, url, response)
    assert database_state() == before


@pytest.mark.parametrize("pattern", NOT_ABOUT_A_MUNICIPALITY, ids=str)
def test_consultancy_pages_show_nothing_of_municipalities_without_a_role(
    world: World, pattern: urlwalk.Pattern
) -> None:
    client = signed_in_client(persona("carla"))
    for url in urlwalk.urls(pattern, Target(world.beta)):
        response = client.get(url)
        assert response.status_code < 500, outcome("get", url, response)
        assert world.marker.encode() not in body(response), outcome("get", url, response)


# --- (c) Another municipality's ids on one's own site -----------------------------------------


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("pattern", WITH_OBJECT_IDS, ids=str)
def test_ids_of_another_municipality_are_not_found(
    world: World, pattern: urlwalk.Pattern, method: str
) -> None:
    client = client_for(persona("carla"), pattern, world.alpha)
    before = database_state()
    for url in urlwalk.urls(pattern, Target(world.alpha, foreign=world.beta)):
        response = send(client, method, url, pattern)
        assert world.marker.encode() not in body(response), outcome(method, url, response)
        post_only = method == "get" and response.status_code == 405
        assert response.status_code == 404 or post_only, outcome(method, url, response)
    assert database_state() == before
