"""Small surveys for tests, made through the same services the app uses."""

import secrets
from concurrent.futures import ThreadPoolExecutor

from django.db import connections
from django.utils import timezone

from surveys.models import (
    AccessToken,
    Instrument,
    MatrixRow,
    Option,
    Question,
    Recipient,
    Section,
    Survey,
    TargetGroup,
    token_hash,
)


def group(key: str) -> TargetGroup:
    return TargetGroup.objects.get(key=key)


def small_survey(*, state: str = Survey.State.OPEN, title: str = "Digital town") -> Survey:
    """Two pages. Page 1: a required likert for all, a single choice for employees only, a
    matrix; page 2: a multiple choice with "other", a rating, a free text; a citizens-only
    likert."""
    instrument = Instrument.objects.create(name=title)
    survey = Survey.objects.create(
        instrument=instrument,
        title_de=f"{title} (de)",
        title_en=title,
        primary_language="de",
        translated=True,
        state=state,
        opened_at=timezone.now() if state != Survey.State.DRAFT else None,
    )
    first = Section.objects.create(survey=survey, title_de="Heute", title_en="Today", position=0)
    second = Section.objects.create(
        survey=survey, title_de="Morgen", title_en="Tomorrow", position=1
    )

    def question(section, key, kind, position, **extra) -> Question:
        return Question.objects.create(
            survey=survey,
            section=section,
            key=key,
            kind=kind,
            text_de=f"Frage {key}",
            text_en=f"Question {key}",
            position=position,
            **extra,
        )

    question(first, "ready", Question.Kind.LIKERT, 0, required=True, counts_for_readiness=True)
    tenure = question(first, "tenure", Question.Kind.SINGLE, 1)
    tenure.groups.set([group("employees")])
    for index, label in enumerate(["short", "long"]):
        Option.objects.create(question=tenure, label_de=label, label_en=label, position=index)
    matrix = question(first, "today", Question.Kind.MATRIX, 2)
    for index, key in enumerate(["files", "home"]):
        MatrixRow.objects.create(
            question=matrix, key=key, label_de=key, label_en=key, position=index
        )
    challenges = question(second, "challenges", Question.Kind.MULTIPLE, 0, allow_other=True)
    for index, label in enumerate(["staff", "tech", "law"]):
        Option.objects.create(question=challenges, label_de=label, label_en=label, position=index)
    question(second, "grade", Question.Kind.RATING, 1)
    question(second, "ideas", Question.Kind.TEXT, 2)
    citizens_only = question(second, "citizens-only", Question.Kind.LIKERT, 3)
    citizens_only.groups.set([group("citizens")])
    return survey


def q(survey: Survey, key: str) -> Question:
    return Question.objects.get(survey=survey, key=key)


def recipient_with_token(
    survey: Survey, *, group_key: str = "employees", email: str | None = None, department: str = ""
) -> tuple[Recipient, str]:
    recipient = Recipient.objects.create(
        survey=survey,
        group=group(group_key),
        email=email or f"{secrets.token_hex(4)}@example.org",
        department=department,
        invitation_status=Recipient.MailStatus.SENT,
        invited_at=timezone.now(),
    )
    token = secrets.token_urlsafe(32)
    AccessToken.objects.create(recipient=recipient, token_hash=token_hash(token))
    return recipient, token


def on_page_two(survey: Survey, browser) -> None:
    """A respondent of a fresh personal link in `browser`, past page one."""
    _recipient, token = recipient_with_token(survey)
    browser.get(f"/s/{token}/")
    browser.post("/s/respond/", page_one(survey))


def page_one(survey: Survey, **overrides) -> dict:
    """A complete, valid first page for an employee."""
    data = {
        "page": "0",
        "action": "next",
        f"q{q(survey, 'ready').pk}": "4",
        f"q{q(survey, 'tenure').pk}": str(q(survey, "tenure").options.first().pk),
    }
    for row in q(survey, "today").matrix_rows.all():
        data[f"q{q(survey, 'today').pk}_r{row.pk}"] = "dk" if row.key == "home" else "2"
    data.update(overrides)
    return data


def page_two(survey: Survey, **overrides) -> dict:
    challenges = q(survey, "challenges")
    data = {
        "page": "1",
        "action": "submit",
        f"q{challenges.pk}": [str(challenges.options.first().pk), "other"],
        f"q{challenges.pk}_other": "Zu wenig Zeit",
        f"q{q(survey, 'grade').pk}": "7",
        f"q{q(survey, 'ideas').pk}": "Ein Bürgerportal mit Terminbuchung",
    }
    data.update(overrides)
    return data


def on_own_connection(function, *args):
    """Run `function` on a thread with database connections of its own, outside the test's
    transaction, so that what it writes is committed as a request's would be."""

    def body():
        try:
            return function(*args)
        finally:
            connections.close_all()  # this thread's connections only

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(body).result()


def on_the_last_page(municipality, title: str):
    """A new survey in `municipality`, and a browser whose personal link has sent page one:
    (survey, recipient, browser, the valid last page to post)."""
    from django.test import Client
    from django_tenants.utils import schema_context

    from tests.conftest import host_of

    with schema_context(municipality.schema_name):
        survey = small_survey(title=title)
        recipient, token = recipient_with_token(survey)
    browser = Client(HTTP_HOST=host_of(municipality))
    browser.get(f"/s/{token}/")
    browser.post("/s/respond/", page_one(survey))
    with schema_context(municipality.schema_name):
        final = page_two(survey)
    return survey, recipient, browser, final
