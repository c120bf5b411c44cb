"""How the survey results page scales: 10,000 responses against 100, same 30 questions.

    .venv/bin/python bench/survey_results.py [--rounds 7] [--large 10000] [--small 100]

Creates a scratch database (wegweiser_bench_results, on the server of DATABASE_URL or the local
one), migrates it, provisions one municipality, and fills it with two surveys of the same 30
questions (likert, rating, single and multiple choice, matrix, free text), one with --large
responses and one with --small, inserted in bulk. Then it renders each results page through
Django's test client as a signed-in consultant, alternating which goes first in each round,
after one untimed warm-up of each, and prints the medians and their ratio (target: under 3).
It does so three times:

- nothing kept: every render counts all answers afresh. A page view does that only when no
  count was kept (the worker keeps one from the first response on) or one was stored under
  a lower id than those counted, or a response deleted;
- a new response before each render, which no worker has counted yet: the page counts it and
  adds it to the kept counts (the first view after a response, at its worst);
- nothing new: the kept counts are read (every view once the worker has counted).

The scratch database is dropped at the end (unless --keep).
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench import scratch  # noqa: E402

SCRATCH_DATABASE = "wegweiser_bench_results"
SLUG = "benchstadt"


# Thirty questions: (kind, how many).
QUESTIONS = [("likert", 12), ("rating", 5), ("single", 4), ("multiple", 3), ("matrix", 3)]
TEXT_QUESTIONS = 3


def build_questions(survey, dimensions) -> list:
    from surveys.models import MatrixRow, Option, Question, Section

    section = Section.objects.create(survey=survey, title_en="Bench", title_de="Bench")
    questions = []
    position = 0
    for kind, count in [*QUESTIONS, ("text", TEXT_QUESTIONS)]:
        for number in range(count):
            position += 1
            question = Question.objects.create(
                survey=survey,
                section=section,
                key=f"{kind}-{number}",
                kind=kind,
                text_en=f"{kind} question {number}",
                text_de=f"{kind} Frage {number}",
                position=position,
                dimension=dimensions[position % len(dimensions)],
                counts_for_readiness=kind in ("likert", "matrix"),
                allow_other=kind == "multiple",
            )
            if kind in ("single", "multiple"):
                for index in range(5):
                    Option.objects.create(
                        question=question, label_en=f"Option {index}", position=index
                    )
            if kind == "matrix":
                for index in range(4):
                    MatrixRow.objects.create(
                        question=question, key=f"row-{index}", label_en=f"Row {index}"
                    )
            questions.append(question)
    return questions


def fill(survey, questions, groups, responses: int, seed: int) -> None:
    """Responses and their answers, inserted in batches."""
    from surveys.models import Answer, Response

    rng = random.Random(seed)
    options = {q.pk: list(q.options.all()) for q in questions}
    rows = {q.pk: list(q.matrix_rows.all()) for q in questions}
    batch = 1000
    for start in range(0, responses, batch):
        made = Response.objects.bulk_create(
            Response(
                survey=survey,
                group=groups[(start + n) % len(groups)],
                department="",
                channel="personal",
                language="de",
            )
            for n in range(min(batch, responses - start))
        )
        answers = []
        for response in made:
            for question in questions:
                kind = question.kind
                if kind == "likert":
                    if rng.random() < 0.05:
                        answers.append(Answer(response=response, question=question, dont_know=True))
                    else:
                        value = rng.randint(1, 5)
                        answers.append(Answer(response=response, question=question, value=value))
                elif kind == "rating":
                    value = rng.randint(0, 10)
                    answers.append(Answer(response=response, question=question, value=value))
                elif kind == "single":
                    option = rng.choice(options[question.pk])
                    answers.append(Answer(response=response, question=question, option=option))
                elif kind == "multiple":
                    for option in rng.sample(options[question.pk], 2):
                        answers.append(Answer(response=response, question=question, option=option))
                    if rng.random() < 0.1:
                        answers.append(
                            Answer(response=response, question=question, text="Etwas anderes")
                        )
                elif kind == "matrix":
                    for row in rows[question.pk]:
                        answers.append(
                            Answer(
                                response=response,
                                question=question,
                                matrix_row=row,
                                value=rng.randint(1, 5),
                            )
                        )
                elif rng.random() < 0.6:
                    text = f"Idee {rng.randint(1, 10**6)} zur Digitalisierung"
                    answers.append(Answer(response=response, question=question, text=text))
        Answer.objects.bulk_create(answers, batch_size=5000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", action="store_true", help="use a kept scratch database")
    arguments = parser.parse_args()

    scratch.django_setup(SCRATCH_DATABASE)

    if not arguments.reuse:
        print(f"scratch database {SCRATCH_DATABASE}: creating and migrating …", flush=True)
        scratch.recreate(SCRATCH_DATABASE)
    try:
        if not arguments.reuse:
            populate(arguments)
        measure(arguments)
    finally:
        if not arguments.keep:
            scratch.drop(SCRATCH_DATABASE)
            print(f"scratch database {SCRATCH_DATABASE} dropped.")
    return 0


def populate(arguments: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import schema_context

    from accounts.models import Membership, Role, User
    from engagements.services import municipality_create, public_site_ensure

    call_command("migrate_all", verbosity=0)
    public_site_ensure()
    municipality = municipality_create(name="Benchstadt", slug=SLUG, created_by=None)
    user = User.objects.create_user(
        "bench@example.org", "bench-password", full_name="Bench", is_firm_staff=True
    )
    Membership.objects.create(user=user, municipality=municipality, role=Role.CONSULTANT)

    with schema_context(municipality.schema_name):
        from surveys.models import Instrument, Survey, TargetGroup
        from taxonomy.models import Dimension

        groups = [
            TargetGroup.objects.get_or_create(key=key, defaults={"name_de": key, "name_en": key})[0]
            for key in ("employees", "citizens", "companies", "associations")
        ]
        dimensions = list(Dimension.objects.all())
        for label, count in (("large", arguments.large), ("small", arguments.small)):
            instrument = Instrument.objects.create(name=f"Bench {label}")
            survey = Survey.objects.create(
                instrument=instrument, title_en=f"Bench {label}", state="open"
            )
            questions = build_questions(survey, dimensions)
            started = time.perf_counter()
            fill(survey, questions, groups, count, seed=count)
            print(
                f"{label}: {count} responses, {survey.questions.count()} questions, "
                f"inserted in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(arguments: argparse.Namespace) -> None:
    from django.test import Client
    from django_tenants.utils import schema_context

    from accounts.models import SignIn, User

    with schema_context(SLUG):
        from surveys.models import Survey

        surveys = {
            label: Survey.objects.get(title_en=f"Bench {label}").pk for label in ("large", "small")
        }
    user = User.objects.get(email="bench@example.org")
    client = Client(HTTP_HOST=f"{SLUG}.localhost")
    client.force_login(user)
    session = client.session
    session["sign_in"] = str(SignIn.objects.create(user=user).pk)
    session.save()

    def one_more_response(label: str) -> None:
        """A new response to the survey, untimed: the next render is the first after it."""
        from surveys.models import Question, Survey, TargetGroup

        with schema_context(SLUG):
            survey = Survey.objects.get(pk=surveys[label])
            questions = list(Question.objects.filter(survey=survey).order_by("position"))
            fill(survey, questions, list(TargetGroup.objects.all()), 1, seed=time.monotonic_ns())

    def render(label: str, after_a_new_response: bool = False) -> float:
        if after_a_new_response:
            one_more_response(label)
        started = time.perf_counter()
        response = client.get(f"/surveys/{surveys[label]}/results/")
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        return elapsed

    from surveys import results

    cache_seconds = results.CACHE_SECONDS
    for mode in ("nothing kept", "a new response", "nothing new"):
        results.KEEP_COUNTS = mode != "nothing kept"
        results.CACHE_SECONDS = 0 if mode == "nothing kept" else cache_seconds
        fresh = mode == "a new response"
        warm = {label: render(label) for label in ("small", "large")}
        print(
            f"[{mode}] warm-up (not counted): "
            f"small {warm['small']:.3f} s, large {warm['large']:.3f} s"
        )
        times: dict[str, list[float]] = {"small": [], "large": []}
        for round_ in range(arguments.rounds):
            order = ["small", "large"] if round_ % 2 == 0 else ["large", "small"]
            for label in order:
                times[label].append(render(label, after_a_new_response=fresh))
        print(f"[{mode}] results page, {arguments.rounds} renders each, interleaved:")
        for label, values in times.items():
            runs = ", ".join(f"{value:.3f}" for value in values)
            print(f"{label:>6}: median {statistics.median(values):.3f} s  (runs: {runs})")
        ratio = statistics.median(times["large"]) / statistics.median(times["small"])
        print(
            f"[{mode}] {arguments.large} / {arguments.small} responses = {ratio:.2f}×"
            "  (target: under 3×)"
        )


if __name__ == "__main__":
    sys.exit(main())
