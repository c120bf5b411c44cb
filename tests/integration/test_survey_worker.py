"""Survey invitations through a real Celery worker and a real SMTP sink: one mail each, even
when a task is delivered again (see test_celery_worker.py for the worker and the sink)."""

import re

import pytest
from celery.result import AsyncResult
from django.db import transaction
from django_tenants.utils import schema_context

from config.celery_app import app, enqueue_after_commit
from engagements.models import Municipality
from surveys.models import AccessToken, Instrument, Recipient, token_hash
from surveys.services import mailing
from surveys.tasks import send_survey_mail
from tests.surveys.factories import group, small_survey

from .test_celery_worker import (  # noqa: F401 (fixtures)
    _published,
    _wait_for,
    broker_queue,
    on_own_connection,
    smtp_sink,
    worker,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db]
PEOPLE = ["anna.worker@example.org", "ben.worker@example.org"]


def _results(headers: list[dict]) -> list:
    results = [AsyncResult(h["id"], app=app) for h in headers]
    values = [result.get(timeout=60) for result in results]
    for result in results:
        result.forget()
    return values


@on_own_connection
def test_worker_sends_each_invitation_once_even_when_its_task_arrives_again(
    worker,  # noqa: F811 (the fixture)
    smtp_sink,  # noqa: F811
):
    alpha = Municipality.objects.get(slug="alpha")
    with schema_context(alpha.schema_name):
        survey = small_survey(title="Worker survey")
        anna, _ben = (
            Recipient.objects.create(survey=survey, group=group("employees"), email=email)
            for email in PEOPLE
        )
    try:
        with _published() as queued, schema_context(alpha.schema_name):
            assert mailing.invitations_queue(survey=survey) == 2
        assert [h["_schema_name"] for h in queued] == ["alpha", "alpha"]
        assert _results(queued) == [True, True]

        # A redelivered message and a retry of a task whose mail already went out.
        with _published() as again, schema_context(alpha.schema_name), transaction.atomic():
            enqueue_after_commit(send_survey_mail, anna.pk, "invitation")
            enqueue_after_commit(send_survey_mail, anna.pk, "invitation")
        assert _results(again) == [False, False]

        _wait_for(lambda: len(smtp_sink.mails) >= 2, timeout=10, what="two invitations")
        assert [len(smtp_sink.to(email)) for email in PEOPLE] == [1, 1]
        [mail] = smtp_sink.to(PEOPLE[0])
        token = re.search(r"://alpha\.localhost\S*/s/([\w-]+)/", mail.body).group(1)
        # The mail program's one-click "unsubscribe" crosses SMTP, signed for Altstadt.
        unsubscribe = mail.message["List-Unsubscribe"].strip()  # folded: a long line
        assert re.fullmatch(r"<https?://alpha\.localhost\S*/s/decline/[\w:-]+/>", unsubscribe)
        assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        with schema_context(alpha.schema_name):
            assert AccessToken.objects.get(token_hash=token_hash(token)).recipient_id == anna.pk
            assert set(Recipient.objects.filter(survey=survey).values_list(
                "invitation_status", flat=True)) == {"sent"}  # fmt: skip
            assert token not in str(list(Recipient.objects.values()))
    finally:
        with schema_context(alpha.schema_name):
            survey.delete()
            Instrument.objects.filter(pk=survey.instrument_id).delete()
