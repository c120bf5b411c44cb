"""A real Celery worker runs a task in the schema of the municipality that queued it.

The worker is a separate `celery worker` process on the test database, the test Redis
database and an SMTP sink in this process, listening on a queue of its own so that no other
worker (a developer's, another test run's) takes its tasks.

A separate process only sees committed rows, and pytest-django's per-test transaction is
never committed; `transaction=True` would flush the session-wide municipalities. So each test
body runs on a connection of its own (a thread, see `on_own_connection`), commits what it
needs and removes it again in `finally`. The tests still take pytest-django's `db`: without a
test that asks for it, pytest-django creates no test database and the connection would point
at the developer's database.
"""

import email
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy
from functools import wraps
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from aiosmtpd.controller import Controller
from celery.result import AsyncResult
from celery.signals import after_task_publish
from django.conf import settings
from django.db import connection, connections, transaction
from django_tenants.utils import schema_context

from accounts.models import AuditEntry, User
from config.celery_app import app, enqueue_after_commit
from engagements.models import Municipality
from phases.models import Activity, GateEvent, Phase
from phases.services import phase_submit_for_review
from phases.tasks import notify_gate_event

pytestmark = [pytest.mark.worker, pytest.mark.django_db]

PROJECT = Path(__file__).resolve().parents[2]
ALPHA_COMMENT = "Nur in Altstadt: Protokoll vom Lenkungskreis liegt bei."
BETA_COMMENT = "Bergdorf only: steering group minutes attached."


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def on_own_connection(test: Callable[..., None]) -> Callable[..., None]:
    """Run the test body in a thread: Django gives it a connection outside the test transaction,
    in autocommit, so its writes are committed and `transaction.on_commit` fires for real."""

    def body(*args, **kwargs) -> None:
        try:
            test(*args, **kwargs)
        finally:
            connections.close_all()  # this thread's connections only

    @wraps(test)
    def wrapper(*args, **kwargs) -> None:
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(body, *args, **kwargs).result()

    return wrapper


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.05)


@dataclass
class Mail:
    recipients: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["subject"])

    @property
    def body(self) -> str:
        return self.message.get_body().get_content()


@dataclass
class SmtpSink:
    """An aiosmtpd handler: keeps every message the worker delivers."""

    port: int = 0
    mails: list[Mail] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.original_content, policy=default_policy)
        self.mails.append(Mail(recipients=list(envelope.rcpt_tos), message=message))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Mail]:
        return [mail for mail in self.mails if address in mail.recipients]


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink(port=_free_port())
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    yield sink
    controller.stop()


@pytest.fixture
def broker_queue() -> Iterator[str]:
    """A Redis queue of this test only; this process's Celery app publishes to it, not eagerly."""
    name = f"wegweiser_test_{uuid.uuid4().hex[:12]}"
    saved = {key: app.conf[key] for key in ("task_always_eager", "task_default_queue")}
    app.conf.update(task_always_eager=False, task_default_queue=name)
    yield name
    app.conf.update(saved)
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    for key in broker.scan_iter(match=f"*{name}*"):
        broker.delete(key)


def _database_url() -> str:
    db = connection.settings_dict  # NAME is the test database's once django_db_setup ran
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{quote(db['USER'], safe='')}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def worker(django_db_setup, broker_queue, smtp_sink, tmp_path) -> Iterator[None]:
    """`celery worker` on the test database, consuming only this test's queue."""
    log = tmp_path / "worker.log"
    # The test settings derive the same Redis database and media folder as this process's from
    # the same environment (PYTEST_XDIST_WORKER included).
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_EAGER": "0",
        "CELERY_TASK_DEFAULT_QUEUE": broker_queue,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_sink.port),
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        str(Path(sys.executable).with_name("celery")),
        *("-A", "config", "worker", "--pool", "solo", "-Q", broker_queue),
        *("--hostname", f"{broker_queue}@%h"),
        *("--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "info"),
    ]
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:

        def ready() -> bool:
            if process.poll() is not None:
                pytest.fail(f"the worker exited:\n{log.read_text()[-3000:]}")
            return " ready." in log.read_text()

        _wait_for(ready, timeout=30, what="the worker to start")
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        # Shown by pytest when the test failed.
        print(log.read_text()[-5000:])


@contextmanager
def _published() -> Iterator[list[dict]]:
    """The headers of every task message this process hands to the broker."""
    headers: list[dict] = []

    def record(sender=None, **kwargs) -> None:
        headers.append(kwargs["headers"])

    after_task_publish.connect(record, weak=False)
    try:
        yield headers
    finally:
        after_task_publish.disconnect(record)


def _last_event_id(schema: str) -> int:
    with schema_context(schema):
        return GateEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _gate_event(schema: str, event_id: int, phase: int, actor: str, comment: str) -> GateEvent:
    user = User.objects.get(email=f"{actor}@example.org")
    with schema_context(schema):
        return GateEvent.objects.create(
            pk=event_id,
            phase=Phase.objects.get(number=phase),
            kind=GateEvent.Kind.SUBMITTED,
            actor=user,
            actor_name=user.full_name,
            comment=comment,
        )


def _queue_notification(schema: str, event_id: int, times: int = 1) -> list[AsyncResult]:
    """Queue the notification as the services do: from the schema, once the writes commit."""
    with _published() as headers, schema_context(schema), transaction.atomic():
        for _ in range(times):
            enqueue_after_commit(notify_gate_event, event_id)
    assert [h["_schema_name"] for h in headers] == [schema] * times
    return [AsyncResult(h["id"], app=app) for h in headers]


