"""A real Celery worker builds a requested document in the requesting municipality's schema.

Same set-up as test_celery_worker.py: a `celery worker` process on the test database and a
queue of this test's own; the test body commits on a connection of its own and removes what it
made in `finally`.
"""

from io import BytesIO

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context
from pypdf import PdfReader

from accounts.models import AuditEntry, User
from engagements.models import Municipality
from reports.models import Kind, ReportVersion
from reports.selectors import currency_of
from reports.services import report_request

from .test_celery_worker import (  # noqa: F401 - fixtures
    _wait_for,
    broker_queue,
    on_own_connection,
    smtp_sink,
    worker,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db]


def _state(schema: str, pk: int) -> str:
    with schema_context(schema):
        return ReportVersion.objects.values_list("state", flat=True).get(pk=pk)


@pytest.mark.usefixtures("worker")
@on_own_connection
def test_worker_builds_the_requested_document_in_the_municipalitys_schema() -> None:
    alpha = Municipality.objects.get(slug="alpha")
    beta = Municipality.objects.get(slug="beta")
    carla = User.objects.get(email="carla@example.org")
    last_audit = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    version = None
    try:
        connection.set_tenant(alpha)
        with transaction.atomic():
            version = report_request(kind=Kind.PHASE1_RESULTS, actor=carla, language="en")
            # Queued on commit, from the schema that asked, whatever the connection does next.
            connection.set_tenant(beta)
        connection.set_schema_to_public()

        _wait_for(
            lambda: _state("alpha", version.pk) in ("ready", "failed"),
            timeout=180,
            what="the worker to build the document",
        )
        with schema_context("alpha"):
            connection.set_tenant(alpha)
            built = ReportVersion.objects.get(pk=version.pk)
            assert built.state == ReportVersion.State.READY, built.error
            data = built.file.read()
            path = built.file.path
            # Built in the worker's process, rendered again in this one: the same document.
            assert not currency_of(built).out_of_date
        assert "/alpha/reports/phase1_results/" in path
        reader = PdfReader(BytesIO(data))
        assert len(reader.pages) == built.page_count >= 10
        assert "Altstadt" in reader.pages[0].extract_text()
        with schema_context("beta"):
            assert not ReportVersion.objects.exists()
    finally:
        if version is not None:
            with schema_context("alpha"):
                connection.set_tenant(alpha)
                for leftover in ReportVersion.objects.filter(pk=version.pk):
                    leftover.file.delete(save=False)
                    leftover.delete()
        connection.set_schema_to_public()
        # The audit log refuses deletes; replica mode skips its trigger for this transaction.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            AuditEntry.objects.filter(pk__gt=last_audit, municipality=alpha).delete()
