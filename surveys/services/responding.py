"""Answering: redeeming a personal link, saving a draft, and storing exactly one response.

The rules on what an answer may be (which questions a group sees, which options belong to a
question, the ranges of scales, required questions) are checked here for every submission,
whatever form sent it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import (
    AccessToken,
    Answer,
    Question,
    Recipient,
    Response,
    SubmissionNonce,
    Survey,
    TargetGroup,
    token_hash,
)
from ..selectors import questions_for_group
from .lifecycle import paper_entry_open

LIKERT_VALUES = Question.SCALE_VALUES[Question.Kind.LIKERT]
RATING_VALUES = Question.SCALE_VALUES[Question.Kind.RATING]
# Responses stored within this many seconds of each other are counted by one task.
COUNT_DELAY = 10


@dataclass
class Given:
    """What a respondent gave for one question (or one matrix row)."""

    value: int | None = None
    dont_know: bool = False
    options: list[int] = field(default_factory=list)
    other: str = ""
    text: str = ""
    rows: dict[int, "Given"] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        rows_empty = all(row.is_empty for row in self.rows.values())
        return (
            self.value is None
            and not self.dont_know
            and not self.options
            and not self.other.strip()
            and not self.text.strip()
            and rows_empty
        )


class AlreadySubmitted(Exception):
    """This personal link, open-link form or paper entry was submitted before; nothing new is
    stored."""


def recipient_for_token(token: str) -> Recipient | None:
    """The recipient a link token belongs to, if the link still works; else None.

    Unknown, answered and closed all look the same to the caller: one friendly page.
    """
    if not token or len(token) > 100:
        return None
    access = (
        AccessToken.objects.select_related("recipient__survey", "recipient__group")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if access is None:
        return None
    recipient = access.recipient
    if recipient.answered or not recipient.survey.is_open():
        return None
    return recipient


def recipient_draft_save(*, recipient_id: int, draft: dict) -> None:
    # Conditional, so a draft saved by a late request never reappears after the submit.
    Recipient.objects.filter(pk=recipient_id, answered=False).update(draft=draft)


def hidden_by_condition(questions: Iterable[Question], given: dict[int, Given]) -> set[int]:
    """The follow-ups not asked of this respondent: those none of whose answers
    (`shown_if_options`) was chosen or whose scale answer (`shown_if_scale`) lies outside their
    range, or whose question was itself not asked. `questions` in questionnaire order, with
    `shown_if_options` prefetched (questions_for_group does)."""
    hidden: set[int] = set()
    for question in questions:
        if options := question.followed_options:
            source = options[0].question_id
            chosen = getattr(given.get(source), "options", ())
            followed = any(option.pk in chosen for option in options)
        elif question.shown_if_scale_id is not None:
            source = question.shown_if_scale_id
            value = getattr(given.get(source), "value", None)
            followed = value is not None and (
                question.shown_if_from <= value <= question.shown_if_to
            )
        else:
            continue
        if source in hidden or not followed:
            hidden.add(question.pk)
    return hidden


def answers_build(
    *,
    survey: Survey,
    group_id: int,
    given: dict[int, Given],
    questions: dict[int, Question] | None = None,
    answers_required: bool = True,
) -> list[Answer]:
    """Check what was given against the survey and the group; unsaved Answer rows or refusal.

    `questions`: the group's questions, when the caller already loaded them (bulk imports).
    `answers_required`: False for a paper questionnaire, whose blanks are kept as blanks.
    """
    if questions is None:
        questions = {q.pk: q for q in questions_for_group(survey, group_id)}
    foreign = set(given) - set(questions)
    if foreign:
        raise ValidationError(_("The form asked a question that is not part of this survey."))
    hidden = hidden_by_condition(questions.values(), given)
    answers: list[Answer] = []
    missing = []
    for question in questions.values():
        answer = given.get(question.pk, Given())
        if question.pk in hidden:
            if not answer.is_empty:
                raise ValidationError(_("The form answered a question that was not asked."))
            continue
        if answer.is_empty:
            if question.required and answers_required:
                missing.append(question)
            continue
        answers.extend(_answers_for(question, answer, answers_required))
    if missing:
        raise ValidationError(
            _("Please answer the required question: %(text)s") % {"text": missing[0].text}
        )
    return answers


def _scale(question: Question, given: Given, allowed: range, row=None) -> Answer:
    if given.dont_know and question.kind != Question.Kind.RATING:
        return Answer(question=question, matrix_row=row, dont_know=True)
    if given.value not in allowed:
        raise ValidationError(_("An answer is outside the scale."))
    return Answer(question=question, matrix_row=row, value=given.value)


def _answers_for(question: Question, given: Given, answers_required: bool) -> list[Answer]:
    kind = question.kind
    if kind == Question.Kind.LIKERT:
        return [_scale(question, given, LIKERT_VALUES)]
    if kind == Question.Kind.RATING:
        return [_scale(question, given, RATING_VALUES)]
    if kind == Question.Kind.TEXT:
        return [Answer(question=question, text=given.text.strip()[:5000])]
    if kind == Question.Kind.MATRIX:
        rows = {row.pk: row for row in question.matrix_rows.all()}
        if set(given.rows) - set(rows):
            raise ValidationError(_("An answer names a row of another question."))
        answers = [
            _scale(question, row_given, LIKERT_VALUES, rows[pk])
            for pk, row_given in given.rows.items()
            if not row_given.is_empty
        ]
        if question.required and answers_required and len(answers) < len(rows):
            raise ValidationError(
                _("Please answer every row of: %(text)s") % {"text": question.text}
            )
        return answers
    options = {option.pk: option for option in question.options.all()}
    if set(given.options) - set(options):
        raise ValidationError(_("An answer names an option of another question."))
    if kind == Question.Kind.SINGLE and len(given.options) > 1:
        raise ValidationError(_("Only one option may be chosen."))
    answers = [Answer(question=question, option=options[pk]) for pk in dict.fromkeys(given.options)]
    other = given.other.strip()
    if other and not question.allow_other:
        raise ValidationError(_("This question has no “other” answer."))
    if question.too_many_choices(len(answers) + bool(other)):
        raise ValidationError(choices_limit_message(question))
    if other:
        answers.append(Answer(question=question, text=other[:1000]))
    return answers


def choices_limit_message(question: Question) -> str:
    return ngettext(
        "Please choose at most %(n)s answer.",
        "Please choose at most %(n)s answers.",
        question.max_choices,
    ) % {"n": question.max_choices}


def response_submit(
    *,
    survey: Survey,
    group_id: int,
    given: dict[int, Given],
    language: str,
    recipient_id: int | None = None,
    nonce: str | None = None,
    questions: dict[int, Question] | None = None,
) -> int:
    """Store one response; its id. Exactly one per personal link, and per open-link form (`nonce`).

    A second submission of the same link or form raises AlreadySubmitted and stores nothing:
    a personal link's recipient is claimed by a conditional UPDATE, which takes its row lock,
    and an open-link form's nonce is unique in the database. `questions`: the group's
    questions, if the caller has them.
    """
    if (recipient_id is None) == (nonce is None):
        raise ValueError("a response comes from a personal link or an open-link form")
    answers = answers_build(survey=survey, group_id=group_id, given=given, questions=questions)
    language = language if language in ("de", "en") else survey.primary_language
    if recipient_id is not None:
        stored = _claim_and_store(recipient_id, survey, group_id, language, answers)
        if stored is None:
            _refuse_claim(recipient_id=recipient_id, survey=survey, group_id=group_id)
        return stored
    return _store_unlinked(survey, group_id, language, answers, nonce, Response.Channel.OPEN)


def paper_response_enter(
    *, survey: Survey, group_id: int, given: dict[int, Given], language: str, nonce: str
) -> int:
    """Store a questionnaire filled in on paper, as entered; its id. Exactly one per entry
    form (`nonce`): a second submission of the same form raises AlreadySubmitted.

    What the paper leaves blank stays blank, required or not; everything else is checked
    as online (the group's questions, options of the question, scales, follow-ups). Late
    ones are taken for a while after the survey closed (lifecycle.paper_entry_open).
    """
    answers = answers_build(survey=survey, group_id=group_id, given=given, answers_required=False)
    if not answers:
        raise ValidationError(_("The questionnaire is empty: nothing was entered."))
    language = language if language in survey.languages else survey.primary_language
    return _store_unlinked(survey, group_id, language, answers, nonce, Response.Channel.PAPER)


def _store_unlinked(
    survey: Survey, group_id: int, language: str, answers: list[Answer], nonce: str, channel: str
) -> int:
    """A response no invitation stands behind (open link, paper), once per form: its `nonce`
    is unique in the database."""
    try:
        with transaction.atomic():
            SubmissionNonce.objects.create(survey=survey, nonce_hash=token_hash(nonce))
            current = Survey.objects.get(pk=survey.pk)
            if channel == Response.Channel.PAPER and not paper_entry_open(current):
                raise ValidationError(
                    _("Paper questionnaires of this survey can no longer be entered.")
                )
            if channel != Response.Channel.PAPER and not current.is_open():
                raise ValidationError(_("This survey is closed."))
            response = Response.objects.create(
                survey=survey,
                group_id=group_id,
                submitted_on=timezone.localdate(),
                channel=channel,
                language=language,
            )
            for answer in answers:
                answer.response = response
            Answer.objects.bulk_create(answers)
    except IntegrityError as error:
        raise AlreadySubmitted from error
    counts_after_commit(survey.pk)
    return response.pk


# A personal link's submission in one statement, one round trip to the database: mark the
# recipient answered if it is unanswered, of this survey and group, and the survey is open
# right now; if that claimed it, store the response (the recipient's department only if the
# survey collects departments) and its answers. A concurrent submit of the same link waits
# for the recipient's row lock, then finds `answered` true when PostgreSQL re-checks the
# condition on the committed row, and stores nothing. Answered, every link of the recipient
# is dead (recipient_for_token); the token rows themselves go when the survey closes.
CLAIM_AND_STORE = """
WITH claimed AS (
    UPDATE surveys_recipient AS recipient SET answered = true, draft = NULL
    FROM surveys_survey AS survey
    WHERE recipient.id = %(recipient)s AND recipient.survey_id = %(survey)s
        AND recipient.group_id = %(group)s AND NOT recipient.answered
        AND survey.id = recipient.survey_id AND survey.state = %(open)s
        AND (survey.closes_at IS NULL OR survey.closes_at > %(now)s)
    RETURNING CASE WHEN survey.collect_departments THEN recipient.department ELSE '' END
        AS department
), response AS (
    INSERT INTO surveys_response
        (survey_id, group_id, department, submitted_on, channel, language)
    SELECT %(survey)s, %(group)s, claimed.department, %(day)s, %(channel)s, %(language)s
    FROM claimed
    RETURNING id
), answers AS (
    INSERT INTO surveys_answer
        (response_id, question_id, matrix_row_id, option_id, value, dont_know, text)
    SELECT response.id, given.*
    FROM response, unnest(
        %(questions)s::bigint[], %(rows)s::bigint[], %(options)s::bigint[],
        %(values)s::smallint[], %(dont_know)s::boolean[], %(texts)s::text[]
    ) AS given
)
SELECT id FROM response
"""


def claim_parameters(
    recipient_id: int, survey: Survey, group_id: int, language: str, answers: list[Answer]
) -> dict:
    """The parameters of CLAIM_AND_STORE."""
    return {
        "recipient": recipient_id,
        "survey": survey.pk,
        "group": group_id,
        "open": Survey.State.OPEN,
        "now": timezone.now(),
        "day": timezone.localdate(),
        "channel": Response.Channel.PERSONAL,
        "language": language,
        "questions": [answer.question_id for answer in answers],
        "rows": [answer.matrix_row_id for answer in answers],
        "options": [answer.option_id for answer in answers],
        "values": [answer.value for answer in answers],
        "dont_know": [answer.dont_know for answer in answers],
        "texts": [answer.text for answer in answers],
    }


def _claim_and_store(
    recipient_id: int, survey: Survey, group_id: int, language: str, answers: list[Answer]
) -> int | None:
    """CLAIM_AND_STORE; the new response's id, or None if the recipient was not claimed."""
    parameters = claim_parameters(recipient_id, survey, group_id, language, answers)
    with connection.cursor() as cursor:
        try:
            cursor.execute(CLAIM_AND_STORE, parameters)
        except IntegrityError as error:
            # An option or question deleted since the form was checked (before any response,
            # the builder may): nothing was stored, the next page shows the survey as it is.
            raise ValidationError(_("The survey changed while you answered it.")) from error
        row = cursor.fetchone()
    if row is None:
        return None
    # A statement of its own sends no post_save, which would refresh the portfolio's summary
    # (engagements.signals): the count it queues does (survey_counts_bring_up_to_date).
    counts_after_commit(survey.pk)
    return row[0]


def _refuse_claim(*, recipient_id: int, survey: Survey, group_id: int) -> None:
    """Why a recipient could not be claimed, as the exception the caller expects."""
    recipient = Recipient.objects.select_related("survey").get(pk=recipient_id)
    if recipient.answered:
        raise AlreadySubmitted
    if recipient.survey_id != survey.pk or recipient.group_id != group_id:
        raise ValidationError(_("This link belongs to another survey."))
    raise ValidationError(_("This survey is closed."))


@transaction.atomic
def responses_bulk_create(
    *,
    survey: Survey,
    group: TargetGroup,
    givens: list[dict[int, Given]],
    channel: str,
    language: str,
    submitted_on: list | None = None,
    departments: list[str] | None = None,
) -> int:
    """Store many responses at once (demo data, benchmarks), under the same rules as one."""
    if not survey.is_open():
        raise ValidationError(_("This survey is closed."))
    questions = {q.pk: q for q in questions_for_group(survey, group)}
    built = [
        answers_build(survey=survey, group_id=group.pk, given=given, questions=questions)
        for given in givens
    ]
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            group=group,
            department=(departments[index] if departments and survey.collect_departments else ""),
            submitted_on=submitted_on[index] if submitted_on else timezone.localdate(),
            channel=channel,
            language=language,
        )
        for index in range(len(givens))
    )
    for response, answers in zip(responses, built, strict=True):
        for answer in answers:
            answer.response = response
    Answer.objects.bulk_create([answer for answers in built for answer in answers])
    counts_after_commit(survey.pk)
    return len(responses)


