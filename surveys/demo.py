"""Demo surveys, run by `seed_demo` in each demo municipality's schema.

Beispielhausen (Mobilization under way): the readiness survey is open, linked to the Phase 2
activity "online survey"; recipients in all four groups were invited ten days ago and reminded
once, a few hundred responses came in (through the same checks as the form), citizens also
answer through an open link. Musterstadt (still in Analysis): a draft copy of the template that
the consultant is adapting for the employees. Neustadt am See (implementing its roadmap): the
readiness survey of its Phase 2 closed half a year ago with 412 responses (its addresses erased
after the retention period), and a second wave, open now, measures what the roadmap changed.
"""

import math
import random
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from engagements.models import Municipality
from phases.models import Activity
from taxonomy.models import Topic

from .models import (
    Question,
    Recipient,
    Response,
    Survey,
    SurveySettings,
    TargetGroup,
    text_digest,
)
from .selectors import questions_for_group
from .services import building, coding, library, lifecycle, mailing, recipients
from .services.responding import Given, hidden_by_condition, responses_bulk_create

# Group → (invited, answered personally, answered through the open link, mood shift).
BEISPIELHAUSEN = {
    "employees": (180, 118, 0, 0.35),
    "companies": (48, 26, 0, 0.5),
    "associations": (32, 15, 0, -0.45),
    "citizens": (24, 11, 104, -0.1),
}
# Neustadt's first wave (412 responses, as its Phase 2 sign-off says) and the second, under way:
# a year of the roadmap later, every group is a little more ready for the change.
NEUSTADT_WAVE_1 = {
    "employees": (300, 210, 0, -0.1),
    "companies": (80, 38, 0, 0.2),
    "associations": (60, 34, 0, -0.6),
    "citizens": (70, 40, 90, -0.35),
}
NEUSTADT_WAVE_2 = {
    "employees": (290, 142, 0, 0.35),
    "companies": (75, 22, 0, 0.45),
    "associations": (58, 18, 0, -0.2),
    "citizens": (60, 21, 46, 0.05),
}
DEPARTMENTS = ["Bürgeramt", "Bauamt", "Kämmerei", "Ordnungsamt", "Hauptamt", "Schulen und Kitas"]
FIRST_NAMES = ["anna", "jonas", "lea", "paul", "mia", "felix", "emma", "lukas", "sophie", "ben"]
LAST_NAMES = ["schmidt", "mueller", "weber", "wagner", "becker", "hoffmann", "koch", "richter"]
IDEAS = {
    "employees": [
        "Eine gemeinsame digitale Akte für alle Ämter, statt Papier hin und her zu tragen.",
        "Schulungen in kleinen Gruppen, direkt am Arbeitsplatz.",
        "Online-Terminbuchung für das Bürgeramt.",
        "Mobile Geräte für den Außendienst im Ordnungsamt.",
        "Ein internes Wiki mit Anleitungen für die Fachverfahren.",
    ],
    "citizens": [
        "Anträge komplett online stellen, ohne danach noch ins Rathaus zu müssen.",
        "Eine App mit Abfallkalender, Terminen und Mängelmelder.",
        "Freies WLAN in der Innenstadt und in der Bibliothek.",
        "Sprechstunden für ältere Menschen, die Hilfe mit dem Online-Ausweis brauchen.",
    ],
    "companies": [
        "Gewerbeanmeldung und Bauanträge digital mit Statusanzeige.",
        "Ein fester digitaler Ansprechpartner für Unternehmen.",
        "Glasfaser im Gewerbegebiet Nord endlich ausbauen.",
    ],
    "associations": [
        "Hallenbelegung online buchen statt per Telefon.",
        "Zuschussanträge für Vereine digital einreichen.",
        "Ein Veranstaltungskalender, den Vereine selbst pflegen können.",
    ],
}
CHALLENGES = [
    "Viele Kolleginnen und Kollegen haben Angst, dass ihre Arbeit wegfällt.",
    "Die Software der verschiedenen Ämter passt nicht zusammen.",
    "Es fehlt an Zeit für Schulungen neben dem Tagesgeschäft.",
    "Ältere Menschen dürfen nicht abgehängt werden.",
    "Der Datenschutz wird oft als Grund genommen, nichts zu ändern.",
    "Die Internetverbindung im ländlichen Ortsteil ist zu langsam.",
]
# What citizens, companies and clubs who grade the online services 6 or lower miss.
ONLINE_SERVICES_MISSING = [
    "Man kann online nur Formulare herunterladen, aber nichts direkt abschicken.",
    "Die Terminbuchung für das Bürgerbüro funktioniert auf dem Handy nicht.",
    "Nach dem Antrag hört man wochenlang nichts, es gibt keinen Status.",
    "Ich muss trotzdem persönlich vorbeikommen, um zu unterschreiben.",
    "Die Seiten sind schwer zu finden und nur auf Deutsch.",
    "Für die Gewerbeanmeldung braucht man immer noch Papier.",
    "Bezahlen geht online nicht, nur per Überweisung.",
]
# Why those who come in person, call or write do not use the online services.
OFFLINE_WHY = [
    "Ich wusste nicht, dass das online geht.",
    "Ich habe lieber eine Ansprechperson, die mir hilft.",
    "Ich habe keinen Online-Ausweis eingerichtet.",
    "Am Telefon geht es schneller.",
    "Meine Eltern haben kein Internet.",
    "Die Formulare online sind mir zu kompliziert.",
]
# Why those who filled in the printed questionnaire do not go online: mostly older citizens.
PAPER_WHY = [
    "Ich habe keinen Computer und kein Smartphone.",
    "Ich bin 78 Jahre alt, mit dem Internet komme ich nicht zurecht.",
    "Im Rathaus wird mir geholfen, das ist mir lieber.",
    "Ich traue dem Internet nicht, wenn es um meine Daten geht.",
    "Meine Enkelin macht das sonst für mich, aber sie wohnt weit weg.",
]
PAPER_RETURN = (
    "Bitte geben Sie den ausgefüllten Bogen bis zum {date} im Bürgerbüro (Rathaus, "
    "Erdgeschoss) ab oder werfen Sie ihn in den Briefkasten am Rathaus.",
    "Please hand in the completed questionnaire by {date} at the citizens' office (town hall, "
    "ground floor) or drop it in the letterbox at the town hall.",
)
# How the answers to the questions about the respondents spread: most of a town hall's staff
# have worked there for years, and few of its firms are large (the rest: earlier answers more).
SINGLE_WEIGHTS = {"tenure": [2, 4, 5], "age-band": [2, 4, 4, 3], "company-size": [6, 3, 1]}
# Free texts of the follow-ups, by their question's key: most of those asked say something.
FOLLOW_UP_TEXTS = {"online-services-missing": ONLINE_SERVICES_MISSING, "offline-why": OFFLINE_WHY}
# "Other" answers, by the key of the question they answer.
OTHER = {
    "channels": ["Über den Ortsvorsteher", "Per WhatsApp an das Bürgerbüro", "Über meinen Verein"],
    "challenges": ["Zu viele Zuständigkeiten", "Fehlende Geräte", "Unklare Prioritäten"],
}


