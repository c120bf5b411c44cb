"""Survey templates as plain structures: install, export, copy, and a new wave.

The structure (see `surveys.method.READINESS_TEMPLATE`) holds texts in both languages, group
keys, dimension keys and topic names, so it travels between municipalities as JSON (the firm's
template library stores it that way) and does not depend on ids.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from taxonomy.models import Dimension, Topic

from ..method import READINESS_TEMPLATE, TARGET_GROUPS
from ..models import (
    Instrument,
    MatrixRow,
    Option,
    Question,
    Section,
    Survey,
    SurveySettings,
    TargetGroup,
)

FORMAT = 1


def survey_defaults_seed() -> None:
    """Seed target groups, privacy settings and the readiness template into a new municipality."""
    for position, (key, name_de, name_en) in enumerate(TARGET_GROUPS):
        TargetGroup.objects.get_or_create(
            key=key, defaults={"name_de": name_de, "name_en": name_en, "position": position}
        )
    SurveySettings.objects.get_or_create(singleton=True)
    if not Survey.objects.filter(is_template=True).exists():
        survey_template_install(structure=READINESS_TEMPLATE)


def _text(value: object, where: str) -> dict[str, str]:
    if isinstance(value, str):
        return {"de": value, "en": ""}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValidationError(
            _("%(where)s: a text must be a string or {de, en}.") % {"where": where}
        )
    return {"de": value.get("de", ""), "en": value.get("en", "")}


class _TopicFinder:
    """Finds a topic named in a structure among this municipality's topics, in either language."""

    def __init__(self) -> None:
        self.topics = list(Topic.objects.select_related("dimension"))
        self.dimensions = {dimension.key: dimension for dimension in Dimension.objects.all()}

    def topic(self, name: str | None) -> Topic | None:
        if not name:
            return None
        candidates = {name.casefold()}
        for language in ("de", "en"):
            with translation.override(language):
                candidates.add(_(name).casefold())
        return next((t for t in self.topics if t.name.casefold() in candidates), None)

    def dimension(self, key: str | None) -> Dimension | None:
        return self.dimensions.get(key or "")


@transaction.atomic
def survey_template_install(
    *, structure: dict, is_template: bool = True, instrument: Instrument | None = None
) -> Survey:
    """Create a survey (by default a template) from a structure; refuse a malformed one whole."""
    if not isinstance(structure, dict) or structure.get("format") != FORMAT:
        raise ValidationError(_("This is not a survey template Wegweiser can read."))
    groups = _groups_ensure(structure.get("groups", []))
    title = _text(structure.get("title", ""), _("title"))
    if instrument is None:
        name = _text(structure.get("instrument") or structure.get("title", ""), _("instrument"))
        instrument = Instrument.objects.create(name=name["de"] or name["en"] or _("Survey"))
        wave = 1
    else:
        wave = (instrument.surveys.aggregate(m=Max("wave"))["m"] or 0) + 1
    intro = _text(structure.get("intro", ""), _("introduction"))
    invitation = _text(structure.get("invitation", ""), _("invitation letter"))
    signature = _text(structure.get("signature", ""), _("signed by"))
    paper_return = _text(structure.get("paper_return", ""), _("return of the paper questionnaire"))
    survey = Survey(
        instrument=instrument,
        wave=wave,
        title_de=title["de"],
        title_en=title["en"],
        intro_de=intro["de"],
        intro_en=intro["en"],
        invitation_de=invitation["de"],
        invitation_en=invitation["en"],
        signature_de=signature["de"],
        signature_en=signature["en"],
        paper_return_de=paper_return["de"],
        paper_return_en=paper_return["en"],
        primary_language=structure.get("primary_language", "de"),
        translated=bool(structure.get("translated", False)),
        collect_departments=bool(structure.get("collect_departments", False)),
        is_template=is_template,
    )
    survey.full_clean()
    survey.save()
    finder = _TopicFinder()
    keys: set[str] = set()
    # The questions installed so far: those a follow-up may follow.
    installed: dict[str, Question] = {}
    for section_position, section_spec in enumerate(structure.get("sections", [])):
        where = _("section %(n)s") % {"n": section_position + 1}
        section_title = _text(section_spec.get("title", ""), where)
        section_intro = _text(section_spec.get("intro", ""), where)
        section = Section.objects.create(
            survey=survey,
            title_de=section_title["de"],
            title_en=section_title["en"],
            intro_de=section_intro["de"],
            intro_en=section_intro["en"],
            position=section_position,
        )
        for position, spec in enumerate(section_spec.get("questions", [])):
            question = _question_install(survey, section, position, spec, groups, finder, keys)
            _follow_up_install(question, spec.get("shown_if"), installed)
            installed[question.key] = question
    return survey


