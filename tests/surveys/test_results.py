"""The figures of the results, and what the privacy rules hide of them."""

import pytest

from surveys.privacy import Rules, Scope, Suppressed
from surveys.results import survey_results
from tests.surveys import results_factories as make

Kind = make.Kind


@pytest.fixture
def groups(in_alpha) -> dict:
    return {key: make.group(key) for key in ("employees", "citizens", "companies")}


@pytest.fixture
def readiness(groups):
    survey = make.survey()
    agree = make.question(survey, "agree", Kind.LIKERT, counts_for_readiness=True)
    return survey, agree


def line(results, key: str):
    for section in results.sections:
        for question in section.questions:
            if question.question.key == key:
                return question
    raise AssertionError(key)


# --- Rule 1: the threshold --------------------------------------------------------------------


def test_a_question_answered_by_four_is_hidden_and_by_five_shown(readiness, groups) -> None:
    survey, agree = readiness
    make.respond(survey, groups["employees"], {agree: 4}, times=4)

    hidden = line(survey_results(survey), "agree")
    assert hidden.figure.suppressed == Suppressed.TOO_FEW
    assert hidden.scale.figure.value is None and hidden.scale.bars == []

    make.respond(survey, groups["employees"], {agree: 2})
    shown = line(survey_results(survey), "agree").scale
    assert shown.figure.shown
    assert shown.figure.value == pytest.approx((4 * 4 + 2) / 5)
    assert shown.figure.share == pytest.approx(4 / 5)
    assert [(bar.count, bar.percent) for bar in shown.bars] == [
        (0, 0),
        (1, 20),
        (0, 0),
        (4, 80),
        (0, 0),
    ]


def test_free_text_needs_twice_the_threshold(readiness, groups) -> None:
    survey, _agree = readiness
    ideas = make.question(survey, "ideas", Kind.TEXT)
    make.respond(survey, groups["employees"], {ideas: "More online forms"}, times=9)

    texts = survey_results(survey).texts[0]
    assert texts.figure.suppressed == Suppressed.TOO_FEW
    assert texts.sample == []

    make.respond(survey, groups["employees"], {ideas: "A citizen app"})
    texts = survey_results(survey).texts[0]
    assert texts.figure.shown and texts.figure.respondents == 10
    # Each text once, with the number of answers that say it.
    assert [(entry.text, entry.count) for entry in texts.sample] == [
        ("A citizen app", 1),
        ("More online forms", 9),
    ]


def test_a_threshold_of_three_shows_three_responses_and_hides_two(readiness, groups) -> None:
    survey, agree = readiness
    make.threshold(3)
    make.respond(survey, groups["employees"], {agree: 5}, times=2)
    assert not line(survey_results(survey), "agree").figure.shown

    make.respond(survey, groups["employees"], {agree: 5})
    assert line(survey_results(survey), "agree").figure.shown


def test_a_new_threshold_applies_at_once_to_results_read_before(readiness, groups) -> None:
    survey, agree = readiness
    make.respond(survey, groups["employees"], {agree: 5}, times=4)
    make.threshold(4)
    assert line(survey_results(survey), "agree").figure.shown

    make.threshold(5)
    assert not line(survey_results(survey), "agree").figure.shown


def test_the_rules_never_go_below_three() -> None:
    with pytest.raises(ValueError):
        Rules(2)


def test_a_dont_know_counts_for_the_question_but_not_for_its_mean(readiness, groups) -> None:
    survey, agree = readiness
    make.respond(survey, groups["employees"], {agree: 5}, times=5)
    make.respond(survey, groups["employees"], {agree: "dk"}, times=2)

    scale = line(survey_results(survey), "agree").scale
    assert scale.figure.respondents == 7 and scale.dont_know == 2
    assert scale.figure.value == 5 and scale.figure.share == 1


def test_a_mean_behind_too_few_answers_on_the_scale_is_hidden_whatever_the_dont_knows(
    readiness, groups
) -> None:
    survey, agree = readiness
    make.respond(survey, groups["employees"], {agree: 1})
    make.respond(survey, groups["employees"], {agree: "dk"}, times=4)

    scale = line(survey_results(survey), "agree").scale
    assert scale.figure.suppressed == Suppressed.TOO_FEW
    assert scale.figure.value is None and scale.figure.share is None
    assert scale.bars == [] and scale.dont_know == 0
    assert scale.by_group[0].figure.value is None