# The data protection officer and the municipality's own words in its privacy notice, under
# the state's supervisory authority (surveys.views.notices).
PRIVACY = {
    "beispielhausen": (
        "Jonas Falk, Rathaus Beispielhausen, datenschutz@beispielhausen.example, 05121 4567-89",
        "Die Gemeinde Beispielhausen verarbeitet die Angaben zur Erfüllung ihrer Aufgaben bei "
        "der Planung ihrer Verwaltung (Art. 6 Abs. 1 lit. e DSGVO in Verbindung mit § 3 NDSG); "
        "die Teilnahme ist freiwillig.\n\nZuständige Aufsichtsbehörde: Die Landesbeauftragte "
        "für den Datenschutz Niedersachsen, Prinzenstraße 5, 30159 Hannover.",
        "Beispielhausen processes the information to carry out its tasks in planning its "
        "administration (Art. 6(1)(e) GDPR with § 3 of the Lower Saxony Data Protection Act); "
        "taking part is voluntary.\n\nSupervisory authority: the Data Protection Commissioner "
        "of Lower Saxony, Prinzenstraße 5, 30159 Hannover.",
    ),
    "neustadt": (
        "Dr. Ulrike Brandner, Stadtverwaltung Neustadt am See, datenschutz@neustadt.example",
        "Zuständige Aufsichtsbehörde: Der Bayerische Landesbeauftragte für den Datenschutz, "
        "Wagmüllerstraße 18, 80538 München.",
        "",
    ),
}


