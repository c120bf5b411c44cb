"""The demo surveys: realistic, made through the services, and idempotent."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db.models import Count
from django.utils import timezone

from surveys import demo
from surveys.models import OpenLink, Recipient, Response, Survey, SurveySettings
from surveys.results import survey_results
from surveys.services import mailing
from surveys.timeline import response_timeline
from tests.conftest import persona

pytestmark = pytest.mark.django_db


def test_beispielhausen_has_an_open_survey_with_invitations_and_a_few_hundred_responses(in_alpha):
    demo.seed(SimpleNamespace(slug="beispielhausen"), {})

    survey = Survey.objects.get(is_template=False)
    assert survey.state == Survey.State.OPEN and survey.activity.phase.number == 2
    assert (
        survey.invitation_de.startswith("Guten Tag,") and "Bürgermeisterin" in survey.signature_de
    )
    assert survey.invitation_en.startswith("Dear Sir or Madam,")  # the survey speaks both
    assert survey.signature_en.endswith("Mayor")
    # Its privacy notice names the officer, the legal basis and the supervisory authority.
    privacy = SurveySettings.objects.get()
    assert privacy.privacy_officer.startswith("Jonas Falk")
    assert "Art. 6 Abs. 1 lit. e DSGVO" in privacy.privacy_addition_de
    assert "Supervisory authority" in privacy.privacy_addition_en
    # Its accessibility statement says where to report a barrier, and the state's procedure.
    assert privacy.accessibility_contact.startswith("Bürgerbüro im Rathaus")
    assert "NBGG" in privacy.accessibility_addition_de
    by_group = dict(
        Response.objects.filter(survey=survey).values_list("group__key").annotate(n=Count("pk"))
    )
    assert set(by_group) == {"employees", "citizens", "companies", "associations"}
    assert 250 <= sum(by_group.values()) <= 400
    assert Response.objects.filter(channel="open", group__key="citizens").count() > 50
    assert Recipient.objects.filter(invitation_status="failed").count() == 2
    misspelt = Recipient.objects.get(invitation_status="failed", email__endswith="@firma.exmaple")
    assert "domain firma.exmaple not found" in misspelt.last_error  # to be corrected
    declined = Recipient.objects.filter(declined_at__isnull=False)
    assert declined.count() == 3 and not declined.filter(answered=True).exists()
    assert not declined.filter(reminders_sent__gt=0).exists()  # the reminder passed them by
    assert (
        Recipient.objects.filter(answered=True).count()
        == Response.objects.filter(channel="personal").count()
    )
    assert OpenLink.objects.filter(survey=survey, active=True).exists()
    # Older citizens who do not go online answered on paper, entered by the consultancy.
    paper = Response.objects.filter(survey=survey, channel=Response.Channel.PAPER)
    assert paper.count() == 16 and set(paper.values_list("group__key", flat=True)) == {"citizens"}
    assert not paper.filter(answers__question__key="online-services-grade").exists()
    assert paper.filter(answers__question__key="offline-why").count() == 16
    assert survey.paper_return_de.startswith("Bitte geben Sie den ausgefüllten Bogen")
    assert Response.objects.filter(survey=survey).exclude(department="").exists()
    # The in-depth analysis has begun: ideas and challenges carry topics.
    topics = {bar.label for texts in survey_results(survey).texts for bar in texts.topics}
    assert {"E-Akte", "Digitale Geschäftsprozesse", "Soziotechnischer Wandel"} <= topics
    # Answers come in after the invitation and again after the reminder a week later.
    steps = response_timeline(survey).steps
    invited = next(index for index, step in enumerate(steps) if step.invited)
    reminded = next(index for index, step in enumerate(steps) if step.reminded)
    assert reminded == invited + 7
    assert steps[invited].responses > steps[reminded - 1].responses < steps[reminded].responses
    # The sports clubs' late list is invited on the next working morning.
    assert survey.invitations_scheduled_at == mailing.next_working_morning()
    late = Recipient.objects.filter(email__startswith="vorstand@", invitation_status="none")
    assert late.count() == 4
    # The follow-up on the online services is answered only by those who use them.
    online = survey.questions.get(key="channels").options.get(label_en__contains="online")
    follow_up = survey.questions.get(key="online-services-grade")
    users = Response.objects.filter(answers__option=online)
    assert 0 < follow_up.answers.count() <= users.count()
    assert not follow_up.answers.exclude(response__in=users).exists()
    # What they miss is asked only after a grade of six or lower; enough say it to be shown.
    missing = survey.questions.get(key="online-services-missing")
    low = Response.objects.filter(answers__question=follow_up, answers__value__lte=6)
    assert missing.answers.count() >= 2 * 5  # free texts need twice the threshold
    assert not missing.answers.exclude(response__in=low).exists()
    # Why not online is asked of those who come, call or write, whatever else they tick.
    offline_why = survey.questions.get(key="offline-why")
    offline = Response.objects.filter(answers__option__in=offline_why.shown_if_options.all())
    assert offline_why.answers.count() >= 2 * 5
    assert not offline_why.answers.exclude(response__in=offline).exists()
    # New staff (page one) are asked about their start (page five), and only they.
    new_staff = survey.questions.get(key="tenure").options.first()
    onboarding = survey.questions.get(key="onboarding")
    assert onboarding.answers.exists()
    assert not onboarding.answers.exclude(response__answers__option=new_staff).exists()


def test_musterstadt_has_a_draft_being_adapted_and_seeding_twice_adds_nothing(in_alpha):
    demo.seed(SimpleNamespace(slug="musterstadt"), {})
    demo.seed(SimpleNamespace(slug="musterstadt"), {})

    survey = Survey.objects.get(is_template=False)
    assert survey.state == Survey.State.DRAFT
    assert not survey.questions.filter(key="company-size").exists()
    assert survey.questions.filter(text_de__startswith="Mit welchem Fachverfahren").exists()


def test_neustadt_runs_a_second_wave_that_shows_what_the_roadmap_changed(in_alpha):
    from surveys.results import survey_results

    lead = persona("leo")
    demo.seed(SimpleNamespace(slug="neustadt"), {"lead@neustadt.example": lead})

    first, second = Survey.objects.filter(is_template=False).order_by("wave")
    assert (first.wave, second.wave) == (1, 2) and first.instrument_id == second.instrument_id
    # The Phase 2 survey: closed, its 412 responses kept, its addresses erased after retention.
    assert first.state == Survey.State.CLOSED and first.activity.phase.number == 2
    assert Response.objects.filter(survey=first).count() == 412
    assert first.emails_erased_at is not None
    assert not Recipient.objects.filter(survey=first).exclude(email="").exists()
    # Its lead put the results on the town's website a fortnight after it closed.
    assert first.public_slug and first.results_published_at - first.closed_at == timedelta(days=14)
    assert first.results_published_by == lead
    # Its citizens' poster link still works: it leads to the published results now.
    assert OpenLink.objects.filter(survey=first, active=True).exists()
    assert second.results_published_at is None
    assert second.state == Survey.State.OPEN and second.closes_at is not None
    # Reminded a week after the invitation, five days ago; the second reminder is due in two.
    assert mailing.reminders_queue_due() == 0
    assert mailing.reminders_queue_due(now=timezone.now() + timedelta(days=3)) > 0
    comparison = survey_results(second).comparison
    assert comparison.earlier == first
    overall = comparison.rows[0].cells[0]
    assert overall.delta is not None and overall.delta > 0
