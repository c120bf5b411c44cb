"""Whether a version of a document still shows the engagement as it is: rendered again as of
its own date and compared, it tells the lead at the gate and the consultants before they
submit when a new version would read differently."""

from datetime import timedelta

from django.utils import timezone

from interviews.models import Finding, MaturityRating
from phases.models import Activity, Phase
from phases.services import phase_submit_for_review
from reports.models import Kind, ReportVersion
from reports.selectors import Currency, currency_of
from roadmap.models import Measure
from tests.conftest import browser_of, persona
from tests.roadmap import helpers as make

from .data import analysis_data, roadmap_data
from .test_build import build


def phase_one_done() -> None:
    Activity.objects.filter(phase__number=1).update(status=Activity.Status.DONE)


def submitted_with_its_document() -> ReportVersion:
    analysis_data("Altstadt")
    phase_one_done()
    version = build(Kind.PHASE1_RESULTS)
    phase_submit_for_review(phase=Phase.objects.get(number=1), actor=persona("carla"))
    return version


def a_finding_changes() -> None:
    finding = Finding.objects.order_by("pk").first()
    Finding.objects.filter(pk=finding.pk).update(statement="Nobody files anything on paper.")


def test_a_version_is_current_until_something_it_shows_changes(in_alpha):
    analysis_data("Altstadt")
    version = build(Kind.PHASE1_RESULTS)
    assert len(version.content_hash) == 64
    assert not currency_of(version).out_of_date

    a_finding_changes()

    assert currency_of(version).out_of_date


def test_submitting_the_phase_does_not_date_its_document(in_alpha):
    # The document shows the gate history as of its own date: the sign-off it is made for
    # adds to the history, not to what the document says.
    version = submitted_with_its_document()

    assert not currency_of(version).out_of_date


def test_roadmap_and_brief_stay_current_on_a_later_day_though_today_moved(in_alpha, monkeypatch):
    roadmap_data("Altstadt")
    today = timezone.localdate()
    # Under way today, late in forty days: the brief's health and the "today" lines move.
    make.measure(
        "Bürgerportal",
        status=Measure.Status.IN_PROGRESS,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=10),
    )
    versions = [build(Kind.ROADMAP), build(Kind.IMPLEMENTATION_BRIEF)]
    later = timezone.now() + timedelta(days=40)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert [currency_of(version).out_of_date for version in versions] == [False, False]
    new_brief = build(Kind.IMPLEMENTATION_BRIEF)
    assert new_brief.content_hash != versions[1].content_hash  # as of the later day: it is late


def test_a_version_made_before_hashes_were_kept_claims_nothing(in_alpha):
    analysis_data("Altstadt")
    version = build(Kind.PHASE1_RESULTS)
    ReportVersion.objects.filter(pk=version.pk).update(content_hash="")
    version.refresh_from_db()

    assert currency_of(version) is None


def test_the_lead_is_warned_at_the_gate_when_the_document_is_out_of_date(in_alpha):
    version = submitted_with_its_document()
    lead = browser_of("leo", in_alpha)

    assert "Out of date:" not in lead.get("/phases/1/").content.decode()
    a_finding_changes()
    page = lead.get("/phases/1/").content.decode()

    assert "Out of date:" in page
    assert f"version {version.number} of the document" in page
    assert 'aria-describedby="approve-report-outdated approve-report-version-help"' in page
    # The consultants, waiting for the decision, see it too.
    assert (
        "no longer shows the phase as it is"
        in browser_of("carla", in_alpha).get("/phases/1/").content.decode()
    )


def test_the_consultant_sees_before_submitting_whether_the_document_is_ready(in_alpha):
    analysis_data("Altstadt")
    phase_one_done()
    consultant = browser_of("carla", in_alpha)

    assert "It has not been made yet" in consultant.get("/phases/1/").content.decode()
    build(Kind.PHASE1_RESULTS)
    assert "shows the phase as it is." in consultant.get("/phases/1/").content.decode()
    Finding.objects.filter(pk=Finding.objects.order_by("pk").first().pk).delete()
    page = consultant.get("/phases/1/").content.decode()
    assert "Out of date:" in page and 'href="/reports/#report-1"' in page
    # Nothing of this for the lead before the phase is submitted.
    assert "Out of date:" not in browser_of("leo", in_alpha).get("/phases/1/").content.decode()


def test_the_reports_page_marks_the_current_phases_document_only(in_alpha):
    analysis_data("Altstadt")
    roadmap_data("Altstadt")
    build(Kind.PHASE1_RESULTS)
    build(Kind.ROADMAP)  # phase 3 is not under way: nothing is said about it
    consultant = browser_of("carla", in_alpha)

    page = consultant.get("/reports/").content.decode()
    assert page.count("Shows the engagement as it is now.") == 1
    Finding.objects.filter(pk=Finding.objects.order_by("pk").first().pk).delete()
    page = consultant.get("/reports/").content.decode()
    assert page.count("Out of date:") == 1
    assert "Shows the engagement as it is now." not in page


def test_a_document_that_cannot_be_rendered_leaves_the_gate_page_working(in_alpha, monkeypatch):
    from reports.documents import BUILDERS

    submitted_with_its_document()

    def broken(as_of):
        raise RuntimeError("a chart that cannot be drawn")

    monkeypatch.setitem(BUILDERS, Kind.PHASE1_RESULTS, broken)
    response = browser_of("leo", in_alpha).get("/phases/1/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Out of date:" not in page and 'name="report_version"' in page


def test_an_out_of_date_version_names_the_sections_that_changed(in_alpha):
    from interviews.models import ResultTopic

    analysis_data("Altstadt")
    version = build(Kind.PHASE1_RESULTS)
    assert version.section_hashes["maturity"][0] == "Maturity by topic"

    finding = Finding.objects.order_by("pk").first()  # not a key finding, not a quote
    a_finding_changes()

    assert currency_of(version).changed == [str(ResultTopic(finding.result_topic).label)]
    # A version made before sections were kept says that it is out of date, not where.
    ReportVersion.objects.filter(pk=version.pk).update(section_hashes={})
    version.refresh_from_db()
    assert currency_of(version) == Currency(out_of_date=True, changed=[])


def test_the_gate_names_what_changed(in_alpha):
    submitted_with_its_document()
    MaturityRating.objects.update(rationale="Rated again after the workshop.")

    page = browser_of("leo", in_alpha).get("/phases/1/").content.decode()

    assert "Changed since: Maturity by topic." in page


def test_a_member_is_neither_asked_nor_told_about_the_document_at_the_gate(in_alpha):
    submitted_with_its_document()
    a_finding_changes()

    page = browser_of("mia", in_alpha).get("/phases/1/").content.decode()

    assert "Out of date:" not in page and "Changed since:" not in page
    assert 'name="report_version"' not in page and "/reports/1/download/" not in page
