"""Shared fixtures: two municipalities provisioned once per run, and personas in both.

Personas (after the healthchecks test style): in Altstadt (`alpha`) carla is the consultant,
leo the municipal lead, mia a municipal member; otto has an account and no role anywhere;
fiona is a firm administrator; in Bergdorf (`beta`) bert is the consultant and berta the lead.
Every view test can thus check the other municipality as well as the wrong role.
"""

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import psycopg
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.utils import translation
from django_tenants.utils import schema_context

from accounts.models import Membership, Role, SignIn, User
from engagements.models import Municipality
from engagements.services import municipality_create, public_site_ensure

PASSWORD = "correct horse battery"
PERSONAS = {
    "fiona": {"is_firm_admin": True, "is_firm_staff": True},
    "carla": {"is_firm_staff": True},
    "bert": {"is_firm_staff": True},
    "leo": {},
    "mia": {},
    "berta": {},
    "otto": {},
}
ROLES = [
    ("carla", "alpha", Role.CONSULTANT),
    ("leo", "alpha", Role.LEAD),
    ("mia", "alpha", Role.MEMBER),
    ("bert", "beta", Role.CONSULTANT),
    ("berta", "beta", Role.LEAD),
]


# The demo's tests keep a dozen municipalities' schemas in one transaction, some 13,000 locks,
# and each process that runs one of their files does so. PostgreSQL's lock table has room for
# max_locks_per_transaction x 100 connections: at the default 64, for one such process alone.
LOCKS_PER_TEST_PROCESS = 256
MAX_TEST_PROCESSES = 4  # each takes a Redis database, counting down from the run's


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` (make test): a process per core, as many as the database server's lock table
    has room for; with room for one, none besides this one."""
    db = settings.DATABASES["default"]
    try:
        with psycopg.connect(
            host=db["HOST"],
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"] or None,
            dbname="postgres",
            connect_timeout=5,
        ) as server:
            locks = int(server.execute("SHOW max_locks_per_transaction").fetchone()[0])
    except psycopg.OperationalError:
        return 0  # the run itself says what is wrong with the database
    # The cores this process may use (Linux), else all the machine has.
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    processes = min(cores, MAX_TEST_PROCESSES, locks // LOCKS_PER_TEST_PROCESS)
    if processes < min(cores, MAX_TEST_PROCESSES):
        print(
            f"tests run in {max(processes, 1)} process(es): PostgreSQL's "
            f"max_locks_per_transaction is {locks}; {LOCKS_PER_TEST_PROCESS} per process (set "
            "with a restart) lets them run in one per core",
            file=sys.stderr,
        )
    return processes if processes > 1 else 0


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker) -> None:
    """Provision the two municipalities and the personas once; tests roll back around them."""
    # pytest-django creates the test database only if a collected test asks for `db`; without
    # one, this would provision into the database the settings name, the developer's.
    db = connection.settings_dict
    if db["NAME"] != db["TEST"]["NAME"]:
        pytest.fail(f"no test database was created; refusing to provision into {db['NAME']}")
    # The test Redis database is the tests' own: a run starts without the counters (rate
    # limits of bad links), sessions and kept results an earlier run left behind.
    cache.clear()
    with django_db_blocker.unblock():
        public_site_ensure()
        municipality_create(name="Altstadt", slug="alpha", created_by=None, population=48000)
        municipality_create(
            name="Bergdorf", slug="beta", created_by=None, population=9000, language="en"
        )
        for name, flags in PERSONAS.items():
            User.objects.create_user(
                f"{name}@example.org", PASSWORD, full_name=name.capitalize(), **flags
            )
        for name, slug, role in ROLES:
            Membership.objects.create(
                user=User.objects.get(email=f"{name}@example.org"),
                municipality=Municipality.objects.get(slug=slug),
                role=role,
            )


@contextmanager
def rolled_back_afterwards(django_db_blocker) -> Iterator[None]:
    """For a module's or package's fixture: data made inside stays until the scope ends.

    Each test's own transaction nests inside this one, so what a test changes is still undone
    after the test, and what the fixture made is undone after the last test of its scope.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
        connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _public_schema_around_each_test() -> Iterator[None]:
    # A request to a municipality's host leaves the shared connection in that schema.
    connection.set_schema_to_public()
    yield
    connection.set_schema_to_public()


def persona(name: str) -> User:
    return User.objects.get(email=f"{name}@example.org")


@pytest.fixture
def alpha(db) -> Municipality:
    return Municipality.objects.get(slug="alpha")


@pytest.fixture
def beta(db) -> Municipality:
    return Municipality.objects.get(slug="beta")


@pytest.fixture
def users(db) -> dict[str, User]:
    return {user.email.split("@")[0]: user for user in User.objects.all()}


def host_of(municipality: Municipality | None) -> str:
    return "localhost" if municipality is None else f"{municipality.slug}.localhost"


def signed_in_client(user: User | None, municipality: Municipality | None = None) -> Client:
    """A browser on the given municipality's host (None: the consultancy site), signed in."""
    client = Client(HTTP_HOST=host_of(municipality))
    if user is not None:
        client.force_login(user)
        session = client.session
        session["sign_in"] = str(SignIn.objects.create(user=user).pk)
        session.save()
    return client


@pytest.fixture
def in_alpha(alpha) -> Iterator[Municipality]:
    """Run the test body in Altstadt's schema, as a request to its host would."""
    with schema_context(alpha.schema_name):
        connection.set_tenant(alpha)
        yield alpha


@pytest.fixture(autouse=True)
def _english_in_test_code() -> Iterator[None]:
    # A request in German leaves German active in this thread; tests compare English texts.
    translation.activate("en")
    yield
    translation.activate("en")


def browser_of(name: str | None, municipality: Municipality | None = None) -> Client:
    """A persona's browser (None: anonymous) on a municipality's host or the consultancy site."""
    return signed_in_client(persona(name) if name else None, municipality)


def is_login_redirect(response: HttpResponse) -> bool:
    """A redirect to the consultancy's login page (or the admin's)."""
    if response.status_code != 302:
        return False
    location = urlsplit(response["Location"])
    return location.hostname in (None, settings.BASE_DOMAIN) and location.path in (
        "/login/",
        "/admin/login/",
    )