# Where Beispielhausen's people report a barrier, and Lower Saxony's enforcement procedure
# (the accessibility statement, surveys.views.notices).
ACCESSIBILITY = {
    "beispielhausen": (
        "Bürgerbüro im Rathaus, barrierefrei@beispielhausen.example, 05121 4567-0",
        "Durchsetzungsverfahren: Erhalten Sie auf Ihre Meldung keine zufriedenstellende "
        "Antwort, können Sie sich an die Schlichtungsstelle nach § 9d NBGG bei der "
        "Landesbeauftragten für Menschen mit Behinderungen wenden, Hannah-Arendt-Platz 2, "
        "30159 Hannover.",
        "Enforcement procedure: if your report gets no satisfactory answer, you may turn to "
        "the arbitration board under § 9d of the Lower Saxony Disability Equality Act at the "
        "State Commissioner for People with Disabilities, Hannah-Arendt-Platz 2, 30159 "
        "Hannover.",
    ),
}


def seed(municipality: Municipality, users: dict[str, User]) -> None:
    if Survey.objects.filter(is_template=False).exists():
        return
    notices = {}
    if municipality.slug in PRIVACY:
        officer, addition_de, addition_en = PRIVACY[municipality.slug]
        notices |= {
            "privacy_officer": officer,
            "privacy_addition_de": addition_de,
            "privacy_addition_en": addition_en,
        }
    if municipality.slug in ACCESSIBILITY:
        contact, addition_de, addition_en = ACCESSIBILITY[municipality.slug]
        notices |= {
            "accessibility_contact": contact,
            "accessibility_addition_de": addition_de,
            "accessibility_addition_en": addition_en,
        }
    SurveySettings.objects.update_or_create(singleton=True, defaults=notices)
    if municipality.slug == "beispielhausen":
        _beispielhausen()
    elif municipality.slug == "musterstadt":
        _musterstadt()
    elif municipality.slug == "neustadt":
        _neustadt(users["lead@neustadt.example"])


def _template() -> Survey:
    return Survey.objects.filter(is_template=True).earliest("pk")


def _online_survey_activity() -> Activity | None:
    return Activity.objects.filter(phase__number=2).order_by("position", "pk").first()


def _musterstadt() -> None:
    survey = library.survey_copy(survey=_template())
    survey.title_de = "Mitarbeitendenbefragung Digitalisierung (Entwurf)"
    survey.title_en = "Staff survey on digitalisation (draft)"
    survey.activity = _online_survey_activity()
    building.survey_save(survey=survey)
    building.question_delete(question=Question.objects.get(survey=survey, key="company-size"))
    section = survey.sections.order_by("position").first()
    question = Question(
        section=section,
        kind=Question.Kind.SINGLE,
        text_de="Mit welchem Fachverfahren arbeiten Sie am häufigsten?",
        text_en="Which specialist application do you use most?",
        help_de="Bitte das Programm wählen, mit dem Sie die meiste Zeit verbringen.",
    )
    building.question_save(
        question=question,
        groups=list(_groups(["employees"])),
        options_de="Einwohnermeldewesen\nFinanzwesen\nBauantragsverfahren\nAndere",
        options_en="Residents' registration\nFinance\nBuilding permits\nOther",
    )


def _groups(keys: list[str]):
    return TargetGroup.objects.filter(key__in=keys)


