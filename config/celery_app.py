"""The Celery app. Tasks carry the schema they were queued from and run in it."""

import gc
import os
from collections.abc import Callable
from functools import partial

from celery.signals import worker_init
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


@worker_init.connect
def prepare_before_the_pool_forks(**kwargs: object) -> None:
    """Run in the worker's main process before it forks its children, which inherit the result.

    The fonts are looked up once here, not in each child's first document. Then everything
    loaded so far is moved out of the garbage collector's sight (`gc.freeze`, as Python's
    documentation advises before forking): the children's collections no longer walk the
    inherited modules, templates and fonts, which cost a long document about an eighth of its
    build time, and no longer write to (and so copy) the pages they share with this process.
    """
    from reports.rendering import warm_up

    warm_up()
    gc.freeze()