def _groups_ensure(specs: list[dict]) -> dict[str, TargetGroup]:
    for spec in specs:
        name = _text(spec.get("name", ""), _("group"))
        TargetGroup.objects.get_or_create(
            key=slugify(spec.get("key", ""))[:40] or "group",
            defaults={"name_de": name["de"] or name["en"], "name_en": name["en"]},
        )
    return {group.key: group for group in TargetGroup.objects.all()}


def _question_install(
    survey: Survey,
    section: Section,
    position: int,
    spec: dict,
    groups: dict[str, TargetGroup],
    finder: _TopicFinder,
    keys: set[str],
) -> Question:
    key = spec.get("key", "")
    where = _("question “%(key)s”") % {"key": key}
    if not isinstance(key, str) or not key or key in keys:
        raise ValidationError(_("%(where)s: every question needs its own key.") % {"where": where})
    keys.add(key)
    kind = spec.get("kind")
    if kind not in Question.Kind.values:
        raise ValidationError(_("%(where)s: unknown kind.") % {"where": where})
    unknown = set(spec.get("groups", [])) - set(groups)
    if unknown:
        raise ValidationError(
            _("%(where)s: unknown group %(group)s.") % {"where": where, "group": sorted(unknown)[0]}
        )
    text = _text(spec.get("text", ""), where)
    help_text = _text(spec.get("help", ""), where)
    topic = finder.topic(spec.get("topic"))
    dimension = topic.dimension if topic else finder.dimension(spec.get("dimension"))
    question = Question(
        survey=survey,
        section=section,
        key=key,
        kind=kind,
        text_de=text["de"],
        text_en=text["en"],
        help_de=help_text["de"],
        help_en=help_text["en"],
        required=bool(spec.get("required", False)),
        position=position,
        topic=topic,
        dimension=dimension,
        allow_other=bool(spec.get("allow_other", False)) and kind == Question.Kind.MULTIPLE,
        max_choices=spec.get("max_choices") if kind == Question.Kind.MULTIPLE else None,
        counts_for_readiness=bool(spec.get("counts_for_readiness", False)),
    )
    try:
        # The same checks the question form makes (a key is a slug of at most 60 characters),
        # so whatever the builder saved can be copied and run as a new wave.
        question.full_clean(exclude=["survey", "section"])
    except ValidationError as error:
        raise ValidationError([f"{where}: {message}" for message in error.messages]) from error
    question.save()
    question.groups.set([groups[key] for key in spec.get("groups", [])])
    if kind in Question.CHOICE_KINDS:
        labels = [_text(option, where) for option in spec.get("options", [])]
        if len(labels) < 2:
            raise ValidationError(_("%(where)s: a choice needs two options.") % {"where": where})
        Option.objects.bulk_create(
            Option(question=question, label_de=label["de"], label_en=label["en"], position=index)
            for index, label in enumerate(labels)
        )
    if kind == Question.Kind.MATRIX:
        rows = spec.get("rows", [])
        if not rows:
            raise ValidationError(_("%(where)s: a matrix needs rows.") % {"where": where})
        MatrixRow.objects.bulk_create(
            MatrixRow(
                question=question,
                key=row.get("key") or f"row-{index + 1}",
                label_de=_text(row.get("label", ""), where)["de"],
                label_en=_text(row.get("label", ""), where)["en"],
                position=index,
                topic=finder.topic(row.get("topic")),
            )
            for index, row in enumerate(rows)
        )
    return question


def _follow_up_install(question: Question, condition: object, above: dict[str, Question]) -> None:
    """`condition`: {"question": key, "options": [index, …]}, naming a choice question before
    this one (above it, or on an earlier page) and some of its options (0 for the first;
    "option": index for one); or {"question": key, "from": low, "to": high}, naming an
    agreement or rating question before it and a range of its values."""
    if not condition:
        return
    where = _("question “%(key)s”") % {"key": question.key}
    source = above.get(condition.get("question")) if isinstance(condition, dict) else None
    if isinstance(condition, dict) and "from" in condition:
        _scale_follow_up_install(question, condition, source, where)
        return
    options = list(source.options.all()) if source is not None else []
    # One option ("option": index) or several ("options": [index, …]).
    indexes = condition.get("options", [condition.get("option")]) if source is not None else []
    if not (
        isinstance(indexes, list)
        and indexes
        and all(type(index) is int and 0 <= index < len(options) for index in indexes)
    ):
        raise ValidationError(
            _("%(where)s: a follow-up names a choice question before it and some of its options.")
            % {"where": where}
        )
    question.shown_if_options.set(options[index] for index in indexes)


