"""A scratch Wegweiser served by a real `runserver` process, for the tests that drive Chromium.

pytest-django's live_server would need transactional_db, whose teardown flushes the public
schema and with it the session-wide municipalities every other test relies on; a separate
database and server leave the test database untouched. Gate notifications are queued on a
Redis queue of this run that no worker listens to, and deleted at the end.

The site holds:
- Teststadt (English), with the consultant carla and the lead leo (`CONSULTANT`, `LEAD`), all
  activities open: the gate story takes it through its first gate. Other stories that change
  a municipality get one of their own from `Site.provision`, with the same two people.
- the demo data of `manage.py seed_demo` (German): Musterstadt mid-way through Analysis with
  activities done, in progress, overdue, open and skipped; Beispielhausen with Analysis
  approved and Mobilization active; the firm admin, a consultant and the leads of
  `DEMO_PEOPLE`, password `DEMO_PASSWORD`.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PROJECT = Path(__file__).resolve().parents[2]
SHOTS = Path("/tmp/wegweiser-shots")

PASSWORD = "correct horse battery"
CONSULTANT = ("carla@example.org", "Carla Kraus")
LEAD = ("leo@example.org", "Leo Lindner")
# seed_demo's accounts: firm administrator, consultant (Musterstadt and Beispielhausen) and
# Musterstadt's lead, all with German as their language.
DEMO_PASSWORD = "wegweiser-demo"
DEMO_PEOPLE = {
    "admin": "admin@wegweiser.example",
    "consultant": "berater@wegweiser.example",
    "lead": "lead@musterstadt.example",
}

PEOPLE = f"""
from accounts.models import Role, User

for (email, name), role in [({CONSULTANT!r}, Role.CONSULTANT), ({LEAD!r}, Role.LEAD)]:
    User.objects.create_user(
        email, {PASSWORD!r}, full_name=name, is_firm_staff=role == Role.CONSULTANT, language="en"
    )
"""

MEMBERS = f"""
from accounts.models import Membership, Role, User
from engagements.models import Municipality

municipality = Municipality.objects.get(slug=SLUG)
for email, role in [({CONSULTANT[0]!r}, Role.CONSULTANT), ({LEAD[0]!r}, Role.LEAD)]:
    user = User.objects.get(email=email)
    Membership.objects.create(user=user, municipality=municipality, role=role)
"""


@dataclass
class Site:
    port: int
    env: dict[str, str] = field(repr=False)
    log: Path = field(repr=False)

    def provision(self, name: str, slug: str) -> str:
        """A new English municipality with carla and leo as members; its site's address.

        Each story that changes a municipality works in one of its own, so that no story
        depends on what another did before it (the gate story approves Teststadt's Analysis,
        which freezes its activities).
        """
        _manage(
            "create_municipality",
            name,
            f"--slug={slug}",
            "--language=en",
            env=self.env,
            log=self.log,
        )
        _manage("shell", "-c", f"SLUG = {slug!r}\n" + MEMBERS, env=self.env, log=self.log)
        return self.url(slug, path="")

    def url(self, slug: str | None = None, path: str = "/") -> str:
        """An address on the consultancy's site, or on the site of the municipality `slug`."""
        host = f"{slug}.localhost" if slug else "localhost"
        return f"http://{host}:{self.port}{path}"

    @property
    def consultancy(self) -> str:
        return self.url(path="")

    @property
    def teststadt(self) -> str:
        return self.url("teststadt", path="")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_url(database: str = "postgres") -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgresql://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{database}"


def _manage(*args: str, env: dict[str, str], log: Path) -> None:
    with log.open("a") as out:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=600,  # seed_demo fills four municipalities; a loaded CI machine is slow
        )
    assert result.returncode == 0, f"manage.py {args[0]} failed:\n{log.read_text()[-3000:]}"


def _wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"runserver exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (http only)
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    pytest.fail(f"runserver did not answer {url}:\n{log.read_text()[-3000:]}")


@contextmanager
def running_site(workdir: Path) -> Iterator[Site]:
    """Provision the scratch database, serve it with runserver, and remove both afterwards."""
    name = f"test_ww_browser_{os.getpid()}"
    queue = f"wegweiser_browser_{os.getpid()}"
    log = workdir / "server.log"
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": _server_url(name),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.REDIS_URL,
        "CELERY_RESULT_BACKEND": settings.REDIS_URL,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "MEDIA_ROOT": str(workdir / "media"),
        "SITE_PORT": str(port),
        "PYTHONUNBUFFERED": "1",
    }
    with psycopg.connect(_server_url(), autocommit=True) as conn:
        # A run killed before its teardown may have left its database behind.
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    server = None
    try:
        # seed_demo migrates the public schema first, and provisions its municipalities.
        _manage("seed_demo", env=env, log=log)
        _manage(
            "create_municipality",
            "Teststadt",
            "--slug=teststadt",
            "--language=en",
            env=env,
            log=log,
        )
        _manage("shell", "-c", PEOPLE, env=env, log=log)
        _manage("shell", "-c", 'SLUG = "teststadt"\n' + MEMBERS, env=env, log=log)
        with log.open("a") as out:
            server = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=PROJECT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _wait_until_up(f"http://localhost:{port}/login/", server, log)
        yield Site(port=port, env=env, log=log)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        with psycopg.connect(_server_url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        broker = redis.Redis.from_url(settings.REDIS_URL)
        for key in broker.scan_iter(match=f"*{queue}*"):
            broker.delete(key)


@contextmanager
def chromium() -> Iterator:
    """Headless Debian Chromium; Playwright's own browser downloads are not needed."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