LETTER = """Guten Tag,

{town} will digitaler werden, aber nicht am Bedarf vorbei. Deshalb fragen wir Sie, bevor wir \
entscheiden: Wo erleichtert die Digitalisierung Ihnen heute schon den Alltag, wo hakt es, und \
was wünschen Sie sich von Ihrer Stadtverwaltung?

Die Befragung dauert etwa zehn Minuten. Ihre Antworten fließen in die digitale Strategie ein, \
die wir gemeinsam mit dem Stadtrat erarbeiten."""
SECOND_LETTER = """Guten Tag,

vor gut einem halben Jahr haben Sie uns gesagt, wo die Digitalisierung in Neustadt am See \
hakt. Daraus ist unsere Digitale Roadmap entstanden, die der Stadtrat beschlossen hat. Jetzt \
möchten wir wissen, ob Sie schon etwas davon merken: Dieselben Fragen wie damals zeigen uns, \
was sich verändert hat und wo wir nachsteuern müssen."""
LETTER_EN = """Dear Sir or Madam,

{town} wants to become more digital, but not past what people need. That is why we ask you \
before we decide: where does digitization already make your day easier, where does it get \
stuck, and what do you wish for from your town administration?

The survey takes about ten minutes. Your answers feed into the digital strategy we are \
drawing up together with the town council."""
SECOND_LETTER_EN = """Dear Sir or Madam,

A good six months ago you told us where digitization gets stuck in Neustadt am See. That \
became our digital roadmap, which the town council adopted. Now we would like to know \
whether you notice any of it yet: the same questions as then show us what has changed and \
where we need to adjust."""
MAYORS = {  # town: (German signature, English signature)
    "Beispielhausen": ("Anna Bürgermeister, Bürgermeisterin", "Anna Bürgermeister, Mayor"),
    "Neustadt am See": ("Maria Seeberger, Erste Bürgermeisterin", "Maria Seeberger, Mayor"),
}


# The in-depth analysis: ideas and challenges given topics of the taxonomy (by their names in
# the seeded German taxonomy); one idea is left for the newcomer to code.
CODES = {
    "Eine gemeinsame digitale Akte für alle Ämter, statt Papier hin und her zu tragen.": ["E-Akte"],
    "Schulungen in kleinen Gruppen, direkt am Arbeitsplatz.": ["Soziotechnischer Wandel"],
    "Online-Terminbuchung für das Bürgeramt.": ["Digitale Geschäftsprozesse"],
    "Mobile Geräte für den Außendienst im Ordnungsamt.": ["Homeoffice"],
    "Ein internes Wiki mit Anleitungen für die Fachverfahren.": [
        "Informations- & Entscheidungsverhalten"
    ],
    "Anträge komplett online stellen, ohne danach noch ins Rathaus zu müssen.": [
        "Digitale Geschäftsprozesse"
    ],
    "Eine App mit Abfallkalender, Terminen und Mängelmelder.": ["App-Strategien"],
    "Freies WLAN in der Innenstadt und in der Bibliothek.": ["Interagierende Infrastruktur"],
    "Sprechstunden für ältere Menschen, die Hilfe mit dem Online-Ausweis brauchen.": [
        "Bürger-ID",
        "Soziotechnischer Wandel",
    ],
    "Gewerbeanmeldung und Bauanträge digital mit Statusanzeige.": ["Digitale Geschäftsprozesse"],
    "Glasfaser im Gewerbegebiet Nord endlich ausbauen.": ["Interagierende Infrastruktur"],
    "Hallenbelegung online buchen statt per Telefon.": ["Digitale Geschäftsprozesse"],
    "Zuschussanträge für Vereine digital einreichen.": ["Digitale Geschäftsprozesse"],
    "Ein Veranstaltungskalender, den Vereine selbst pflegen können.": ["App-Strategien"],
    "Viele Kolleginnen und Kollegen haben Angst, dass ihre Arbeit wegfällt.": [
        "Soziotechnischer Wandel"
    ],
    "Die Software der verschiedenen Ämter passt nicht zusammen.": ["Interagierende Infrastruktur"],
    "Es fehlt an Zeit für Schulungen neben dem Tagesgeschäft.": ["Soziotechnischer Wandel"],
    "Ältere Menschen dürfen nicht abgehängt werden.": ["Soziotechnischer Wandel"],
    "Der Datenschutz wird oft als Grund genommen, nichts zu ändern.": ["Datenstrategie"],
    "Die Internetverbindung im ländlichen Ortsteil ist zu langsam.": [
        "Interagierende Infrastruktur"
    ],
}


def _code_texts(survey: Survey) -> None:
    topics = {topic.name: topic for topic in Topic.objects.all()}
    for question in Question.objects.filter(survey=survey, kind=Question.Kind.TEXT):
        for text, names in CODES.items():
            for name in names:
                if name not in topics:
                    continue  # a municipality whose taxonomy names it otherwise
                try:
                    coding.text_code_add(
                        question=question, digest=text_digest(text), topic=topics[name]
                    )
                except ValidationError:
                    continue  # nobody gave this answer to this question


