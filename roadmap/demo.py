"""Demo content: Neustadt am See has come through Development and is implementing its roadmap.

Musterstadt and Beispielhausen are still in Phases 1 and 2, so they get no roadmap. Neustadt's
story: two workshops (one still open for voting through the demo link below), ideas with dots
and impact × effort placement, a roadmap of measures across the three dimensions with
dependencies and IT partners, two frozen versions that differ, a debriefing, a communication
strategy and progress reports, some late and one blocked. All dates are relative to today.
"""

import hashlib
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.utils import timezone

from accounts.models import User
from phases.demo import at, gate_passed, workday
from phases.models import Activity, CouncilSession, Meeting, Participant, Phase
from taxonomy.models import Topic

from .models import (
    CommunicationItem,
    Debriefing,
    Idea,
    Instrument,
    ITPartner,
    Measure,
    PartnerComment,
    ProgressUpdate,
    RoadmapVersion,
    Vote,
    Voter,
    Workshop,
)
from .schedule import quarter_end, quarter_of, quarter_start
from .versions import current_snapshot

CONSULTANT = "berater@wegweiser.example"
LEAD = "lead@neustadt.example"
# The demo's voting link: http://neustadt.localhost:8000/roadmap/vote/neustadt-abstimmung/
DEMO_VOTING_TOKEN = "neustadt-abstimmung"  # noqa: S105 (a public demo link, not a secret)
# phase: the consultant's note, submitted and signed off (days from today). They follow the
# story: the Phase 2 survey ran from day -230 for four weeks (surveys/demo.py), the workshops
# were on days -150 and -110, the integrated roadmap was frozen on day -60, the debriefing
# (Implementation) was on day -40.
GATES = {
    1: ("Analyse im Lenkungskreis vorgestellt; Interviews mit allen Fachbereichen.", -238, -235),
    2: ("Befragung mit 412 Antworten abgeschlossen; Stadtrat informiert.", -176, -172),
    3: ("Integrierte Roadmap mit den IT-Partnern abgestimmt.", -56, -53),
}


def seed(municipality, users: dict[str, User]) -> None:
    if municipality.slug != "neustadt" or Measure.objects.exists():
        return
    connection.set_tenant(municipality)
    _phases_through_development(users)
    partners = _partners()
    meetings = _meetings()
    ideas = _workshops_and_ideas(meetings, users)
    measures = _measures(partners, ideas)
    _versions_and_debriefing(measures, partners, meetings, users)
    _progress(measures, users)
    _communication(measures)
    _instruments()
    _implementation_under_way(meetings["debriefing"])


def _implementation_under_way(debriefing: Meeting) -> None:
    """The debriefing was held (its meeting fulfils the activity); the communication strategy
    is being carried out."""
    first, second = Activity.objects.filter(phase__number=4).order_by("position", "pk")[:2]
    Activity.objects.filter(pk=first.pk).update(status=Activity.Status.DONE)
    Meeting.objects.filter(pk=debriefing.pk).update(activity=first)
    Activity.objects.filter(pk=second.pk).update(
        status=Activity.Status.IN_PROGRESS, due_date=_day(60)
    )


