"""The survey results pages (and its recipients and paper entry pages) pass axe-core's WCAG
2.1 A/AA rules, on desktop and on a phone.

The live site (tests/integration/live_site.py) gets a survey of its own in Beispielhausen,
made through its manage.py shell: two waves of the same instrument, with responses of two
groups, a group under the threshold, free texts and every kind of question, so that every
part of the page (bars, indices, suppression notes, the wave comparison, the texts) is there
for axe to check. Screenshots go to /tmp/wegweiser-shots/surveys-results/.
"""

import os
import subprocess
import sys

import pytest

from .live_site import CHROMIUM, DEMO_PASSWORD, DEMO_PEOPLE, PROJECT, SHOTS, Site, _server_url
from .test_accessibility import AXE, AXE_OPTIONS, FAILING_IMPACTS, VIEWPORTS, _report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]

SLUG = "beispielhausen"
TITLE = "Digitale Veränderungsbereitschaft (Barrierefreiheitstest)"
MAKE_SURVEY = f"""
from django.utils import timezone
from django_tenants.utils import schema_context
from surveys.models import Survey
from tests.surveys import results_factories as make

with schema_context({SLUG!r}):
    found = Survey.objects.filter(title_en={TITLE!r}).order_by("-wave").first()
    if found is None:
        dimension = make.dimension("verwaltung-a11y")
        employees, citizens = make.group("employees"), make.group("citizens")
        companies = make.group("companies")
        first = None
        for wave, (agree, rating) in enumerate([(3, 5), (4, 7)], start=1):
            survey = make.survey({TITLE!r}, instrument=first.instrument if first else None)
            first = first or survey
            likert = make.question(
                survey, "digital", make.Kind.LIKERT, dimension=dimension, counts_for_readiness=True
            )
            grade = make.question(survey, "note", make.Kind.RATING, dimension=dimension)
            channel = make.question(
                survey, "kanal", make.Kind.SINGLE, options=["Online", "Rathaus"]
            )
            services = make.question(
                survey, "dienste", make.Kind.MULTIPLE, options=["E-Akte", "App"], allow_other=True
            )
            matrix = make.question(
                survey, "aussagen", make.Kind.MATRIX, rows=["Tempo", "Daten"], dimension=dimension
            )
            ideas = make.question(survey, "ideen", make.Kind.TEXT)
            for number in range(12):
                make.respond(survey, employees, {{
                    likert: agree, grade: rating, channel: "Online" if number % 3 else "Rathaus",
                    services: ["E-Akte"] if number % 2 else ["App", "other:WLAN"],
                    matrix: {{"Tempo": 4, "Daten": "dk" if number % 4 == 0 else 2}},
                    ideas: f"Idee Nummer {{number}}",
                }})
            make.respond(survey, citizens, {{likert: 2, grade: 3}}, times=6)
            make.respond(survey, companies, {{likert: 5, grade: 9}}, times=2)
            make.invite(survey, employees, sent=20, answered=12)
        # The first wave closed, and its results went public.
        Survey.objects.filter(pk=first.pk).update(
            state="closed", closed_at=timezone.now(), public_slug="barrierefrei",
            results_published_at=timezone.now(),
        )
        found = survey
    print("SURVEY", found.pk, make.group("companies").pk)
"""


@pytest.fixture(scope="module")
def made(site: Site) -> tuple[int, int]:
    """(the survey's id, the id of a group with too few responses to be shown)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": _server_url(f"test_ww_browser_{os.getpid()}"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", MAKE_SURVEY],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    line = next(line for line in result.stdout.splitlines() if line.startswith("SURVEY "))
    _label, survey, group = line.split()
    return int(survey), int(group)


@pytest.fixture(scope="module")
def consultant(browser, site: Site):
    context = browser.new_context(locale="de-DE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(site.url(path="/login/"))
    page.locator("#id_username").fill(DEMO_PEOPLE["consultant"])
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main [name=login]").click()
    page.goto(site.url(path=f"/go/{SLUG}/"))
    assert page.url.startswith(site.url(SLUG)), page.url
    yield page
    context.close()


PAGES = {
    "results": "/surveys/{survey}/results/",
    "results-search": "/surveys/{survey}/results/?q=Nummer+1#texts",
    "results-refused": "/surveys/{survey}/results/?group={group}",
    "results-texts": None,  # the first "show all answers" link of the results page
    # Where results are prepared: recipients with filters, QR codes and the mail preview.
    "recipients": "/surveys/{survey}/recipients/",
    # Each group's paper questionnaire to print, and entering a returned one: every kind of
    # question on one form.
    "paper": "/surveys/{survey}/paper/",
    "paper-entry": "/surveys/{survey}/paper/enter/?group=employees",
    # The first wave's results, published for everyone.
    "published": "/r/barrierefrei/",
    # What respondents are told about their data and the pages' accessibility, linked from
    # every questionnaire page.
    "privacy": "/s/privacy/",
    "accessibility": "/s/accessibility/",
}


def _address(page, name: str, made: tuple[int, int], site: Site) -> str:
    survey, group = made
    if PAGES[name] is None:
        page.goto(site.url(SLUG, PAGES["results"].format(survey=survey)))
        return site.url(
            SLUG, page.locator("a[href*='/results/texts/']").first.get_attribute("href")
        )
    return site.url(SLUG, PAGES[name].format(survey=survey, group=group))


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("name", PAGES)
def test_results_pages_have_no_serious_accessibility_violations(
    name: str, viewport: str, consultant, made: tuple[int, int], site: Site
) -> None:
    page = consultant
    page.set_viewport_size(VIEWPORTS[viewport])
    address = _address(page, name, made, site)
    # Going to the address the page already shows, fragment and all, would load nothing.
    page.goto("about:blank")
    response = page.goto(address)
    assert response is not None and response.status == 200, page.url
    assert page.evaluate("document.documentElement.lang") == "de"
    if name == "results":
        assert page.locator("text=Veränderungsbereitschaft").count() > 0
        assert page.locator(".ww-bars").count() > 0
    if name == "results-refused":
        assert page.locator("[role=alert]").count() == 1
    if name == "published":
        assert page.locator("text=Ergebnisse der Befragung").count() == 1
    if name == "paper-entry":
        assert page.locator("form#questionnaire fieldset.ww-question").count() == 6

    shots = SHOTS / "surveys-results"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=shots / f"{name}-{viewport}.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} ({viewport}) is {overflow}px wider than the viewport"

    page.add_script_tag(path=AXE)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    failing = [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"{page.url} ({viewport}):\n{_report(failing)}"