def _readiness_survey(town: str) -> Survey:
    """The template, copied for `town` and its Phase 2 activity, breaking down by department,
    with a letter from the mayor."""
    survey = library.survey_copy(survey=_template())
    survey.title_de = f"Digitale Veränderungsbereitschaft in {town}"
    survey.title_en = f"Digital change readiness in {town}"
    survey.invitation_de = LETTER.format(town=town)
    survey.invitation_en = LETTER_EN.format(town=town)
    survey.signature_de, survey.signature_en = MAYORS[town]
    survey.collect_departments = True
    survey.activity = _online_survey_activity()
    building.survey_save(survey=survey)
    return survey


def _end_of_day_in(days: int):
    """A closing time as a consultant sets one: the evening of a day, not this minute."""
    evening = timezone.localtime().replace(hour=23, minute=59, second=0, microsecond=0)
    return evening + timedelta(days=days)


def _beispielhausen() -> None:
    rng = random.Random(2026)
    survey = _readiness_survey("Beispielhausen")
    survey.remind_after_days = 7
    survey.closes_at = _end_of_day_in(14)
    date = timezone.localtime(survey.closes_at)
    survey.paper_return_de = PAPER_RETURN[0].format(date=f"{date:%d.%m.%Y}")
    survey.paper_return_en = PAPER_RETURN[1].format(date=f"{date:%d %B %Y}")
    building.survey_save(survey=survey)
    survey = lifecycle.survey_open(survey=survey)
    Activity.objects.filter(pk=survey.activity_id).update(status=Activity.Status.IN_PROGRESS)
    _run(survey, BEISPIELHAUSEN, rng, "beispielhausen.example", invited_days_ago=10)
    _paper_questionnaires(survey, rng)
    _code_texts(survey)
    failed = Recipient.objects.filter(survey=survey, group__key="companies", answered=False)[:2]
    # One mailbox is gone; one address was misspelt on the list, for the consultant to correct.
    for recipient, typo, error in zip(
        failed,
        (False, True),
        ("550 mailbox unavailable", "550 5.1.2 domain firma.exmaple not found"),
        strict=True,
    ):
        email = recipient.email.replace("@firma.example", "@firma.exmaple") if typo else None
        Recipient.objects.filter(pk=recipient.pk).update(
            email=email or recipient.email,
            invitation_status=Recipient.MailStatus.FAILED,
            invited_at=None,
            reminder_status=Recipient.MailStatus.NONE,
            reminded_at=None,
            reminders_sent=0,
            last_error=f"SMTPRecipientsRefused: {error}",
        )
    _decline_a_few(survey)
    _invite_newcomers(survey)
    _schedule_late_list(survey)


def _paper_questionnaires(survey: Survey, rng: random.Random) -> None:
    """Sixteen older citizens who do not go online filled in the printed questionnaire at the
    town hall's counter and the senior citizens' club; the counter's staff entered them over
    the last days (surveys.views.paper)."""
    group = TargetGroup.objects.get(key="citizens")
    questions = list(questions_for_group(survey, group))
    by_key = {question.key: question for question in questions}
    ages = list(by_key["age-band"].options.all())[2:]  # 50 and older
    channels = list(by_key["channels"].options.all())
    offline = [channels[index] for index in (0, 1, 4)]  # in person, by phone, by letter
    givens = []
    for _ in range(16):
        given = _answers(rng, "citizens", questions, mood=-0.4)
        given[by_key["age-band"].pk] = Given(options=[rng.choice(ages).pk])
        chosen = rng.sample(offline, rng.randint(1, 2))
        given[by_key["channels"].pk] = Given(options=[option.pk for option in chosen])
        given[by_key["offline-why"].pk] = Given(text=rng.choice(PAPER_WHY))
        for follow_up in hidden_by_condition(questions, given):
            given.pop(follow_up, None)  # not asked: online services not among their ways
        givens.append(given)
    today = timezone.localdate()
    responses_bulk_create(
        survey=survey,
        group=group,
        givens=givens,
        channel=Response.Channel.PAPER,
        language="de",
        submitted_on=[today - timedelta(days=rng.randint(0, 4)) for _ in givens],
    )


