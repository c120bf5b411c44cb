"""Engagement pages cost a fixed number of queries, however many activities a phase has."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from phases.models import Activity, Phase
from tests.conftest import browser_of, persona


def queries_for(path: str, alpha) -> int:
    browser = browser_of("carla", alpha)
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(path).status_code == 200
    connection.set_schema_to_public()
    return len(queries)


def add_activities(alpha, count: int) -> None:
    owner = persona("leo")  # an owner on every row: a missing select_related would show
    connection.set_tenant(alpha)
    phase = Phase.objects.get(number=1)
    Activity.objects.bulk_create(
        Activity(phase=phase, title=f"Extra {n}", position=10 + n, owner=owner, due_date=None)
        for n in range(count)
    )
    connection.set_schema_to_public()


def test_overview_and_phase_page_queries_do_not_grow_with_the_activities(alpha):
    before = {path: queries_for(path, alpha) for path in ("/", "/phases/1/")}
    add_activities(alpha, 25)

    after = {path: queries_for(path, alpha) for path in ("/", "/phases/1/")}

    assert after == before
