"""Which changes in a municipality's schema refresh its summary in the public schema.

Receivers rather than calls in the other apps' services: the summary is this app's concern,
and a model saved by any path (a service, the admin, a data fix) is caught the same way.
Bulk updates and raw statements send no signal; the services that use them also save a row
that does, or queue the refresh themselves (a survey submission, surveys.services), or the
summary catches up with `rebuild_summaries`.
"""

from django.apps import apps
from django.db import connection
from django.db.models.signals import post_delete, post_save

from .summaries import summary_refresh_after_commit

# The tenant models whose rows the summary, the due lists or the benchmarks read.
WATCHED_MODELS = [
    "phases.Phase",
    "phases.Activity",
    "phases.GateEvent",
    "phases.Meeting",
    "interviews.MaturityRating",
    "taxonomy.Topic",
    "taxonomy.Dimension",
    "surveys.Survey",
    "surveys.Recipient",
    "surveys.Response",
    "roadmap.Measure",
    "roadmap.ProgressUpdate",
]


def _changed(sender, **kwargs) -> None:
    summary_refresh_after_commit(connection.schema_name)


def receivers_connect() -> None:
    for label in WATCHED_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue  # an app whose models are not there yet contributes nothing
        post_save.connect(_changed, sender=model, dispatch_uid=f"summary-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"summary-delete-{label}")
