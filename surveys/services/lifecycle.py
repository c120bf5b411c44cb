"""A survey's life: draft → open → closed, closing by date, publishing its results once
closed, and erasing e-mail addresses."""

import secrets
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import AuditEntry, User
from accounts.services import audit_record

from ..models import AccessToken, Question, Recipient, Section, Survey, SurveySettings


def missing_translations(survey: Survey) -> list[str]:
    """What respondents would see in one of the survey's languages only."""
    languages = survey.languages
    missing = []
    for language in languages:
        if not getattr(survey, f"title_{language}"):
            missing.append(_("the title"))
            break
    for section in Section.objects.filter(survey=survey):
        if not all(getattr(section, f"title_{language}") for language in languages):
            missing.append(_("section “%(title)s”") % {"title": section.title})
    questions = Question.objects.filter(survey=survey).prefetch_related("options", "matrix_rows")
    for question in questions:
        labelled = [*question.options.all(), *question.matrix_rows.all()]
        for language in languages:
            if not getattr(question, f"text_{language}") or any(
                not getattr(label, f"label_{language}") for label in labelled
            ):
                missing.append(_("question “%(key)s”") % {"key": question.key})
                break
    return missing


def refuse_unopenable(survey: Survey, at=None) -> None:
    """Why the draft could not open at `at` (now if not given), as a ValidationError."""
    if survey.is_template:
        raise ValidationError(_("A template cannot be opened; copy it into a survey first."))
    if survey.state != Survey.State.DRAFT:
        raise ValidationError(_("Only a draft can be opened."))
    if not Question.objects.filter(survey=survey).exists():
        raise ValidationError(_("Add at least one question before opening the survey."))
    if survey.closes_at and survey.closes_at <= (at or timezone.now()):
        raise ValidationError(_("The closing date has passed; set a later one or none."))
    missing = missing_translations(survey)
    if missing:
        raise ValidationError(
            _("Some texts lack a language version: %(list)s.") % {"list": ", ".join(missing[:5])}
        )


@transaction.atomic
def survey_open(*, survey: Survey) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    refuse_unopenable(survey)
    survey.state = Survey.State.OPEN
    survey.opened_at = timezone.now()
    survey.schedule_problem = ""  # a failed scheduled opening is overtaken
    survey.save(update_fields=["state", "opened_at", "schedule_problem"])
    return survey


