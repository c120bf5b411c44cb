"""Survey submissions per second through the real questionnaire view, against a bare view.

    .venv/bin/python bench/survey_submissions.py [--submissions 300] [--rounds 3]

Creates a scratch database (wegweiser_bench_surveys, on the server of DATABASE_URL or the local
one), provisions one municipality and opens a one-page survey of ten questions (five agreement
scales, a matrix of three rows, a single choice, a rating, a free text). Each timed submission is
the final POST of a respondent who opened a fresh personal link (the link and the session are set
up untimed): the whole middleware stack, the form, the checks of the response service, the row
lock, one Response and its Answers. The bare view, routed through the same stack on the same host,
inserts one row. Both post their fields url-encoded, as a browser sends this form. The paths take
turns in batches of 25, in a rotating order, and each round's ratio compares the paths within
it. The target is a ratio of at least 0.5. The scratch database is dropped at the end.

A third path shows how much of that a submission could ever win back: /floor/ reads the
respondent's session and runs the submission's one statement (CLAIM_AND_STORE, the same twelve
answers) and nothing else: no loading of the respondent or the questionnaire, no form, no check.
No submission that checks what it stores can be faster than that.
"""

import argparse
import os
import secrets
import statistics
import sys
import time
import types
from pathlib import Path
from urllib.parse import urlencode

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench import scratch  # noqa: E402

SCRATCH_DATABASE = "wegweiser_bench_surveys"
# Both paths post their fields as a browser sends a form without files.
FORM = "application/x-www-form-urlencoded"
BATCH = 25  # submissions per path in a row

STRUCTURE = {
    "format": 1,
    "title": {"de": "Benchmark", "en": "Benchmark"},
    "primary_language": "de",
    "sections": [
        {
            "title": {"de": "Alles", "en": "All"},
            "questions": [
                *(
                    {
                        "key": f"scale-{n}",
                        "kind": "likert",
                        "text": f"Aussage {n}",
                        "required": True,
                    }
                    for n in range(5)
                ),
                {
                    "key": "matrix",
                    "kind": "matrix",
                    "text": "Matrix",
                    "rows": [{"key": f"r{n}", "label": f"Zeile {n}"} for n in range(3)],
                },
                {"key": "single", "kind": "single", "text": "Wahl", "options": ["a", "b", "c"]},
                {"key": "rating", "kind": "rating", "text": "Note"},
                {"key": "text", "kind": "text", "text": "Ideen"},
            ],
        }
    ],
}


