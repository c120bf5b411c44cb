"""Tables as files: CSV in the conventions of the reader's language, texts never formulas."""

import csv
import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import Workbook

from config.spreadsheets import csv_row, csv_writer, xlsx_row


def _written(row: list) -> str:
    buffer = io.StringIO()
    csv_writer(buffer).writerow(csv_row(row))
    return buffer.getvalue().strip()


def test_german_csv_separates_with_semicolons_and_writes_decimal_commas() -> None:
    with translation.override("de"):
        assert _written(["Bürger-App", Decimal("12500.50"), 3, "a;b"]) == (
            'Bürger-App;12500,50;3;"a;b"'
        )


def test_english_csv_separates_with_commas_and_writes_decimal_points() -> None:
    with translation.override("en"):
        assert _written(["Citizen app", Decimal("12500.50"), 3, "a,b"]) == (
            'Citizen app,12500.50,3,"a,b"'
        )


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_text_a_spreadsheet_could_run_is_quoted_in_either_language(start: str) -> None:
    for language in ("de", "en"):
        with translation.override(language):
            buffer = io.StringIO()
            csv_writer(buffer).writerow(csv_row([f"{start}1+1", -1]))
            delimiter = ";" if language == "de" else ","
            (line,) = csv.reader(io.StringIO(buffer.getvalue()), delimiter=delimiter)
            assert line == [f"'{start}1+1", "-1"]


def test_in_a_workbook_texts_stay_texts_and_control_characters_go() -> None:
    sheet = Workbook().active
    sheet.append(xlsx_row(sheet, ['=HYPERLINK("http://evil")', "#N/A", "Akte\x07", 5, None]))

    cells = list(sheet[1])
    assert [(cell.value, cell.data_type) for cell in cells[:4]] == [
        ('=HYPERLINK("http://evil")', "s"),
        ("#N/A", "s"),
        ("Akte", "s"),
        (5, "n"),
    ]