@transaction.atomic
def survey_close(*, survey: Survey) -> Survey:
    """Close: links die (tokens and half-filled drafts are deleted), results stay."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.state != Survey.State.OPEN:
        raise ValidationError(_("Only an open survey can be closed."))
    survey.state = Survey.State.CLOSED
    survey.closed_at = timezone.now()
    survey.invitations_scheduled_at = None
    survey.save(update_fields=["state", "closed_at", "invitations_scheduled_at"])
    AccessToken.objects.filter(recipient__survey=survey).delete()
    Recipient.objects.filter(survey=survey).exclude(draft=None).update(draft=None)
    # Mails still waiting in the queue will not go out now (survey_mail_send claims only for an
    # open survey): they show as not sent rather than on their way for good.
    for field in ("invitation_status", "reminder_status"):
        Recipient.objects.filter(survey=survey, **{field: Recipient.MailStatus.QUEUED}).update(
            **{field: Recipient.MailStatus.NONE}
        )
    return survey


@transaction.atomic
def results_publish(*, survey: Survey, actor: User | None) -> Survey:
    """Show the results to everyone at the survey's public address (made once, then kept).

    Only once the survey has closed: figures that still move would be published as final,
    and those who answer last would see their answers appear. The public page holds what
    the results page shows of all responses, under the same small-group rule, without the
    free texts. Who published is kept and logged: the figures now speak for the city."""
    if survey.state != Survey.State.CLOSED:
        raise ValidationError(_("Results can be published once the survey has closed."))
    survey.public_slug = survey.public_slug or secrets.token_urlsafe(12)
    survey.results_published_at = timezone.now()
    survey.results_published_by = actor if actor and actor.is_authenticated else None
    survey.save(update_fields=["public_slug", "results_published_at", "results_published_by"])
    _publication_record(survey, actor, AuditEntry.Action.RESULTS_PUBLISHED)
    return survey


@transaction.atomic
def results_unpublish(*, survey: Survey, actor: User | None) -> Survey:
    """Take the public results down; their address comes back with the next publication."""
    if survey.results_published_at is None:
        return survey  # taken down already (a second click, another tab): nothing to log
    survey.results_published_at = None
    survey.results_published_by = None
    survey.save(update_fields=["results_published_at", "results_published_by"])
    _publication_record(survey, actor, AuditEntry.Action.RESULTS_UNPUBLISHED)
    return survey


def _publication_record(survey: Survey, actor: User | None, action: str) -> None:
    audit_record(
        action=action,
        actor=actor,
        municipality=connection.tenant,
        target=str(survey),
        details={"survey": survey.pk, "address": survey.public_slug},
    )


def paper_late_until(survey: Survey, late_days: int | None = None) -> datetime | None:
    """Until when returned paper questionnaires can still be entered once the survey has
    ended: those posted by the closing date arrive days later. None where there is no such
    time: a draft, an open survey without a closing date, and published results, which
    stand as final.

    `late_days`: the municipality's setting (SurveySettings.paper_late_days) unless given.
    """
    if survey.state == Survey.State.DRAFT or survey.results_published_at is not None:
        return None
    ends = [moment for moment in (survey.closes_at, survey.closed_at) if moment is not None]
    if not ends:
        return None
    if late_days is None:
        late_days = SurveySettings.objects.get_or_create(singleton=True)[0].paper_late_days
    return min(ends) + timedelta(days=late_days)


def paper_entry_open(survey: Survey, now=None, late_days: int | None = None) -> bool:
    """Whether a returned paper questionnaire can be entered now: while the survey is open,
    and until paper_late_until after it."""
    now = now or timezone.now()
    if survey.is_open(now):
        return True
    until = paper_late_until(survey, late_days)
    return until is not None and now < until


def surveys_close_due(now=None) -> int:
    """Close every open survey past its closing time; safe to run any time, from anywhere."""
    now = now or timezone.now()
    closed = 0
    for survey in Survey.objects.filter(state=Survey.State.OPEN, closes_at__lte=now):
        try:
            survey_close(survey=survey)
        except ValidationError:
            continue  # closed meanwhile by someone else
        closed += 1
    return closed


@transaction.atomic
def survey_emails_erase(*, survey: Survey) -> int:
    """Blank every recipient's address and whatever else held it; responses are untouched
    (they never held one). Group, department and the mail states stay for the statistics."""
    if survey.state != Survey.State.CLOSED:
        raise ValidationError(_("Addresses are erased once the survey is closed; close it first."))
    recipients = Recipient.objects.filter(survey=survey)
    erased = recipients.exclude(email="").count()
    # A mail server's refusal names the address (`{'anna@…': (550, …)}`), and a draft's free
    # texts may; the links are dead since closing, and without an address they serve nobody.
    recipients.update(email="", last_error="", draft=None)
    AccessToken.objects.filter(recipient__survey=survey).delete()
    Survey.objects.filter(pk=survey.pk).update(emails_erased_at=timezone.now())
    return erased


def surveys_emails_erase_due(now=None) -> int:
    """Erase the addresses of every survey closed longer ago than the retention period."""
    now = now or timezone.now()
    settings, _created = SurveySettings.objects.get_or_create(singleton=True)
    cutoff = now - timedelta(days=settings.email_retention_days)
    due = Survey.objects.filter(
        state=Survey.State.CLOSED, closed_at__lte=cutoff, emails_erased_at__isnull=True
    )
    return sum(survey_emails_erase(survey=survey) for survey in due)


@transaction.atomic
def survey_delete(*, survey: Survey) -> None:
    if survey.is_template:
        raise ValidationError(_("The built-in template cannot be deleted."))
    if survey.state != Survey.State.DRAFT or survey.responses.exists():
        raise ValidationError(_("Only a draft without responses can be deleted."))
    instrument = survey.instrument
    survey.delete()
    if not instrument.surveys.exists():
        instrument.delete()
