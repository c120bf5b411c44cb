"""Permission-matrix rows, URL parameters and isolation objects for the surveys views."""

import importlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.permissions import Action
from engagements.models import Municipality
from surveys.models import (
    OpenLink,
    Question,
    Recipient,
    Response,
    Section,
    Survey,
    SurveySettings,
    TextCode,
    text_digest,
)
from surveys.services import mailing
from taxonomy.models import Topic
from tests.surveys.factories import group, recipient_with_token, small_survey
from tests.urlwalk import Fixed, InMunicipality
from tests.view_matrix import EDITORS, EDITORS_POST, VIEWERS, ViewCase, expect, static

# fmt: off
#                        anon  otto mia  leo  carla fiona bert
EVERYONE_403 = expect(  "403   403  403  403  403   403   403")
PAPER_POST = expect(    "login 403  done done done  done  403")
EVERYONE_200 = expect(  "200   200  200  200  200   200   200")
# fmt: on

CAN = {
    "actions": [
        Action.EDIT_SURVEYS,
        Action.VIEW_SURVEY_RESULTS,
        Action.PUBLISH_SURVEY_RESULTS,
        Action.ENTER_PAPER_RESPONSES,
    ],
    "alpha": {
        #             edit results publish paper
        "anonymous": ".    .       .       .",
        "otto":      ".    .       .       .",
        "mia":       ".    .       .       Y",
        "leo":       ".    Y       Y       Y",
        "carla":     "Y    Y       Y       Y",
        "fiona":     "Y    Y       Y       Y",
        "bert":      ".    .       .       .",
        "berta":     ".    .       .       .",
    },
    "beta": {
        #             edit results publish paper
        "anonymous": ".    .       .       .",
        "otto":      ".    .       .       .",
        "mia":       ".    .       .       .",
        "leo":       ".    .       .       .",
        "carla":     ".    .       .       .",
        "fiona":     "Y    Y       Y       Y",
        "bert":      "Y    Y       Y       Y",
        "berta":     ".    Y       Y       Y",
    },
}  # fmt: skip


def working(state: str = Survey.State.DRAFT) -> None:
    survey = small_survey(state=state)
    recipient_with_token(survey, email="anna@example.org")
    Recipient.objects.create(survey=survey, group=group("citizens"), email="neu@example.org")
    OpenLink.objects.create(survey=survey, group=group("citizens"), slug=f"open-{survey.pk}")


def working_open() -> None:
    working(Survey.State.OPEN)


def working_closed() -> None:
    working(Survey.State.OPEN)
    Survey.objects.filter(pk=latest().pk).update(
        state=Survey.State.CLOSED, closed_at=timezone.now()
    )


def latest() -> Survey:
    return Survey.objects.filter(is_template=False).latest("pk")


def template() -> Survey:
    return Survey.objects.filter(is_template=True).latest("pk")


def section() -> Section:
    return Section.objects.filter(survey=latest()).order_by("position").first()


def question() -> Question:
    return Question.objects.filter(survey=latest(), key="grade").get()


def uninvited() -> Recipient:
    return Recipient.objects.filter(survey=latest(), email="neu@example.org").get()


def surveys_state() -> list:
    return list(Survey.objects.order_by("pk").values_list("pk", "title_de", "state", "closes_at"))


def structure_state() -> tuple:
    return (
        list(Section.objects.order_by("pk").values_list("pk", "title_de", "position")),
        list(Question.objects.order_by("pk").values_list("pk", "text_de", "kind", "position")),
    )


def recipients_state() -> list:
    return list(
        Recipient.objects.order_by("pk").values_list(
            "pk", "email", "invitation_status", "reminder_status"
        )
    )


def schedule_state() -> list:
    return list(Survey.objects.order_by("pk").values_list("pk", "invitations_scheduled_at"))


