"""A consultant takes the Analysis phase through its gate with the municipal lead, in Chromium.

The browser talks to a real `runserver` process on its own scratch database. pytest-django's
live_server would need transactional_db, whose teardown flushes the public schema and with it
the session-wide municipalities every other test relies on; a separate database and server
leave the test database untouched. Gate notifications are queued on a Redis queue of this run
that no worker listens to, and deleted at the end.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]

PROJECT = Path(__file__).resolve().parents[2]
SHOTS = Path("/tmp/wegweiser-shots")
PASSWORD = "correct horse battery"
CONSULTANT = ("carla@example.org", "Carla Kraus")
LEAD = ("leo@example.org", "Leo Lindner")
# Phase 1 as the method seeds it; all five are required for the gate.
ANALYSIS = [
    "Preliminary discussions",
    "Desktop analysis",
    "Introductory event with responsible persons",
    "Qualitative interviews with responsible persons",
    "Results presentation",
]
SKIPPED = "Introductory event with responsible persons"

PEOPLE = f"""
from accounts.models import Membership, Role, User
from engagements.models import Municipality

teststadt = Municipality.objects.get(slug="teststadt")
for (email, name), role in [({CONSULTANT!r}, Role.CONSULTANT), ({LEAD!r}, Role.LEAD)]:
    user = User.objects.create_user(
        email, {PASSWORD!r}, full_name=name, is_firm_staff=role == Role.CONSULTANT, language="en"
    )
    Membership.objects.create(user=user, municipality=teststadt, role=role)
