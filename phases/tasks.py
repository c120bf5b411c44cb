from celery import shared_task

from .notifications import gate_event_notify


@shared_task(autoretry_for=(OSError,), retry_backoff=30, retry_backoff_max=600, max_retries=5)
def notify_gate_event(event_id: int) -> int:
    """Mail the people who act next on a gate decision; returns how many were mailed."""
    return gate_event_notify(event_id=event_id)