# --- Rule 2: filters and their remainder ------------------------------------------------------


def test_a_filter_leaving_too_few_behind_is_refused(readiness, groups) -> None:
    survey, agree = readiness
    make.respond(survey, groups["employees"], {agree: 4}, times=10)
    make.respond(survey, groups["citizens"], {agree: 2}, times=3)

    # Employees alone have enough, but all minus employees would show the three citizens.
    assert survey_results(survey, group=groups["employees"]).refused == Suppressed.REMAINDER
    assert survey_results(survey, group=groups["citizens"]).refused == Suppressed.TOO_FEW

    make.respond(survey, groups["citizens"], {agree: 2}, times=2)
    allowed = survey_results(survey, group=groups["employees"])
    assert allowed.refused is None
    assert line(allowed, "agree").scale.figure.value == 4


def test_a_filter_that_leaves_nothing_behind_is_allowed(readiness, groups) -> None:
    survey, agree = readiness
    make.respond(survey, groups["employees"], {agree: 4}, times=5)

    assert survey_results(survey, group=groups["employees"]).refused is None


def test_a_department_filter_follows_the_same_rule(in_alpha, readiness, groups) -> None:
    survey, agree = readiness
    make.respond(survey, groups["employees"], {agree: 4}, times=6, department="IT")
    make.respond(survey, groups["employees"], {agree: 2}, times=4, department="Finance")

    assert survey_results(survey, department="IT").refused == Suppressed.REMAINDER
    assert survey_results(survey, department="Finance").refused == Suppressed.TOO_FEW
    make.respond(survey, groups["employees"], {agree: 2}, department="Finance")
    assert survey_results(survey, department="IT").refused is None


def test_a_question_answered_by_a_few_outside_the_filter_is_hidden_inside_it(
    readiness, groups
) -> None:
    survey, agree = readiness
    optional = make.question(survey, "optional", Kind.LIKERT)
    make.respond(survey, groups["employees"], {agree: 4, optional: 5}, times=6)
    make.respond(survey, groups["citizens"], {agree: 4, optional: 1}, times=2)
    make.respond(survey, groups["citizens"], {agree: 4}, times=4)

    filtered = survey_results(survey, group=groups["employees"])
    assert filtered.refused is None
    assert line(filtered, "agree").figure.shown
    # All (8) minus employees (6) would give the two citizens' answers.
    assert line(filtered, "optional").figure.suppressed == Suppressed.REMAINDER


def test_a_filter_never_shows_a_group_the_breakdown_hides(readiness, groups) -> None:
    survey, agree = readiness
    make.respond(survey, groups["employees"], {agree: 5}, times=20)
    make.respond(survey, groups["citizens"], {agree: 1}, times=3)
    make.respond(survey, groups["companies"], {agree: 3}, times=10)

    # The breakdown hides companies so that all minus employees minus companies does not give
    # the three citizens away; filtering on companies would undo that.
    assert survey_results(survey, group=groups["companies"]).refused == Suppressed.COMPLEMENT
    employees = survey_results(survey, group=groups["employees"])
    assert employees.refused is None
    assert line(employees, "agree").scale.figure.value == 5


def test_a_department_filter_never_shows_a_department_hidden_beside_a_small_one(
    readiness, groups
) -> None:
    survey, agree = readiness
    make.respond(survey, groups["employees"], {agree: 4}, times=6, department="IT")
    make.respond(survey, groups["employees"], {agree: 4}, times=7, department="Finance")
    make.respond(survey, groups["employees"], {agree: 1}, times=2, department="Audit")

    # All minus IT minus Finance would be the two in Audit: the smaller of the two is refused.
    assert survey_results(survey, department="IT").refused == Suppressed.COMPLEMENT
    assert survey_results(survey, department="Finance").refused is None
    assert survey_results(survey, department="Audit").refused == Suppressed.TOO_FEW


def test_a_department_answered_by_one_group_only_counts_as_within_that_group(
    readiness, groups
) -> None:
    survey, agree = readiness
    make.respond(survey, groups["employees"], {agree: 4}, times=7, department="Bauamt")
    make.respond(survey, groups["employees"], {agree: 1}, times=2, department="Kämmerei")
    make.respond(survey, groups["citizens"], {agree: 3}, times=10)

    # The employees' column (9) minus Bauamt (its 7 are all employees) would give the two
    # employees of Kämmerei, though no view filters on them.
    assert survey_results(survey, department="Bauamt").refused == Suppressed.REMAINDER
    make.respond(survey, groups["employees"], {agree: 1}, times=3, department="Kämmerei")
    assert survey_results(survey, department="Bauamt").refused is None


