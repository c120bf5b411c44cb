"""Exports of responses: their contents, and what the privacy rules keep out of them."""

import csv
import io

import pytest
from django.contrib.messages import get_messages
from django.utils import translation
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from engagements.models import Municipality
from surveys.exports import Export, ExportRefused, as_csv, as_xlsx, responses_export
from tests.conftest import browser_of
from tests.surveys import results_factories as make

Kind = make.Kind


@pytest.fixture
def survey(in_alpha):
    made = make.survey("Mitarbeitendenbefragung")
    agree = make.question(made, "agree", Kind.LIKERT)
    services = make.question(
        made, "services", Kind.MULTIPLE, options=["Akte", "App"], allow_other=True
    )
    make.question(made, "matrix", Kind.MATRIX, rows=["Tempo", "Daten"])
    ideas = make.question(made, "ideas", Kind.TEXT)
    matrix = made.questions.get(key="matrix")
    employees = make.group("employees")
    make.respond(
        made,
        employees,
        {agree: 5, services: ["Akte", "other:Parken"], matrix: {"Tempo": 4, "Daten": "dk"}},
        times=5,
    )
    make.respond(made, employees, {agree: "dk", services: ["App"], ideas: "Mehr Tablets"}, times=5)
    return made


def download(survey, file_format: str, query: str = ""):
    with schema_context("public"):
        client = browser_of("leo", make_alpha())
    return client.get(f"/surveys/{survey.pk}/results/export.{file_format}{query}")


def make_alpha() -> Municipality:
    return Municipality.objects.get(slug="alpha")


def read_csv(response) -> list[list[str]]:
    """The header and the responses: the lines up to the blank one before the notes."""
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return lines[: lines.index([])]


def csv_notes(response) -> list[str]:
    """The lines after the blank one: a heading, then the notes."""
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [cell for line in lines[lines.index([]) + 1 :] for cell in line]


def test_the_csv_has_a_row_per_response_and_a_column_per_question_row_and_option(
    survey,
) -> None:
    response = download(survey, "csv")

    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="mitarbeitendenbefragung-wave-1.csv"' in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert header == [
        "Response",
        "Group",
        "agree: Agree",
        "services/1: Akte",
        "services/2: App",
        "services/other",
        "matrix/row-0: Tempo",
        "matrix/row-1: Daten",
        "ideas: Ideas",
    ]
    assert len(rows) == 10
    assert sorted(row[0] for row in rows) == sorted(str(n) for n in range(1, 11))
    first_kind = [row for row in rows if row[2] == "5"]
    assert len(first_kind) == 5
    # Ten texts: five "other" and five ideas, under 2·5 each, so both stay empty.
    assert first_kind[0][3:] == ["1", "0", "", "4", "don't know", ""]
    second_kind = [row for row in rows if row[2] == "don't know"]
    assert second_kind[0][3:] == ["0", "1", "", "", "", ""]


def test_exports_hold_no_dates_addresses_or_channels(survey) -> None:
    make.invite(survey, make.group("employees"), sent=10, answered=10)
    content = download(survey, "csv").content.decode("utf-8-sig")

    assert "@example.org" not in content
    assert "personal" not in content and "202" not in content


def test_free_texts_are_exported_once_there_are_twice_the_threshold(survey) -> None:
    ideas = survey.questions.get(key="ideas")
    make.respond(survey, make.group("employees"), {ideas: "Offene Daten"}, times=5)

    header, *rows = read_csv(download(survey, "csv"))
    texts = sorted(row[header.index("ideas: Ideas")] for row in rows if row[-1])
    assert texts == ["Mehr Tablets"] * 5 + ["Offene Daten"] * 5


