"""A consultant records an interview, codes two findings beside her notes and sees them counted.

Runs in Chromium against the live scratch site (see live_site.py). Screenshots of the analysis
pages, desktop and phone, go to /tmp/wegweiser-shots/analysis/.
"""

import re
from pathlib import Path

import pytest

from .live_site import CHROMIUM, CONSULTANT, DEMO_PASSWORD, DEMO_PEOPLE, PASSWORD, SHOTS, Site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]
OUT = SHOTS / "analysis"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _new_page(browser, width: int = 1280, locale: str = "en-US"):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    context.set_default_timeout(10_000)
    return context.new_page()


def _shot(page, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=OUT / f"{name}.png", full_page=True)


def _check(page) -> None:
    """No sideways scrolling, and no serious or critical axe-core violation."""
    # The page's own content; the shared header is checked by test_accessibility.py.
    overflow = page.evaluate("document.querySelector('main').scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url}: the content is {overflow}px wider than the viewport"
    page.add_script_tag(path=AXE)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    failing = [
        (v["id"], [node["target"] for node in v["nodes"]][:3])
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not failing, f"{page.url}: {failing}"


def _sign_in(page, email: str, password: str) -> None:
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_consultant_records_an_interview_codes_two_findings_and_sees_them_in_the_matrix(
    site: Site, browser
) -> None:
    from playwright.sync_api import expect

    town = site.provision("Analysestadt", "analysestadt")

    page = _new_page(browser)
    page.goto(town + "/analysis/interviews/new/")
    _sign_in(page, CONSULTANT[0], PASSWORD)
    expect(page.get_by_role("heading", name="Plan an interview")).to_be_visible()

    page.get_by_label("Interviewee").fill("Petra Hansen")
    page.get_by_label("Role").fill("Head of the citizens' office")
    page.get_by_label("Department").fill("Citizens' office")
    page.get_by_label("Date").fill("2026-11-20")
    page.get_by_label("Guide").select_option(label="Phase 1 interview guide (standard)")
    page.get_by_label("Consent given").check()
    page.get_by_label("How consent was given").fill("Orally at the start")
    page.get_by_role("button", name="Save interview").click()

    expect(page.get_by_role("heading", name="Petra Hansen", level=1)).to_be_visible()
    expect(page.get_by_text("Consent recorded")).to_be_visible()
    notes = page.locator("section.ww-note")
    expect(notes).to_have_count(11)

    first, second = notes.nth(0), notes.nth(1)
    first.get_by_role("textbox").first.fill("Only the appointment booking is online.")
    second.get_by_role("textbox").first.fill("Forms are printed and signed by hand.")
    page.get_by_role("button", name="Save notes and mark as done").click()
    expect(page.get_by_role("status").first).to_contain_text("Notes saved.")
    expect(first.get_by_role("textbox").first).to_have_value(
        "Only the appointment booking is online."
    )

    # The first finding, coded beside the answer it comes from.
    first.get_by_text("Code a finding").click()
    first.get_by_label("Statement").fill("Online services are limited to appointments")
    first.get_by_label("Kind").select_option(label="Weakness")
    first.get_by_label("Taxonomy topic").select_option(
        label="Administration: Digital business processes"
    )
    first.get_by_label("Verbatim quote").fill("Online, only the appointment works.")
    first.get_by_role("button", name="Save finding").click()
    expect(page.get_by_role("status").first).to_contain_text("Finding coded.")
    expect(first).to_contain_text("Online services are limited to appointments")
    _shot(page, "1-interview-coded-desktop")

    # The second, from the next answer, on another topic and kind.
    second.get_by_text("Code a finding").click()
    second.get_by_label("Statement").fill("Paper forms signed by hand")
    second.get_by_label("Kind").select_option(label="Weakness")
    second.get_by_label("Taxonomy topic").select_option(label="Administration: Electronic filing")
    second.get_by_role("button", name="Save finding").click()
    expect(second).to_contain_text("Paper forms signed by hand")

    # Both count in the matrix: status quo × Administration, and the cell opens them.
    page.goto(town + "/analysis/")
    expect(page.get_by_role("heading", name="Synthesis of the findings")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("^Status quo of digitization"))
    cell = row.get_by_role("link", name="2 findings")
    expect(cell).to_be_visible()
    _shot(page, "2-matrix-desktop")
    cell.click()
    listed = page.locator("#main .list-group > li")
    expect(listed).to_have_count(2)
    expect(listed.nth(0)).to_contain_text("Online services are limited to appointments")
    expect(listed.nth(0)).to_contain_text("attribution withheld")
    expect(listed.nth(1)).to_contain_text("Paper forms signed by hand")

    # Filtered to documents, the matrix has nothing from this interview.
    page.goto(town + "/analysis/?source=document")
    expect(page.get_by_role("link", name="2 findings")).to_have_count(0)
    page.context.close()


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_the_demo_analysis_pages_render_for_the_consultant(site: Site, browser, width) -> None:
    from playwright.sync_api import expect

    page = _new_page(browser, width=width)
    musterstadt = site.url("musterstadt")
    page.goto(musterstadt + "/analysis/")
    _sign_in(page, DEMO_PEOPLE["consultant"], DEMO_PASSWORD)
    # The consultant's own language is German.
    expect(page.get_by_role("heading", name="Synthese der Erkenntnisse")).to_be_visible()
    expect(page.locator("table.ww-matrix")).to_be_visible()
    kind = "desktop" if width > 500 else "phone"
    _shot(page, f"3-synthesis-{kind}")
    _check(page)
    for path, name in [
        ("/analysis/documents/", "documents"),
        ("/analysis/interviews/", "interviews"),
        ("/analysis/maturity/", "maturity"),
        ("/analysis/results/", "results"),
        ("/analysis/guides/", "guides"),
    ]:
        response = page.goto(musterstadt + path)
        assert response.status == 200, path
        _shot(page, f"4-{name}-{kind}")
        _check(page)
    page.goto(musterstadt + "/analysis/interviews/")
    page.get_by_role("link", name="Petra Hansen").click()
    _shot(page, f"5-interview-{kind}")
    _check(page)
    page.goto(musterstadt + "/analysis/maturity/")
    expect(page.locator("svg[role=img]")).to_be_visible()
    page.context.close()
