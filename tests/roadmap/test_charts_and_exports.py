"""The timeline drawing (shared with the PDF) and the CSV/XLSX export."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from roadmap.charts import Bar, timeline_svg
from roadmap.exports import roadmap_csv, roadmap_xlsx
from roadmap.models import Measure
from tests.conftest import persona, signed_in_client
from tests.roadmap import helpers


def bars() -> list[Bar]:
    return [
        Bar(1, "Breitband <ausbauen> & mehr", "Infrastruktur", date(2027, 1, 1), date(2027, 6, 30)),
        Bar(2, "WLAN", "Infrastruktur", date(2027, 7, 1), date(2027, 12, 31), tone="blocked"),
        Bar(3, "E-Akte", "Verwaltung", date(2027, 4, 1), date(2028, 3, 31), percent=40),
    ]


def test_the_timeline_is_an_accessible_image_with_a_title() -> None:
    svg = timeline_svg(bars(), title="Roadmap von Altstadt")
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="timeline-title">Roadmap von Altstadt</title>' in svg


def test_the_timeline_escapes_labels() -> None:
    svg = timeline_svg(bars(), title="<script>")
    assert "<ausbauen>" not in svg and "&lt;ausbauen&gt; &amp; mehr" in svg
    assert "<script>" not in svg


def test_the_timeline_has_a_column_per_quarter_and_a_heading_per_group() -> None:
    svg = timeline_svg(bars(), title="t")
    for label in ("Q1 2027", "Q4 2027", "Q1 2028", "Infrastruktur", "Verwaltung", "40 %"):
        assert label in svg
    assert "Q2 2028" not in svg


def test_dependencies_are_drawn_as_arrows_only_between_shown_bars() -> None:
    assert timeline_svg(bars(), title="t", arrows=[(1, 2)]).count("marker-end") == 1
    assert timeline_svg(bars(), title="t", arrows=[(1, 99)]).count("marker-end") == 0


def test_an_empty_timeline_says_so() -> None:
    assert "Nothing here" in timeline_svg([], title="t", empty_label="Nothing here")


RECORDS = [
    {"title": '=HYPERLINK("http://evil")', "topics": ["E-Akte", "Prozesse"], "cost_estimate": None},
    {"title": "Bürger-App", "owner_department": "Hauptamt", "partners": []},
]


def test_the_csv_has_a_header_and_defuses_formulas() -> None:
    text = roadmap_csv(RECORDS).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("Title,Goal,Description")
    assert lines[1].startswith("\"'=HYPERLINK")
    assert "E-Akte, Prozesse" in lines[1]
    assert "Bürger-App" in lines[2]


def test_in_german_the_csv_has_semicolons_and_a_cost_with_a_decimal_comma() -> None:
    records = [{"title": "E-Akte", "cost_estimate": "12500.50"}]
    with translation.override("de"):
        text = roadmap_csv(records).decode("utf-8-sig")
    header, row = csv.reader(io.StringIO(text), delimiter=";")
    assert header[0] == "Titel"
    assert row[header.index("Kostenschätzung (EUR)")] == "12500,50"


def test_the_xlsx_opens_with_one_row_per_measure_and_a_formula_as_text() -> None:
    sheet = load_workbook(io.BytesIO(roadmap_xlsx(RECORDS, title="Roadmap"))).active
    assert sheet["A1"].value == "Roadmap"
    assert sheet["A2"].value == "Title"
    assert (sheet["A3"].value, sheet["A3"].data_type) == ('=HYPERLINK("http://evil")', "s")
    assert sheet["A4"].value == "Bürger-App"


@pytest.mark.parametrize(("kind", "kind_type"), [("csv", "text/csv"), ("xlsx", "spreadsheetml")])
def test_members_download_the_roadmap(in_alpha, alpha, kind: str, kind_type: str) -> None:
    helpers.measure("E-Akte einführen")
    response = signed_in_client(persona("mia"), alpha).get(f"/roadmap/export.{kind}")
    assert response.status_code == 200
    assert kind_type in response["Content-Type"]
    assert f'.{kind}"' in response["Content-Disposition"]


def test_an_unknown_export_format_is_not_found(alpha) -> None:
    assert signed_in_client(persona("mia"), alpha).get("/roadmap/export.pdf").status_code == 404


def test_the_roadmap_page_shows_the_timeline(in_alpha, alpha) -> None:
    first, second = helpers.measure("Breitband"), helpers.measure("WLAN in Schulen")
    second.depends_on.add(first)
    page = signed_in_client(persona("mia"), alpha).get("/roadmap/").content.decode()
    assert 'role="img"' in page and "marker-end" in page


def test_the_xlsx_cost_column_holds_euro_numbers_that_can_be_summed(in_alpha, alpha) -> None:
    helpers.measure("E-Akte einführen", cost_estimate=Decimal("12000.00"))
    helpers.measure("WLAN in Schulen", cost_estimate=Decimal("3500.50"))
    helpers.measure("Bürger-App")
    response = signed_in_client(persona("mia"), alpha).get("/roadmap/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    column = [cell.value for cell in sheet[2]].index("Cost estimate (EUR)")

    costs = [row[column] for row in sheet.iter_rows(min_row=3)]

    assert [cell.value for cell in costs] == [12000, 3500.5, None]
    assert costs[0].data_type == "n" and "€" in costs[0].number_format


def test_the_exports_name_priority_and_status_in_the_readers_language(in_alpha, alpha) -> None:
    helpers.measure("E-Akte einführen", priority=Measure.Priority.HIGH)
    client = signed_in_client(persona("mia"), alpha)
    text = client.get("/roadmap/export.csv").content.decode("utf-8-sig")
    assert "High" in text and "Planned" in text
    german = client.get("/roadmap/export.csv", HTTP_ACCEPT_LANGUAGE="de")
    assert "Hoch" in german.content.decode("utf-8-sig")
