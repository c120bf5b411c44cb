"""The roadmap in Chromium: a workshop collects ideas, participants vote from their phones
through the workshop link (no account), two ideas become measures, a version is frozen, a
measure changes and the difference is shown; the demo's roadmap pages pass axe-core.

Runs against the live scratch site (see live_site.py). Screenshots go to
/tmp/wegweiser-shots/roadmap/.
"""

import re
import uuid
from pathlib import Path

import pytest

from .live_site import CHROMIUM, CONSULTANT, DEMO_PASSWORD, PASSWORD, SHOTS, Site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]
OUT = SHOTS / "roadmap"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
IDEAS = ["Online appointments at the citizens' office", "Electronic files", "Open data portal"]
# Titles carry a run id, so the story can run again on a site that kept an earlier run's data.
RUN = uuid.uuid4().hex[:6]


def _page(browser, viewport: dict, locale: str = "en-US"):
    context = browser.new_context(locale=locale, viewport=viewport)
    context.set_default_timeout(15_000)
    return context.new_page()


def _shot(page, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=OUT / f"{name}.png", full_page=True)


def _sign_in(page, email: str, password: str) -> None:
    page.locator("input[type=email], input[name=username]").first.fill(email)
    page.locator("input[type=password]").first.fill(password)
    page.locator("input[type=password]").first.press("Enter")


