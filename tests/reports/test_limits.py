"""A runaway document is stopped by a time limit, and a bloated worker child is replaced."""

from django.conf import settings

from config.celery_app import app
from reports.tasks import build_report


def test_a_build_has_a_soft_time_limit_inside_the_hard_one_and_the_broker_timeout():
    visibility_timeout = app.conf.broker_transport_options["visibility_timeout"]

    assert 0 < build_report.soft_time_limit < build_report.time_limit < visibility_timeout
    assert build_report.soft_time_limit == settings.REPORTS_BUILD_SOFT_TIME_LIMIT


def test_a_worker_child_is_replaced_once_it_holds_too_much_memory():
    assert 0 < app.conf.worker_max_memory_per_child <= 1024 * 1024  # KiB: at most 1 GiB


def test_the_build_task_is_not_retried_by_celery_a_failure_is_shown_instead():
    assert not getattr(build_report, "autoretry_for", ())
