"""A respondent opens an e-mailed invitation on a phone, fills Beispielhausen's survey and
submits; axe-core checks the questionnaire. The consultant's survey pages are checked and
photographed on desktop and phone.

The invitation is sent by the real mailing service into a file outbox, on the live site's
database (see live_site.py), and the link is read from that mail.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .live_site import CHROMIUM, DEMO_PASSWORD, DEMO_PEOPLE, PROJECT, SHOTS, Site, _server_url
from .test_accessibility import AXE, AXE_OPTIONS, FAILING_IMPACTS, _report

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian's Chromium at {CHROMIUM}"),
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
OUT = SHOTS / "surveys-core"

INVITE = """
from django_tenants.utils import tenant_context
from engagements.models import Municipality
from surveys.models import Recipient, Survey, TargetGroup
from surveys.services import mailing

with tenant_context(Municipality.objects.get(slug="beispielhausen")):
    survey = Survey.objects.get(is_template=False, state="open")
    recipient = Recipient.objects.create(
        survey=survey,
        group=TargetGroup.objects.get(key="employees"),
        email="browser.test@beispielhausen.example",
        invitation_status="queued",
    )
    assert mailing.survey_mail_send(recipient_id=recipient.pk, kind="invitation")
"""


def _invite(site: Site, outbox: Path) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": _server_url(f"test_ww_browser_{os.getpid()}"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(outbox),
        "SITE_PORT": str(site.port),
    }
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", INVITE],
        cwd=PROJECT,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
    )
    mail = "".join(path.read_text() for path in outbox.glob("*.log"))
    # The personal link: a token of 43 characters (not the privacy notice's or the
    # unsubscribe address in the headers).
    return re.search(r"(http://beispielhausen\.localhost:\d+/s/[\w-]{43}/)", mail).group(1)


def _axe(page) -> None:
    page.add_script_tag(path=AXE)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    failing = [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]
    assert not failing, f"{page.url}:\n{_report(failing)}"


def _shot(page, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=OUT / f"{name}.png", full_page=True)


def test_respondent_answers_an_emailed_invitation_on_a_phone(site: Site, browser, tmp_path):
    from playwright.sync_api import expect

    link = _invite(site, tmp_path / "outbox")
    context = browser.new_context(locale="de-DE", viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()

    page.goto(link)
    assert "/s/" in page.url and link.rsplit("/s/", 1)[1].strip("/") not in page.url
    expect(page.locator("h1")).to_contain_text("Digitale Veränderungsbereitschaft")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the questionnaire is {overflow}px wider than the phone"
    _axe(page)
    _shot(page, "respond-page1-phone")

    count = int(page.locator(".progress").get_attribute("aria-valuemax"))
    next_button = page.get_by_role("button", name=re.compile("^(Weiter|Next)$"))
    shown_errors = pressed_enter = False
    for number in range(1, count + 1):
        required = page.locator("fieldset.ww-question:has(.ww-required)")
        if required.count() and not shown_errors:
            # A required question left out: a summary at the top, nothing typed is lost.
            if page.locator("textarea").count():
                page.locator("textarea").first.fill("Mehr Schulungen")
            submit = page.get_by_role("button", name=re.compile("abschicken|Submit"))
            (next_button if number < count else submit).click()
            expect(page.locator("#error-summary")).to_be_visible()
            _axe(page)
            _shot(page, "respond-errors-phone")
            shown_errors = True
            required = page.locator("fieldset.ww-question:has(.ww-required)")
        for index in range(required.count()):
            required.nth(index).locator("label.ww-choice-label").nth(3).click()
        if page.locator("textarea").count():
            page.locator("textarea").first.fill("Eine digitale Akte für alle Ämter.")
        chosen = page.locator("input.btn-check:checked")
        if number < count and chosen.count() and not pressed_enter:
            # Enter on an answer goes on, as the Next button does (not to the language switch).
            chosen.first.press("Enter")
            expect(page.locator("#progress-label")).to_contain_text(f" {number + 1} ")
            expect(page.locator("html")).to_have_attribute("lang", "de")
            pressed_enter = True
        elif number < count:
            next_button.click()
            expect(page.locator("#progress-label")).to_contain_text(f" {number + 1} ")
    _shot(page, "respond-last-phone")
    page.get_by_role("button", name=re.compile("Antworten abschicken|Submit answers")).click()

    expect(page.locator("h1")).to_contain_text(re.compile("Vielen Dank|Thank you"))
    _shot(page, "respond-thanks-phone")
    # The link is used up: opening it again shows the one friendly page.
    page.goto(link)
    expect(page.locator("h1")).to_contain_text(re.compile("funktioniert nicht|does not work"))
    context.close()


def _consultant_on_the_survey_list(site: Site, browser):
    """The consultant's browser context and page, signed in, on Beispielhausen's surveys."""
    context = browser.new_context(locale="de-DE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(site.url(path="/login/"))
    page.locator("#id_username").fill(DEMO_PEOPLE["consultant"])
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main [name=login]").click()
    page.goto(site.url(path="/go/beispielhausen/"))
    page.goto(site.url("beispielhausen", "/surveys/"))
    return context, page


def test_consultant_survey_pages_have_no_serious_accessibility_violations(site: Site, browser):
    context, page = _consultant_on_the_survey_list(site, browser)
    detail = page.locator("main table a").first.get_attribute("href")
    pages = {
        "list": "/surveys/",
        "detail": detail,
        "recipients": f"{detail}recipients/",
        "preview": f"{detail}preview/?group=citizens",
        "edit": f"{detail}edit/",
        "settings": "/surveys/settings/",
        "phase2": "/phases/2/",
    }
    for name, path in pages.items():
        for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(viewport)
            response = page.goto(site.url("beispielhausen", path))
            assert response is not None and response.status == 200, path
            _shot(page, f"{name}-{label}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} ({label}) is {overflow}px wider than the viewport"
            _axe(page)
    context.close()


def _citizens_link(site: Site, browser) -> str:
    """Beispielhausen's open link for citizens, as its recipients page shows it."""
    consultant, page = _consultant_on_the_survey_list(site, browser)
    page.goto(site.url("beispielhausen", page.locator("main table a").first.get_attribute("href")))
    page.get_by_role("link", name=re.compile("Empfänger")).first.click()
    link = page.locator("input[value*='/o/']").first.input_value()
    consultant.close()
    return link


