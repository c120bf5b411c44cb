"""The results pages as readers see them: access, the figures, refusals and query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from surveys.models import Section, Survey
from tests.conftest import browser_of
from tests.surveys import results_factories as make

Kind = make.Kind


def full_survey() -> Survey:
    """A survey with one question of every kind, and a dimension."""
    survey = make.survey("Bürgerbefragung")
    dimension = make.dimension("results-admin")
    make.question(survey, "agree", Kind.LIKERT, dimension=dimension, counts_for_readiness=True)
    make.question(survey, "rating", Kind.RATING, dimension=dimension)
    make.question(survey, "channel", Kind.SINGLE, options=["Online", "Rathaus"])
    make.question(
        survey, "services", Kind.MULTIPLE, options=["Akte", "App", "WLAN"], allow_other=True
    )
    make.question(survey, "matrix", Kind.MATRIX, rows=["Tempo", "Daten"], dimension=dimension)
    make.question(survey, "ideas", Kind.TEXT)
    return survey


def answers(survey: Survey, number: int) -> dict:
    questions = {q.key: q for q in survey.questions.all()}
    return {
        questions["agree"]: 1 + number % 5,
        questions["rating"]: number % 11,
        questions["channel"]: "Online" if number % 3 else "Rathaus",
        questions["services"]: ["Akte", "App"] if number % 2 else ["WLAN", "other:Parken"],
        questions["matrix"]: {"Tempo": 4, "Daten": "dk" if number % 4 == 0 else 2},
        questions["ideas"]: f"Idee {number:03d}",
    }


def respond(survey: Survey, start: int, count: int) -> None:
    employees = make.group("employees")
    for number in range(start, start + count):
        make.respond(survey, employees, answers(survey, number))


def next_wave(earlier: Survey) -> Survey:
    """The next wave of `earlier`'s instrument, with the same questions."""
    later = make.survey("Bürgerbefragung", instrument=earlier.instrument)
    for question in earlier.questions.all():
        make.question(
            later,
            question.key,
            question.kind,
            options=[o.label_en for o in question.options.all()],
            rows=[r.label_en for r in question.matrix_rows.all()],
            dimension=question.dimension,
            counts_for_readiness=question.counts_for_readiness,
            allow_other=question.allow_other,
        )
    return later


@pytest.fixture
def survey(in_alpha) -> Survey:
    made = full_survey()
    respond(made, 0, 12)
    return made


def page(name: str, survey: Survey, query: str = "", municipality=None):
    with schema_context("public"):
        client = browser_of(name, municipality)
    return client.get(f"/surveys/{survey.pk}/results/{query}")


def test_a_lead_reads_the_figures_with_numbers_next_to_every_bar(survey, alpha) -> None:
    response = page("leo", survey, municipality=alpha)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Results: Bürgerbefragung" in content
    assert "Agreement" in content and "Mean" in content
    # 12 answers to "channel": 8 online (67 %), 4 at the town hall (33 %), written out.
    assert "67 %" in content and "(8)" in content and "33 %" in content
    assert "Idee 000" in content
    assert 'aria-hidden="true"' in content  # the bars; the numbers carry the meaning


@pytest.mark.parametrize("name", ["mia", "otto", "bert"])
def test_members_and_outsiders_may_not_read_results(survey, alpha, name: str) -> None:
    assert page(name, survey, municipality=alpha).status_code == 403


