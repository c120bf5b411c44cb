"""The engagement overview: the four phases, the current phase's work, what is late, the gate."""

import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from engagements.models import Municipality
from phases import services
from phases.models import Activity, Phase
from phases.selectors import overdue_activities
from tests.conftest import browser_of, persona

State = Phase.State


def overview(municipality: Municipality, name: str = "mia") -> str:
    response = browser_of(name, municipality).get("/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def section(page: str, heading_id: str) -> str:
    """The HTML of the card whose heading has this id."""
    start = page.index(f'id="{heading_id}"')
    return page[start : page.index("</section>", start)]


def visible_text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def timeline(page: str) -> list[tuple[str, str]]:
    """(state class, visible text) of each phase in the timeline, in order."""
    block = page[page.index('class="ww-timeline"') : page.index("</ol>")]
    items = block.split("<li")[1:]
    return [
        (re.search(r"state-(\w+)", item[: item.index(">")]).group(1), visible_text("<li" + item))
        for item in items
    ]


def approve_phase_1() -> None:
    Activity.objects.filter(phase__number=1).update(status=Activity.Status.DONE)
    first = Phase.objects.get(number=1)
    services.phase_submit_for_review(phase=first, actor=persona("carla"), comment="All done")
    services.phase_approve(phase=first, actor=persona("leo"), comment="Signed off")


def test_overview_shows_the_four_phases_with_their_states(in_alpha) -> None:
    approve_phase_1()
    titles = list(Phase.objects.order_by("number").values_list("title", flat=True))

    page = overview(in_alpha)

    shown = timeline(page)
    assert [state for state, _ in shown] == ["approved", "active", "locked", "locked"]
    for (_, text), title, label in zip(
        shown, titles, ["Approved", "Active", "Locked", "Locked"], strict=True
    ):
        assert title in text
        assert label in text


def test_overview_shows_progress_per_phase(in_alpha) -> None:
    first, second, *_ = Activity.objects.filter(phase__number=1).order_by("position")
    Activity.objects.filter(pk=first.pk).update(status=Activity.Status.DONE)
    Activity.objects.filter(pk=second.pk).update(status=Activity.Status.SKIPPED, skip_reason="n/a")
    total = Activity.objects.filter(phase__number=1).count()

    page = overview(in_alpha)

    assert f"2 of {total} activities finished" in page


def test_overview_lists_the_activities_of_the_current_phase_only(in_alpha) -> None:
    phase_1 = list(Activity.objects.filter(phase__number=1).values_list("title", flat=True))
    phase_2 = list(
        Activity.objects.filter(phase__number=2)
        .order_by("position")
        .values_list("title", flat=True)
    )
    approve_phase_1()

    current = section(overview(in_alpha), "current-heading")

    assert Phase.objects.get(number=2).title in current
    shown = re.findall(r"<tr>\s*<td>([^<]+)", current)
    assert shown == phase_2
    assert not set(phase_1) - set(phase_2) & set(shown)


def test_overview_lists_overdue_activities_and_not_finished_or_future_ones(in_alpha) -> None:
    today = timezone.localdate()
    late, done_late, skipped_late, future, undated, *_ = Activity.objects.order_by("id")
    Activity.objects.filter(pk=late.pk).update(
        title="Late interview", due_date=today - timedelta(days=3)
    )
    Activity.objects.filter(pk=done_late.pk).update(
        title="Finished late", due_date=today - timedelta(days=5), status=Activity.Status.DONE
    )
    Activity.objects.filter(pk=skipped_late.pk).update(
        title="Skipped late",
        due_date=today - timedelta(days=5),
        status=Activity.Status.SKIPPED,
        skip_reason="Not needed",
    )
    Activity.objects.filter(pk=future.pk).update(title="Due today", due_date=today)
    later_phase = Activity.objects.filter(phase__number=3).first()
    Activity.objects.filter(pk=later_phase.pk).update(
        title="Workshop booking", due_date=today - timedelta(days=1)
    )

    overdue = section(overview(in_alpha), "overdue-heading")

    assert "Late interview" in overdue
    assert "Workshop booking" in overdue
    assert overdue.index("Late interview") < overdue.index("Workshop booking")
    for not_overdue in ("Finished late", "Skipped late", "Due today", undated.title):
        assert not_overdue not in overdue
    assert [a.title for a in overdue_activities()] == ["Late interview", "Workshop booking"]


def test_overdue_activity_is_marked_in_the_current_phase_list(in_alpha) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    late, done = Activity.objects.filter(phase__number=1).order_by("position")[:2]
    Activity.objects.filter(pk=late.pk).update(due_date=yesterday)
    Activity.objects.filter(pk=done.pk).update(due_date=yesterday, status=Activity.Status.DONE)

    current = section(overview(in_alpha), "current-heading")

    assert current.count("· overdue") == 1
    late.refresh_from_db()
    done.refresh_from_db()
    assert late.is_overdue() is True
    assert done.is_overdue() is False


def test_open_optional_work_of_an_approved_phase_is_not_overdue(in_alpha) -> None:
    optional = Activity.objects.filter(phase__number=1).order_by("position").first()
    Activity.objects.filter(pk=optional.pk).update(
        title="Optional extra", required_for_gate=False, due_date=timezone.localdate()
    )
    approve_phase_1()
    Activity.objects.filter(pk=optional.pk).update(
        status=Activity.Status.OPEN, due_date=timezone.localdate() - timedelta(days=2)
    )

    assert "Optional extra" not in section(overview(in_alpha), "overdue-heading")
    optional.refresh_from_db()
    assert optional.is_overdue() is False


def test_overview_says_when_nothing_is_overdue(in_alpha) -> None:
    assert "Nothing is overdue." in section(overview(in_alpha), "overdue-heading")


def test_overview_shows_the_gate_history_newest_first(in_alpha) -> None:
    approve_phase_1()
    title = Phase.objects.get(number=1).title

    history = section(overview(in_alpha), "gate-heading")

    assert history.index("Approved") < history.index("Submitted for review")
    assert history.count(title) == 2
    assert "Leo" in history and "<q>Signed off</q>" in history
    assert "Carla" in history and "<q>All done</q>" in history


def test_overview_without_gate_decisions_says_so(in_alpha) -> None:
    assert "No gate decisions yet." in section(overview(in_alpha), "gate-heading")


def test_overview_shows_the_municipality_its_own_engagement_only(in_alpha, beta) -> None:
    approve_phase_1()

    page = overview(beta, "berta")

    assert "Bergdorf" in page
    assert "No gate decisions yet." in section(page, "gate-heading")
    assert [state for state, _ in timeline(page)] == ["active", "locked", "locked", "locked"]


@pytest.mark.parametrize("name", ["carla", "leo", "mia", "fiona"])
def test_everyone_with_a_role_here_sees_the_overview(in_alpha, name: str) -> None:
    assert browser_of(name, in_alpha).get("/").status_code == 200


@pytest.mark.parametrize("name", ["otto", "bert", "berta"])
def test_users_without_a_role_here_cannot_see_the_overview(in_alpha, name: str) -> None:
    assert browser_of(name, in_alpha).get("/").status_code == 403


def test_anonymous_visitor_is_sent_to_the_login(in_alpha) -> None:
    response = Client(HTTP_HOST="alpha.localhost").get("/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_submitted_phase_asks_the_lead_for_a_decision_on_the_front_page(in_alpha) -> None:
    Activity.objects.filter(phase__number=1).update(status=Activity.Status.DONE)
    first = Phase.objects.get(number=1)
    assert "decision-heading" not in overview(in_alpha, "leo")
    services.phase_submit_for_review(phase=first, actor=persona("carla"), comment="Please look")

    banner = section(overview(in_alpha, "leo"), "decision-heading")

    assert f"“{first.title}” awaits your sign-off" in banner
    assert "Submitted by Carla" in banner and "<q>Please look</q>" in banner
    assert 'href="/phases/1/#gate-heading"' in banner
    for name in ("carla", "mia"):  # told, not asked
        told = section(overview(in_alpha, name), "decision-heading")
        assert "awaits the municipal lead's sign-off" in told and "/phases/1/#" not in told
    services.phase_approve(phase=first, actor=persona("leo"))
    assert "decision-heading" not in overview(in_alpha, "leo")
