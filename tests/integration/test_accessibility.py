"""Every main page passes axe-core's WCAG 2.1 A/AA rules in Chromium, on desktop and phone.

axe-core (tests/integration/vendor/axe.min.js, see the README there) runs inside the page as
the person of each page's role sees it, in German, the default language. A violation of
impact "serious" or "critical" fails the page; the message names the rule, the elements and
axe's help text. A page wider than the viewport (sideways scrolling on a phone) fails too.
Every page is also saved as a screenshot under /tmp/wegweiser-shots/a11y/ for a look at the
layout.

One browser context per role, signed in once and reused by all pages of that role; the
viewport is set per page.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .live_site import CHROMIUM, DEMO_PASSWORD, DEMO_PEOPLE, SHOTS, Site

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
FAILING_IMPACTS = {"serious", "critical"}
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}


def _submit(button: str) -> Callable:
    """Submit the page's main form as it is, to show its errors."""

    def prepare(page) -> None:
        with page.expect_navigation():
            page.locator(f"main [name={button}]").click()

    return prepare


def _activity_skipped_without_reason(page) -> None:
    # Musterstadt's open Analysis activity is required for the gate.
    open_activity = page.locator("main li", has=page.locator(".ww-status-open")).first
    open_activity.locator("a[href*='/activities/']").click()
    page.wait_for_url(re.compile(r"/activities/\d+/$"))
    page.locator("#id_status").select_option("skipped")
    page.locator("#id_skip_reason").fill("")
    _submit("save")(page)
    assert page.locator("#id_skip_reason").get_attribute("aria-invalid") == "true"


@dataclass(frozen=True)
class Case:
    name: str
    role: str | None  # a key of DEMO_PEOPLE, or None for someone not signed in
    slug: str | None  # the municipality's site, or None for the consultancy's
    path: str
    status: int = 200
    prepare: Callable | None = None


CASES = [
    Case("login", None, None, "/login/"),
    Case("portfolio", "admin", None, "/"),
    Case("municipality-profile", "admin", None, "/municipalities/musterstadt/"),
    Case("municipality-new-errors", "admin", None, "/municipalities/new/", 200, _submit("create")),
    Case("team", "admin", None, "/team/"),
    Case("audit-log", "admin", None, "/audit/"),
    Case("account", "admin", None, "/account/"),
    Case("account-password-errors", "admin", None, "/account/", 200, _submit("password")),
    Case("overview", "consultant", "musterstadt", "/"),
    Case("phase-active", "consultant", "musterstadt", "/phases/1/"),
    Case("phase-approved", "consultant", "beispielhausen", "/phases/1/"),
    Case(
        "activity-form-errors",
        "consultant",
        "musterstadt",
        "/phases/1/",
        prepare=_activity_skipped_without_reason,
    ),
    Case("taxonomy-consultant", "consultant", "musterstadt", "/taxonomy/"),
    Case("overview-lead", "lead", "musterstadt", "/"),
    Case("taxonomy-lead", "lead", "musterstadt", "/taxonomy/"),
    # The lead has a role in Musterstadt, but none that may edit the taxonomy.
    Case("403", "lead", "musterstadt", "/taxonomy/topics/new/", 403),
    Case("404-unknown-host", None, "nirgendwo", "/", 404),
]
# Which municipality sites each role is signed in to, via the consultancy's hand-off.
SITES_OF = {"admin": [], "consultant": ["musterstadt", "beispielhausen"], "lead": ["musterstadt"]}


class Sessions:
    """One signed-in browser context per role, opened on first use."""

    def __init__(self, browser, site: Site) -> None:
        self.browser = browser
        self.site = site
        self.pages: dict[str | None, object] = {}

    def page(self, role: str | None):
        if role not in self.pages:
            context = self.browser.new_context(locale="de-DE")
            context.set_default_timeout(10_000)
            page = context.new_page()
            if role is not None:
                self._sign_in(page, role)
            self.pages[role] = page
        return self.pages[role]

    def _sign_in(self, page, role: str) -> None:
        page.goto(self.site.url(path="/login/"))
        page.locator("#id_username").fill(DEMO_PEOPLE[role])
        page.locator("#id_password").fill(DEMO_PASSWORD)
        with page.expect_navigation():
            page.locator("main [name=login]").click()
        assert "/login/" not in page.url, f"{role} could not sign in"
        for slug in SITES_OF[role]:
            page.goto(self.site.url(path=f"/go/{slug}/"))
            assert page.url.startswith(self.site.url(slug)), f"no hand-off to {slug}: {page.url}"

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture(scope="module")
def sessions(browser, site: Site) -> Iterator[Sessions]:
    opened = Sessions(browser, site)
    yield opened
    opened.close()


def _report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:8]:
            target = " ".join(str(part) for part in node["target"])
            summary = node.get("failureSummary", "").replace("\n", " ")
            lines.append(f"  - {target}: {summary}")
        if len(violation["nodes"]) > 8:
            lines.append(f"  - … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_page_has_no_serious_accessibility_violations(
    case: Case, viewport: str, sessions: Sessions, site: Site
) -> None:
    page = sessions.page(case.role)
    page.set_viewport_size(VIEWPORTS[viewport])
    response = page.goto(site.url(case.slug, case.path))
    assert response is not None and response.status == case.status, page.url
    if case.prepare is not None:
        case.prepare(page)
    assert page.evaluate("document.documentElement.lang") == "de"

    (SHOTS / "a11y").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "a11y" / f"{case.name}-{viewport}.png", full_page=True)
    # A page wider than the phone scrolls sideways as a whole (WCAG 1.4.10, reflow).
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} ({viewport}) is {overflow}px wider than the viewport"

    page.add_script_tag(path=AXE)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    failing = [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"{page.url} ({viewport}):\n{_report(failing)}"
