"""A build that fails is recorded with its message, shown on the page, and can be retried."""

from celery.exceptions import SoftTimeLimitExceeded
from django.template import TemplateDoesNotExist

from reports.documents import BUILDERS
from reports.models import Kind, ReportVersion
from reports.services import report_build, report_build_now
from tests.conftest import browser_of, persona

State = ReportVersion.State


def broken_template(monkeypatch) -> None:
    real = BUILDERS[Kind.PHASE1_RESULTS]

    def builder(as_of):
        document = real(as_of)
        document.template = "reports/pdf/no_such_template.html"
        return document

    monkeypatch.setitem(BUILDERS, Kind.PHASE1_RESULTS, builder)


def test_a_template_error_leaves_a_failed_version_with_the_message(in_alpha, monkeypatch):
    broken_template(monkeypatch)

    version = report_build_now(kind=Kind.PHASE1_RESULTS, actor=persona("carla"), language="en")

    version.refresh_from_db()
    assert version.state == State.FAILED
    assert TemplateDoesNotExist.__name__ in version.error
    assert "no_such_template.html" in version.error
    assert not version.file
    assert version.finished_at is not None


def test_a_build_stopped_by_the_time_limit_says_so(in_alpha, monkeypatch):
    def too_slow(version):
        raise SoftTimeLimitExceeded

    monkeypatch.setattr("reports.services.render_document", too_slow)

    version = report_build_now(kind=Kind.PHASE1_RESULTS, actor=None, language="en")

    assert version.state == State.FAILED
    assert version.error == "Building the document took too long and was stopped."


def test_the_page_shows_the_error_and_a_retry_that_builds_it_again(
    in_alpha, monkeypatch, django_capture_on_commit_callbacks
):
    broken_template(monkeypatch)
    failed = report_build_now(kind=Kind.PHASE1_RESULTS, actor=persona("carla"), language="en")
    browser = browser_of("carla", in_alpha)

    page = browser.get("/reports/").content.decode()
    assert "Version 1 could not be built." in page
    assert "no_such_template.html" in page
    assert 'action="/reports/1/retry/"' in page

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = browser.post("/reports/1/retry/", {"version": failed.number})

    assert response.status_code == 302
    assert len(queued) == 1
    failed.refresh_from_db()
    assert failed.state == State.READY
    assert failed.error == ""
    assert failed.page_count >= 3
    assert ReportVersion.objects.count() == 1


def test_only_a_failed_version_can_be_retried(in_alpha, django_capture_on_commit_callbacks):
    ready = report_build_now(kind=Kind.PHASE1_RESULTS, actor=None, language="en")
    browser = browser_of("carla", in_alpha)

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = browser.post("/reports/1/retry/", {"version": ready.number}, follow=True)

    assert queued == []
    assert "There is no failed version to build again." in response.content.decode()
    ready.refresh_from_db()
    assert ready.state == State.READY


def test_a_build_that_runs_out_of_memory_is_recorded_as_failed(in_alpha, monkeypatch):
    def explode(version):
        raise MemoryError("document too large")

    monkeypatch.setattr("reports.services.render_document", explode)
    version = ReportVersion.objects.create(kind=Kind.ROADMAP, number=1, language="en")

    report_build(version_id=version.pk)

    version.refresh_from_db()
    assert version.state == State.FAILED
    assert "MemoryError: document too large" in version.error