# --- Rule 3: breakdowns by group ----------------------------------------------------------------


def test_a_breakdown_hides_the_smallest_shown_group_when_the_hidden_ones_are_too_few() -> None:
    counts = {(1, ""): 20, (2, ""): 3, (3, ""): 10}
    verdicts = Rules(5).breakdown(counts, Scope(), [1, 2, 3])
    assert verdicts == {1: None, 2: Suppressed.TOO_FEW, 3: Suppressed.COMPLEMENT}


def test_a_breakdown_with_enough_hidden_responses_hides_nothing_more() -> None:
    counts = {(1, ""): 20, (2, ""): 3, (3, ""): 3, (4, ""): 10}
    verdicts = Rules(5).breakdown(counts, Scope(), [1, 2, 3, 4])
    assert verdicts == {1: None, 2: Suppressed.TOO_FEW, 3: Suppressed.TOO_FEW, 4: None}


def test_the_group_columns_of_a_question_follow_the_breakdown_rule(readiness, groups) -> None:
    survey, agree = readiness
    make.respond(survey, groups["employees"], {agree: 5}, times=20)
    make.respond(survey, groups["citizens"], {agree: 1}, times=3)
    make.respond(survey, groups["companies"], {agree: 3}, times=10)

    columns = {
        column.group.key: column.figure
        for column in line(survey_results(survey), "agree").scale.by_group
    }
    assert columns["employees"].value == 5
    assert columns["citizens"].suppressed == Suppressed.TOO_FEW
    assert columns["companies"].suppressed == Suppressed.COMPLEMENT
    assert columns["companies"].value is None


# --- Indices --------------------------------------------------------------------------------------


def test_indices_per_dimension_and_overall_as_computed_by_hand(groups) -> None:
    survey = make.survey()
    admin, society = make.dimension("admin"), make.dimension("society")
    likert = make.question(
        survey, "likert", Kind.LIKERT, dimension=admin, counts_for_readiness=True
    )
    rating = make.question(survey, "rating", Kind.RATING, dimension=admin)
    matrix = make.question(
        survey, "matrix", Kind.MATRIX, rows=["a", "b"], dimension=society, counts_for_readiness=True
    )
    # Five employees: likert 5 (100), rating 8 (80), matrix a 3 (50), b don't know.
    make.respond(
        survey, groups["employees"], {likert: 5, rating: 8, matrix: {"a": 3, "b": "dk"}}, times=5
    )
    # Five citizens: likert 2 (25), rating 4 (40), matrix a 1 (0), b 5 (100).
    make.respond(
        survey, groups["citizens"], {likert: 2, rating: 4, matrix: {"a": 1, "b": 5}}, times=5
    )

    results = survey_results(survey)
    index = {row.dimension.key: row for row in results.dimensions}
    # admin: (5·100 + 5·80 + 5·25 + 5·40) / 20 = 61.25
    assert index["admin"].total.value == pytest.approx(61.25)
    # society: (5·50 + 5·0 + 5·100) / 15 = 50; don't know left out
    assert index["society"].total.value == pytest.approx(50)
    by_group = {column.group.key: column.figure.value for column in index["admin"].by_group}
    assert by_group == {"employees": 90, "citizens": 32.5}  # no companies answered
    # readiness: likert and matrix answers, (5·100 + 5·50 + 5·25 + 5·0 + 5·100) / 25 = 55
    assert results.readiness.total.value == pytest.approx(55)
    assert results.readiness.total.respondents == 10


def test_an_index_behind_too_few_responses_is_hidden(groups) -> None:
    survey = make.survey()
    admin = make.dimension("admin")
    likert = make.question(survey, "likert", Kind.LIKERT, dimension=admin)
    make.respond(survey, groups["employees"], {likert: 5}, times=4)

    index = survey_results(survey).dimensions[0]
    assert index.total.suppressed == Suppressed.TOO_FEW and index.total.value is None


# --- Waves ----------------------------------------------------------------------------------------