def test_the_xlsx_opens_with_the_same_rows_and_a_sheet_of_notes(survey) -> None:
    agree = survey.questions.get(key="agree")
    make.respond(survey, make.group("citizens"), {agree: 2}, times=3)
    make.respond(survey, make.group("companies"), {agree: 2}, times=3)
    response = download(survey, "xlsx")

    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(workbook["Responses"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Response", "Group", "agree: Agree")
    assert len(rows) == 11
    assert {row[1] for row in rows[1:]} == {"Employees"}
    assert sum(1 for row in rows[1:] if row[2] == 5) == 5
    notes = [row[0] for row in workbook["Notes"].iter_rows(values_only=True)]
    assert "Left out, too few responses to show them apart: Citizens, Companies." in notes


def test_an_export_that_would_have_to_leave_out_every_group_is_refused(survey) -> None:
    # Employees alone would give away the three citizens: total minus employees.
    make.respond(survey, make.group("citizens"), {survey.questions.get(key="agree"): 2}, times=3)

    with pytest.raises(ExportRefused, match="every group"):
        responses_export(survey)


def test_an_export_of_fewer_responses_than_the_threshold_is_refused(in_alpha) -> None:
    small = make.survey("Klein")
    agree = make.question(small, "agree", Kind.LIKERT)
    make.respond(small, make.group("employees"), {agree: 3}, times=4)

    with pytest.raises(ExportRefused, match="fewer than 5 responses"):
        responses_export(small)
    response = download(small, "csv")
    assert response.status_code == 302
    assert response["Location"] == f"/surveys/{small.pk}/results/"


def test_a_filtered_export_leaving_too_few_behind_is_refused_with_a_message(survey) -> None:
    citizens = make.group("citizens")
    make.respond(survey, citizens, {survey.questions.get(key="agree"): 2}, times=3)
    employees = make.group("employees")

    response = download(survey, "csv", f"?group={employees.pk}")

    assert response.status_code == 302
    assert response["Location"] == f"/surveys/{survey.pk}/results/?group={employees.pk}"
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("would leave fewer than 5 other responses" in message for message in messages)


def test_a_filtered_export_of_a_group_the_breakdown_hides_is_refused_with_a_message(
    survey,
) -> None:
    agree = survey.questions.get(key="agree")
    make.respond(survey, make.group("citizens"), {agree: 2}, times=3)
    companies = make.group("companies")
    make.respond(survey, companies, {agree: 4}, times=6)

    # All minus employees minus companies would be the three citizens.
    response = download(survey, "csv", f"?group={companies.pk}")

    assert response.status_code == 302
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("is held back with it" in message for message in messages)


def test_a_control_character_in_a_free_text_does_not_break_the_xlsx(survey) -> None:
    ideas = survey.questions.get(key="ideas")
    make.respond(survey, make.group("employees"), {ideas: "Formulare\x01 online"}, times=5)

    response = download(survey, "xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Responses"]
    assert "Formulare online" in [cell.value for row in sheet.iter_rows() for cell in row]


def test_a_filtered_export_holds_only_the_filtered_group(survey) -> None:
    citizens = make.group("citizens")
    make.respond(survey, citizens, {survey.questions.get(key="agree"): 2}, times=5)

    _header, *rows = read_csv(download(survey, "csv", f"?group={citizens.pk}"))
    assert len(rows) == 5 and {row[1] for row in rows} == {"Citizens"}


def test_an_unknown_format_is_not_found(survey) -> None:
    assert download(survey, "pdf").status_code == 404


def test_a_german_export_names_its_first_column_after_the_response_not_the_response_rate(
    survey,
) -> None:
    agree = survey.questions.get(key="agree")
    make.respond(survey, make.group("employees"), {agree: 4}, times=5)
    with translation.override("de"):
        export = responses_export(survey)
    assert export.header[:2] == ["Antwortbogen", "Gruppe"]


def test_the_csv_names_the_groups_and_texts_it_leaves_out_below_the_responses(survey) -> None:
    agree = survey.questions.get(key="agree")
    make.respond(survey, make.group("citizens"), {agree: 2}, times=3)
    make.respond(survey, make.group("companies"), {agree: 2}, times=3)
    response = download(survey, "csv")

    assert len(read_csv(response)) == 11
    notes = csv_notes(response)
    assert notes[0] == "Notes"
    assert "Left out, too few responses to show them apart: Citizens, Companies." in notes
    assert "Texts of “ideas” are left out: too few to show them by group." in notes
    assert "Figures need at least 5 responses, free texts at least 10." in notes


def test_the_csv_names_no_group_as_left_out_when_every_group_is_in_it(survey) -> None:
    response = download(survey, "csv")

    assert "Anonymous responses: no names, e-mail addresses, dates or channels; " in (
        " ".join(csv_notes(response))
    )
    assert "Left out" not in response.content.decode("utf-8-sig")


FORMULA = '=HYPERLINK("http://evil.example","x")'


@pytest.fixture
def formula_texts(survey):
    # Ten texts in the group, twice the threshold: the texts are exported.
    ideas = survey.questions.get(key="ideas")
    make.respond(survey, make.group("employees"), {ideas: FORMULA}, times=5)
    return survey


def test_a_free_text_like_a_formula_is_text_in_the_csv(formula_texts) -> None:
    header, *rows = read_csv(download(formula_texts, "csv"))

    texts = {row[header.index("ideas: Ideas")] for row in rows}
    assert texts == {"", "Mehr Tablets", "'" + FORMULA}


def test_a_free_text_like_a_formula_is_shown_as_written_in_the_xlsx(formula_texts) -> None:
    response = download(formula_texts, "xlsx")

    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Responses"]
    column = [cell.value for cell in sheet[1]].index("ideas: Ideas") + 1
    cells = [row[column - 1] for row in sheet.iter_rows(min_row=2)]
    formulas = [cell for cell in cells if cell.value == FORMULA]
    assert len(formulas) == 5
    assert {cell.data_type for cell in formulas} == {"s"}
    assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_text_a_spreadsheet_could_run_is_quoted_but_numbers_stay_numbers(
    in_alpha, start: str
) -> None:
    export = Export(
        survey=make.survey("Klein"),
        header=["Response", "Group", "agree: Agree", f"{start}ideas"],
        rows=iter([[1, f"{start}Group", -1, f"{start}1+1"]]),
        notes=[f"{start}note"],
    )

    lines = list(csv.reader(io.StringIO(as_csv(export).content.decode("utf-8-sig"))))

    assert lines[0][3] == f"'{start}ideas"
    assert lines[1] == ["1", f"'{start}Group", "-1", f"'{start}1+1"]
    assert lines[-1] == [f"'{start}note"]


def test_numbers_stay_numbers_and_texts_stay_texts_in_the_xlsx(in_alpha) -> None:
    export = Export(
        survey=make.survey("=1+1"),
        header=["Response", "Group", "agree: Agree", "ideas"],
        rows=iter([[1, "#N/A", -1, "-1"]]),
        notes=["=SUM(A1:A2)"],
    )

    workbook = load_workbook(io.BytesIO(as_xlsx(export).content))

    row = next(workbook["Responses"].iter_rows(min_row=2))
    assert [(cell.value, cell.data_type) for cell in row] == [
        (1, "n"),
        ("#N/A", "s"),
        (-1, "n"),
        ("-1", "s"),
    ]
    notes = [(row[0].value, row[0].data_type) for row in workbook["Notes"].iter_rows()]
    assert notes == [("=1+1", "s"), ("=SUM(A1:A2)", "s")]


@pytest.mark.parametrize("value", ["²", "١", "987654"])
def test_an_export_of_a_group_that_is_no_known_id_holds_every_group(survey, value: str) -> None:
    citizens = make.group("citizens")
    make.respond(survey, citizens, {survey.questions.get(key="agree"): 2}, times=5)

    response = download(survey, "csv", f"?group={value}")

    assert response.status_code == 200
    _header, *rows = read_csv(response)
    assert {row[1] for row in rows} == {"Employees", "Citizens"}


def test_downloaded_in_german_the_csv_opens_in_german_spreadsheet_programs(survey) -> None:
    with schema_context("public"):
        client = browser_of("leo", make_alpha())
    response = client.get(f"/surveys/{survey.pk}/results/export.csv", HTTP_ACCEPT_LANGUAGE="de")

    text = response.content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    header, rows = lines[0], lines[1 : lines.index([])]
    assert header[:2] == ["Antwortbogen", "Gruppe"]
    assert len(rows) == 10 and all(len(row) == len(header) for row in rows)
    # Read as a comma-separated file, each line would be one column.
    assert "," not in text.splitlines()[0]


def _code(survey, text: str):
    from surveys.models import TextCode, text_digest
    from taxonomy.models import Topic

    topic = Topic.objects.order_by("pk").first()
    TextCode.objects.create(
        question=survey.questions.get(key="ideas"),
        text=text,
        text_digest=text_digest(text),
        topic=topic,
    )
    return topic


def test_the_topics_a_text_was_coded_with_stand_beside_it(formula_texts) -> None:
    topic = _code(formula_texts, "Mehr Tablets")

    header, *rows = read_csv(download(formula_texts, "csv"))

    texts, topics = header.index("ideas: Ideas"), header.index("ideas/topics")
    pairs = {(row[texts], row[topics]) for row in rows}
    assert pairs == {("", ""), ("Mehr Tablets", topic.name), ("'" + FORMULA, "")}


def test_topics_stay_out_where_the_texts_must(survey) -> None:
    _code(survey, "Mehr Tablets")  # five texts: too few to export

    header, *rows = read_csv(download(survey, "csv"))

    topics = header.index("ideas/topics")
    assert {row[topics] for row in rows} == {""}


def test_the_notes_say_which_questions_were_asked_only_as_a_follow_up(survey) -> None:
    services = survey.questions.get(key="services")
    follow_up = make.question(survey, "app-which", Kind.TEXT)
    follow_up.shown_if_options.set([services.options.get(label_en="App")])

    notes = responses_export(survey).notes

    assert "“app-which” was asked only of those who chose “App” (services)." in notes


def test_the_notes_name_the_range_of_a_scale_a_follow_up_follows(survey) -> None:
    why = make.question(survey, "why-not", Kind.TEXT)
    why.shown_if_scale = survey.questions.get(key="agree")
    why.shown_if_from, why.shown_if_to = 1, 2
    why.save()

    with translation.override("de"):
        german = responses_export(survey).notes

    assert (
        "„why-not“ wurde nur denen gestellt, die „Stimme überhaupt nicht zu“ bis "
        "„Stimme nicht zu“ (agree) gewählt haben." in german
    )
