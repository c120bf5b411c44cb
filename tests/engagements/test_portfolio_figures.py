"""The portfolio page: figures, filters and sort order, and a query count that does not grow."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format
from django_tenants.utils import schema_context

from accounts.models import Membership, Role
from engagements.models import DueItem, Municipality, MunicipalitySummary
from engagements.summaries import summary_refresh
from phases.models import Activity, GateEvent, Phase
from phases.services import phase_return, phase_submit_for_review
from tests.conftest import browser_of, persona


def add_municipalities(count: int, start: int = 0) -> list[Municipality]:
    """Rows in the public schema only (no schema): the page reads nothing else."""
    municipalities = Municipality.objects.bulk_create(
        Municipality(
            name=f"Teststadt {n:03}",
            slug=f"teststadt-{n}",
            schema_name=f"teststadt_{n}",
            region="Bayern" if n % 2 else "Hessen",
            population=10_000 + n,
            current_phase=1 + n % 4,
        )
        for n in range(start, start + count)
    )
    today, now = timezone.localdate(), timezone.now()
    MunicipalitySummary.objects.bulk_create(
        MunicipalitySummary(
            municipality=m,
            phase_title="Analysis",
            phase_entered_at=now - timedelta(days=n),
            survey_response_rate=0.5,
            roadmap_progress=0.25,
        )
        for n, m in enumerate(municipalities)
    )
    DueItem.objects.bulk_create(
        DueItem(
            municipality=m,
            kind=kind,
            title=f"{kind} of {m.name}",
            due_on=today - timedelta(days=1) if kind == "activity" else today + timedelta(days=1),
            starts_at=None if kind == "activity" else now + timedelta(days=1),
            path="/",
        )
        for m in municipalities
        for kind in ("activity", "meeting")
    )
    Membership.objects.bulk_create(
        Membership(user=persona("carla"), municipality=m, role=Role.CONSULTANT)
        for m in municipalities
    )
    return municipalities


def portfolio_queries(name: str, query: str = "") -> tuple[int, list[str]]:
    """The queries of one portfolio page, and the names on every page of it."""
    browser = browser_of(name)
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(f"/{query}")
    assert response.status_code == 200
    count = len(queries)  # now: the next request empties the log the context reads from
    names = [row.municipality.name for row in response.context["rows"]]
    page = response.context["page"]
    while page.has_next():
        separator = "&" if query else "?"
        response = browser.get(f"/{query}{separator}page={page.next_page_number()}")
        names += [row.municipality.name for row in response.context["rows"]]
        page = response.context["page"]
    return count, names


def test_the_page_costs_the_same_queries_for_three_or_thirty_municipalities(alpha, beta):
    add_municipalities(1)
    for name in ("fiona", "carla"):
        with_three, shown = portfolio_queries(name)
        assert len(shown) == (3 if name == "fiona" else 2)
    add_municipalities(27, start=1)

    for name in ("fiona", "carla"):
        with_thirty, shown = portfolio_queries(name)
        assert len(shown) == (30 if name == "fiona" else 29)
    assert with_thirty == with_three
    filtered, _shown = portfolio_queries("fiona", "?phase=2&region=Bayern&overdue=on&sort=days")
    assert filtered == with_three
    second_page, _shown = portfolio_queries("fiona", "?page=2")
    assert second_page == with_three


def test_a_long_portfolio_comes_in_pages_of_25_in_the_chosen_order(alpha, beta):
    add_municipalities(28)

    response = browser_of("fiona").get("/?sort=name&page=2")

    names = [row.municipality.name for row in response.context["rows"]]
    assert names == [
        "Teststadt 023",
        "Teststadt 024",
        "Teststadt 025",
        "Teststadt 026",
        "Teststadt 027",
    ]
    assert "30 municipalities" in response.content.decode()


def test_each_row_shows_overdue_count_next_meeting_days_response_rate_and_roadmap(alpha):
    add_municipalities(3)

    page = browser_of("fiona").get("/?sort=name").content.decode()
    response = browser_of("fiona").get("/?sort=name")
    row = next(r for r in response.context["rows"] if r.municipality.name == "Teststadt 002")

    assert (row.overdue_count, row.next_meeting_title, row.days_in_phase) == (
        1,
        "meeting of Teststadt 002",
        2,
    )
    assert "50 %" in page and "25 %" in page


def test_filters_narrow_the_list_and_bad_values_are_ignored(alpha, beta):
    add_municipalities(8)
    bert = persona("bert")
    Membership.objects.create(
        user=bert, municipality=Municipality.objects.get(slug="teststadt-3"), role=Role.CONSULTANT
    )

    def names(query: str) -> list[str]:
        return portfolio_queries("fiona", query)[1]

    assert names("?phase=2") == ["Teststadt 001", "Teststadt 005"]
    assert names("?region=Bayern&phase=4") == ["Teststadt 003", "Teststadt 007"]
    assert names(f"?consultant={bert.pk}") == ["Bergdorf", "Teststadt 003"]
    assert "Altstadt" not in names("?overdue=on")
    assert len(names("?phase=nine&sort=nonsense&consultant=x")) == 10


def test_sorting_by_days_in_phase_puts_the_longest_first(alpha, beta):
    add_municipalities(4)

    shown = portfolio_queries("fiona", "?sort=days")[1]

    assert shown[:3] == ["Teststadt 003", "Teststadt 002", "Teststadt 001"]


def test_a_consultant_sees_only_their_municipalities_figures(alpha, beta):
    assert portfolio_queries("bert")[1] == ["Bergdorf"]
    assert portfolio_queries("otto")[1] == []


def _submit_phase_one(municipality: Municipality, days_ago: int) -> None:
    with schema_context(municipality.schema_name):
        connection.set_tenant(municipality)
        Activity.objects.filter(phase__number=1).update(status=Activity.Status.DONE)
        event = phase_submit_for_review(phase=Phase.objects.get(number=1), actor=persona("carla"))
        GateEvent.objects.filter(pk=event.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )
        summary_refresh(municipality=municipality)
    connection.set_schema_to_public()


def test_a_phase_with_its_lead_shows_since_when_and_can_be_listed_alone(alpha, beta):
    _submit_phase_one(alpha, days_ago=3)
    with schema_context("beta"):
        summary_refresh(municipality=beta)
    connection.set_schema_to_public()

    page = browser_of("fiona").get("/").content.decode()
    since = date_format(timezone.localdate() - timedelta(days=3), "SHORT_DATE_FORMAT")

    assert f"With the lead for sign-off since {since} (3 days)" in page
    assert page.count("With the lead for sign-off") == 1
    assert portfolio_queries("fiona", "?awaiting=on")[1] == ["Altstadt"]
    assert portfolio_queries("fiona", "?awaiting=yes-please")[1] == ["Altstadt"]
    # Bergdorf's consultant learns nothing of Altstadt's gate.
    assert portfolio_queries("bert", "?awaiting=on")[1] == []
    assert "With the lead for sign-off" not in browser_of("bert").get("/").content.decode()


def test_once_the_lead_decides_the_row_no_longer_waits(alpha):
    _submit_phase_one(alpha, days_ago=9)
    with schema_context("alpha"):
        connection.set_tenant(alpha)
        phase_return(
            phase=Phase.objects.get(number=1), actor=persona("leo"), comment="Bitte ergänzen."
        )
        summary_refresh(municipality=alpha)
    connection.set_schema_to_public()

    response = browser_of("fiona").get("/")

    assert "With the lead for sign-off" not in response.content.decode()
    assert MunicipalitySummary.objects.get(municipality=alpha).review_submitted_at is None
    assert portfolio_queries("fiona", "?awaiting=on")[1] == []
