"""A response cannot be joined to its recipient through the database's transaction ids.

The submission must be committed for its rows to carry their own transaction id, so it runs on
a connection of its own, outside pytest-django's test transaction (the pattern of
test_concurrent_submit.py); the survey is removed again in `finally`.
"""

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django_tenants.utils import schema_context

from surveys.models import Instrument, Recipient
from surveys.services.responding import counts_pending_key
from surveys.tasks import survey_counts_bring_up_to_date
from tests.surveys.factories import (
    on_own_connection,
    on_the_last_page,
)

pytestmark = pytest.mark.django_db

SAME_TRANSACTION = """
SELECT count(*) FROM surveys_recipient AS recipient
JOIN surveys_response AS response ON response.xmin = recipient.xmin
WHERE recipient.survey_id = %s
"""


def test_the_worker_leaves_no_transaction_id_shared_by_a_response_and_its_recipient(alpha):
    def submit():
        survey, recipient, browser, final = on_the_last_page(alpha, "Unlinkable")
        with schema_context(alpha.schema_name):
            # A count already waiting: the submission queues none, the test runs it below.
            cache.set(counts_pending_key(survey.pk), True, 60)
        assert browser.post("/s/respond/", final)["Location"] == "/s/thanks/"
        return survey, recipient, browser.cookies

    def shared(survey_id: int) -> int:
        with schema_context(alpha.schema_name), connection.cursor() as cursor:
            cursor.execute(SAME_TRANSACTION, [survey_id])
            return cursor.fetchone()[0]

    def count(survey_id: int) -> None:
        with schema_context(alpha.schema_name):
            survey_counts_bring_up_to_date(survey_id)

    survey, recipient, cookies = on_own_connection(submit)
    try:
        # One statement stored the response and claimed the recipient: the join finds them.
        assert on_own_connection(shared, survey.pk) == 1

        on_own_connection(count, survey.pk)

        assert on_own_connection(shared, survey.pk) == 0
        with schema_context(alpha.schema_name):
            assert Recipient.objects.get(pk=recipient.pk).answered
    finally:

        def clean() -> None:
            Session.objects.filter(session_key=cookies["sessionid"].value).delete()
            with schema_context(alpha.schema_name):
                survey.delete()
                Instrument.objects.filter(pk=survey.instrument_id).delete()

        on_own_connection(clean)