def _decline_a_few(survey: Survey) -> None:
    """Three employees said from the questionnaire, days after the invitation, that they would
    not take part: the reminder a week later passed them by."""
    for recipient in Recipient.objects.filter(
        survey=survey, group__key="employees", answered=False, invitation_status="sent"
    ).order_by("pk")[:3]:
        Recipient.objects.filter(pk=recipient.pk).update(
            declined_at=recipient.invited_at + timedelta(days=2),
            reminder_status=Recipient.MailStatus.NONE,
            reminded_at=None,
            reminders_sent=0,
        )


def _neustadt(lead: User) -> None:
    rng = random.Random(2025)
    first = _readiness_survey("Neustadt am See")
    first = lifecycle.survey_open(survey=first)
    _run(first, NEUSTADT_WAVE_1, rng, "neustadt.example", invited_days_ago=230, days=28)
    _code_texts(first)
    first = lifecycle.survey_close(survey=first)
    lifecycle.survey_emails_erase(survey=first)
    opened = timezone.now() - timedelta(days=230)
    # The city's lead put the results on its website a fortnight after the survey closed.
    lifecycle.results_publish(survey=first, actor=lead)
    Survey.objects.filter(pk=first.pk).update(
        opened_at=opened,
        closed_at=opened + timedelta(days=28),
        emails_erased_at=opened + timedelta(days=28 + 90),
        results_published_at=opened + timedelta(days=28 + 14),
    )
    second = library.survey_copy_as_wave(survey=first)
    second.remind_after_days = 7
    second.automatic_reminders = 2  # the second wave reminds twice, a week apart
    second.closes_at = _end_of_day_in(16)
    second.invitation_de = SECOND_LETTER
    second.invitation_en = SECOND_LETTER_EN
    # One of the further instruments of Implementation: measuring what the roadmap changed.
    second.activity = Activity.objects.filter(phase__number=4).order_by("-position").first()
    building.survey_save(survey=second)
    second = lifecycle.survey_open(survey=second)
    Activity.objects.filter(pk=second.activity_id).update(status=Activity.Status.IN_PROGRESS)
    _run(second, NEUSTADT_WAVE_2, rng, "neustadt.example", invited_days_ago=12)


def _run(
    survey: Survey,
    plan: dict,
    rng: random.Random,
    domain: str,
    invited_days_ago: int,
    days: int | None = None,
) -> None:
    """Invite each group's recipients `invited_days_ago`, remind them a week later, and store
    the responses of `plan` (through the same checks as the form) over `days` from then."""
    invited_at = timezone.now() - timedelta(days=invited_days_ago)
    first_day = timezone.localdate() - timedelta(days=invited_days_ago)
    last_day = first_day + timedelta(days=days if days is not None else invited_days_ago)

    # Most answer within days of the invitation, and again after the reminder a week later.
    offsets = range((last_day - first_day).days + 1)
    weights = [math.exp(-d / 2.5) + (d >= 7) * 1.3 * math.exp(-(d - 7) / 2) for d in offsets]

    def day():
        return first_day + timedelta(days=rng.choices(offsets, weights)[0])

    for key, (invited, answered, open_answers, mood) in plan.items():
        group = TargetGroup.objects.get(key=key)
        people = _people(rng, key, invited, domain)
        Recipient.objects.bulk_create(
            Recipient(
                survey=survey,
                group=group,
                email=email,
                department=rng.choice(DEPARTMENTS) if key == "employees" else "",
                invitation_status=Recipient.MailStatus.SENT,
                invitation_queued_at=invited_at,
                invited_at=invited_at,
                reminder_status=Recipient.MailStatus.SENT,
                reminded_at=invited_at + timedelta(days=7),
                reminders_sent=1,
                answered=index < answered,
            )
            for index, email in enumerate(people)
        )
        questions = list(questions_for_group(survey, group))
        departments = list(
            Recipient.objects.filter(survey=survey, group=group, answered=True)
            .order_by("?")
            .values_list("department", flat=True)
        )
        responses_bulk_create(
            survey=survey,
            group=group,
            givens=[_answers(rng, key, questions, mood) for _ in range(answered)],
            channel="personal",
            language="de",
            submitted_on=[day() for _ in range(answered)],
            departments=departments,
        )
        if open_answers:
            responses_bulk_create(
                survey=survey,
                group=group,
                givens=[_answers(rng, key, questions, mood) for _ in range(open_answers)],
                channel="open",
                language="de",
                submitted_on=[day() for _ in range(open_answers)],
            )
            recipients.open_link_create(survey=survey, group=group)