def test_waves_are_compared_index_by_index_and_group_by_group(groups) -> None:
    admin = make.dimension("admin")
    first = make.survey("Readiness")
    likert = make.question(first, "likert", Kind.LIKERT, dimension=admin, counts_for_readiness=True)
    make.respond(first, groups["employees"], {likert: 3}, times=5)
    make.respond(first, groups["citizens"], {likert: 2}, times=5)
    second = make.survey("Readiness", instrument=first.instrument)
    likert = make.question(
        second, "likert", Kind.LIKERT, dimension=admin, counts_for_readiness=True
    )
    make.respond(second, groups["employees"], {likert: 5}, times=5)
    make.respond(second, groups["citizens"], {likert: 2}, times=3)
    make.respond(second, groups["companies"], {likert: 2}, times=3)

    comparison = survey_results(second).comparison
    assert comparison.earlier == first
    rows = {row.label: row for row in comparison.rows}
    cells = {cell.group.key if cell.group else "all": cell for cell in rows["Admin"].cells}
    assert (cells["employees"].before.value, cells["employees"].after.value) == (50, 100)
    assert cells["employees"].delta == 50
    # Three citizens in the second wave: hidden, and so is their change.
    assert cells["citizens"].before.value == 25
    assert cells["citizens"].after.suppressed == Suppressed.TOO_FEW
    assert cells["citizens"].delta is None
    assert cells["all"].before.value == pytest.approx(37.5)
    assert cells["all"].after.value == pytest.approx((5 * 100 + 6 * 25) / 11)
    assert cells["all"].delta == pytest.approx((5 * 100 + 6 * 25) / 11 - 37.5)


def test_a_group_only_in_the_earlier_wave_is_not_given_away_by_the_comparison(groups) -> None:
    council = make.group("council")
    admin = make.dimension("admin")
    first = make.survey("Readiness")
    likert = make.question(first, "likert", Kind.LIKERT, dimension=admin)
    make.respond(first, groups["employees"], {likert: 3}, times=10)
    make.respond(first, groups["citizens"], {likert: 5}, times=6)
    make.respond(first, council, {likert: 1}, times=2)
    second = make.survey("Readiness", instrument=first.instrument)
    likert = make.question(second, "likert", Kind.LIKERT, dimension=admin)
    make.respond(second, groups["employees"], {likert: 4}, times=10)
    make.respond(second, groups["citizens"], {likert: 4}, times=6)

    rows = survey_results(second).comparison.rows
    cells = {cell.group.key if cell.group else "all": cell for cell in rows[0].cells}
    # The earlier total minus its employees and citizens would be the council's two answers.
    assert cells["all"].before.shown and cells["employees"].before.shown
    assert cells["citizens"].before.suppressed == Suppressed.COMPLEMENT
    assert cells["citizens"].after.shown


# --- Response rate ----------------------------------------------------------------------------


def test_the_response_rate_counts_open_link_responses_apart(readiness, groups) -> None:
    survey, agree = readiness
    make.invite(survey, groups["employees"], sent=10, answered=4)
    make.respond(survey, groups["employees"], {agree: 4}, times=4)
    make.respond(survey, groups["citizens"], {agree: 4}, times=3, channel="open")

    rows = {row.group.key: row for row in survey_results(survey).participation}
    employees, citizens = rows["employees"], rows["citizens"]
    assert (employees.invited, employees.answered, employees.rate) == (10, 4, 40)
    assert (employees.open_responses, employees.responses) == (0, 4)
    assert (citizens.invited, citizens.rate, citizens.open_responses) == (0, None, 3)
    assert survey_results(survey).participation_total.responses == 7


def test_a_wave_change_is_the_difference_of_the_indices_as_shown() -> None:
    from surveys.results import DeltaCell, Figure

    cell = DeltaCell(None, Figure(10, None, value=52.6), Figure(10, None, value=58.4))
    # Shown as 53 → 58: the change reads 5, not the rounded 5.8.
    assert (cell.whole, cell.points, cell.direction) == ((53, 58), 5, "up")
    half = DeltaCell(None, Figure(10, None, value=52.5), Figure(10, None, value=53.4))
    assert (half.whole, half.points, half.direction) == ((53, 53), 0, "same")


def test_a_question_without_lines_has_no_answering_groups() -> None:
    from surveys.results import QuestionResults

    assert QuestionResults(question=None, figure=None).answering_groups == []
