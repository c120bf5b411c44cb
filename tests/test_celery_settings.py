"""Celery's delivery settings only work together; these tests keep one change from undoing another.

Read from the Celery app's configuration, not from Django's settings, so that the CELERY_
namespace mapping is checked as well.
"""

import pytest
from celery import Task
from django.conf import settings

from config.celery_app import app


def _our_tasks() -> list[Task]:
    app.autodiscover_tasks(force=True)
    # Sorted: pytest-xdist's processes must collect the same tests in the same order.
    tasks = [task for name, task in app.tasks.items() if not name.startswith("celery.")]
    return sorted(tasks, key=lambda task: task.name)


def _longest_wait_before_retry(task: Task) -> int:
    # With retry_backoff the countdown is capped by retry_backoff_max; without (a task that
    # only retries by hand, or never), it is default_retry_delay.
    if getattr(task, "retry_backoff", False):
        return task.retry_backoff_max
    return task.default_retry_delay


def test_a_task_is_acknowledged_only_after_it_ran_and_redelivered_if_its_worker_dies() -> None:
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    # A worker holds at most one unacknowledged message it has not started.
    assert app.conf.worker_prefetch_multiplier == 1


def test_a_running_task_is_stopped_before_redis_hands_its_message_to_another_worker() -> None:
    visibility_timeout = app.conf.broker_transport_options["visibility_timeout"]
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit < visibility_timeout


def test_the_project_wide_retry_bound_is_shorter_than_the_visibility_timeout() -> None:
    visibility_timeout = app.conf.broker_transport_options["visibility_timeout"]
    assert visibility_timeout > settings.CELERY_TASK_MAX_RETRY_COUNTDOWN


@pytest.mark.parametrize("task", _our_tasks(), ids=lambda task: task.name)
def test_no_task_waits_longer_before_a_retry_than_the_project_allows(task: Task) -> None:
    """A retry is a message with an ETA that a worker holds unacknowledged until then;
    if the wait outlasts the visibility timeout, Redis delivers it a second time."""
    assert _longest_wait_before_retry(task) <= settings.CELERY_TASK_MAX_RETRY_COUNTDOWN


def test_every_task_of_the_project_is_checked() -> None:
    names = {task.name for task in _our_tasks()}
    assert {"phases.tasks.notify_gate_event", "accounts.tasks.send_account_invitation"} <= names