# CLAIM_AND_STORE writes the response and marks its recipient answered in one transaction, so
# both rows carry its id (the system column xmin), and a join on it would name the respondent.
# Writing those recipients again, in a transaction of their own, gives them another xmin.
UNLINK = """
UPDATE surveys_recipient SET answered = true
WHERE survey_id = %(survey)s AND answered
    AND xmin IN (SELECT xmin FROM surveys_response WHERE survey_id = %(survey)s)
"""


def recipients_unlink(*, survey_id: int) -> int:
    """Give the recipients answered since the last call a transaction id no response shares;
    how many there were. The worker runs it shortly after submissions, with their count."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(UNLINK, {"survey": survey_id})
        return cursor.rowcount


def counts_after_commit(survey_id: int) -> None:
    """Have the worker count the survey's new responses (surveys.results) once they are
    committed, so that the next results page finds them counted."""
    transaction.on_commit(partial(_count_queue, survey_id), robust=True)


def counts_pending_key(survey_id: int) -> str:
    return f"survey-counts-pending:{survey_id}"


def _count_queue(survey_id: int) -> None:
    from ..tasks import survey_counts_bring_up_to_date

    # While a count waits for its turn, later responses ride along with it; the task clears
    # the mark as it starts. Robust (see above): a broker that is down loses no response.
    if cache.add(counts_pending_key(survey_id), True, COUNT_DELAY * 6):
        survey_counts_bring_up_to_date.apply_async(args=[survey_id], countdown=COUNT_DELAY)
