"""Meetings in Chromium: a consultant plans a meeting, records it and downloads it for the
calendar; the demo's meeting pages pass axe-core on desktop and phone.

Runs against the live scratch site (see live_site.py). Screenshots go to
/tmp/wegweiser-shots/meetings/.
"""

import re
from pathlib import Path

import pytest
from icalendar import Calendar

from .live_site import CHROMIUM, CONSULTANT, DEMO_PASSWORD, DEMO_PEOPLE, PASSWORD, SHOTS, Site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]
OUT = SHOTS / "meetings"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _new_page(browser, locale: str = "en-US"):
    context = browser.new_context(
        locale=locale, viewport=VIEWPORTS["desktop"], accept_downloads=True
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def _shot(page, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=OUT / f"{name}.png", full_page=True)


def test_consultant_plans_records_and_downloads_a_meeting(site: Site, browser, tmp_path) -> None:
    from playwright.sync_api import expect

    town = site.provision("Terminstadt", "terminstadt")

    page = _new_page(browser)
    page.goto(town + "/phases/1/")
    page.get_by_label("E-mail address").fill(CONSULTANT[0])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_role("heading", name="Analysis", level=1)).to_be_visible()

    page.get_by_role("link", name="Plan a meeting").click()
    page.get_by_label("Kind").select_option(label="Introductory event")
    page.get_by_label("Title").fill("Kick-off with the heads of department")
    page.get_by_label("Fulfils activity").select_option(
        label="Introductory event with responsible persons"
    )
    page.get_by_label("Starts at").fill("2031-03-04T14:00")
    page.get_by_label("Ends at").fill("2031-03-04T13:00")
    page.get_by_label("Place").fill("Town hall, council chamber")
    page.get_by_label("Agenda").fill("Welcome\nThe method")
    page.get_by_role("button", name="Save meeting").click()

    # The end before the start is named; everything typed is still there.
    expect(page.get_by_role("alert")).to_contain_text("The meeting must end after it starts.")
    expect(page.get_by_label("Ends at")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Place")).to_have_value("Town hall, council chamber")
    expect(page.get_by_label("Agenda")).to_have_value("Welcome\nThe method")
    _shot(page, "story-form-error")
    page.get_by_label("Ends at").fill("2031-03-04T17:00")
    page.get_by_role("button", name="Save meeting").click()
    expect(
        page.get_by_role("heading", name="Kick-off with the heads of department", level=1)
    ).to_be_visible()

    page.get_by_text("Add a participant").click()
    page.get_by_label("Name").fill("Petra Hansen")
    page.get_by_label("Role").fill("Head of department")
    page.get_by_label("E-mail").fill("petra@")
    page.get_by_role("button", name="Add participant").click()
    expect(page.locator("#participants .alert")).to_contain_text("Enter a valid email address.")
    expect(page.get_by_label("Name")).to_have_value("Petra Hansen")
    page.get_by_label("E-mail").fill("petra@terminstadt.example")
    page.get_by_role("button", name="Add participant").click()
    expect(page.locator("#participants")).to_contain_text("petra@terminstadt.example")

    page.locator("#id_decision-text").fill("Every department names an interviewee.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator("#decisions ol")).to_contain_text("Every department names an interviewee.")

    page.locator("#id_task-title").fill("Send the minutes to all participants")
    page.get_by_label("Due date").fill("2031-03-11")
    page.get_by_role("button", name="Add task").click()
    expect(page.locator("#tasks .list-group")).to_contain_text(
        "Send the minutes to all participants"
    )
    _shot(page, "story-detail")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    saved = tmp_path / "meeting.ics"
    download_info.value.save_as(saved)
    (event,) = Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Kick-off with the heads of department"
    assert event.decoded("DTSTART").isoformat() == "2031-03-04T13:00:00+00:00"

    # The phase page lists the meeting, and the task among the phase's activities.
    page.goto(town + "/phases/1/")
    expect(page.locator("#meetings")).to_contain_text("Kick-off with the heads of department")
    expect(page.locator("#meetings")).to_contain_text(
        "Fulfils: Introductory event with responsible persons"
    )
    expect(page.get_by_text("Send the minutes to all participants").first).to_be_visible()


def _demo_consultant(browser, site: Site):
    page = _new_page(browser, locale="de-DE")
    page.goto(site.url(path="/login/"))
    page.locator("#id_username").fill(DEMO_PEOPLE["consultant"])
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main [name=login]").click()
    for slug in ("musterstadt", "beispielhausen"):
        page.goto(site.url(path=f"/go/{slug}/"))
    return page


def _look_at(page, name: str) -> None:
    """Screenshots on desktop and phone; nothing wider than the page; no serious axe findings.

    Only <main> is measured for overflow: the navigation bar is the base template's.
    """
    for viewport, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        _shot(page, f"{name}-{viewport}")
        overflow = page.evaluate(
            "(main => main.scrollWidth - main.clientWidth)(document.querySelector('main'))"
        )
        assert overflow <= 0, f"{name} ({viewport}) is {overflow}px wider than the viewport"
        page.add_script_tag(path=AXE)
        results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        failing = [
            f"{v['id']}: {v['help']} {[n['target'] for n in v['nodes'][:3]]}"
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not failing, f"{name} ({viewport}): {failing}"
    page.set_viewport_size(VIEWPORTS["desktop"])


def test_demo_meeting_pages_read_well_on_desktop_and_phone(site: Site, browser) -> None:
    page = _demo_consultant(browser, site)
    musterstadt = site.url("musterstadt", path="")

    page.goto(musterstadt + "/meetings/")
    assert page.locator("main").inner_text().count("Ergebnispräsentation Phase 1") == 1
    _look_at(page, "agenda")

    page.get_by_role("link", name="Auftaktveranstaltung mit den Verantwortlichen").click()
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    assert "Interviewpartner aus den Fachbereichen benennen" in page.locator("#tasks").inner_text()
    _look_at(page, "meeting-detail")

    page.locator("#participants summary").click()
    page.locator("#id_participant-email").fill("kein-at-zeichen")
    page.locator("#id_participant-name").fill("Gast")
    with page.expect_navigation():
        page.locator("#participants button[type=submit]").last.click()
    _look_at(page, "meeting-detail-participant-error")

    page.goto(musterstadt + "/phases/1/meetings/new/")
    _look_at(page, "meeting-form")

    page.goto(musterstadt + "/phases/1/")
    _look_at(page, "phase-with-meetings")

    beispielhausen = site.url("beispielhausen", path="")
    page.goto(beispielhausen + "/council/")
    assert "Hauptausschuss" in page.locator("main").inner_text()
    _look_at(page, "council-list")
    page.goto(beispielhausen + "/council/new/")
    _look_at(page, "council-form")
    page.context.close()
