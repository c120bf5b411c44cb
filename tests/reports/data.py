"""Phase 1 analysis data for the report tests and the benchmark, made in the current schema.

`marker` goes into every text, so a test can tell whose data a document shows.
"""

from interviews.models import Finding, Interview, MaturityRating, ResultTopic
from phases.models import CouncilSession, Phase
from taxonomy.models import Topic

STATEMENTS = [
    "Most applications still arrive on paper and are typed in again",
    "The building department already runs a digital workflow for permits",
    "Staff ask for training on the new document management system",
    "Citizens expect to book appointments online",
    "IT support depends on a single external contractor",
]


def analysis_data(marker: str, findings_per_topic: int = 5) -> None:
    interview = Interview.objects.create(
        interviewee_name=f"Dana Beispiel {marker}",
        interviewee_role="Head of citizen services",
        department="Citizen services",
        state=Interview.State.DONE,
        consent_given=True,
    )
    kinds = list(Finding.Kind.values)
    topics = list(Topic.objects.order_by("pk"))
    for topic_index, result_topic in enumerate(ResultTopic.values):
        for n in range(findings_per_topic):
            Finding.objects.create(
                statement=f"{STATEMENTS[n % len(STATEMENTS)]} ({marker} {result_topic} {n})",
                result_topic=result_topic,
                topic=topics[(topic_index + n) % len(topics)],
                kind=kinds[n % len(kinds)],
                quote=f"We simply print everything twice, says {marker}." if n == 0 else "",
                quote_attributed=n == 0 and topic_index == 0,
                is_key=n == 1,
                source=Finding.Source.INTERVIEW,
                interview=interview,
            )
    for index, topic in enumerate(topics):
        MaturityRating.objects.create(
            topic=topic, level=1 + index % 5, rationale=f"Rated from the interviews ({marker})."
        )


def council_data(marker: str) -> None:
    CouncilSession.objects.create(
        body="Stadtrat",
        held_on="2026-10-14",
        agenda_item=f"Digital strategy, interim report ({marker})",
        resolution="The council takes note and asks for the roadmap in spring.",
        outcome=CouncilSession.Outcome.NOTED,
        phase=Phase.objects.get(number=2),
    )


def survey_data(marker: str, small_group_size: int = 2) -> None:
    """A Phase 2 survey: employees answer in numbers, the council in a group too small to show."""
    from surveys.models import Question
    from taxonomy.models import Dimension
    from tests.surveys import results_factories as make

    make.threshold(5)
    survey = make.survey(f"Change readiness {marker}")
    employees = make.group("employees", "Employees")
    council = make.group("council", f"Council {marker}")
    dimension = Dimension.objects.order_by("position", "pk").first()
    ready = make.question(
        survey,
        "ready-for-digital-work",
        Question.Kind.LIKERT,
        counts_for_readiness=True,
        dimension=dimension,
    )
    channel = make.question(
        survey, "preferred-channel", Question.Kind.SINGLE, options=["Online", "Phone", "Office"]
    )
    ideas = make.question(survey, "your-idea", Question.Kind.TEXT)
    make.invite(survey, employees, sent=20, answered=12)
    make.invite(survey, council, sent=6, answered=small_group_size)
    make.respond(
        survey,
        employees,
        {ready: 4, channel: "Online", ideas: f"An app for permits ({marker})"},
        times=8,
    )
    make.respond(survey, employees, {ready: 2, channel: "Office"}, times=4)
    make.respond(
        survey,
        council,
        {ready: 5, channel: "Phone", ideas: f"SECRET-COUNCIL-IDEA {marker}"},
        times=small_group_size,
    )


def roadmap_data(marker: str) -> None:
    from datetime import date

    from roadmap.models import ProgressUpdate
    from tests.roadmap import helpers as make

    first = make.measure(
        f"Introduce electronic files ({marker})",
        owner_department="Hauptamt",
        kpi="Share of files kept electronically",
        kpi_target="80 % by 2028",
    )
    first.partners.add(make.partner(f"Kommunales Rechenzentrum {marker}"))
    second = make.measure(
        f"Online permits ({marker})",
        starts_on=date(2027, 4, 1),
        ends_on=date(2027, 12, 31),
        owner_department="Bauamt",
    )
    second.depends_on.add(first)
    ProgressUpdate.objects.create(measure=first, percent_done=40, note="Pilot running")
    make.communication(f"The roadmap is adopted ({marker})")
    make.version(f"Council version {marker}")
