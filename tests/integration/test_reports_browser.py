"""The Reports page in Chromium: the demo's ready versions, a download, and live polling."""

import pytest

from .live_site import CHROMIUM, DEMO_PASSWORD, DEMO_PEOPLE, SHOTS, Site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


def _signed_in_page(browser, site: Site, width: int):
    context = browser.new_context(locale="de-DE", viewport={"width": width, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(site.url(path="/login/"))
    page.locator("#id_username").fill(DEMO_PEOPLE["consultant"])
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main [name=login]").click()
    page.goto(site.url(path="/go/musterstadt/"))
    return page


def _shot(page, name: str) -> None:
    (SHOTS / "reports").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "reports" / f"{name}.png", full_page=True)


def test_reports_page_offers_the_demo_version_and_follows_a_new_build(site: Site, browser):
    from playwright.sync_api import expect

    page = _signed_in_page(browser, site, 1280)
    page.goto(site.url("musterstadt", "/reports/"))

    # The demo built version 1 of the Phase 1 results presentation.
    download = page.locator('#report-1 a[href="/reports/1/download/?version=1"]').first
    expect(download).to_be_visible()
    # Fetched by the page itself: Playwright's own requests do not resolve *.localhost.
    content_type, start = page.evaluate(
        """async (url) => {
            const response = await fetch(url);
            const bytes = new Uint8Array(await response.arrayBuffer());
            const start = String.fromCharCode(...bytes.slice(0, 5));
            return [response.headers.get("content-type"), start];
        }""",
        "/reports/1/download/?version=1",
    )
    assert content_type == "application/pdf"
    assert start == "%PDF-"
    _shot(page, "page-desktop")

    # Asking for a new version: the card polls its state (no worker runs here: it stays queued).
    page.locator("#report-2 select[name=language]").select_option("en")
    page.locator("#report-2 button[type=submit]").click()
    expect(page.locator('#report-2 [data-card-pending="true"]')).to_be_visible()
    with page.expect_response(lambda response: "/reports/2/status/" in response.url) as polled:
        pass
    assert polled.value.status == 200
    expect(page.locator("#report-2 .spinner-border")).to_be_visible()
    _shot(page, "page-queued")
    page.context.close()

    phone = _signed_in_page(browser, site, 390)
    phone.goto(site.url("musterstadt", "/reports/"))
    _shot(phone, "page-phone")
    phone.context.close()
