"""The Celery app. Tasks carry the schema they were queued from and run in it."""

import os
from collections.abc import Callable
from functools import partial

from django.db import connection, transaction
from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = CeleryApp("wegweiser")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def enqueue_after_commit(task: Callable, *args: object) -> None:
    """Queue `task` once the current transaction commits, in the schema that is active now.

    The schema is read here rather than at commit time: by then the connection may have
    switched to another municipality.
    """
    headers = {"_schema_name": connection.schema_name}
    transaction.on_commit(partial(task.apply_async, args=args, headers=headers))