def test_the_survey_list_links_results_only_for_those_who_may_read_them(survey, alpha) -> None:
    results = f"/surveys/{survey.pk}/results/"

    assert results in browser_of("leo", alpha).get("/surveys/").content.decode()
    member_list = browser_of("mia", alpha).get("/surveys/")
    assert member_list.status_code == 200 and results not in member_list.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(survey, alpha) -> None:
    with schema_context("public"):
        client = browser_of(None, alpha)
    response = client.get(f"/surveys/{survey.pk}/results/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_another_municipalitys_survey_is_not_found(alpha, beta) -> None:
    with schema_context(beta.schema_name):
        foreign = make.survey("BETA-ONLY survey")
    with schema_context(alpha.schema_name):
        assert not Survey.objects.filter(pk=foreign.pk).exists()
    response = page("carla", foreign, municipality=alpha)
    assert response.status_code == 404
    assert b"BETA-ONLY" not in response.content


def test_a_refused_filter_says_why_and_shows_no_figures(survey, alpha) -> None:
    make.respond(survey, make.group("citizens"), answers(survey, 1), times=2)
    citizens = make.group("citizens")

    response = page("carla", survey, f"?group={citizens.pk}", municipality=alpha)

    content = response.content.decode()
    assert "This selection is not shown" in content
    assert "Answers by question" not in content and "Idee 000" not in content


def _contents(html: str) -> dict[str, str]:
    """The page's contents: the target of each link, with its label."""
    start = html.index('aria-label="On this page"')
    nav = html[start : html.index("</nav>", start)]
    return dict(re.findall(r'href="#([^"]+)">([^<]+)</a>', nav))


def test_the_contents_lead_to_every_part_of_the_page_and_each_section(survey, alpha) -> None:
    Section.objects.filter(survey=survey).update(title_en="About you")
    html = page("leo", survey, municipality=alpha).content.decode()

    contents = _contents(html)

    assert contents["participation-heading"] == "Response rate"
    assert contents["results-section-1"] == "About you"
    assert contents["texts-heading"] == "Free-text answers"
    assert "waves-heading" not in contents  # the first wave has none to compare with
    for target in contents:
        assert html.count(f'id="{target}"') == 1, target


def test_the_contents_lead_to_the_comparison_with_the_wave_before(in_alpha, alpha) -> None:
    earlier = full_survey()
    respond(earlier, 0, 10)
    later = next_wave(earlier)
    respond(later, 0, 10)

    html = page("leo", later, municipality=alpha).content.decode()

    assert _contents(html)["waves-heading"] == "Wave comparison"
    assert 'id="waves-heading"' in html


def test_the_contents_of_a_refused_selection_lead_to_the_response_rate_only(survey, alpha):
    make.respond(survey, make.group("citizens"), answers(survey, 1), times=2)
    citizens = make.group("citizens")

    html = page("carla", survey, f"?group={citizens.pk}", municipality=alpha).content.decode()

    assert list(_contents(html)) == ["participation-heading"]


def test_the_free_texts_page_searches_within_the_answers(survey, alpha) -> None:
    question = survey.questions.get(key="ideas")
    with schema_context("public"):
        client = browser_of("carla", alpha)

    response = client.get(f"/surveys/{survey.pk}/results/texts/?question={question.pk}&q=001")

    content = response.content.decode()
    assert "Idee 001" in content and "Idee 010" not in content
    assert "1 answer contains" in content


def test_free_texts_of_too_few_answers_are_not_listed(in_alpha, alpha) -> None:
    small = full_survey()
    respond(small, 0, 9)
    question = small.questions.get(key="ideas")
    with schema_context("public"):
        client = browser_of("carla", alpha)

    response = client.get(f"/surveys/{small.pk}/results/texts/?question={question.pk}")

    assert "Idee 000" not in response.content.decode()
    assert "free texts need at least 10" in response.content.decode()


def queries_for(client, survey: Survey) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/surveys/{survey.pk}/results/")
    assert response.status_code == 200
    return len(queries)


def test_the_results_page_takes_as_many_queries_for_200_responses_as_for_10(in_alpha) -> None:
    earlier = full_survey()
    respond(earlier, 0, 10)
    later = next_wave(earlier)
    respond(later, 0, 10)
    client = browser_of("carla", in_alpha)
    queries_for(client, later)  # counts both waves for the first time, and keeps the counts
    respond(later, 10, 1)
    few = queries_for(client, later)

    respond(later, 11, 190)
    make.respond(later, make.group("citizens"), answers(later, 3), times=6)
    many = queries_for(client, later)

    assert many == few
    assert few < 60  # half of them django-tenants' SET search_path
    # Read again without a new response: the kept counts are read, nothing is counted.
    assert queries_for(client, later) < many


def test_the_free_texts_page_without_a_question_leads_to_the_results_texts(survey, alpha) -> None:
    with schema_context("public"):
        client = browser_of("leo", alpha)

    response = client.get(f"/surveys/{survey.pk}/results/texts/?group=x")

    assert response.status_code == 302
    assert response["Location"] == f"/surveys/{survey.pk}/results/#texts"


# "²" is a digit to str.isdigit() but no number to int(); "١" is one to int() but in no link.
NOT_AN_ID = ["²", "١", " 7"]
UNKNOWN_IDS = ["987654", "99999999999999999999999"]


@pytest.mark.parametrize("value", [*NOT_AN_ID, *UNKNOWN_IDS])
def test_a_group_that_is_no_known_id_is_ignored(survey, alpha, value: str) -> None:
    response = page("leo", survey, f"?group={value}", municipality=alpha)

    assert response.status_code == 200
    assert response.context["selected_group"] is None
    assert "Idee 000" in response.content.decode()


@pytest.mark.parametrize("value", [*NOT_AN_ID, *UNKNOWN_IDS])
def test_a_wave_to_compare_that_is_no_known_id_gives_the_wave_before(
    in_alpha, alpha, value: str
) -> None:
    earlier = full_survey()
    respond(earlier, 0, 10)
    later = next_wave(earlier)
    respond(later, 0, 10)

    response = page("leo", later, f"?compare={value}", municipality=alpha)

    assert response.status_code == 200
    assert response.context["results"].comparison.earlier == earlier


@pytest.mark.parametrize("value", [*NOT_AN_ID, "x"])
def test_a_free_text_question_that_is_no_id_leads_to_the_results_texts(
    survey, alpha, value: str
) -> None:
    with schema_context("public"):
        client = browser_of("leo", alpha)

    response = client.get(f"/surveys/{survey.pk}/results/texts/?question={value}")

    assert response.status_code == 302
    assert response["Location"] == f"/surveys/{survey.pk}/results/#texts"


@pytest.mark.parametrize("value", UNKNOWN_IDS)
def test_a_free_text_question_of_an_unknown_id_is_not_found(survey, alpha, value: str) -> None:
    with schema_context("public"):
        client = browser_of("leo", alpha)

    response = client.get(f"/surveys/{survey.pk}/results/texts/?question={value}")

    assert response.status_code == 404


def test_a_breakdown_by_group_leaves_out_groups_that_never_answered_the_question(
    in_alpha, alpha
) -> None:
    survey = full_survey()
    respond(survey, 0, 6)
    employees, citizens = make.group("employees"), make.group("citizens")
    # Citizens answer the agreement question only: the matrix is no question of theirs.
    make.respond(survey, citizens, {survey.questions.get(key="agree"): 4}, times=6)

    content = page("leo", survey, municipality=alpha).content.decode()

    matrix = content.split('class="table table-sm align-middle mb-2 ww-results-matrix"')[1]
    matrix = matrix.split("</table>")[0]
    # Employees alone answered it: a breakdown would repeat the total, so there is none.
    assert f"Agreement: {employees.name}" not in matrix
    assert f"Agreement: {citizens.name}" not in matrix and "no answers" not in matrix
    agree = content.split('class="ww-by-group"')[1].split("</details>")[0]
    assert employees.name in agree and citizens.name in agree


def test_the_same_answer_given_several_times_is_listed_once_with_its_number(in_alpha, alpha):
    survey = full_survey()
    ideas = survey.questions.get(key="ideas")
    employees = make.group("employees")
    make.respond(survey, employees, {ideas: "Mehr WLAN"}, times=7)
    make.respond(survey, employees, {ideas: "Online-Termine"}, times=4)
    with schema_context("public"):
        client = browser_of("carla", alpha)

    results = client.get(f"/surveys/{survey.pk}/results/").content.decode()
    texts = client.get(f"/surveys/{survey.pk}/results/texts/?question={ideas.pk}").content.decode()

    for page_html in (results, texts):
        assert page_html.count("Mehr WLAN") == 1
        assert 'Mehr WLAN <span class="ww-text-count">(7 times)</span>' in page_html
        assert 'Online-Termine <span class="ww-text-count">(4 times)</span>' in page_html
    assert "11 answers" in texts and "2 different texts" in texts
    # Everything is in the sample: no link to a longer list.
    assert "Show all 11 answers" not in results


def test_the_survey_list_says_when_a_survey_closed_and_when_an_open_one_closes(
    survey, alpha
) -> None:
    from datetime import UTC, datetime

    from surveys.services.lifecycle import survey_close

    closed = survey_close(survey=survey)
    Survey.objects.filter(pk=closed.pk).update(closed_at=datetime(2026, 5, 11, 9, tzinfo=UTC))
    later = make.survey("Zweite Welle", instrument=closed.instrument)
    Survey.objects.filter(pk=later.pk).update(closes_at=datetime(2026, 12, 13, 15, tzinfo=UTC))

    listing = browser_of("leo", alpha).get("/surveys/").content.decode()

    assert "closed on 05/11/2026" in listing
    assert "closes 12/13/2026" in listing


def test_at_a_glance_names_the_statements_most_and_least_agreed_with(in_alpha, alpha) -> None:
    survey = make.survey("Stimmung")
    scales = {
        key: make.question(survey, key, Kind.LIKERT)
        for key in ("akten", "termine", "wlan", "app", "schulung", "daten")
    }
    agreement = {"akten": 5, "termine": 4, "wlan": 4, "app": 2, "schulung": 1, "daten": 3}
    employees = make.group("employees")
    make.respond(survey, employees, {scales[k]: v for k, v in agreement.items()}, times=6)
    # Two people agree with "wlan" less: it ranks below "termine".
    make.respond(survey, employees, {scales["wlan"]: 3, scales["termine"]: 4}, times=2)

    extremes = survey_results_of(survey).agreement_extremes
    content = page("leo", survey, municipality=alpha).content.decode()

    assert [s.question.key for s in extremes[0]] == ["akten", "termine", "wlan"]
    assert [s.question.key for s in extremes[1]] == ["schulung", "app", "daten"]
    glance = content.split('id="glance-heading"')[1].split("</section>")[0]
    assert f'<a href="#question-{scales["akten"].pk}">' in glance
    assert glance.index("Akten") < glance.index("Least agreement") < glance.index("Schulung")


def survey_results_of(survey):
    from surveys.results import survey_results

    return survey_results(survey)


def test_the_free_texts_page_pages_through_many_texts(in_alpha, alpha) -> None:
    survey = make.survey("Viele Ideen")
    ideas = make.question(survey, "ideas", Kind.TEXT)
    employees = make.group("employees")
    for n in range(60):
        make.respond(survey, employees, {ideas: f"Idee {n:02d}"})
    with schema_context("public"):
        client = browser_of("carla", alpha)
    url = f"/surveys/{survey.pk}/results/texts/?question={ideas.pk}"

    first = client.get(url).content.decode()
    second = client.get(f"{url}&page=2").content.decode()

    assert "Page 1 of 2" in first and f'href="?question={ideas.pk}&amp;page=2"' in first
    assert "Idee 49" in first and "Idee 50" not in first
    assert "Idee 50" in second and "Page 2 of 2" in second
