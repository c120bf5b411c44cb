"""Demo meetings and council sessions, run by `seed_demo` in each demo municipality's schema.

Musterstadt (Analysis under way): the preliminary discussion and the introductory event are
done, with participants, minutes, decisions and follow-up tasks; the results presentation is
planned. Eichhorst (Analysis done, waiting for the lead's sign-off): its introductory event and
its results presentation in the Hauptausschuss. Beispielhausen (Analysis signed off,
Mobilization under way): its introductory event and Phase 1 results presentation are done, and
the Hauptausschuss approved the survey.
"""

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from accounts.models import User
from engagements.models import Municipality

from .models import Activity, CouncilSession, Decision, GateEvent, Meeting, Participant, Phase
from .notifications import gate_reminders_send
from .services import phase_approve, phase_submit_for_review

CONSULTANT = "berater@wegweiser.example"
# Days from today: Beispielhausen's Phase 1 results presentation, which its gate follows.
BEISPIELHAUSEN_PRESENTATION = -24
# Eichhorst's: its Phase 1 goes to the lead three days later and waits for her since.
EICHHORST_PRESENTATION = -11
EICHHORST_SUBMITTED = EICHHORST_PRESENTATION + 3


def seed(municipality: Municipality, users: dict[str, User]) -> None:
    if Meeting.objects.exists() or CouncilSession.objects.exists():
        return
    if municipality.slug == "musterstadt":
        _musterstadt(users)
    elif municipality.slug == "beispielhausen":
        _beispielhausen(users)
    elif municipality.slug == "eichhorst":
        _eichhorst(users)


def workday(days: int) -> date:
    """The day `days` from today, or the Friday before it if that is a weekend: the demo's
    meetings, council sessions and sign-offs happen on working days. Events three or more
    days apart keep their order."""
    day = timezone.localdate() + timedelta(days=days)
    return day - timedelta(days=max(0, day.weekday() - 4))


def at(days: int, hour: int, minute: int = 0) -> datetime:
    """A moment of the working day `days` from today (workday)."""
    return timezone.make_aware(datetime.combine(workday(days), time(hour, minute)))