def test_workshop_votes_measures_version_change_and_diff(site: Site, browser) -> None:
    from playwright.sync_api import expect

    town = site.provision("Roadmapstadt", "roadmapstadt")

    ideas = [f"{title} ({RUN})" for title in IDEAS]
    version_name = f"First version after workshop 1 ({RUN})"
    page = _page(browser, DESKTOP)
    page.goto(town + "/roadmap/workshops/")
    _sign_in(page, CONSULTANT[0], PASSWORD)
    expect(page.get_by_role("heading", name="Workshops", level=1)).to_be_visible()

    # A workshop with two dots per participant.
    page.get_by_role("link", name="New workshop").click()
    page.get_by_label("Title").fill("Workshop with the responsible persons")
    page.get_by_label("Dots per participant").fill("2")
    page.get_by_role("button", name="Save workshop").click()
    page.wait_for_url(re.compile(r"/roadmap/workshops/\d+/$"))
    workshop_url = page.url
    expect(
        page.get_by_role("heading", name="Workshop with the responsible persons")
    ).to_be_visible()

    # Quick entry: type, Enter, and the empty field is ready for the next idea.
    for title in ideas:
        # Headless Chromium's window never has the focus, so ask the document directly.
        page.wait_for_function("document.activeElement?.id === 'id_title'", timeout=5_000)
        page.keyboard.type(title)
        page.keyboard.press("Enter")
        expect(page.get_by_text(f"Added: {title}")).to_be_visible()
    expect(page.get_by_label("Idea", exact=True)).to_have_value("")
    expect(page.get_by_role("heading", name="3 ideas")).to_be_visible()
    _shot(page, "browser-1-quick-entry")

    page.get_by_role("button", name="Make the voting link and open voting").click()
    link = page.locator("#voting-link").input_value()
    assert re.search(r"/roadmap/vote/[\w-]{20,}/$", link)

    # Two participants vote on their phones, without an account.
    phone = _page(browser, PHONE)
    phone.goto(link)
    phone.get_by_label("Your name (optional)").fill("Ms Example")
    phone.get_by_role("button", name="Start voting").click()
    expect(phone.get_by_text("2 dots left")).to_be_visible()
    give = phone.get_by_role("button", name=f"Give a dot to “{ideas[0]}”")
    give.click()
    give.click()
    expect(phone.get_by_text("0 dots left")).to_be_visible()
    expect(phone.get_by_role("button", name=f"Give a dot to “{ideas[1]}”")).to_be_disabled()
    _shot(phone, "browser-2-phone-vote")
    anonymous = _page(browser, PHONE)
    anonymous.goto(link)
    anonymous.get_by_role("button", name="Start voting").click()
    expect(anonymous.get_by_text("Voting anonymously")).to_be_visible()
    anonymous.get_by_role("button", name=f"Give a dot to “{ideas[1]}”").click()
    expect(anonymous.get_by_text("1 dot left")).to_be_visible()

    # The ranked list: most dots first; two ideas become measures in one step.
    page.goto(town + "/roadmap/ideas/?workshop=" + workshop_url.split("/")[-2])
    rows = page.locator("tbody tr")
    expect(rows.nth(0)).to_contain_text(ideas[0])
    expect(rows.nth(0)).to_contain_text("2")
    expect(rows.nth(1)).to_contain_text(ideas[1])
    page.get_by_label(f"Choose “{ideas[0]}”").check()
    page.get_by_label(f"Choose “{ideas[1]}”").check()
    _shot(page, "browser-3-ranked")
    page.get_by_role("button", name="Turn the chosen ideas into measures").click()
    expect(page.get_by_text("2 measures added to the roadmap")).to_be_visible()
    table = page.get_by_role("region", name="Measures")
    expect(table.get_by_role("link", name=ideas[0])).to_be_visible()
    expect(table.get_by_role("link", name=ideas[1])).to_be_visible()

    # A version is frozen.
    page.get_by_role("link", name="Versions").click()
    page.get_by_label("Name").fill(version_name)
    page.get_by_role("button", name="Freeze this version").click()
    expect(page.get_by_text(f"Version “{version_name}” frozen.")).to_be_visible()

    # A measure changes after the freeze.
    page.goto(town + "/roadmap/")
    page.get_by_role("region", name="Measures").get_by_role("link", name=ideas[1]).click()
    page.get_by_role("link", name="Edit measure").click()
    page.get_by_label("Owner (department)").fill("Building authority")
    page.get_by_label("Start", exact=True).fill("Q1 2027")
    page.get_by_label("End", exact=True).fill("Q4 2027")
    page.get_by_role("button", name="Save measure").click()
    expect(page.get_by_text("Measure saved.")).to_be_visible()
    expect(page.get_by_text("Q1 2027 – Q4 2027")).to_be_visible()

    # The difference between the frozen version and the draft, field by field.
    page.get_by_role("link", name="Roadmap", exact=True).first.click()
    page.get_by_role("link", name="Versions").click()
    # Each version is listed with the time it was frozen: "<name> (<date>)".
    older = page.get_by_label("Compare", exact=True)
    older.select_option(older.locator("option", has_text=version_name).get_attribute("value"))
    page.get_by_label("with", exact=True).select_option(label="Current draft")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="1 measure changed")).to_be_visible()
    changes = page.locator("article", has_text=ideas[1])
    expect(changes.get_by_role("row", name=re.compile("Owner"))).to_contain_text(
        "Building authority"
    )
    expect(changes.get_by_role("row", name=re.compile("Schedule"))).to_contain_text(
        "Q1 2027 – Q4 2027"
    )
    _shot(page, "browser-4-diff")


DEMO_PAGES = [
    "/roadmap/",
    "/roadmap/workshops/",
    "/roadmap/ideas/",
    "/roadmap/ideas/?view=matrix",
    "/roadmap/versions/",
    "/roadmap/implementation/",
    "/roadmap/communication/",
]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_demo_roadmap_pages_pass_axe(site: Site, browser, viewport: dict) -> None:
    page = _page(browser, viewport, locale="de-DE")
    page.goto(site.url("neustadt", "/roadmap/"))
    _sign_in(page, "berater@wegweiser.example", DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"neustadt\.localhost.*/roadmap/"))
    script = AXE.read_text()
    for path in DEMO_PAGES:
        page.goto(site.url("neustadt", path))
        page.add_script_tag(content=script)
        # The page's own content; the shared header is checked by test_accessibility.py.
        result = page.evaluate("options => axe.run('#main', options)", AXE_OPTIONS)
        violations = [
            f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]
        ]
        assert violations == [], f"{path}: {violations}"
        name = path.strip("/").replace("/", "-").replace("?view=", "-")
        _shot(page, f"demo-{'phone' if viewport == PHONE else 'desktop'}-{name}")
