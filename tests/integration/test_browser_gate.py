"""A consultant takes the Analysis phase through its gate with the municipal lead, in Chromium.

The browser talks to a real `runserver` process on its own scratch database (`site` and
`browser` come from conftest.py; see live_site.py for why not pytest-django's live_server).
"""

import re

import pytest

from .live_site import CHROMIUM, CONSULTANT, LEAD, PASSWORD, SHOTS, Site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]

# Phase 1 as the method seeds it; all five are required for the gate.
ANALYSIS = [
    "Preliminary discussions",
    "Desktop analysis",
    "Introductory event with responsible persons",
    "Qualitative interviews with responsible persons",
    "Results presentation",
]
SKIPPED = "Introductory event with responsible persons"


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
