"""The JSON documents the library keeps, per kind: how they are checked, built and installed.

Each kind's document is the structure its own app reads and writes: interview guides that of
interviews.services.guide_install / guide_structure, survey templates that of
surveys.services.survey_template_install / survey_template_structure. Phase activity
checklists are this module's: the four phases of the method, each with its activities.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from phases.method import PHASES
from phases.models import Activity, Phase

from .models import Kind


def _fail(message: str) -> None:
    raise ValidationError(message)


def _text(value: object, where: str, *, required: bool = True) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        _fail(_("%(where)s needs a text.") % {"where": where})
    return value


def checklist_validate(structure: object) -> None:
    if not isinstance(structure, dict) or not isinstance(structure.get("phases"), list):
        _fail(_("A checklist is an object with a list “phases”."))
    if len(structure["phases"]) != len(PHASES):
        _fail(_("A checklist has exactly %(count)s phases, one per gate.") % {"count": len(PHASES)})
    for number, phase in enumerate(structure["phases"], start=1):
        where = _("Phase %(number)s") % {"number": number}
        if not isinstance(phase, dict) or not isinstance(phase.get("activities"), list):
            _fail(_("%(where)s needs a list “activities”.") % {"where": where})
        _text(phase.get("title"), where)
        _text(phase.get("description", ""), where, required=False)
        for index, activity in enumerate(phase["activities"], start=1):
            at = _("%(where)s, activity %(index)s") % {"where": where, "index": index}
            if not isinstance(activity, dict):
                _fail(_("%(where)s must be an object.") % {"where": at})
            _text(activity.get("title"), at)
            if len(activity["title"]) > 200:
                _fail(_("%(where)s: the title may have at most 200 characters.") % {"where": at})
            _text(activity.get("description", ""), at, required=False)
            if not isinstance(activity.get("required_for_gate", True), bool):
                _fail(_("%(where)s: “required_for_gate” is true or false.") % {"where": at})


def guide_validate(structure: object) -> None:
    if not isinstance(structure, dict) or not isinstance(structure.get("questions"), list):
        _fail(_("An interview guide is an object with a “title” and a list “questions”."))
    _text(structure.get("title"), _("The guide"))
    from interviews.models import ResultTopic

    for index, question in enumerate(structure["questions"], start=1):
        at = _("Question %(index)s") % {"index": index}
        if not isinstance(question, dict):
            _fail(_("%(where)s must be an object.") % {"where": at})
        _text(question.get("text"), at)
        if question.get("result_topic") not in ResultTopic.values:
            _fail(
                _("%(where)s: “result_topic” is one of %(topics)s.")
                % {"where": at, "topics": ", ".join(ResultTopic.values)}
            )


def survey_validate(structure: object) -> None:
    """The outline of a survey template; the surveys app checks the rest when installing it
    (in a municipality's schema, where its tables are) and refuses a malformed one whole."""
    from surveys.services.library import FORMAT

    if not isinstance(structure, dict) or structure.get("format") != FORMAT:
        _fail(_("A survey template is an object with “format”: %(format)s.") % {"format": FORMAT})
    if not structure_title(structure):
        _fail(_("The survey template needs a title."))
    sections = structure.get("sections")
    if not isinstance(sections, list) or not all(
        isinstance(section, dict) and isinstance(section.get("questions", []), list)
        for section in sections
    ):
        _fail(_("A survey template has a list “sections”, each with a list “questions”."))


def structure_title(structure: dict) -> str:
    """A document's title; survey texts are {"de": …, "en": …}."""
    title = structure.get("title", "")
    if isinstance(title, dict):
        title = title.get("de") or title.get("en") or ""
    return title if isinstance(title, str) else ""


VALIDATORS = {
    Kind.ACTIVITY_CHECKLIST: checklist_validate,
    Kind.INTERVIEW_GUIDE: guide_validate,
    Kind.SURVEY: survey_validate,
}


def structure_validate(kind: str, structure: object) -> None:
    VALIDATORS[kind](structure)


# --- The method's built-in documents -----------------------------------------------------------


def checklist_builtin(language: str) -> dict:
    with translation.override(language):
        return {
            "phases": [
                {
                    "title": str(spec["title"]),
                    "description": str(spec["description"]),
                    "activities": [
                        {
                            "title": str(title),
                            "description": str(description),
                            "required_for_gate": required,
                        }
                        for title, description, required in spec["activities"]
                    ],
                }
                for spec in PHASES
            ]
        }


def guides_builtin() -> list[dict]:
    from interviews.method import DEFAULT_GUIDES

    return [dict(guide) for guide in DEFAULT_GUIDES]


def surveys_builtin() -> list[dict]:
    """The method's survey, with its target groups, as survey_template_structure exports one:
    a library document must install into a municipality that has no groups yet."""
    from surveys.method import READINESS_TEMPLATE, TARGET_GROUPS

    groups = [{"key": key, "name": {"de": de, "en": en}} for key, de, en in TARGET_GROUPS]
    return [{**READINESS_TEMPLATE, "groups": READINESS_TEMPLATE.get("groups") or groups}]


def builtin_key(kind: str, structure: dict, language: str) -> str:
    if kind == Kind.ACTIVITY_CHECKLIST:
        return f"method-activities-{language}"
    return slugify(structure_title(structure))[:80]


# --- Into and out of a municipality's schema (run in that schema) ----------------------------


@transaction.atomic
def checklist_install(structure: dict) -> None:
    """Give the freshly seeded engagement the checklist's phase texts and activities."""
    checklist_validate(structure)
    phases = list(Phase.objects.order_by("number"))
    for phase, spec in zip(phases, structure["phases"], strict=True):
        phase.title = spec["title"]
        phase.description = spec.get("description", "")
        phase.save(update_fields=["title", "description"])
        phase.activities.all().delete()
        Activity.objects.bulk_create(
            Activity(
                phase=phase,
                title=activity["title"],
                description=activity.get("description", ""),
                required_for_gate=activity.get("required_for_gate", True),
                position=position,
            )
            for position, activity in enumerate(spec["activities"])
        )


def checklist_structure() -> dict:
    """The engagement's phases and activities as they stand, as a checklist document."""
    phases = Phase.objects.order_by("number").prefetch_related("activities")
    return {
        "phases": [
            {
                "title": phase.title,
                "description": phase.description,
                "activities": [
                    {
                        "title": activity.title,
                        "description": activity.description,
                        "required_for_gate": activity.required_for_gate,
                    }
                    for activity in sorted(phase.activities.all(), key=lambda a: (a.position, a.pk))
                ],
            }
            for phase in phases
        ]
    }


def offerable_surveys(municipality) -> list:
    """The municipality's surveys and survey templates, as Offerables."""
    from surveys.models import Survey
    from surveys.services.library import survey_template_structure

    from .offers import Offerable

    return [
        Offerable(
            f"survey-{survey.pk}",
            Kind.SURVEY,
            _("Survey: %(title)s") % {"title": str(survey)},
            municipality.language,
            lambda survey=survey: survey_template_structure(survey),
        )
        for survey in Survey.objects.order_by("pk")
    ]
