"""How the build time of a document grows with its length, and how much memory a build takes.

    .venv/bin/python bench/reports.py [--rounds 3] [--findings 40]

Creates a scratch database (wegweiser_bench_reports, on the server of DATABASE_URL or the local
one), migrates it, provisions one municipality and fills its Phase 1 analysis with
`--findings` findings per result topic (40 give a presentation of about 30 pages). Then, in
the same run and alternating the order, builds through reports.services (as the Celery task
does) a one-page document (the cover of a document without sections) and the Phase 1 results
presentation (about 30 pages). Each build runs in a forked child process, as in a prefork
worker, forked from a parent that has done what the worker's main process does before it
forks (import the task modules, and config/celery_app.py's `prepare_before_the_pool_forks`);
its peak resident memory (ru_maxrss) is read in the child after the build. Target: the 30-page
build takes less than ten times as long as the one-page one. The scratch database
is dropped at the end.
"""

import argparse
import multiprocessing
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench import scratch  # noqa: E402

SCRATCH_DATABASE = "wegweiser_bench_reports"


def fill_analysis(findings_per_topic: int) -> None:
    from interviews.models import Finding, Interview, MaturityRating, ResultTopic
    from taxonomy.models import Topic

    interview = Interview.objects.create(
        interviewee_name="Petra Muster",
        interviewee_role="Amtsleitung Bürgerservice",
        state=Interview.State.DONE,
        consent_given=True,
    )
    topics = list(Topic.objects.order_by("pk"))
    kinds = Finding.Kind.values
    Finding.objects.bulk_create(
        Finding(
            statement=f"Befund {n} zu {result_topic}: Anträge kommen überwiegend auf Papier und "
            "werden im Fachverfahren ein zweites Mal erfasst.",
            result_topic=result_topic,
            topic=topics[n % len(topics)],
            kind=kinds[n % len(kinds)],
            quote="Wir drucken alles zweimal aus." if n % 9 == 0 else "",
            is_key=n % 10 == 1,
            source=Finding.Source.INTERVIEW,
            interview=interview,
        )
        for result_topic in ResultTopic.values
        for n in range(findings_per_topic)
    )
    MaturityRating.objects.bulk_create(
        MaturityRating(topic=topic, level=1 + i % 5, rationale="Aus den Interviews abgeleitet.")
        for i, topic in enumerate(topics)
    )


def one_page_document(as_of):
    from reports.documents import Document

    return Document(template="reports/pdf/base.html", title="Deckblatt", subtitle="Eine Seite")


def build_in_child(kind: str, one_page: bool, results: multiprocessing.Queue) -> None:
    """Runs in a forked child, like a prefork worker's child process."""
    from django.db import connection, connections
    from django_tenants.utils import tenant_context

    from engagements.models import Municipality
    from reports import documents
    from reports.services import report_build_now

    connections.close_all()  # the parent's connection must not be shared
    if one_page:
        documents.BUILDERS[kind] = one_page_document
    municipality = Municipality.objects.get(slug="benchstadt")
    with tenant_context(municipality):
        connection.set_tenant(municipality)
        started = time.perf_counter()
        version = report_build_now(kind=kind, actor=None, language="de")
        seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results.put((seconds, version.page_count, version.state, version.error, peak_kib))
    connections.close_all()


def timed_build(kind: str, one_page: bool) -> tuple[float, int, int]:
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    child = context.Process(target=build_in_child, args=(kind, one_page, results))
    child.start()
    seconds, pages, state, error, peak_kib = results.get(timeout=600)
    child.join()
    if state != "ready":
        raise SystemExit(f"the build failed: {error}")
    return seconds, pages, peak_kib


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="timed builds of each document")
    parser.add_argument("--findings", type=int, default=40, help="findings per result topic")
    arguments = parser.parse_args()

    media_root = Path(tempfile.gettempdir()) / f"{SCRATCH_DATABASE}-media"
    scratch.django_setup(SCRATCH_DATABASE, MEDIA_ROOT=str(media_root))

    from django.core.management import call_command
    from django.db import connection
    from django_tenants.utils import tenant_context

    from config.celery_app import prepare_before_the_pool_forks
    from engagements.services import municipality_create, public_site_ensure
    from reports import tasks  # noqa: F401 (the worker imports its task modules before forking)
    from reports.models import Kind

    print(f"scratch database {SCRATCH_DATABASE}: creating and migrating …", flush=True)
    scratch.recreate(SCRATCH_DATABASE)
    try:
        call_command("migrate_all", verbosity=0)
        public_site_ensure()
        municipality = municipality_create(name="Benchstadt", slug="benchstadt", created_by=None)
        with tenant_context(municipality):
            connection.set_tenant(municipality)
            fill_analysis(arguments.findings)
        connection.set_schema_to_public()

        prepare_before_the_pool_forks()  # what the worker's main process does on `worker_init`
        kind = Kind.PHASE1_RESULTS
        warm = timed_build(kind, one_page=False)
        print(f"warm-up (not counted): {warm[0]:.2f} s, {warm[1]} pages")
        runs: dict[str, list[tuple[float, int, int]]] = {"1 page": [], "long": []}
        for round_ in range(arguments.rounds):
            order = [("1 page", True), ("long", False)]
            for name, one_page in order if round_ % 2 == 0 else reversed(order):
                runs[name].append(timed_build(kind, one_page))

        print(f"report_build, {arguments.rounds} runs each, interleaved, each in a forked child:")
        medians = {}
        for name, values in runs.items():
            medians[name] = statistics.median(seconds for seconds, _, _ in values)
            pages = values[0][1]
            peak = max(peak for _, _, peak in values) / 1024
            listed = ", ".join(f"{seconds:.2f}" for seconds, _, _ in values)
            print(
                f"{name:>7}: {pages:>3} pages, median {medians[name]:.2f} s (runs: {listed}), "
                f"peak memory of the child {peak:.0f} MiB"
            )
        ratio = medians["long"] / medians["1 page"]
        verdict = "within" if ratio < 10 else "OVER"
        print(f"long / 1 page = {ratio:.1f}×  ({verdict} the target of 10×)")
    finally:
        scratch.drop(SCRATCH_DATABASE)
        print(f"scratch database {SCRATCH_DATABASE} dropped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