def _scale_follow_up_install(
    question: Question, condition: dict, source: Question | None, where: str
) -> None:
    values = Question.SCALE_VALUES.get(source.kind, ()) if source is not None else ()
    low, high = condition.get("from"), condition.get("to")
    if not (all(type(end) is int and end in values for end in (low, high)) and low <= high):
        raise ValidationError(
            _(
                "%(where)s: a follow-up of a scale names an agreement or rating question before "
                "it and a range of its values."
            )
            % {"where": where}
        )
    question.shown_if_scale = source
    question.shown_if_from, question.shown_if_to = low, high
    question.save(update_fields=["shown_if_scale", "shown_if_from", "shown_if_to"])


def _pair(row: object, field: str) -> dict[str, str]:
    return {"de": getattr(row, f"{field}_de"), "en": getattr(row, f"{field}_en")}


def survey_template_structure(survey: Survey) -> dict:
    """A survey as a plain, JSON-serialisable structure that `survey_template_install` reads."""
    questions = (
        Question.objects.filter(survey=survey)
        .select_related("topic", "dimension", "shown_if_scale")
        .prefetch_related(
            "groups", "options", "matrix_rows__topic", "shown_if_options__question__options"
        )
    )
    by_section: dict[int, list[Question]] = {}
    for question in questions:
        by_section.setdefault(question.section_id, []).append(question)
    used_groups = {group for q in questions for group in q.groups.all()}
    return {
        "format": FORMAT,
        "instrument": {"de": survey.instrument.name, "en": ""},
        "title": _pair(survey, "title"),
        "intro": _pair(survey, "intro"),
        "invitation": _pair(survey, "invitation"),
        "signature": _pair(survey, "signature"),
        "paper_return": _pair(survey, "paper_return"),
        "primary_language": survey.primary_language,
        "translated": survey.translated,
        "collect_departments": survey.collect_departments,
        "groups": [
            {"key": group.key, "name": _pair(group, "name")}
            for group in sorted(used_groups, key=lambda g: (g.position, g.pk))
        ],
        "sections": [
            {
                "title": _pair(section, "title"),
                "intro": _pair(section, "intro"),
                "questions": [_question_structure(q) for q in by_section.get(section.pk, [])],
            }
            for section in survey.sections.all()
        ],
    }


def _question_structure(question: Question) -> dict:
    spec: dict = {
        "key": question.key,
        "kind": question.kind,
        "text": _pair(question, "text"),
        "help": _pair(question, "help"),
        "required": question.required,
        "groups": [group.key for group in question.groups.all()],
        "allow_other": question.allow_other,
        "max_choices": question.max_choices,
        "counts_for_readiness": question.counts_for_readiness,
        "topic": question.topic.name if question.topic else None,
        "dimension": question.dimension.key if question.dimension else None,
    }
    if options := question.followed_options:
        source = options[0].question
        spec["shown_if"] = {
            "question": source.key,
            "options": [list(source.options.all()).index(option) for option in options],
        }
    if question.shown_if_scale is not None:
        spec["shown_if"] = {
            "question": question.shown_if_scale.key,
            "from": question.shown_if_from,
            "to": question.shown_if_to,
        }
    if question.kind in Question.CHOICE_KINDS:
        spec["options"] = [_pair(option, "label") for option in question.options.all()]
    if question.kind == Question.Kind.MATRIX:
        spec["rows"] = [
            {
                "key": row.key,
                "label": _pair(row, "label"),
                "topic": row.topic.name if row.topic else None,
            }
            for row in question.matrix_rows.all()
        ]
    return spec


def survey_copy(*, survey: Survey) -> Survey:
    """A new, editable survey (a new instrument, wave 1) from a template or another survey."""
    return survey_template_install(structure=survey_template_structure(survey), is_template=False)


def survey_copy_as_wave(*, survey: Survey) -> Survey:
    """The next wave of the same instrument: same question keys, so results compare."""
    if survey.is_template:
        raise ValidationError(_("A template has no waves; copy it into a survey first."))
    copy = survey_template_install(
        structure=survey_template_structure(survey),
        is_template=False,
        instrument=survey.instrument,
    )
    copy.activity = None
    copy.save(update_fields=["activity"])
    return copy
