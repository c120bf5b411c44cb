"""The consultancy's list of municipalities: who sees which, and what it costs to show."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from engagements.services import municipality_create
from phases.models import Activity, Phase
from phases.services import phase_approve, phase_submit_for_review
from tests.conftest import browser_of, persona


def names_on_portfolio(name: str) -> list[str]:
    response = browser_of(name).get("/")
    assert response.status_code == 200
    return [m.name for m in response.context["municipalities"]]


def test_each_person_sees_only_the_municipalities_they_have_a_role_in(alpha, beta):
    assert names_on_portfolio("carla") == ["Altstadt"]
    assert names_on_portfolio("leo") == ["Altstadt"]
    assert names_on_portfolio("berta") == ["Bergdorf"]
    assert names_on_portfolio("otto") == []
    assert names_on_portfolio("fiona") == ["Altstadt", "Bergdorf"]


def test_a_municipal_user_never_sees_another_municipality_s_name(alpha, beta):
    page = browser_of("mia").get("/").content.decode()

    assert "Altstadt" in page
    assert "Bergdorf" not in page


def test_the_portfolio_shows_each_municipality_s_current_phase(alpha):
    with schema_context("alpha"):
        connection.set_tenant(alpha)
        Activity.objects.filter(phase__number=1).update(status=Activity.Status.DONE)
        first = Phase.objects.get(number=1)
        phase_submit_for_review(phase=first, actor=persona("carla"))
        phase_approve(phase=first, actor=persona("leo"))
    connection.set_schema_to_public()

    page = browser_of("carla").get("/").content.decode()

    assert "Phase 2" in page
    assert "state-active" in page


def test_the_portfolio_costs_the_same_queries_for_two_or_five_municipalities(alpha, beta):
    def portfolio_queries() -> int:
        browser = browser_of("fiona")
        with CaptureQueriesContext(connection) as queries:
            assert browser.get("/").status_code == 200
        return len(queries)

    with_two = portfolio_queries()
    for slug in ("gamma", "delta", "epsilon"):
        municipality_create(name=slug.capitalize(), slug=slug, created_by=None)

    assert len(names_on_portfolio("fiona")) == 5
    assert portfolio_queries() == with_two