def schedule_data() -> dict:
    return {"at": (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")}


def scheduled_open() -> None:
    working_open()
    Survey.objects.filter(pk=latest().pk).update(
        invitations_scheduled_at=timezone.now() + timedelta(days=1)
    )


def links_state() -> list:
    return list(OpenLink.objects.order_by("pk").values_list("pk", "active"))


def settings_state() -> list:
    return list(
        SurveySettings.objects.values_list(
            "min_group_size", "email_retention_days", "paper_late_days"
        )
    )


def survey_data() -> dict:
    return {"title_de": "Umfrage 2027", "title_en": "", "intro_de": "", "intro_en": "",
            "primary_language": "de"}  # fmt: skip


def question_data() -> dict:
    return {"kind": "text", "text_de": "Was fehlt?", "text_en": "What is missing?"}


def csv_upload() -> dict:
    return {"file": SimpleUploadedFile("list.csv", b"email,group\nx@example.org,employees\n")}


def paper_data() -> dict:
    ready = Question.objects.get(survey=latest(), key="ready")
    return {"nonce": secrets.token_urlsafe(32), "group": "citizens", "lang": "de",
            f"q{ready.pk}": "3"}  # fmt: skip


def responses_state() -> list:
    return list(Response.objects.order_by("pk").values_list("pk", "channel"))


def _case(name: str, method: str, path, outcomes, **extra) -> ViewCase:
    return ViewCase(name, "tenant", method, path, outcomes, **extra)


def _at(suffix: str):
    return lambda: f"/surveys/{latest().pk}/{suffix}"


CASES = [
    _case("list", "get", static("/surveys/"), VIEWERS),
    _case("create", "get", static("/surveys/new/"), EDITORS),
    _case("create", "post", static("/surveys/new/"), EDITORS_POST, data=survey_data,
          state=surveys_state),
    _case("settings", "get", static("/surveys/settings/"), EDITORS),
    _case("settings", "post", static("/surveys/settings/"), EDITORS_POST,
          data=lambda: {
              "save": "1", "min_group_size": "7", "email_retention_days": "30",
              "paper_late_days": "10",
          },
          state=settings_state),
    _case("outbox", "get", static("/surveys/outbox/"), EDITORS),
    _case("detail", "get", _at(""), EDITORS, arrange=working),
    _case("edit", "get", _at("edit/"), EDITORS, arrange=working),
    _case("edit", "post", _at("edit/"), EDITORS_POST, arrange=working, data=survey_data,
          state=surveys_state),
    _case("copy", "post", lambda: f"/surveys/{template().pk}/copy/", EDITORS_POST,
          state=surveys_state),
    _case("new_wave", "post", _at("wave/"), EDITORS_POST, arrange=working_open,
          state=surveys_state),
    _case("delete", "post", _at("delete/"), EDITORS_POST, arrange=working, state=surveys_state),
    _case("structure", "get", _at("structure.json"), EDITORS, arrange=working),
    _case("preview", "get", _at("preview/?group=citizens"), EDITORS, arrange=working),
    _case("transition", "post", _at("open/"), EDITORS_POST, arrange=working,
          state=surveys_state),
    _case("section_create", "get", _at("sections/new/"), EDITORS, arrange=working),
    _case("section_create", "post", _at("sections/new/"), EDITORS_POST, arrange=working,
          data=lambda: {"title_de": "Zum Schluss"}, state=structure_state),
    _case("section_edit", "get", lambda: f"/surveys/sections/{section().pk}/", EDITORS,
          arrange=working),
    _case("section_edit", "post", lambda: f"/surveys/sections/{section().pk}/", EDITORS_POST,
          arrange=working, data=lambda: {"title_de": "Jetzt"}, state=structure_state),
    _case("section_delete", "post", lambda: f"/surveys/sections/{section().pk}/delete/",
          EDITORS_POST, arrange=working, state=structure_state),
    _case("section_move", "post", lambda: f"/surveys/sections/{section().pk}/move/",
          EDITORS_POST, arrange=working, data=lambda: {"direction": "down"},
          state=structure_state),
    _case("question_create", "get", lambda: f"/surveys/sections/{section().pk}/questions/new/",
          EDITORS, arrange=working),
    _case("question_create", "post",
          lambda: f"/surveys/sections/{section().pk}/questions/new/", EDITORS_POST,
          arrange=working, data=question_data, state=structure_state),
    _case("question_edit", "get", lambda: f"/surveys/questions/{question().pk}/", EDITORS,
          arrange=working),
    _case("question_edit", "post", lambda: f"/surveys/questions/{question().pk}/",
          EDITORS_POST, arrange=working,
          data=lambda: {"kind": "rating", "text_de": "Ihre Note?", "key": "grade"},
          state=structure_state),
    _case("question_delete", "post", lambda: f"/surveys/questions/{question().pk}/delete/",
          EDITORS_POST, arrange=working, state=structure_state),
    _case("question_duplicate", "post",
          lambda: f"/surveys/questions/{question().pk}/duplicate/", EDITORS_POST,
          arrange=working, state=structure_state),
    _case("question_move", "post", lambda: f"/surveys/questions/{question().pk}/move/",
          EDITORS_POST, arrange=working, data=lambda: {"direction": "up"},
          state=structure_state),
    _case("recipients", "get", _at("recipients/"), EDITORS, arrange=working),
    _case("recipients", "post", _at("recipients/"), EDITORS_POST, arrange=working,
          data=csv_upload, state=recipients_state),
    _case("invitations_send", "post", _at("invitations/"), EDITORS_POST, arrange=working_open,
          state=recipients_state),
    _case("invitations_schedule", "post", _at("invitations/schedule/"), EDITORS_POST,
          arrange=working_open, data=schedule_data, state=schedule_state),
    _case("invitations_schedule_cancel", "post", _at("invitations/schedule/cancel/"),
          EDITORS_POST, arrange=scheduled_open, state=schedule_state),
    _case("reminders_send", "post", _at("reminders/"), EDITORS_POST, arrange=working_open,
          state=recipients_state),
    _case("open_link_create", "post", _at("open-links/"), EDITORS_POST, arrange=working,
          data=lambda: {"group": str(group("companies").pk)}, state=links_state),
    _case("emails_erase", "post", _at("erase-addresses/"), EDITORS_POST,
          arrange=working_closed, state=recipients_state),
    _case("recipient_delete", "post", lambda: f"/surveys/recipients/{uninvited().pk}/delete/",
          EDITORS_POST, arrange=working, state=recipients_state),
    _case("recipient_address", "get", lambda: f"/surveys/recipients/{uninvited().pk}/address/",
          EDITORS, arrange=working),
    _case("recipient_address", "post", lambda: f"/surveys/recipients/{uninvited().pk}/address/",
          EDITORS_POST, arrange=working_open, data=lambda: {"email": "neue@example.org"},
          state=recipients_state),
    _case("open_link_toggle", "post",
          lambda: f"/surveys/open-links/{OpenLink.objects.latest('pk').pk}/toggle/",
          EDITORS_POST, arrange=working, state=links_state),
    _case("open_link_qr", "get",
          lambda: f"/surveys/open-links/{OpenLink.objects.latest('pk').pk}/qr.svg",
          EDITORS, arrange=working),
    # The respondent's pages: without a working link or session, everyone gets the same page.
    # Paper questionnaires: the municipality's own people enter them too.
    _case("paper", "get", _at("paper/"), VIEWERS, arrange=working_open),
    _case("paper_print", "get", _at("paper/print/?group=citizens&lang=en"), VIEWERS,
          arrange=working),
    _case("paper_entry", "get", _at("paper/enter/?group=citizens"), VIEWERS,
          arrange=working_open),
    _case("paper_entry", "post", _at("paper/enter/"), PAPER_POST, arrange=working_open,
          data=paper_data, state=responses_state),
    _case("privacy", "get", static("/s/privacy/"), EVERYONE_200),
    _case("accessibility", "get", static("/s/accessibility/"), EVERYONE_200),
    _case("respond", "get", static("/s/respond/"), EVERYONE_403),
    _case("respond", "post", static("/s/respond/"), EVERYONE_403),
    _case("thanks", "get", static("/s/thanks/"), EVERYONE_403),
    _case("saved", "get", static("/s/saved/"), EVERYONE_403),
    _case("decline", "post", static("/s/decline/"), EVERYONE_403),
    _case("decline_link", "get", static("/s/decline/no-such-value/"), EVERYONE_403),
    _case("decline_link", "post", static("/s/decline/no-such-value/"), EVERYONE_403),
    _case("token", "get", static("/s/no-such-token/"), EVERYONE_403),
    _case("open_link", "get", static("/o/no-such-link/"), EVERYONE_403),
]  # fmt: skip


@dataclass(frozen=True)
class PublishedSlug(InMunicipality):
    """The public address of a survey whose results are published."""

    model: type = Survey
    field: str = "public_slug"

    def _values_in(self, municipality: Municipality) -> list:
        with schema_context(municipality.schema_name):
            published = Survey.objects.filter(results_published_at__isnull=False)
            return list(published.order_by("-pk").values_list("public_slug", flat=True))


@dataclass(frozen=True)
class DeclineValue(InMunicipality):
    """The signed part of a recipient's "no more mails" address (mailing.decline_value).

    Not an object id to the walk: another municipality's value gets the one page for links
    that do not work (403), as a token does, not a 404 (tests/surveys/test_decline.py)."""

    model: type = Recipient
    refers_to_object = False

    def _values_in(self, municipality: Municipality) -> list:
        with schema_context(municipality.schema_name):
            recipients = Recipient.objects.order_by("-pk")
            return [mailing.decline_value(recipient) for recipient in recipients]


_SURVEY = InMunicipality(Survey)
_SECTION = InMunicipality(Section)
_QUESTION = InMunicipality(Question)
URL_PARAMETERS = {
    **{
        f"surveys:{name}:pk": _SURVEY
        for name in (
            "detail", "edit", "copy", "new_wave", "delete", "structure", "preview",
            "transition", "section_create", "recipients", "invitations_send",
            "reminders_send", "open_link_create", "emails_erase", "invitations_schedule",
            "invitations_schedule_cancel", "paper", "paper_entry", "paper_print",
        )
    },
    "surveys:transition:transition": Fixed(("open", "close")),
    "surveys:section_edit:pk": _SECTION,
    "surveys:section_delete:pk": _SECTION,
    "surveys:section_move:pk": _SECTION,
    "surveys:question_create:pk": _SECTION,
    "surveys:question_edit:pk": _QUESTION,
    "surveys:question_delete:pk": _QUESTION,
    "surveys:question_move:pk": _QUESTION,
    "surveys:question_duplicate:pk": _QUESTION,
    "surveys:recipient_delete:pk": InMunicipality(Recipient),
    "surveys:recipient_address:pk": InMunicipality(Recipient),
    "surveys:open_link_toggle:pk": InMunicipality(OpenLink),
    "surveys:open_link_qr:pk": InMunicipality(OpenLink),
    "surveys:open_link_qr:file_format": Fixed(("svg", "png")),
    "link": Fixed(("no-such-link",)),
    "surveys:published_results:slug": PublishedSlug(),
    "surveys:decline_link:value": DeclineValue(),
}  # fmt: skip

_MODELS = (Survey, Section, Question, Recipient, OpenLink, TextCode)


def coded(survey: Survey, text: str) -> None:
    """A topic for a free text of the survey (surveys.services.coding)."""
    TextCode.objects.create(
        question=Question.objects.get(survey=survey, key="ideas"),
        text=text,
        text_digest=text_digest(text),
        topic=Topic.objects.order_by("pk").first(),
    )


def isolation_objects(alpha: Municipality, beta: Municipality, marker: str) -> None:
    """A working survey in Altstadt, and an earlier one with published results; marked ones in
    Bergdorf, with ids Altstadt does not use."""
    with schema_context(alpha.schema_name):
        published = small_survey(state=Survey.State.CLOSED, title="Published")
        Survey.objects.filter(pk=published.pk).update(
            public_slug="altstadt-results", results_published_at=timezone.now()
        )
        working()
        coded(latest(), "Mehr WLAN")
        taken = {model: set(model.objects.values_list("pk", flat=True)) for model in _MODELS}
    with schema_context(beta.schema_name):
        # Bergdorf's published results (unmarked: its own public page shows them by design),
        # at an address Altstadt's site must not answer. Made first: the marked surveys below
        # are the newest, those the walk addresses.
        published = small_survey(state=Survey.State.CLOSED, title="Published")
        Survey.objects.filter(pk=published.pk).update(
            public_slug="bergdorf-results", results_published_at=timezone.now()
        )
        for attempt in range(200):
            survey = small_survey(title=f"{marker} {attempt}")
            Survey.objects.filter(pk=survey.pk).update(title_de=marker, intro_de=marker)
            Section.objects.filter(survey=survey).update(title_de=marker, title_en=marker)
            Question.objects.filter(survey=survey).update(text_de=marker, text_en=marker)
            recipient_with_token(survey, email=f"beta-{attempt}@example.org", department=marker)
            OpenLink.objects.create(
                survey=survey, group=group("citizens"), slug=f"{marker}-{attempt}"
            )
            coded(survey, marker)
            fresh = all(model.objects.exclude(pk__in=taken[model]).exists() for model in _MODELS)
            if fresh:
                return
    raise AssertionError("Bergdorf's survey ids never left Altstadt's range")


# The results views bring their own rows (tests/surveys/view_cases_results.py).
try:
    results_cases = importlib.import_module("tests.surveys.view_cases_results")
except ModuleNotFoundError as missing:
    if missing.name != "tests.surveys.view_cases_results":
        raise
else:
    CASES += results_cases.CASES
    URL_PARAMETERS.update(getattr(results_cases, "URL_PARAMETERS", {}))
