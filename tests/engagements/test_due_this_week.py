"""A consultant's own list of what is due this week, across their engagements."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engagements.models import DueItem
from engagements.selectors import due_items_for
from tests.conftest import browser_of, persona


def due(municipality, title: str, days: int, owner=None, kind: str = "activity") -> DueItem:
    day = timezone.localdate() + timedelta(days=days)
    starts = timezone.now() + timedelta(days=days) if kind == "meeting" else None
    return DueItem.objects.create(
        municipality=municipality,
        kind=kind,
        title=title,
        due_on=day,
        starts_at=starts,
        owner=owner,
        path="/phases/1/",
    )


def test_the_list_has_own_and_unassigned_work_of_the_week_and_what_is_overdue(alpha, beta):
    carla, leo = persona("carla"), persona("leo")
    due(alpha, "Overdue and mine", -5, owner=carla)
    due(alpha, "Nobody's, tomorrow", 1)
    due(alpha, "Leo's, tomorrow", 1, owner=leo)
    due(alpha, "Mine, next month", 30, owner=carla)
    due(alpha, "Workshop on Friday", 3, kind="meeting")
    due(alpha, "Meeting last week", -7, kind="meeting")
    due(beta, "Bergdorf's unassigned", 1)

    titles = [item.title for item in due_items_for(carla)]

    assert titles == ["Overdue and mine", "Nobody's, tomorrow", "Workshop on Friday"]


def test_the_page_marks_overdue_items_and_links_through_to_the_municipality(alpha):
    due(alpha, "Overdue and mine", -5, owner=persona("carla"))

    page = browser_of("carla").get("/due/").content.decode()

    assert "Overdue and mine" in page and "overdue" in page
    assert "/go/alpha/?next=/phases/1/" in page


def test_another_consultant_s_list_holds_nothing_of_a_municipality_they_do_not_consult(alpha, beta):
    due(alpha, "Altstadt's unassigned", 1)

    page = browser_of("bert").get("/due/").content.decode()

    assert "Altstadt" not in page


def test_the_list_costs_the_same_queries_however_many_items(alpha):
    def queries() -> int:
        browser = browser_of("carla")
        with CaptureQueriesContext(connection) as captured:
            assert browser.get("/due/").status_code == 200
        return len(captured)

    due(alpha, "One", 1)
    one = queries()
    for n in range(20):
        due(alpha, f"More {n}", 2)

    assert queries() == one