def _results(results: list[AsyncResult]) -> list[int]:
    values = [result.get(timeout=60) for result in results]
    for result in results:
        result.forget()
    return values


@on_own_connection
def test_worker_notifies_from_the_queuing_municipalitys_schema_once(worker, smtp_sink) -> None:
    """Altstadt and Bergdorf both have gate event N; each task reads its own, and mails once."""
    alpha = Municipality.objects.get(slug="alpha")
    beta = Municipality.objects.get(slug="beta")
    event_id = max(_last_event_id(alpha.schema_name), _last_event_id(beta.schema_name)) + 1
    try:
        _gate_event(alpha.schema_name, event_id, phase=1, actor="carla", comment=ALPHA_COMMENT)
        _gate_event(beta.schema_name, event_id, phase=3, actor="bert", comment=BETA_COMMENT)
        with schema_context(alpha.schema_name):
            alpha_phase = Phase.objects.get(number=1).title
        with schema_context(beta.schema_name):
            beta_phase = Phase.objects.get(number=3).title

        # Twice, as a redelivered message would arrive: the second run finds it sent.
        assert sorted(_results(_queue_notification(alpha.schema_name, event_id, 2))) == [0, 1]
        _wait_for(lambda: len(smtp_sink.mails) >= 1, timeout=10, what="Altstadt's mail")
        [mail] = smtp_sink.mails
        assert mail.recipients == ["leo@example.org"]
        assert "Altstadt" in mail.subject
        assert alpha_phase in mail.subject
        assert ALPHA_COMMENT in mail.body
        assert "://alpha.localhost/" in mail.body
        assert BETA_COMMENT not in mail.body
        assert beta_phase not in mail.subject + mail.body
        assert smtp_sink.to("berta@example.org") == []
        with schema_context(beta.schema_name):
            assert GateEvent.objects.get(pk=event_id).notified_at is None

        # The same id queued from Bergdorf reaches Bergdorf's lead with Bergdorf's event.
        assert _results(_queue_notification(beta.schema_name, event_id)) == [1]
        _wait_for(lambda: len(smtp_sink.mails) >= 2, timeout=10, what="Bergdorf's mail")
        [mail] = smtp_sink.to("berta@example.org")
        assert mail.recipients == ["berta@example.org"]
        assert "Bergdorf" in mail.subject
        assert beta_phase in mail.subject
        assert BETA_COMMENT in mail.body
        assert ALPHA_COMMENT not in mail.body
        assert len(smtp_sink.to("leo@example.org")) == 1
    finally:
        for schema in (alpha.schema_name, beta.schema_name):
            with schema_context(schema):
                GateEvent.objects.filter(pk=event_id).delete()


def _taken_from_broker(queue: str) -> list:
    """Every message waiting on `queue`, removed from it."""
    with app.connection_for_read() as broker:
        channel = broker.default_channel
        messages = []
        while (message := channel.basic_get(queue, no_ack=True)) is not None:
            messages.append(message)
        return messages


@contextmanager
def _alpha_restored_afterwards(alpha: Municipality) -> Iterator[None]:
    """Put back what a committed gate submission in Altstadt changes, for the tests after."""
    with schema_context(alpha.schema_name):
        phases = list(Phase.objects.values_list("pk", "state"))
        activities = list(Activity.objects.values_list("pk", "status"))
    last_audit = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_event = _last_event_id(alpha.schema_name)
    summary = (alpha.current_phase, alpha.current_phase_state)
    try:
        yield
    finally:
        with schema_context(alpha.schema_name):
            for pk, state in phases:
                Phase.objects.filter(pk=pk).update(state=state)
            for pk, status in activities:
                Activity.objects.filter(pk=pk).update(status=status)
            GateEvent.objects.filter(pk__gt=last_event).delete()
        Municipality.objects.filter(pk=alpha.pk).update(
            current_phase=summary[0], current_phase_state=summary[1]
        )
        # The audit log's trigger refuses deletes; a superuser's replica mode skips triggers
        # for this one transaction so the test's own entries can go.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            AuditEntry.objects.filter(pk__gt=last_audit, municipality=alpha).delete()


class Abort(Exception):
    pass


@on_own_connection
def test_gate_submission_reaches_the_broker_only_when_its_transaction_commits(
    broker_queue,
) -> None:
    alpha = Municipality.objects.get(slug="alpha")
    carla = User.objects.get(email="carla@example.org")
    with _alpha_restored_afterwards(alpha):
        connection.set_tenant(alpha)
        phase = Phase.objects.get(number=1)
        phase.activities.update(status=Activity.Status.DONE)

        events_before = GateEvent.objects.count()
        with pytest.raises(Abort), transaction.atomic():
            phase_submit_for_review(phase=phase, actor=carla)
            raise Abort
        assert _taken_from_broker(broker_queue) == []
        assert GateEvent.objects.count() == events_before
        phase.refresh_from_db()
        assert phase.state == Phase.State.ACTIVE

        with transaction.atomic():
            event = phase_submit_for_review(phase=phase, actor=carla)
            assert _taken_from_broker(broker_queue) == []
            # By commit time the connection may serve another municipality.
            connection.set_tenant(Municipality.objects.get(slug="beta"))
        # The portfolio's summary refresh may come along, unless one is pending already.
        [message] = [
            message
            for message in _taken_from_broker(broker_queue)
            if message.headers["task"] == notify_gate_event.name
        ]
        assert message.headers["_schema_name"] == "alpha"
        args, _kwargs, _embed = message.decode()
        assert args == [event.pk]
