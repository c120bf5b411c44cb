"""Progress during implementation: history, health (on track / late / blocked) and overdue."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from roadmap import selectors, services
from roadmap.models import Measure, ProgressUpdate
from tests.conftest import persona, signed_in_client
from tests.roadmap import helpers

TODAY = timezone.localdate()


def report(measure: Measure, percent: int, blocker: str = "", days_ago: int = 0) -> None:
    services.progress_report(
        update=ProgressUpdate(
            measure=measure,
            percent_done=percent,
            blocker=blocker,
            reported_on=TODAY - timedelta(days=days_ago),
        ),
        actor=persona("leo"),
    )


@pytest.fixture
def roadmap(in_alpha) -> dict[str, Measure]:
    past, future = TODAY - timedelta(days=30), TODAY + timedelta(days=90)
    measures = {
        "on_track": helpers.measure(
            "Im Plan", starts_on=TODAY - timedelta(days=60), ends_on=future
        ),
        "late": helpers.measure("Verspätet", starts_on=date(2020, 1, 1), ends_on=past),
        "blocked": helpers.measure("Blockiert", starts_on=date(2020, 1, 1), ends_on=future),
        "done": helpers.measure("Fertig", starts_on=date(2020, 1, 1), ends_on=past),
        "cancelled": helpers.measure(
            "Gestrichen", ends_on=past, starts_on=date(2020, 1, 1), status=Measure.Status.CANCELLED
        ),
    }
    report(measures["on_track"], 20, days_ago=10)
    report(measures["on_track"], 40)
    report(measures["late"], 60)
    report(measures["blocked"], 30, blocker="Schnittstelle fehlt")
    report(measures["done"], 100)
    return measures


def test_roadmap_progress_counts_health_and_averages_the_newest_updates(roadmap) -> None:
    assert selectors.roadmap_progress() == {
        "percent_done": round((40 + 60 + 30 + 100) / 4),
        "measures": 4,
        "on_track": 1,
        "late": 1,
        "blocked": 1,
        "done": 1,
    }


def test_a_measure_that_should_have_started_and_has_not_is_late(roadmap) -> None:
    waiting = helpers.measure(
        "Noch nicht begonnen", starts_on=TODAY - timedelta(days=1), ends_on=TODAY + timedelta(90)
    )
    upcoming = helpers.measure(
        "Beginnt bald", starts_on=TODAY + timedelta(days=7), ends_on=TODAY + timedelta(90)
    )
    health = dict(selectors.measures_with_health().values_list("title", "health"))
    assert (health[waiting.title], health[upcoming.title]) == ("late", "on_track")

    report(waiting, 10)
    health = dict(selectors.measures_with_health().values_list("title", "health"))
    assert health[waiting.title] == "on_track"


def test_a_blocker_in_an_older_update_no_longer_blocks(roadmap) -> None:
    report(roadmap["blocked"], 50, days_ago=-1)
    assert selectors.roadmap_progress()["blocked"] == 0


def test_reporting_100_percent_marks_the_measure_done(roadmap) -> None:
    roadmap["done"].refresh_from_db()
    assert roadmap["done"].status == Measure.Status.DONE


def test_the_history_keeps_every_update(roadmap) -> None:
    assert [u.percent_done for u in roadmap["on_track"].updates.all()] == [40, 20]


def test_overdue_lists_late_measures_but_not_finished_or_cancelled(roadmap) -> None:
    assert [m.title for m in selectors.overdue_measures()] == ["Verspätet"]


def test_health_is_counted_by_dimension(roadmap) -> None:
    rows = selectors.health_by_dimension()
    assert sum(row.total for row in rows) == 4
    assert sum(row.blocked for row in rows) == 1


def test_an_empty_roadmap_has_no_percentage(in_alpha) -> None:
    assert selectors.roadmap_progress()["percent_done"] is None


def test_a_member_may_not_report_progress(roadmap) -> None:
    with pytest.raises(PermissionDenied):
        services.progress_report(
            update=ProgressUpdate(measure=roadmap["late"], percent_done=70), actor=persona("mia")
        )


def test_the_lead_reports_progress_in_the_browser_and_bad_input_is_explained(
    roadmap, alpha
) -> None:
    client = signed_in_client(persona("leo"), alpha)
    measure = roadmap["late"]
    client.post(
        f"/roadmap/measures/{measure.pk}/progress/",
        {"reported_on": TODAY.isoformat(), "percent_done": "140"},
    )
    response = client.get(f"/roadmap/measures/{measure.pk}/")
    assert "% done" in response.content.decode()
    assert measure.updates.count() == 1
    client.post(
        f"/roadmap/measures/{measure.pk}/progress/",
        {"reported_on": TODAY.isoformat(), "percent_done": "80", "note": "Abnahme läuft"},
    )
    assert measure.updates.first().percent_done == 80


def test_the_implementation_overview_shows_health_by_dimension_and_overdue(roadmap, alpha) -> None:
    page = signed_in_client(persona("leo"), alpha).get("/roadmap/implementation/").content.decode()
    assert "Overdue measures" in page
    assert "Verspätet" in page
    assert "Schnittstelle fehlt" in page