def test_a_citizen_is_asked_the_follow_ups_only_after_their_answers(site: Site, browser):
    """The grade of the online services follows a ticked answer; what is missing follows a
    grade of six or lower, and hides with the grade when the answer is unticked; why not
    online follows any of three answers."""
    from playwright.sync_api import expect

    link = _citizens_link(site, browser)
    citizen = browser.new_context(locale="de-DE", viewport=PHONE)
    citizen.set_default_timeout(10_000)
    page = citizen.new_page()
    page.goto(link)
    grade = page.locator("fieldset[data-shown-if-values]", has_text="Wie zufrieden")
    offline_why = page.locator("fieldset[data-shown-if-values]", has_text="Was hält Sie")
    by_letter = page.locator("label", has_text="Per Brief")
    missing = page.locator("fieldset[data-shown-if-from]")
    online = page.locator("label", has_text="Über Online-Dienste der Stadt")

    expect(grade).to_have_count(1)
    expect(missing).to_have_count(1)
    expect(grade).to_be_hidden()
    expect(missing).to_be_hidden()
    expect(offline_why).to_be_hidden()
    by_letter.click()  # one of the three answers "why not online?" follows
    expect(offline_why).to_be_visible()
    by_letter.click()
    expect(offline_why).to_be_hidden()
    online.click()
    expect(grade).to_be_visible()
    expect(grade).to_contain_text("Online-Diensten")
    expect(missing).to_be_hidden()
    grade.locator("label", has_text=re.compile(r"^\s*4\s*$")).click()
    expect(missing).to_be_visible()
    expect(missing).to_contain_text("Für alle, die oben 0 bis 6 gewählt haben.")
    _axe(page)
    _shot(page, "respond-follow-up-phone")
    grade.locator("label", has_text=re.compile(r"^\s*9\s*$")).click()
    expect(missing).to_be_hidden()
    grade.locator("label", has_text=re.compile(r"^\s*2\s*$")).click()
    expect(missing).to_be_visible()
    online.click()
    expect(grade).to_be_hidden()
    expect(missing).to_be_hidden()
    citizen.close()


GO_ON = ("Weiter", "Antworten abschicken")
# What has keyboard focus: its kind, whether it is chosen, and its text.
FOCUSED = """() => {
    const element = document.activeElement;
    return {
        tag: element.tagName.toLowerCase(),
        type: element.type || "",
        name: element.name || "",
        checked: Boolean(element.checked),
        text: (element.innerText || "").trim(),
    };
}"""


def test_a_citizen_answers_the_whole_survey_with_the_keyboard_alone(site: Site, browser):
    """Tab from control to control, Space to tick, typing into the text boxes, Enter on the
    page's button: no mouse anywhere. A radio group takes its first answer, a question with
    several answers its first, so required questions and the follow-ups they open are
    answered as a keyboard user would."""
    from playwright.sync_api import expect

    link = _citizens_link(site, browser)
    citizen = browser.new_context(locale="de-DE", viewport=DESKTOP)
    citizen.set_default_timeout(10_000)
    page = citizen.new_page()
    page.goto(link)
    count = int(page.locator(".progress").get_attribute("aria-valuemax"))

    for number in range(1, count + 1):
        ticked: set[str] = set()
        for _ in range(300):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused["tag"] == "button" and focused["text"] in GO_ON:
                break  # past the language switch and "back" to the page's own button
            if focused["type"] in ("radio", "checkbox") and focused["name"] not in ticked:
                if not focused["checked"]:
                    page.keyboard.press("Space")
                ticked.add(focused["name"])
            elif focused["tag"] == "textarea":
                page.keyboard.type("Mehr Termine online.")
        else:
            pytest.fail(f"page {number}: no button reached with the Tab key")
        page.keyboard.press("Enter")
        if number < count:
            expect(page.locator("#progress-label")).to_contain_text(f" {number + 1} ")
        errors = page.locator("#error-summary")
        assert not errors.count(), f"page {number}: {errors.inner_text()}"

    expect(page.locator("h1")).to_contain_text("Vielen Dank")
    citizen.close()
