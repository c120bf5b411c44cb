"""Reads for surveys: lists, the builder's view of a survey, what a group sees, response rates."""

import json
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet

from taxonomy.models import Topic

from .models import (
    OpenLink,
    Option,
    Question,
    Recipient,
    Response,
    Section,
    Survey,
    SurveySettings,
    TargetGroup,
    TextCode,
    text_digest,
)


def survey_settings_get() -> SurveySettings:
    return SurveySettings.objects.get_or_create(singleton=True)[0]


def surveys_list() -> QuerySet[Survey]:
    return (
        Survey.objects.filter(is_template=False)
        .select_related("instrument", "activity")
        .annotate(
            response_count=Count("responses", distinct=True),
            recipient_count=Count("recipients", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


def templates_list() -> QuerySet[Survey]:
    return Survey.objects.filter(is_template=True).select_related("instrument")


def questions_of(survey: Survey) -> QuerySet[Question]:
    return (
        Question.objects.filter(survey=survey)
        .select_related("topic", "dimension", "section", "shown_if_scale")
        .prefetch_related("groups", "options", "matrix_rows", "shown_if_options__question")
    )


def sections_with_questions(survey: Survey, group: TargetGroup | None = None) -> list[Section]:
    """The survey's sections, each with `.shown` = its questions (for `group` only if given).

    Sections without a question for the group are left out: they would be empty pages.
    """
    if group is not None:
        # The questions come ordered by section and carry it (select_related), so the
        # sections follow from them without a query of their own; empty ones drop out.
        shown: dict[int, Section] = {}
        for question in questions_for_group(survey, group):
            section = shown.get(question.section_id)
            if section is None:
                section = shown[question.section_id] = question.section
                section.shown = []
            section.shown.append(question)
        return list(shown.values())
    by_section: dict[int, list[Question]] = {}
    for question in questions_of(survey):
        by_section.setdefault(question.section_id, []).append(question)
    sections = []
    for section in Section.objects.filter(survey=survey):
        section.shown = by_section.get(section.pk, [])
        sections.append(section)
    return sections


def questionnaire_of(survey: Survey, group_id: int) -> list[Section]:
    """sections_with_questions(survey, group), kept in this process under the survey's
    structure_key: every page a respondent opens or sends needs it, and it changes only
    when the survey is edited, which gives it a new key (triggers of migration 0003).

    `survey` must have been read in this request, so that its key is the current one. The
    kept sections are shared between requests: nothing may change them.
    """
    return _questionnaire(connection.schema_name, survey.pk, survey.structure_key, group_id)


@lru_cache(maxsize=256)
def _questionnaire(schema_name: str, survey_id: int, structure_key, group_id: int) -> list[Section]:
    # The schema is part of the key: survey and group ids repeat in every municipality.
    return sections_with_questions(Survey(pk=survey_id), TargetGroup(pk=group_id))


@dataclass(frozen=True)
class PersonalLinkState:
    """What the respondent of a personal link answers: the survey, their group, their draft."""

    survey: Survey
    group_id: int
    draft: dict


# Every page a respondent opens or sends reads this. Built by the ORM (select_related), the
# query takes three times as long to build as the database takes to run it.
PERSONAL_LINK_STATE = """
SELECT survey.*, recipient.group_id AS respondent_group_id,
    recipient.draft::text AS respondent_draft
FROM surveys_recipient AS recipient
JOIN surveys_survey AS survey ON survey.id = recipient.survey_id
WHERE recipient.id = %s AND recipient.survey_id = %s AND NOT recipient.answered
"""


def personal_link_state(*, recipient_id: int, survey_id: int) -> PersonalLinkState | None:
    """The state of an unanswered recipient of `survey_id`; None once answered (or gone)."""
    rows = Survey.objects.raw(PERSONAL_LINK_STATE, [recipient_id, survey_id])
    survey = next(iter(rows), None)
    if survey is None:
        return None
    draft = json.loads(survey.respondent_draft) if survey.respondent_draft else {}
    return PersonalLinkState(survey, survey.respondent_group_id, draft or {})


@dataclass(frozen=True)
class PaperGroup:
    """A group that has a questionnaire to print, with its paper responses entered so far."""

    group: TargetGroup
    entered: int


def paper_groups(survey: Survey) -> list[PaperGroup]:
    """The groups asked any question of `survey` (those with a questionnaire to print)."""
    entered = dict(
        Response.objects.filter(survey=survey, channel=Response.Channel.PAPER)
        .values("group")
        .annotate(n=Count("pk"))
        .values_list("group", "n")
    )
    questions = Question.objects.filter(survey=survey)
    asked_all = questions.filter(groups=None).exists()
    asked = set(questions.values_list("groups", flat=True))
    return [
        PaperGroup(group, entered.get(group.pk, 0))
        for group in TargetGroup.objects.all()
        if asked_all or group.pk in asked
    ]


def questions_for_group(survey: Survey, group: TargetGroup | int) -> QuerySet[Question]:
    """The questions a group sees: those for all groups (none chosen) and those for it."""
    for_group = Question.groups.through.objects.filter(targetgroup=group).values("question")
    any_group = Question.groups.through.objects.values("question")
    return (
        Question.objects.filter(survey=survey)
        .filter(Q(pk__in=for_group) | ~Q(pk__in=any_group))
        # The ordering joins the section already; selecting it too costs nothing. A follow-up's
        # condition comes along for hidden_by_condition and its note (condition_text).
        .select_related("section", "shown_if_scale")
        .prefetch_related("options", "matrix_rows", "shown_if_options")
    )


def _above(question: Question, kinds) -> QuerySet[Question]:
    """The questions of these `kinds` before `question`: on earlier pages, or above it on its
    own (all of its page for a new question, which goes to the end)."""
    section = question.section
    earlier_pages = Q(section__position__lt=section.position) | Q(
        section__position=section.position, section_id__lt=section.pk
    )
    this_page = Q(section_id=section.pk)
    if question.pk:
        this_page &= Q(position__lt=question.position) | Q(
            position=question.position, pk__lt=question.pk
        )
    return (
        Question.objects.filter(survey_id=section.survey_id, kind__in=kinds)
        .filter(earlier_pages | this_page)
        .exclude(pk=question.pk)
    )


def follow_up_scales(question: Question) -> QuerySet[Question]:
    """The scales `question` may follow (`shown_if_scale`): the agreement and rating
    questions before it."""
    return _above(question, Question.FOLLOWED_SCALE_KINDS)


def follow_up_answers(question: Question) -> QuerySet[Option]:
    """The answers `question` may follow (`shown_if_options`): those of the choice questions
    before it, in questionnaire order."""
    above = _above(question, Question.CHOICE_KINDS)
    return (
        Option.objects.filter(question__in=above)
        .select_related("question")
        .order_by(
            "question__section__position",
            "question__section_id",
            "question__position",
            "question_id",
            "position",
            "pk",
        )
    )


def other_waves(survey: Survey) -> QuerySet[Survey]:
    """The other waves of the survey's instrument, in order."""
    if survey.is_template:
        return Survey.objects.none()
    return (
        Survey.objects.filter(instrument_id=survey.instrument_id)
        .exclude(pk=survey.pk)
        .order_by("wave")
    )


def survey_has_responses(survey: Survey) -> bool:
    return Response.objects.filter(survey=survey).exists()


@dataclass(frozen=True)
class GroupRate:
    group: TargetGroup
    invited: int
    answered: int
    open_responses: int
    paper_responses: int

    @property
    def rate(self) -> int | None:
        return round(100 * self.answered / self.invited) if self.invited else None


def response_rates(survey: Survey) -> list[GroupRate]:
    """Invited vs answered per group (personal links); open-link and paper responses counted
    apart, as nobody was invited for them.

    Invited: the invitation went out. One still queued or failed has reached nobody yet; the
    results page and the portfolio count the same way, so all three show one rate.
    """
    invited = {
        row["group"]: row
        for row in Recipient.objects.filter(survey=survey)
        .values("group")
        .annotate(
            invited=Count("pk", filter=Q(invitation_status=Recipient.MailStatus.SENT)),
            answered=Count("pk", filter=Q(answered=True)),
        )
        .order_by()
    }
    uninvited = {
        (row["group"], row["channel"]): row["n"]
        for row in Response.objects.filter(
            survey=survey, channel__in=[Response.Channel.OPEN, Response.Channel.PAPER]
        )
        .values("group", "channel")
        .annotate(n=Count("pk"))
        .order_by()
    }
    rates = []
    for group in TargetGroup.objects.all():
        row = invited.get(group.pk, {"invited": 0, "answered": 0})
        rate = GroupRate(
            group,
            row["invited"],
            row["answered"],
            open_responses=uninvited.get((group.pk, Response.Channel.OPEN), 0),
            paper_responses=uninvited.get((group.pk, Response.Channel.PAPER), 0),
        )
        if rate.invited or rate.answered or rate.open_responses or rate.paper_responses:
            rates.append(rate)
    return rates


def overall_rate(survey: Survey) -> GroupRate | None:
    rates = response_rates(survey)
    if not rates:
        return None
    return GroupRate(
        group=None,
        invited=sum(r.invited for r in rates),
        answered=sum(r.answered for r in rates),
        open_responses=sum(r.open_responses for r in rates),
        paper_responses=sum(r.paper_responses for r in rates),
    )


# Which recipients a consultant looks for: the choices of the recipient list's filter.
RECIPIENT_FILTERS = {
    "all": Q(),
    "failed": Q(invitation_status=Recipient.MailStatus.FAILED),
    "not_invited": Q(invitation_status=Recipient.MailStatus.NONE),
    "not_answered": Q(answered=False),
    "answered": Q(answered=True),
    "declined": Q(answered=False, declined_at__isnull=False),
}


def recipients_of(survey: Survey, search: str = "", show: str = "all") -> QuerySet[Recipient]:
    """The survey's recipients in the order they were added, those whose address or
    department contains `search`, of the kind `show` names (RECIPIENT_FILTERS)."""
    recipients = Recipient.objects.filter(survey=survey).select_related("group").order_by("pk")
    if search:
        recipients = recipients.filter(Q(email__icontains=search) | Q(department__icontains=search))
    return recipients.filter(RECIPIENT_FILTERS.get(show, Q()))


def mail_counts(survey: Survey) -> dict[str, int]:
    answered_ids = Recipient.objects.filter(survey=survey, answered=True).values("pk")
    return Recipient.objects.filter(survey=survey).aggregate(
        total=Count("pk"),
        not_sent=Count("pk", filter=Q(invitation_status=Recipient.MailStatus.NONE)),
        queued=Count("pk", filter=Q(invitation_status=Recipient.MailStatus.QUEUED)),
        sending=Count("pk", filter=Q(invitation_status=Recipient.MailStatus.SENDING)),
        sent=Count("pk", filter=Q(invitation_status=Recipient.MailStatus.SENT)),
        failed=Count("pk", filter=Q(invitation_status=Recipient.MailStatus.FAILED)),
        answered=Count("pk", filter=Q(answered=True)),
        # Invited and not answered: whom "Remind" would reach. (Not "answered=False": inside
        # this aggregate that name is the count above.)
        declined=Count("pk", filter=Q(declined_at__isnull=False) & ~Q(pk__in=answered_ids)),
        remindable=Count(
            "pk",
            filter=Q(invitation_status=Recipient.MailStatus.SENT, declined_at__isnull=True)
            & ~Q(pk__in=answered_ids),
        ),
        reminded=Count("pk", filter=Q(reminders_sent__gt=0)),
    )


def open_links_of(survey: Survey) -> QuerySet[OpenLink]:
    return OpenLink.objects.filter(survey=survey).select_related("group")


def surveys_of_activity(activity_id: int) -> list[Survey]:
    return list(
        Survey.objects.filter(activity_id=activity_id, is_template=False).prefetch_related(
            Prefetch("recipients", queryset=Recipient.objects.only("pk", "survey_id"))
        )
    )


def texts_with_codes(question: Question, rows: list[dict]) -> list[dict]:
    """Rows of distinct texts (`text`, `n`), each with its `digest` and its `codes`."""
    rows = [{**row, "digest": text_digest(row["text"]), "codes": []} for row in rows]
    by_digest = {row["digest"]: row for row in rows}
    codes = TextCode.objects.filter(question=question, text_digest__in=list(by_digest))
    for code in codes.select_related("topic"):
        by_digest[code.text_digest]["codes"].append(code)
    return rows


def topics_for_coding() -> list[tuple[str, list[Topic]]]:
    """The taxonomy's topics by dimension, to choose from."""
    by_dimension: dict[str, list[Topic]] = {}
    for topic in Topic.objects.select_related("dimension"):
        by_dimension.setdefault(topic.dimension.name, []).append(topic)
    return list(by_dimension.items())


def coded_topics(answers: list) -> dict[int, Topic]:
    """Per answer (by id), the first topic its text was coded with, if any; one query."""
    wanted = {(answer.question_id, text_digest(answer.text)): answer.pk for answer in answers}
    codes = TextCode.objects.filter(
        question_id__in={question_id for question_id, _digest in wanted},
        text_digest__in={digest for _question_id, digest in wanted},
    ).select_related("topic")
    topics: dict[int, Topic] = {}
    for code in codes:  # in the taxonomy's order (TextCode.Meta.ordering): the first one wins
        answer_id = wanted.get((code.question_id, code.text_digest))
        if answer_id is not None:
            topics.setdefault(answer_id, code.topic)
    return topics