def _invite_newcomers(survey: Survey) -> None:
    """Three late additions get real invitations: in a local run they land in var/outbox,
    so a newcomer can open one and answer as a respondent would."""
    employees = TargetGroup.objects.get(key="employees")
    for name in ("neu.eins", "neu.zwei", "neu.drei"):
        recipient = Recipient.objects.create(
            survey=survey,
            group=employees,
            email=f"{name}@beispielhausen.example",
            department="Hauptamt",
            invitation_status=Recipient.MailStatus.QUEUED,
        )
        try:
            mailing.survey_mail_send(recipient_id=recipient.pk, kind=mailing.INVITATION)
        except OSError:
            mailing.survey_mail_give_up(
                recipient_id=recipient.pk, kind=mailing.INVITATION, error="no mail server"
            )


def _schedule_late_list(survey: Survey) -> None:
    """The sports clubs' list came late: their invitations go out on the next working
    morning (Surveys → Recipients and links shows the schedule)."""
    associations = TargetGroup.objects.get(key="associations")
    Recipient.objects.bulk_create(
        Recipient(survey=survey, group=associations, email=f"vorstand@{club}.verein.example")
        for club in ("tsv-beispielhausen", "sv-blau-weiss", "schuetzenverein", "reitverein")
    )
    mailing.invitations_schedule(survey=survey, at=mailing.next_working_morning())


def _people(rng: random.Random, key: str, count: int, town: str) -> list[str]:
    domain = {
        "employees": town,
        "companies": "firma.example",
        "associations": "verein.example",
        "citizens": "mail.example",
    }[key]
    return [
        f"{rng.choice(FIRST_NAMES)}.{rng.choice(LAST_NAMES)}{index}@{domain}"
        for index in range(count)
    ]


def _likert(rng: random.Random, mood: float, shift: float = 0.0) -> Given:
    if rng.random() < 0.07:
        return Given(dont_know=True)
    return Given(value=min(5, max(1, round(rng.gauss(3.2 + mood + shift, 1.0)))))


def _answers(rng: random.Random, key: str, questions: list[Question], mood: float) -> dict:
    given: dict[int, Given] = {}
    for question in questions:
        if not question.required and rng.random() < 0.06:
            continue  # an optional question left out
        # Some topics go better than others, in every group.
        shift = {"data-use": -0.5, "machine-learning": -0.3, "skills": 0.4, "velocity": -0.6}
        if question.kind == Question.Kind.LIKERT:
            given[question.pk] = _likert(rng, mood, shift.get(question.key, 0.0))
        elif question.kind == Question.Kind.RATING:
            value = round(rng.gauss(5.6 + 1.6 * mood, 1.9))
            given[question.pk] = Given(value=min(10, max(0, value)))
        elif question.kind == Question.Kind.MATRIX:
            given[question.pk] = Given(
                rows={row.pk: _likert(rng, mood, -0.2) for row in question.matrix_rows.all()}
            )
        elif question.kind == Question.Kind.SINGLE:
            options = list(question.options.all())
            weights = SINGLE_WEIGHTS.get(question.key, [])
            if len(weights) != len(options):
                weights = [len(options) - i + 1 for i in range(len(options))]
            given[question.pk] = Given(options=[rng.choices(options, weights)[0].pk])
        elif question.kind == Question.Kind.MULTIPLE:
            options = list(question.options.all())
            others = OTHER.get(question.key, []) if question.allow_other else []
            other = rng.choice(others) if others and rng.random() < 0.08 else ""
            most = min(question.max_choices or 3, len(options)) - bool(other)
            chosen = rng.sample(options, rng.randint(min(1, most), most))
            given[question.pk] = Given(options=[o.pk for o in chosen], other=other)
        elif question.kind == Question.Kind.TEXT and question.key in FOLLOW_UP_TEXTS:
            if rng.random() < 0.8:
                given[question.pk] = Given(text=rng.choice(FOLLOW_UP_TEXTS[question.key]))
        elif question.kind == Question.Kind.TEXT and rng.random() < 0.4:
            pool = IDEAS[key] if question.key == "ideas" else CHALLENGES
            given[question.pk] = Given(text=rng.choice(pool))
    for follow_up in hidden_by_condition(questions, given):
        given.pop(follow_up, None)  # not asked: the answer it follows was not chosen
    return given