def _day(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def gate_passed(
    phase: Phase,
    *,
    consultant: User,
    lead: User,
    comment: str,
    submitted_days: int,
    approved_days: int,
    approval: str = "Freigegeben.",
) -> GateEvent:
    """Submit `phase` and have the lead sign it off, dated as the story has it (days from
    today), so that the gate history reads like a real engagement and the next phase opens on
    the day of the sign-off. The audit log, append-only, keeps the moment the demo was loaded.
    The approval."""
    submitted = phase_submit_for_review(phase=phase, actor=consultant, comment=comment)
    approved = phase_approve(phase=phase, actor=lead, comment=approval)
    for event, moment in ((submitted, at(submitted_days, 9)), (approved, at(approved_days, 16))):
        GateEvent.objects.filter(pk=event.pk).update(created_at=moment)
    Phase.objects.filter(number=phase.number + 1).update(activated_at=at(approved_days, 16))
    approved.refresh_from_db()
    return approved


def review_requested(phase: Phase, *, consultant: User, comment: str, days: int) -> GateEvent:
    """Submit `phase` to its lead `days` from today (a past working day) and, if it has waited
    longer than a reminder period since, remind the lead as the hourly beat would have, mail
    included. The submission."""
    submitted = phase_submit_for_review(phase=phase, actor=consultant, comment=comment)
    GateEvent.objects.filter(pk=submitted.pk).update(created_at=at(days, 9))
    submitted.refresh_from_db()
    reminder_due = submitted.created_at + timedelta(days=settings.GATE_REMINDER_DAYS, hours=1)
    if reminder_due < timezone.now():
        gate_reminders_send(now=reminder_due)
    return submitted


def _meeting(phase: Phase, position: int | None, **fields) -> Meeting:
    activity = phase.activities.filter(position=position).first() if position is not None else None
    return Meeting.objects.create(phase=phase, activity=activity, **fields)


def _people(meeting: Meeting, people: list[tuple], users: dict[str, User]) -> None:
    Participant.objects.bulk_create(
        Participant(
            meeting=meeting,
            name=name,
            role=role,
            department=department,
            organisation=organisation,
            email=email,
            user=users.get(email),
            attended=attended,
        )
        for name, role, department, organisation, email, attended in people
    )


def _decisions(meeting: Meeting, texts: list[str]) -> None:
    Decision.objects.bulk_create(
        Decision(meeting=meeting, text=text, position=position)
        for position, text in enumerate(texts)
    )


def _tasks(meeting: Meeting, tasks: list[tuple]) -> None:
    last = meeting.phase.activities.order_by("-position").values_list("position", flat=True)
    position = (last.first() or 0) + 1
    for offset, (title, owner, due_in_days, status) in enumerate(tasks):
        Activity.objects.create(
            phase=meeting.phase,
            from_meeting=meeting,
            title=title,
            owner=owner,
            due_date=_day(due_in_days),
            status=status,
            required_for_gate=False,
            position=position + offset,
        )


def _musterstadt(users: dict[str, User]) -> None:
    consultant, lead = users[CONSULTANT], users["lead@musterstadt.example"]
    analysis = Phase.objects.get(number=1)
    town = "Stadt Musterstadt"
    firm = "Wegweiser Beratung"

    preliminary = _meeting(
        analysis,
        0,
        kind=Meeting.Kind.PRELIMINARY,
        title="Vorgespräch mit Bürgermeister und Hauptamt",
        starts_at=at(-35, 10),
        ends_at=at(-35, 11, 30),
        place="Rathaus Musterstadt, Dienstzimmer des Bürgermeisters",
        organiser=consultant,
        agenda=(
            "Ziele der Stadt für die Digitalisierung\n"
            "Vorgehen in vier Phasen und Zeitplan\n"
            "Ansprechpersonen in der Verwaltung\n"
            "Benötigte Unterlagen für die Desktop-Analyse"
        ),
        minutes=(
            "Bürgermeister Dr. Vogt betont, dass die Digitalisierung vor allem die Bürgerdienste "
            "und die interne Aktenführung entlasten soll. Das Onlinezugangsgesetz ist nur "
            "teilweise umgesetzt; die E-Akte läuft als Pilot im Bauamt.\n\n"
            "Herr Leitner koordiniert das Vorhaben in der Verwaltung. Der Personalrat ist über "
            "den Lenkungskreis eingebunden."
        ),
    )
    _people(
        preliminary,
        [
            ("Dr. Martin Vogt", "Bürgermeister", "Verwaltungsspitze", town, "", True),
            ("Thomas Leitner", "Leitung", "Hauptamt", town, "lead@musterstadt.example", True),
            ("Clara Beraterin", "Beraterin", "", firm, CONSULTANT, True),
        ],
        users,
    )
    _decisions(
        preliminary,
        [
            "Herr Leitner ist zentraler Ansprechpartner der Verwaltung für das Vorhaben.",
            "Die Auftaktveranstaltung findet im Großen Sitzungssaal mit allen Amtsleitungen statt.",
            "Die Stadt stellt IT-Strategie, Organigramm und Ratsbeschlüsse der letzten drei "
            "Jahre für die Desktop-Analyse bereit.",
        ],
    )
    _tasks(
        preliminary,
        [
            ("Unterlagen für die Desktop-Analyse bereitstellen", lead, -28, Activity.Status.DONE),
            ("Einladung zur Auftaktveranstaltung versenden", lead, -21, Activity.Status.DONE),
        ],
    )

    introductory = _meeting(
        analysis,
        2,
        kind=Meeting.Kind.INTRODUCTORY,
        title="Auftaktveranstaltung mit den Verantwortlichen",
        starts_at=at(-7, 14),
        ends_at=at(-7, 17),
        place="Rathaus Musterstadt, Großer Sitzungssaal",
        online_url="https://meet.musterstadt.example/auftakt-digitalisierung",
        organiser=consultant,
        agenda=(
            "Begrüßung durch den Bürgermeister\n"
            "Die Methode: vier Phasen, ein Fahrplan\n"
            "Erste Einschätzung: Wo steht Musterstadt?\n"
            "Gruppenarbeit: Bedarfe und Hindernisse je Fachbereich\n"
            "Nächste Schritte: Interviews und Befragung"
        ),
        minutes=(
            "45 Teilnehmende aus allen Fachbereichen, davon 6 online. In der Gruppenarbeit "
            "nannten die Fachbereiche vor allem Medienbrüche zwischen Fachverfahren, fehlende "
            "Schulungen und die schwache Ausstattung der Außenstellen.\n\n"
            "Das Ordnungsamt wünscht sich eine mobile Lösung für den Außendienst; das Bauamt "
            "berichtet positiv vom E-Akte-Pilot."
        ),
    )
    _people(
        introductory,
        [
            ("Dr. Martin Vogt", "Bürgermeister", "Verwaltungsspitze", town, "", True),
            ("Thomas Leitner", "Leitung", "Hauptamt", town, "lead@musterstadt.example", True),
            (
                "Sabine Mitglied",
                "Sachbearbeitung Organisation",
                "Hauptamt",
                town,
                "mitglied@musterstadt.example",
                True,
            ),
            ("Petra Sommer", "Amtsleitung", "Bauamt", town, "p.sommer@musterstadt.example", True),
            ("Yusuf Demir", "Amtsleitung", "Ordnungsamt", town, "", True),
            ("Karin Albers", "IT-Koordination", "Zentrale Dienste", town, "", True),
            ("Jan Kämmerer", "Kämmerer", "Finanzen", town, "", False),
            ("Clara Beraterin", "Beraterin", "", firm, CONSULTANT, True),
        ],
        users,
    )
    _decisions(
        introductory,
        [
            "Jeder Fachbereich benennt eine Person für ein qualitatives Interview.",
            "Die Mitarbeitendenbefragung in Phase 2 wird mit dem Personalrat abgestimmt.",
        ],
    )
    _tasks(
        introductory,
        [
            ("Interviewpartner aus den Fachbereichen benennen", lead, 3, Activity.Status.OPEN),
            ("Protokoll an alle Teilnehmenden versenden", consultant, -5, Activity.Status.DONE),
            (
                "Fotodokumentation der Gruppenarbeit aufbereiten",
                consultant,
                5,
                Activity.Status.IN_PROGRESS,
            ),
        ],
    )

    presentation = _meeting(
        analysis,
        4,
        kind=Meeting.Kind.RESULTS,
        title="Ergebnispräsentation Phase 1: Status quo der Digitalisierung",
        starts_at=at(10, 10),
        ends_at=at(10, 12),
        place="Rathaus Musterstadt, Großer Sitzungssaal",
        organiser=consultant,
        agenda=(
            "Status quo der Digitalisierung\n"
            "Bedarfe, Kompetenzen und Prozesse\n"
            "Herausforderungen\n"
            "Ausblick auf die Befragung in Phase 2"
        ),
    )
    _people(
        presentation,
        [
            ("Dr. Martin Vogt", "Bürgermeister", "Verwaltungsspitze", town, "", False),
            ("Thomas Leitner", "Leitung", "Hauptamt", town, "lead@musterstadt.example", False),
            ("Clara Beraterin", "Beraterin", "", firm, CONSULTANT, False),
        ],
        users,
    )


def _beispielhausen(users: dict[str, User]) -> None:
    consultant, lead = users[CONSULTANT], users["lead@beispielhausen.example"]
    analysis, mobilization = Phase.objects.get(number=1), Phase.objects.get(number=2)
    town = "Gemeinde Beispielhausen"
    firm = "Wegweiser Beratung"

    introductory = _meeting(
        analysis,
        2,
        kind=Meeting.Kind.INTRODUCTORY,
        title="Auftaktveranstaltung im Bürgerhaus",
        starts_at=at(-62, 17),
        ends_at=at(-62, 19),
        place="Bürgerhaus Beispielhausen, Saal 1",
        organiser=consultant,
        agenda="Begrüßung\nVorstellung des Vorhabens\nFragen und Anregungen",
        minutes=(
            "22 Teilnehmende aus Verwaltung, Gemeinderat und Vereinen. Wichtigstes Anliegen: "
            "Anträge der Vereine und Bürgerdienste sollen online möglich werden."
        ),
    )
    _people(
        introductory,
        [
            (
                "Anna Bürgermeister",
                "Bürgermeisterin",
                "Verwaltungsspitze",
                town,
                "lead@beispielhausen.example",
                True,
            ),
            ("Holger Brandt", "Hauptamtsleiter", "Hauptamt", town, "", True),
            ("Clara Beraterin", "Beraterin", "", firm, CONSULTANT, True),
        ],
        users,
    )
    _decisions(introductory, ["Die Vereine werden in der Befragung eigens angesprochen."])

    presentation = _meeting(
        analysis,
        4,
        kind=Meeting.Kind.RESULTS,
        title="Ergebnispräsentation Phase 1 im Lenkungskreis",
        starts_at=at(BEISPIELHAUSEN_PRESENTATION, 15),
        ends_at=at(BEISPIELHAUSEN_PRESENTATION, 17),
        place="Rathaus Beispielhausen, Sitzungszimmer",
        online_url="https://meet.beispielhausen.example/lenkungskreis",
        organiser=consultant,
        agenda="Status quo der Digitalisierung\nBedarfe und Herausforderungen\nFreigabe der Phase",
        minutes=(
            "Der Lenkungskreis nimmt die Ergebnisse an. Stärken: kurze Wege, engagierte "
            "Vereine. Schwächen: keine E-Akte, veraltete Hardware in den Außenstellen."
        ),
    )
    _people(
        presentation,
        [
            (
                "Anna Bürgermeister",
                "Bürgermeisterin",
                "Verwaltungsspitze",
                town,
                "lead@beispielhausen.example",
                True,
            ),
            ("Holger Brandt", "Hauptamtsleiter", "Hauptamt", town, "", True),
            ("Miriam Ost", "Vorsitzende", "Hauptausschuss", "Gemeinderat", "", True),
            ("Clara Beraterin", "Beraterin", "", firm, CONSULTANT, True),
        ],
        users,
    )
    _decisions(
        presentation,
        [
            "Die Analysephase wird zur Freigabe vorgelegt.",
            "Die Online-Befragung wird dem Hauptausschuss zur Zustimmung vorgelegt.",
        ],
    )
    # Phase 1 is signed off, so its follow-up tasks are history: done.
    _tasks(
        presentation,
        [("Beschlussvorlage für den Hauptausschuss erstellen", lead, -22, Activity.Status.DONE)],
    )

    CouncilSession.objects.create(
        body="Gemeinderat",
        held_on=workday(-55),
        agenda_item="TOP 4: Teilnahme am Beratungsprogramm „Digitale Gemeinde“",
        outcome=CouncilSession.Outcome.APPROVED,
        resolution=(
            "Der Gemeinderat beschließt die Teilnahme der Gemeinde am Beratungsprogramm und "
            "stellt die Mittel im Haushalt bereit."
        ),
        document_reference="Vorlage 2026/031",
    )
    CouncilSession.objects.create(
        body="Hauptausschuss",
        held_on=workday(-14),
        agenda_item=(
            "TOP 6: Online-Befragung von Beschäftigten, Bürgerschaft, Unternehmen und Vereinen"
        ),
        outcome=CouncilSession.Outcome.APPROVED,
        resolution=(
            "Der Hauptausschuss stimmt der Durchführung der Online-Befragung zu. Die Vereine "
            "werden über ihre Vorsitzenden gesondert eingeladen."
        ),
        phase=mobilization,
        meeting=presentation,
        document_reference="Vorlage 2026/041",
    )
    _meeting(
        mobilization,
        2,
        kind=Meeting.Kind.RESULTS,
        title="Ergebnispräsentation Phase 2: Befragung und Veränderungsbereitschaft",
        starts_at=at(21, 18),
        ends_at=at(21, 20),
        place="Bürgerhaus Beispielhausen, Saal 1",
        organiser=consultant,
        agenda=(
            "Ergebnisse der Befragung\nDigitale Veränderungsbereitschaft\nIdeen und "
            "Herausforderungen\nBeteiligung des Gemeinderats"
        ),
    )


def _eichhorst(users: dict[str, User]) -> None:
    consultant = users[CONSULTANT]
    analysis = Phase.objects.get(number=1)
    town = "Stadt Eichhorst"
    firm = "Wegweiser Beratung"
    lead = ("Katrin Weidner", "Leitung", "Hauptamt", town, "lead@eichhorst.example", True)
    mayor = ("Jens Schulze", "Bürgermeister", "Verwaltungsspitze", town, "", True)
    clara = ("Clara Beraterin", "Beraterin", "", firm, CONSULTANT, True)

    introductory = _meeting(
        analysis,
        2,
        kind=Meeting.Kind.INTRODUCTORY,
        title="Auftaktveranstaltung im Kulturhaus",
        starts_at=at(-56, 16),
        ends_at=at(-56, 19),
        place="Kulturhaus Eichhorst, Großer Saal",
        organiser=consultant,
        agenda=(
            "Begrüßung durch den Bürgermeister\n"
            "Die Methode: vier Phasen, ein Fahrplan\n"
            "Gruppenarbeit: Was soll 2030 digital gehen?\n"
            "Nächste Schritte: Interviews"
        ),
        minutes=(
            "38 Teilnehmende aus Verwaltung und Stadtverordnetenversammlung. Die Gruppen "
            "wünschen sich vor allem Leistungen für Pendlerinnen und Pendler außerhalb der "
            "Öffnungszeiten und eine Stelle, die die Digitalisierung koordiniert."
        ),
    )
    _people(
        introductory,
        [
            mayor,
            lead,
            ("Ralf Dietrich", "Leitung", "IT", town, "", True),
            ("Sevgi Aydın", "Vorsitzende", "Personalrat", town, "", True),
            clara,
        ],
        users,
    )
    _decisions(introductory, ["Jedes Amt benennt eine Person für ein Interview."])

    presentation = _meeting(
        analysis,
        4,
        kind=Meeting.Kind.RESULTS,
        title="Ergebnispräsentation Phase 1 im Hauptausschuss",
        starts_at=at(EICHHORST_PRESENTATION, 17),
        ends_at=at(EICHHORST_PRESENTATION, 19),
        place="Rathaus Eichhorst, Ratssaal",
        organiser=consultant,
        agenda=(
            "Status quo der Digitalisierung\nBedarfe, Kompetenzen und Prozesse\n"
            "Herausforderungen\nFreigabe der Phase"
        ),
        minutes=(
            "Der Hauptausschuss nimmt die Ergebnisse zur Kenntnis. Diskutiert wurden vor allem "
            "die fehlende Koordination und die vielen Fachverfahren ohne Schnittstellen. Frau "
            "Weidner prüft die Präsentation und gibt die Phase frei."
        ),
    )
    _people(
        presentation,
        [
            mayor,
            lead,
            ("Birgit Neumann", "Vorsitzende", "Hauptausschuss", "Stadtverordnete", "", True),
            clara,
        ],
        users,
    )
    _decisions(
        presentation,
        [
            "Die Analysephase wird Frau Weidner zur Freigabe vorgelegt.",
            "Die Befragung in Phase 2 schließt die Pendlerinnen und Pendler ausdrücklich ein.",
        ],
    )