"""


@dataclass
class Site:
    port: int

    @property
    def consultancy(self) -> str:
        return f"http://localhost:{self.port}"

    @property
    def teststadt(self) -> str:
        return f"http://teststadt.localhost:{self.port}"


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
            timeout=120,
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


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[Site]:
    """Teststadt with a consultant and a lead, served by runserver on a database of its own."""
    name = f"test_ww_browser_{os.getpid()}"
    queue = f"wegweiser_browser_{os.getpid()}"
    log = tmp_path_factory.mktemp("browser") / "server.log"
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
        "MEDIA_ROOT": str(log.parent / "media"),
        "SITE_PORT": str(port),
        "PYTHONUNBUFFERED": "1",
    }
    with psycopg.connect(_server_url(), autocommit=True) as conn:
        # A run killed before its teardown may have left its database behind.
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    server = None
    try:
        _manage("migrate_all", "--verbosity", "0", env=env, log=log)
        _manage(
            "create_municipality",
            "Teststadt",
            "--slug=teststadt",
            "--language=en",
            env=env,
            log=log,
        )
        _manage("shell", "-c", PEOPLE, env=env, log=log)
        with log.open("a") as out:
            server = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
                cwd=PROJECT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        _wait_until_up(f"http://localhost:{port}/login/", server, log)
        yield Site(port=port)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        with psycopg.connect(_server_url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        broker = redis.Redis.from_url(settings.REDIS_URL)
        for key in broker.scan_iter(match=f"*{queue}*"):
            broker.delete(key)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


def _new_page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    return context.new_page()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def _sign_in(page, email: str) -> None:
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def _set_status(page, title: str, status: str, reason: str = "") -> None:
    page.get_by_role("link", name=f"Edit {title}", exact=True).click()
    page.get_by_label("Status").select_option(label=status)
    if reason:
        page.get_by_label("Reason for skipping").fill(reason)
    page.get_by_role("button", name="Save activity").click()


def test_consultant_takes_analysis_through_the_gate_with_the_lead(site: Site, browser) -> None:
    from playwright.sync_api import expect

    # The consultant opens Teststadt's site and is sent to the consultancy's login.
    page = _new_page(browser)
    page.goto(site.teststadt + "/")
    expect(page).to_have_url(re.compile(rf"^{re.escape(site.consultancy)}/login/\?next="))
    _sign_in(page, CONSULTANT[0])

    # The hand-off brings her back to Teststadt's engagement overview, signed in there.
    expect(page).to_have_url(site.teststadt + "/")
    expect(page.get_by_role("heading", name="Digital transformation of Teststadt")).to_be_visible()
    expect(page.get_by_text(CONSULTANT[1])).to_be_visible()
    _shot(page, "1-overview")

    page.get_by_role("link", name="Analysis", exact=True).click()
    expect(page.get_by_role("heading", name="Analysis", level=1)).to_be_visible()
    submit = page.get_by_role("button", name="Submit for review")
    expect(submit).to_be_disabled()

    # A required activity cannot be skipped without saying why.
    page.get_by_role("link", name=f"Edit {SKIPPED}", exact=True).click()
    page.get_by_label("Status").select_option(label="Skipped")
    page.get_by_role("button", name="Save activity").click()
    why = "This activity is required for the gate: say why it is skipped."
    expect(page.get_by_role("alert")).to_contain_text(why)
    expect(page.get_by_label("Reason for skipping")).to_have_attribute("aria-invalid", "true")
    _shot(page, "2-activity-form-error")
    page.get_by_label("Reason for skipping").fill("The council met the team at its own meeting.")
    page.get_by_role("button", name="Save activity").click()
    expect(page.get_by_role("status")).to_contain_text("Activity saved.")
    expect(page.get_by_text("Skipped because:")).to_be_visible()

    for title in ANALYSIS:
        if title != SKIPPED:
            _set_status(page, title, "Done")
            expect(page.get_by_role("status")).to_contain_text("Activity saved.")

    expect(page.get_by_text("All required activities are finished.")).to_be_visible()
    page.get_by_label("Note for the lead (optional)").fill("Interview notes are in the drive.")
    submit.click()
    expect(page.get_by_role("status")).to_contain_text("Submitted for review.")
    expect(page.get_by_text("In review", exact=False)).to_be_visible()
    # Signing the gate off is the municipality's decision, not the consultant's.
    expect(page.get_by_role("button", name="Approve phase")).to_have_count(0)
    expect(page.get_by_role("button", name="Send back")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Edit "))).to_have_count(0)
    _shot(page, "3-phase-in-review")

    # Signing out on Teststadt's site ends the sign-in everywhere.
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(site.consultancy + "/login/")
    page.goto(site.teststadt + "/")
    expect(page).to_have_url(re.compile(rf"^{re.escape(site.consultancy)}/login/"))
    page.context.close()

    # The lead signs in at the consultancy and goes to her municipality.
    page = _new_page(browser)
    page.goto(site.consultancy + "/login/")
    _sign_in(page, LEAD[0])
    expect(page.get_by_role("heading", name="Municipalities")).to_be_visible()
    page.get_by_role("link", name="Teststadt", exact=True).click()
    expect(page).to_have_url(site.teststadt + "/")
    page.get_by_role("link", name="Analysis", exact=True).click()
    expect(page.get_by_role("button", name="Submit for review")).to_have_count(0)
    page.get_by_label("Comment on the sign-off (optional)").fill("Thorough work, thank you.")
    page.get_by_role("button", name="Approve phase").click()
    expect(page.get_by_role("status")).to_contain_text("Phase approved. The next phase is open.")

    history = page.get_by_role("region", name="History of this gate")
    signoff = history.get_by_role("listitem").first
    expect(signoff).to_contain_text("Approved")
    expect(signoff).to_contain_text(LEAD[1])
    expect(signoff).to_contain_text("Thorough work, thank you.")
    expect(history.get_by_role("listitem").nth(1)).to_contain_text(CONSULTANT[1])
    _shot(page, "4-phase-approved")

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Engagement").click()
    phases = page.get_by_role("list", name="Phases of the engagement").get_by_role("listitem")
    expect(phases.nth(0)).to_contain_text("Analysis")
    expect(phases.nth(0)).to_contain_text("Approved")
    expect(phases.nth(1)).to_contain_text("Active")
    expect(phases.nth(2)).to_contain_text("Locked")
    expect(page.get_by_role("region", name="Gate history")).to_contain_text(LEAD[1])
    _shot(page, "5-overview-after-approval")
    page.context.close()