def _day(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def _quarter(offset: int, end: bool = False) -> date:
    """The first (or last) day of the quarter `offset` quarters from today's."""
    year, quarter = quarter_of(timezone.localdate())
    index = year * 4 + quarter - 1 + offset
    year, quarter = divmod(index, 4)
    return quarter_end(year, quarter + 1) if end else quarter_start(year, quarter + 1)


def _topic(dimension: str, position: int) -> Topic:
    return Topic.objects.filter(dimension__key=dimension).order_by("position", "id")[position]


def _phases_through_development(users: dict[str, User]) -> None:
    """Phases 1 to 3 signed off by the lead; Implementation is under way."""
    consultant, lead = users[CONSULTANT], users[LEAD]
    for number, (comment, submitted, approved) in GATES.items():
        phase = Phase.objects.get(number=number)
        if phase.state != Phase.State.ACTIVE:
            continue
        phase.activities.update(status=Activity.Status.DONE)
        gate_passed(
            phase,
            consultant=consultant,
            lead=lead,
            comment=comment,
            submitted_days=submitted,
            approved_days=approved,
        )


def _partners() -> dict[str, ITPartner]:
    specs = [
        ("KRZ Oberland", "Kommunales Rechenzentrum", "Herr Aigner, Kundenbetreuung"),
        ("Kreis-IT Landratsamt", "IT des Landkreises", "Frau Huber, Leitung"),
        ("Seenet Systemhaus GmbH", "Dienstleister vor Ort", "Herr Lechner"),
        ("Freistaat – BayernPortal", "Landesportal und BayernID", "Servicestelle"),
    ]
    return {
        name: ITPartner.objects.create(name=name, kind=kind, contact=contact)
        for name, kind, contact in specs
    }


def _meetings() -> dict[str, Meeting]:
    development, implementation = Phase.objects.get(number=3), Phase.objects.get(number=4)
    specs = {
        "w1": (development, Meeting.Kind.WORKSHOP, "Workshop mit den Verantwortlichen", -150),
        "w2": (development, Meeting.Kind.WORKSHOP, "Workshop mit allen Beteiligten", -110),
        "debriefing": (
            implementation,
            Meeting.Kind.DEBRIEFING,
            "Abschlusspräsentation der Digitalen Roadmap",
            -40,
        ),
    }
    meetings = {}
    for key, (phase, kind, title, days) in specs.items():
        meetings[key] = Meeting.objects.create(
            phase=phase,
            kind=kind,
            title=title,
            starts_at=at(days, 9),
            ends_at=at(days, 13),
            place="Rathaus Neustadt, Sitzungssaal",
            agenda="Begrüßung · Ergebnisse · Ideen · Priorisierung · Nächste Schritte",
        )
    for name, role in [
        ("Maria Seeberger", "Bürgermeisterin"),
        ("Stefan Kraus", "Hauptamtsleiter"),
        ("Julia Brandl", "IT-Koordination"),
        ("Peter Wimmer", "Bauamt"),
        ("Sandra Ott", "Bürgerbüro"),
    ]:
        for key in ("w1", "w2", "debriefing"):
            Participant.objects.create(meeting=meetings[key], name=name, role=role, attended=True)
    return meetings


IDEAS = [
    # title, dimension, topic position, impact, effort, workshop, dots
    ("Digitale Bauanträge mit Online-Status", "administration", 0, 5, 4, "w1", 14),
    ("E-Akte zuerst im Bauamt einführen", "administration", 1, 5, 5, "w1", 12),
    ("Online-Terminvergabe im Bürgerbüro", "administration", 0, 4, 1, "w1", 11),
    ("BayernID für alle Online-Dienste", "administration", 2, 4, 2, "w1", 7),
    ("Rathaus-App mit Mängelmelder", "administration", 3, 3, 3, "w1", 6),
    ("Mobiles Arbeiten mit Notebooks für alle", "administration", 4, 4, 3, "w1", 9),
    ("Rechnungseingang digital (XRechnung)", "administration", 0, 3, 2, "w1", 5),
    ("Glasfaser für alle Schulen und Kitas", "infrastructure", 0, 5, 5, "w1", 8),
    ("Offene Daten zu Parken und Baustellen", "infrastructure", 1, 2, 2, "w1", 3),
    ("Zentrales Medienarchiv für Pressefotos", "infrastructure", 2, 2, 1, "w1", 2),
    ("KI-Assistent für Bürgeranfragen prüfen", "infrastructure", 3, 3, 4, "w1", 4),
    ("Sitzungsdienst papierlos (Ratsinformationssystem)", "infrastructure", 4, 4, 2, "w2", 10),
    ("Digitallotsen in jeder Abteilung", "society", 3, 4, 1, "w2", 13),
    ("Sprechstunde Digital für Seniorinnen und Senioren", "society", 0, 3, 1, "w2", 8),
    ("Beteiligungsplattform für Bürgerhaushalt", "society", 0, 3, 3, "w2", 6),
    ("Sensoren für Pegel am See", "society", 1, 2, 4, "w2", 3),
    ("Schneller entscheiden: digitale Umlaufverfahren", "society", 2, 3, 2, "w2", 5),
    ("Fortbildungsprogramm Digitale Kompetenzen", "society", 3, 4, 2, "w2", 9),
    ("WLAN im Rathaus und in der Stadtbücherei", "infrastructure", 0, 3, 2, "w2", 4),
    ("Digitales Fundbüro", "administration", 0, 1, 1, "w2", 1),
    ("Newsletter der Stadtverwaltung", "society", 0, 2, 1, "w2", 2),
    ("Smarte Straßenbeleuchtung", "society", 1, 2, 5, "w2", 1),
    ("Intranet neu aufsetzen", "infrastructure", 0, 3, 3, "w2", 3),
    ("Datenstrategie mit Datenverantwortlichen", "infrastructure", 1, 4, 3, "w2", 6),
    ("Online-Termine auch für Kfz-Zulassung", "administration", 0, 3, 1, "w2", 0),
]


def _workshops_and_ideas(meetings: dict[str, Meeting], users: dict[str, User]) -> dict[str, Idea]:
    workshops = {
        "w1": Workshop.objects.create(
            meeting=meetings["w1"],
            title=meetings["w1"].title,
            held_on=meetings["w1"].starts_at.date(),
            dots_per_participant=5,
        ),
        "w2": Workshop.objects.create(
            meeting=meetings["w2"],
            title=meetings["w2"].title,
            held_on=meetings["w2"].starts_at.date(),
            dots_per_participant=5,
            # The demo keeps voting open with a known link, so it can be tried on a phone.
            token_hash=hashlib.sha256(DEMO_VOTING_TOKEN.encode()).hexdigest(),
            voting_open=True,
        ),
    }
    consultant = users[CONSULTANT]
    ideas = {}
    for title, dimension, position, impact, effort, workshop, _dots in IDEAS:
        ideas[title] = Idea.objects.create(
            workshop=workshops[workshop],
            title=title,
            topic=_topic(dimension, position),
            impact=impact,
            effort=effort,
            created_by=consultant,
        )
    # Participants spend their five dots; the totals follow IDEAS.
    for key, workshop in workshops.items():
        names = ["Maria S.", "Stefan K.", "", "Julia B.", "", "Peter W.", "Sandra O.", ""]
        names += ["", "Lena M.", "Tobias R.", "", "Anja F.", "", "Uwe H.", "", "Eva D.", ""]
        voters = [
            Voter.objects.create(workshop=workshop, key=f"demo-{key}-{n}", name=name)
            for n, name in enumerate(names)
        ]
        dots = [
            ideas[title]
            for title, *_rest, held, count in IDEAS
            if held == key
            for _ in range(count)
        ]
        spent = {voter.pk: 0 for voter in voters}
        for index, idea in enumerate(dots):
            voter = voters[index % len(voters)]
            spent[voter.pk] += 1
            if spent[voter.pk] <= workshop.dots_per_participant:
                Vote.objects.create(voter=voter, idea=idea, dot=spent[voter.pk])
    # A duplicate from the second workshop, merged into the first one's idea.
    duplicate = ideas["Online-Termine auch für Kfz-Zulassung"]
    duplicate.merged_into = ideas["Online-Terminvergabe im Bürgerbüro"]
    duplicate.save()
    return ideas


MEASURES = [
    # key, title, dimension, topic, priority, owner, partners, start, end, cost, kpi, target, idea
    (
        "termine",
        "Online-Terminvergabe im Bürgerbüro",
        "administration",
        0,
        1,
        "Bürgerbüro",
        ["Seenet Systemhaus GmbH"],
        -4,
        -3,
        "12000",
        "Anteil online gebuchter Termine",
        "60 %",
        "Online-Terminvergabe im Bürgerbüro",
    ),
    (
        "bayernid",
        "BayernID für alle Online-Dienste",
        "administration",
        2,
        1,
        "Hauptamt",
        ["Freistaat – BayernPortal", "KRZ Oberland"],
        -3,
        -1,
        "8000",
        "Online-Dienste mit BayernID",
        "alle 35",
        "BayernID für alle Online-Dienste",
    ),
    (
        "eakte",
        "E-Akte einführen (Pilot Bauamt)",
        "administration",
        1,
        1,
        "Hauptamt / Bauamt",
        ["KRZ Oberland"],
        -3,
        2,
        "95000",
        "Vorgänge ohne Papierakte",
        "80 % im Bauamt",
        "E-Akte zuerst im Bauamt einführen",
    ),
    (
        "bauantrag",
        "Digitaler Bauantrag mit Online-Status",
        "administration",
        0,
        1,
        "Bauamt",
        ["KRZ Oberland", "Freistaat – BayernPortal"],
        1,
        4,
        "40000",
        "Digital eingereichte Bauanträge",
        "70 %",
        "Digitale Bauanträge mit Online-Status",
    ),
    (
        "mobil",
        "Mobiles Arbeiten: Notebooks und Dienstvereinbarung",
        "administration",
        4,
        2,
        "Personalamt",
        ["Seenet Systemhaus GmbH"],
        -2,
        0,
        "60000",
        "Arbeitsplätze mit mobilem Zugang",
        "90 %",
        "Mobiles Arbeiten mit Notebooks für alle",
    ),
    (
        "xrechnung",
        "Digitaler Rechnungseingang (XRechnung)",
        "administration",
        0,
        2,
        "Kämmerei",
        ["KRZ Oberland"],
        -3,
        -1,
        "15000",
        "Rechnungen ohne Papier",
        "95 %",
        "Rechnungseingang digital (XRechnung)",
    ),
    (
        "glasfaser",
        "Glasfaser für Schulen und Kitas",
        "infrastructure",
        0,
        1,
        "Bauamt / Schulverwaltung",
        ["Kreis-IT Landratsamt"],
        -2,
        3,
        "480000",
        "Angeschlossene Einrichtungen",
        "11 von 11",
        "Glasfaser für alle Schulen und Kitas",
    ),
    (
        "ratsinfo",
        "Papierloser Sitzungsdienst",
        "infrastructure",
        4,
        2,
        "Hauptamt",
        ["Seenet Systemhaus GmbH"],
        -1,
        1,
        "22000",
        "Sitzungen ohne Papiervorlagen",
        "100 %",
        "Sitzungsdienst papierlos (Ratsinformationssystem)",
    ),
    (
        "daten",
        "Datenstrategie mit Datenverantwortlichen",
        "infrastructure",
        1,
        2,
        "IT-Koordination",
        ["KRZ Oberland"],
        0,
        3,
        "18000",
        "Datensätze im Katalog",
        "50",
        "Datenstrategie mit Datenverantwortlichen",
    ),
    (
        "ki",
        "KI-Assistent für Bürgeranfragen erproben",
        "infrastructure",
        3,
        3,
        "Bürgerbüro",
        ["KRZ Oberland", "Seenet Systemhaus GmbH"],
        3,
        5,
        "30000",
        "Anfragen ohne Rückfrage beantwortet",
        "40 %",
        "KI-Assistent für Bürgeranfragen prüfen",
    ),
    (
        "lotsen",
        "Digitallotsen in jeder Abteilung",
        "society",
        3,
        1,
        "Personalamt",
        [],
        -3,
        0,
        "9000",
        "Ausgebildete Digitallotsen",
        "15",
        "Digitallotsen in jeder Abteilung",
    ),
    (
        "fortbildung",
        "Fortbildungsprogramm Digitale Kompetenzen",
        "society",
        3,
        2,
        "Personalamt",
        [],
        -1,
        2,
        "25000",
        "Beschäftigte mit Basisschulung",
        "80 %",
        "Fortbildungsprogramm Digitale Kompetenzen",
    ),
    (
        "senioren",
        "Sprechstunde Digital für Seniorinnen und Senioren",
        "society",
        0,
        3,
        "Seniorenbeauftragte",
        [],
        0,
        2,
        "3000",
        "Teilnehmende pro Quartal",
        "60",
        "Sprechstunde Digital für Seniorinnen und Senioren",
    ),
    (
        "beteiligung",
        "Beteiligungsplattform für den Bürgerhaushalt",
        "society",
        0,
        3,
        "Kämmerei",
        ["Seenet Systemhaus GmbH"],
        2,
        4,
        "14000",
        "Beteiligte am Bürgerhaushalt",
        "800",
        "Beteiligungsplattform für Bürgerhaushalt",
    ),
]
DEPENDENCIES = [
    ("bayernid", "termine"),
    ("bauantrag", "eakte"),
    ("bauantrag", "bayernid"),
    ("ratsinfo", "mobil"),
    ("ki", "daten"),
    ("beteiligung", "bayernid"),
    ("fortbildung", "lotsen"),
]
LATER = {"ki", "beteiligung", "senioren"}  # only in the integrated roadmap


def _measures(partners: dict[str, ITPartner], ideas: dict[str, Idea]) -> dict[str, Measure]:
    measures = {}
    for spec in MEASURES:
        key, title, dimension, position, priority, owner, names, start, end = spec[:9]
        cost, kpi, target, idea_title = spec[9:]
        measure = Measure.objects.create(
            title=title,
            goal=f"{kpi}: {target}.",
            description=ideas[idea_title].title,
            priority=priority,
            owner_department=owner,
            starts_on=_quarter(start),
            ends_on=_quarter(end, end=True),
            effort_estimate=f"{int(Decimal(cost) / 600)} Personentage",
            cost_estimate=Decimal(cost),
            kpi=kpi,
            kpi_target=target,
            status=Measure.Status.PLANNED,
        )
        measure.topics.add(_topic(dimension, position))
        measure.partners.set([partners[name] for name in names])
        Idea.objects.filter(pk=ideas[idea_title].pk).update(measure=measure)
        measures[key] = measure
    for dependent, dependency in DEPENDENCIES:
        measures[dependent].depends_on.add(measures[dependency])
    PartnerComment.objects.bulk_create(
        [
            PartnerComment(
                measure=measures["eakte"],
                partner=partners["KRZ Oberland"],
                text="E-Akte-Mandant kann ab dem übernächsten Quartal bereitgestellt werden.",
            ),
            PartnerComment(
                measure=measures["bauantrag"],
                partner=partners["Freistaat – BayernPortal"],
                text="Der Bauantrag-Online-Dienst des Freistaats kann nachgenutzt werden.",
            ),
            PartnerComment(
                measure=measures["glasfaser"],
                partner=partners["Kreis-IT Landratsamt"],
                text="Tiefbau verzögert sich: Förderbescheid für zwei Kitas steht noch aus.",
            ),
        ]
    )
    return measures


def _versions_and_debriefing(measures, partners, meetings, users: dict[str, User]) -> None:
    """The first version (after workshop 1) and the integrated roadmap differ on purpose."""
    consultant = users[CONSULTANT]
    later = {key: measures[key] for key in LATER}
    # The first version did not have the later measures, had the E-Akte one quarter earlier,
    # and had no IT partner on the Glasfaser measure yet.
    eakte, glasfaser = measures["eakte"], measures["glasfaser"]
    final_eakte_end, glasfaser_partners = eakte.ends_on, list(glasfaser.partners.all())
    eakte.ends_on = _quarter(1, end=True)
    eakte.save()
    glasfaser.partners.clear()
    removed = Measure.objects.create(
        title="Bürger-App entwickeln",
        priority=Measure.Priority.MEDIUM,
        owner_department="Hauptamt",
        starts_on=_quarter(1),
        ends_on=_quarter(4, end=True),
    )
    removed.topics.add(_topic("administration", 3))
    snapshot = current_snapshot()
    snapshot["measures"] = [r for r in snapshot["measures"] if r["id"] not in _ids(later)]
    RoadmapVersion.objects.create(
        name="Erste Fassung nach Workshop 1",
        note="Ergebnis des Workshops mit den Verantwortlichen.",
        snapshot=snapshot,
        frozen_by=consultant,
        frozen_by_name=str(consultant),
        frozen_at=at(-145, 16),
    )
    # Integrated with the IT partners: the app is dropped (the BayernPortal covers it).
    removed.delete()
    eakte.ends_on = final_eakte_end
    eakte.save()
    glasfaser.partners.set(glasfaser_partners)
    integrated = RoadmapVersion.objects.create(
        name="Integrierte Roadmap",
        note="Mit KRZ Oberland, Kreis-IT und Seenet abgestimmt; vom Stadtrat beschlossen.",
        snapshot=current_snapshot(),
        frozen_by=consultant,
        frozen_by_name=str(consultant),
        frozen_at=at(-60, 11),
    )
    Debriefing.objects.create(
        meeting=meetings["debriefing"],
        version=integrated,
        notes="Roadmap im Stadtrat und vor den Amtsleitungen vorgestellt; breite Zustimmung.",
    )
    session = CouncilSession.objects.create(
        body="Stadtrat",
        held_on=workday(-58),
        agenda_item="TOP 4: Digitale Roadmap der Stadt Neustadt am See",
        resolution="Der Stadtrat beschließt die Digitale Roadmap in der vorgelegten Fassung.",
        outcome=CouncilSession.Outcome.APPROVED,
        phase=Phase.objects.get(number=3),
    )
    for key in ("eakte", "glasfaser", "bauantrag"):
        measures[key].council_sessions.add(session)


def _ids(measures: dict[str, Measure]) -> set[int]:
    return {measure.pk for measure in measures.values()}


PROGRESS = {
    # key: [(days ago, percent, note, blocker)], oldest first
    "termine": [(-150, 50, "Software ausgewählt.", ""), (-90, 100, "Läuft seit Juli.", "")],
    "xrechnung": [
        (-120, 30, "Schnittstelle zur Finanzsoftware bestellt.", ""),
        (-20, 70, "Testbetrieb mit drei Lieferanten.", ""),
    ],
    "bayernid": [(-100, 40, "Zwölf Dienste angebunden.", ""), (-14, 75, "", "")],
    "eakte": [(-80, 20, "Aktenplan überarbeitet.", ""), (-10, 35, "Schulung Bauamt läuft.", "")],
    "mobil": [(-60, 60, "120 Notebooks ausgeliefert.", ""), (-7, 85, "", "")],
    "glasfaser": [
        (-70, 25, "Vier Schulen angeschlossen.", ""),
        (-5, 35, "", "Förderbescheid für zwei Kitas fehlt; Tiefbau ruht."),
    ],
    "lotsen": [(-90, 50, "Acht Lotsen ausgebildet.", ""), (-30, 80, "13 Lotsen aktiv.", "")],
    "ratsinfo": [(-25, 20, "Ausschreibung abgeschlossen.", "")],
    "fortbildung": [(-15, 10, "Bedarf erhoben.", "")],
}


def _progress(measures: dict[str, Measure], users: dict[str, User]) -> None:
    lead, consultant = users[LEAD], users[CONSULTANT]
    for key, updates in PROGRESS.items():
        for days, percent, note, blocker in updates:
            reporter = lead if percent % 2 else consultant
            ProgressUpdate.objects.create(
                measure=measures[key],
                reported_on=_day(days),
                percent_done=percent,
                note=note,
                blocker=blocker,
                reported_by=reporter,
                reported_by_name=str(reporter),
            )
        last = updates[-1][1]
        measures[key].status = Measure.Status.DONE if last == 100 else Measure.Status.IN_PROGRESS
        measures[key].save(update_fields=["status"])


def _communication(measures: dict[str, Measure]) -> None:
    Audience = CommunicationItem.Audience
    items = [
        (
            Audience.COUNCIL,
            "Die Roadmap ist unser gemeinsamer Fahrplan.",
            "Stadtratssitzung",
            -50,
            -50,
            "Bürgermeisterin Seeberger",
            None,
        ),
        (
            Audience.EMPLOYEES,
            "Digitalisierung entlastet – niemand bleibt zurück.",
            "Personalversammlung",
            -35,
            -35,
            "Hauptamtsleiter Kraus",
            None,
        ),
        (
            Audience.EMPLOYEES,
            "Fragen an die Digitallotsen jederzeit.",
            "Intranet und Aushang",
            -30,
            120,
            "Julia Brandl",
            "lotsen",
        ),
        (
            Audience.CITIZENS,
            "Termine im Bürgerbüro jetzt online buchen.",
            "Amtsblatt, Website, Social Media",
            -20,
            40,
            "Pressestelle",
            "termine",
        ),
        (
            Audience.CITIZENS,
            "Digitale Sprechstunde für Seniorinnen und Senioren.",
            "Seniorenbeirat, Flyer",
            20,
            110,
            "Seniorenbeauftragte",
            "senioren",
        ),
        (
            Audience.BUSINESSES,
            "Bauanträge bald digital und mit Online-Status.",
            "Gewerbeverein, Architektenkammer",
            60,
            150,
            "Bauamtsleiter Wimmer",
            "bauantrag",
        ),
        (
            Audience.PRESS,
            "Neustadt beschließt Digitale Roadmap.",
            "Pressemitteilung",
            -48,
            -45,
            "Pressestelle",
            None,
        ),
        (
            Audience.PRESS,
            "Halbzeitbilanz der Roadmap.",
            "Pressegespräch",
            150,
            155,
            "Pressestelle",
            None,
        ),
    ]
    for audience, message, channel, start, end, responsible, measure in items:
        CommunicationItem.objects.create(
            audience=audience,
            key_message=message,
            channel=channel,
            starts_on=_day(start),
            ends_on=_day(end),
            responsible=responsible,
            measure=measures[measure] if measure else None,
        )


def _instruments() -> None:
    for position, (title, notes, chosen) in enumerate(
        [
            ("Netzwerk der Digitallotsen", "Quartalstreffen, eigener Kanal im Intranet.", True),
            ("Innovationslabor im Rathaus", "Raum für Pilotprojekte; Start nach Haushalt.", True),
            # Runs now: the second wave in surveys/demo.py.
            (
                "Zweite Befragungswelle",
                "Dieselben Fragen wie in Phase 2, ein halbes Jahr nach dem Roadmap-Beschluss: "
                "zeigt, was sich verändert hat.",
                True,
            ),
            (
                "Reifegrad-Messung nach zwei Jahren",
                "Dritte Befragungswelle und neue Interviews, wenn die Roadmap zur Hälfte "
                "umgesetzt ist.",
                False,
            ),
        ]
    ):
        Instrument.objects.create(title=title, notes=notes, chosen=chosen, position=position)
