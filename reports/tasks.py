from celery import shared_task
from django.conf import settings

from .services import report_build


@shared_task(
    soft_time_limit=settings.REPORTS_BUILD_SOFT_TIME_LIMIT,
    time_limit=settings.REPORTS_BUILD_TIME_LIMIT,
)
def build_report(version_id: int) -> str:
    """Build one report version in the schema it was queued from; returns its final state.

    A failed build is recorded on the version (its page offers a retry), not retried here:
    a document that fails once usually fails the same way again.
    """
    return report_build(version_id=version_id).state
