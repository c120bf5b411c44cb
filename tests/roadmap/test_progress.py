"""Progress during implementation: history, health (on track / late / blocked) and overdue."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
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
        "unreported": 0,
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
    report(roadmap["blocked"], 50)
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


def test_measures_without_a_report_count_as_not_begun_and_done_ones_as_finished(roadmap) -> None:
    helpers.measure("Noch ohne Meldung", starts_on=TODAY, ends_on=TODAY + timedelta(days=90))
    helpers.measure("Ohne Meldung erledigt", status=Measure.Status.DONE)

    progress = selectors.roadmap_progress()

    assert progress["percent_done"] == round((40 + 60 + 30 + 100 + 0 + 100) / 6)
    assert (progress["measures"], progress["unreported"]) == (6, 1)


def test_the_pages_say_over_how_many_measures_the_average_runs(roadmap, alpha) -> None:
    helpers.measure("Noch ohne Meldung", starts_on=TODAY, ends_on=TODAY + timedelta(days=90))
    client = signed_in_client(persona("mia"), alpha)
    for path in ("/roadmap/", "/roadmap/implementation/"):
        page = " ".join(client.get(path).content.decode().split())
        assert f"{round((40 + 60 + 30 + 100) / 5)} %" in page
        assert "over all 5 measures; 1 without a progress report counts as 0 %" in page


def test_the_portfolio_shows_the_average_of_the_roadmap_pages(roadmap, in_alpha) -> None:
    from engagements.summaries import summary_refresh

    helpers.measure("Noch ohne Meldung", starts_on=TODAY, ends_on=TODAY + timedelta(days=90))

    summary = summary_refresh(municipality=in_alpha)

    assert summary.roadmap_progress == selectors.roadmap_progress()["percent_done"] / 100 == 0.46


def test_a_progress_report_dated_in_the_future_is_refused_and_today_is_fine(roadmap) -> None:
    measure = roadmap["late"]
    with pytest.raises(ValidationError) as refused:
        report(measure, 90, days_ago=-1)
    assert refused.value.message_dict == {
        "reported_on": ["A progress report cannot be dated in the future."]
    }
    report(measure, 70)
    assert measure.updates.first().percent_done == 70


def _progress_page(client, measure: Measure, data: dict) -> str:
    response = client.post(f"/roadmap/measures/{measure.pk}/progress/", data)
    assert response.status_code == 200
    return response.content.decode()


def test_a_refused_report_comes_back_with_what_was_typed_and_the_error_at_its_field(
    roadmap, alpha
) -> None:
    client = signed_in_client(persona("leo"), alpha)
    measure = roadmap["late"]
    typed = {"note": "Abnahme läuft", "blocker": "Lizenz fehlt"}

    page = _progress_page(
        client, measure, {"reported_on": TODAY.isoformat(), "percent_done": "110", **typed}
    )
    assert 'value="110"' in page and "Abnahme läuft" in page and "Lizenz fehlt" in page
    assert 'id="error_1_id_percent_done"' in page

    future = (TODAY + timedelta(days=365 * 46)).isoformat()
    page = _progress_page(client, measure, {"reported_on": future, "percent_done": "90", **typed})
    assert "A progress report cannot be dated in the future." in page
    assert f'value="{future}"' in page and "Abnahme läuft" in page
    assert 'id="error_1_id_reported_on"' in page
    assert measure.updates.count() == 1


def test_a_wrong_report_can_be_removed_and_the_measure_follows_the_newest_left(
    roadmap, alpha
) -> None:
    measure = roadmap["on_track"]
    # A report with a mistyped year, from before such dates were refused.
    wrong = ProgressUpdate.objects.create(
        measure=measure, percent_done=100, reported_on=date(2072, 11, 26)
    )
    Measure.objects.filter(pk=measure.pk).update(status=Measure.Status.DONE)
    client = signed_in_client(persona("leo"), alpha)

    response = client.post(f"/roadmap/measures/progress/{wrong.pk}/delete/", follow=True)

    assert "The progress report of 11/26/2072 (100 %) was removed." in response.content.decode()
    assert not ProgressUpdate.objects.filter(pk=wrong.pk).exists()
    current = selectors.measures_with_health().get(pk=measure.pk)
    assert (current.percent, current.status) == (40, Measure.Status.IN_PROGRESS)


def test_removing_a_report_asks_first_and_is_offered_only_to_those_who_report(
    roadmap, alpha
) -> None:
    measure = roadmap["late"]
    path = f"/roadmap/measures/{measure.pk}/"
    reporter = signed_in_client(persona("leo"), alpha).get(path).content.decode()
    assert "Remove the progress report of" in reporter
    member = signed_in_client(persona("mia"), alpha)
    assert "Remove the progress report of" not in member.get(path).content.decode()
    update = measure.updates.get()
    assert member.post(f"/roadmap/measures/progress/{update.pk}/delete/").status_code == 403
    assert measure.updates.exists()
