"""Twenty simultaneous submissions through one personal link store exactly one response.

The requests must really overlap in the database, so they run on threads with connections of
their own, outside pytest-django's test transaction (see tests/integration/test_celery_worker.py
for the same pattern): the survey is committed, and removed again in `finally`.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.sessions.models import Session
from django.db import connections
from django.test import Client
from django_tenants.utils import schema_context

from surveys.models import Instrument, Response
from tests.conftest import host_of
from tests.surveys.factories import (
    on_own_connection,
    on_the_last_page,
)

pytestmark = pytest.mark.django_db

CONCURRENT = 20


def test_twenty_concurrent_posts_with_one_token_store_exactly_one_response(alpha):
    def arrange():
        survey, _recipient, browser, final = on_the_last_page(alpha, "Concurrent")
        return survey, browser.cookies, final

    survey, cookies, final = on_own_connection(arrange)
    barrier = threading.Barrier(CONCURRENT)

    def submit(_index: int) -> int:
        try:
            client = Client(HTTP_HOST=host_of(alpha))
            client.cookies = cookies
            barrier.wait()
            return client.post("/s/respond/", final).status_code
        finally:
            connections.close_all()

    try:
        with ThreadPoolExecutor(max_workers=CONCURRENT) as pool:
            statuses = list(pool.map(submit, range(CONCURRENT)))

        def count() -> int:
            with schema_context(alpha.schema_name):
                return Response.objects.filter(survey_id=survey.pk).count()

        assert on_own_connection(count) == 1
        assert set(statuses) <= {302, 403}, statuses
    finally:

        def clean() -> None:
            Session.objects.filter(session_key=cookies["sessionid"].value).delete()
            with schema_context(alpha.schema_name):
                survey.delete()
                Instrument.objects.filter(pk=survey.instrument_id).delete()

        on_own_connection(clean)