def bench_urlconf(floor_parameters: dict):
    """The municipality site's URLs plus /bare/ (one INSERT) and /floor/ (the submission's
    statement alone), through the same middleware."""
    from django.db import connection
    from django.http import HttpResponseRedirect
    from django.urls import path
    from django.utils import timezone

    from config import urls_tenants
    from surveys.services.responding import CLAIM_AND_STORE
    from surveys.views.respond import SESSION_KEY

    def bare(request):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_bare (body) VALUES (%s)", [request.POST.get("x", "")])
        return HttpResponseRedirect("/done/")

    def floor(request):
        state = request.session[SESSION_KEY]
        parameters = {
            **floor_parameters,
            "recipient": state["recipient"],
            "survey": state["survey"],
            "group": state["group"],
            "now": timezone.now(),
            "day": timezone.localdate(),
        }
        with connection.cursor() as cursor:
            cursor.execute(CLAIM_AND_STORE, parameters)
            assert cursor.fetchone() is not None
        return HttpResponseRedirect("/s/thanks/")

    module = types.ModuleType("bench_survey_urls")
    module.urlpatterns = [path("bare/", bare), path("floor/", floor), *urls_tenants.urlpatterns]
    sys.modules[module.__name__] = module
    return module.__name__


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=300, help="per path and round")
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()

    scratch.django_setup(SCRATCH_DATABASE)

    from django.core.management import call_command
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client, override_settings
    from django_tenants.utils import schema_context

    from engagements.services import municipality_create, public_site_ensure
    from surveys.forms.respond import QuestionnairePage
    from surveys.models import (
        AccessToken,
        Answer,
        Question,
        Recipient,
        Response,
        TargetGroup,
        token_hash,
    )
    from surveys.selectors import sections_with_questions
    from surveys.services.library import survey_template_install
    from surveys.services.lifecycle import survey_open
    from surveys.services.responding import answers_build, claim_parameters

    print(f"scratch database {SCRATCH_DATABASE}: creating and migrating …", flush=True)
    scratch.recreate(SCRATCH_DATABASE)
    try:
        call_command("migrate_all", verbosity=0)
        public_site_ensure()
        municipality = municipality_create(name="Messstadt", slug="messstadt", created_by=None)
        host = f"messstadt.{os.environ.get('BASE_DOMAIN', 'localhost')}"
        with schema_context(municipality.schema_name):
            survey = survey_template_install(structure=STRUCTURE, is_template=False)
            survey = survey_open(survey=survey)
            questions = {q.key: q for q in Question.objects.filter(survey=survey)}
            answers = {f"q{questions[f'scale-{n}'].pk}": str(n % 5 + 1) for n in range(5)}
            for row in questions["matrix"].matrix_rows.all():
                answers[f"q{questions['matrix'].pk}_r{row.pk}"] = "4"
            answers[f"q{questions['single'].pk}"] = str(questions["single"].options.first().pk)
            answers[f"q{questions['rating'].pk}"] = "7"
            answers[f"q{questions['text'].pk}"] = "Ein Bürgerportal mit Terminbuchung."
            answers.update({"page": "0", "action": "submit"})
            form_body = urlencode(answers)
            employees = TargetGroup.objects.get(key="employees")
            # The floor stores the very answers the form gives, checked once, untimed.
            (section,) = sections_with_questions(survey, employees)
            form = QuestionnairePage(QueryDict(form_body), questions=section.shown)
            assert form.is_valid(), form.errors
            built = answers_build(survey=survey, group_id=employees.pk, given=form.given())
            floor_parameters = claim_parameters(0, survey, employees.pk, "de", built)
            with connection.cursor() as cursor:
                cursor.execute("CREATE TABLE bench_bare (id serial PRIMARY KEY, body text)")

        def respondents(count: int) -> list[Client]:
            """Fresh personal links, each opened in a browser of its own (untimed)."""
            clients = []
            tokens = [secrets.token_urlsafe(32) for _ in range(count)]
            with schema_context(municipality.schema_name):
                for token in tokens:
                    recipient = Recipient.objects.create(
                        survey=survey, group=employees, email=f"{token[:12]}@example.org"
                    )
                    AccessToken.objects.create(recipient=recipient, token_hash=token_hash(token))
            for token in tokens:
                client = Client(HTTP_HOST=host)
                assert client.get(f"/s/{token}/").status_code == 302
                clients.append(client)
            return clients

        def survey_time(count: int) -> float:
            clients = respondents(count)
            started = time.perf_counter()
            for client in clients:
                response = client.post("/s/respond/", form_body, content_type=FORM)
                assert response.status_code == 302 and response["Location"] == "/s/thanks/"
            return time.perf_counter() - started

        def floor_time(count: int) -> float:
            clients = respondents(count)
            started = time.perf_counter()
            for client in clients:
                assert client.post("/floor/", form_body, content_type=FORM).status_code == 302
            return time.perf_counter() - started

        def bare_time(count: int) -> float:
            client = Client(HTTP_HOST=host)
            started = time.perf_counter()
            for n in range(count):
                assert client.post("/bare/", f"x={n}", content_type=FORM).status_code == 302
            return time.perf_counter() - started

        paths = [("survey", survey_time), ("floor", floor_time), ("bare", bare_time)]
        rates: dict[str, list[float]] = {name: [] for name, _measure in paths}
        batches = max(options.submissions // BATCH, 1)
        # As in production: no query log, which would tax the path with more queries.
        urlconf = bench_urlconf(floor_parameters)
        with override_settings(ROOT_URLCONF=urlconf, DEBUG=False):
            for _name, measure in paths:
                measure(20)  # warm-up, not counted
            for _round in range(options.rounds):
                spent = dict.fromkeys(rates, 0.0)
                for batch in range(batches):
                    # Small batches, taking turns in a rotating order: the machine's slow
                    # spells fall on every path alike.
                    for name, measure in paths[batch % 3 :] + paths[: batch % 3]:
                        spent[name] += measure(BATCH)
                for name, seconds in spent.items():
                    rates[name].append(batches * BATCH / seconds)
        with schema_context(municipality.schema_name):
            stored = Response.objects.filter(survey=survey).count()
            answered = Recipient.objects.filter(survey=survey, answered=True).count()
        assert stored == answered, "every submission stored exactly one response"
        assert Answer.objects.filter(response__survey=survey).count() == stored * len(built)
        print(f"{batches * BATCH} submissions per path and round, {options.rounds} rounds:")
        for name, values in rates.items():
            runs = ", ".join(f"{value:.0f}" for value in values)
            print(f"{name:>7}: median {statistics.median(values):.0f}/s  (runs: {runs})")
        for name in ("survey", "floor"):
            ratios = [rate / bare for rate, bare in zip(rates[name], rates["bare"], strict=True)]
            runs = ", ".join(f"{ratio:.2f}" for ratio in ratios)
            print(f"{name:>7} / bare: median {statistics.median(ratios):.2f}  (rounds: {runs})")
        print("target: survey / bare at least 0.5; the floor is the statement alone, unchecked")
    finally:
        scratch.drop(SCRATCH_DATABASE)
        print(f"scratch database {SCRATCH_DATABASE} dropped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
