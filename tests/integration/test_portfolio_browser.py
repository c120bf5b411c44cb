"""The portfolio, due list, library and benchmark pages in Chromium: axe-clean on desktop and
phone, no sideways scrolling, and saved as screenshots under /tmp/wegweiser-shots/portfolio/.

They run on the demo data (seed_demo): comparison municipalities, the library's story, and
Musterstadt's lead with a benchmark to see.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from .live_site import CHROMIUM, SHOTS, Site
from .test_accessibility import AXE, AXE_OPTIONS, FAILING_IMPACTS, VIEWPORTS, Sessions, _report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]


def _open_first(selector: str) -> Callable:
    def prepare(page) -> None:
        with page.expect_navigation():
            page.locator(selector).first.click()

    return prepare


@dataclass(frozen=True)
class Page:
    name: str
    role: str
    slug: str | None
    path: str
    prepare: Callable | None = None
    expect: str = ""  # a text the page must show


PAGES = [
    Page("portfolio", "admin", None, "/", expect="Lindenau"),
    Page(
        "portfolio-filtered", "admin", None, "/?phase=2&overdue=on&sort=overdue", expect="Rosenfeld"
    ),
    Page("due", "consultant", None, "/due/"),
    Page("library", "admin", None, "/library/", expect="Aktivitäten der Methode"),
    Page(
        "library-template", "admin", None, "/library/", _open_first("main a[href*='/templates/']")
    ),
    Page("library-proposals", "admin", None, "/library/proposals/"),
    Page(
        "library-proposal",
        "admin",
        None,
        "/library/proposals/",
        _open_first("main a[href*='/proposals/']"),
    ),
    Page("library-offer", "consultant", "musterstadt", "/library/offer/"),
    Page("benchmark", "lead", "musterstadt", "/benchmark/", expect="Median"),
]


@pytest.fixture(scope="module")
def sessions(browser, site: Site) -> Iterator[Sessions]:
    opened = Sessions(browser, site)
    yield opened
    opened.close()


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("case", PAGES, ids=lambda case: case.name)
def test_page_shows_its_figures_and_passes_axe(
    case: Page, viewport: str, sessions: Sessions, site: Site
) -> None:
    page = sessions.page(case.role)
    page.set_viewport_size(VIEWPORTS[viewport])
    response = page.goto(site.url(case.slug, case.path))
    assert response is not None and response.status == 200, page.url
    if case.prepare is not None:
        case.prepare(page)
    if case.expect:
        assert case.expect in page.locator("main").inner_text(), page.url

    (SHOTS / "portfolio").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "portfolio" / f"{case.name}-{viewport}.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} ({viewport}) is {overflow}px wider than the viewport"
    page.add_script_tag(path=AXE)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    failing = [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"{page.url} ({viewport}):\n{_report(failing)}"


def test_the_lead_reads_no_other_municipality_s_name_on_the_benchmark(
    sessions: Sessions, site: Site
) -> None:
    page = sessions.page("lead")
    page.goto(site.url("musterstadt", "/benchmark/"))
    text = page.locator("main").inner_text()

    assert re.search(r"\d+ Kommunen|\d+ municipalities", text)
    for other in ("Lindenau", "Eichhorst", "Beispielhausen", "Waldkirchen"):
        assert other not in text
