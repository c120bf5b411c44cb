"""What every table handed out as a file shares: cells that cannot run as formulas, and in CSV
files the conventions of the reader's spreadsheet program.

Excel and LibreOffice in German split a CSV file's columns at semicolons (the comma is their
decimal mark): a comma-separated file opens there as one column of whole lines. So the file
follows the language of the page it was downloaded from, as German data portals do:
semicolons and decimal commas in German, commas and decimal points in English.
"""

import csv
from decimal import Decimal

from django.utils import translation

# A cell starting with one of these is run as a formula by spreadsheet programs (OWASP, "CSV
# Injection"): a respondent's text could otherwise open links or read other cells.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _german() -> bool:
    return (translation.get_language() or "").startswith("de")


def csv_writer(stream):
    """A csv writer for `stream` in the reader's conventions (see above)."""
    return csv.writer(stream, delimiter=";" if _german() else ",")


def csv_cell(cell):
    """The cell as a CSV file holds it: texts defused, decimals with the reader's mark.

    A leading ' makes spreadsheet programs read a text as text. Only texts: a number such as
    -1 is no formula and stays a number.
    """
    if isinstance(cell, str):
        return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell
    if isinstance(cell, Decimal | float) and _german():
        return str(cell).replace(".", ",")
    return cell


def csv_row(row: list) -> list:
    return [csv_cell(cell) for cell in row]


def xlsx_row(sheet, row: list) -> list:
    """The row for `sheet.append`, with every text in a text cell, shown exactly as written.

    openpyxl stores a text starting with "=" as a formula and one such as "#N/A" as an error;
    those get a cell typed as text. Every other text is stored as text already, and a cell of
    its own for each would make a large export slower.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cells = []
    for value in row:
        if isinstance(value, str):
            # Control characters someone typed (or pasted) have no place in the file format:
            # openpyxl would refuse the whole file for one of them.
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if isinstance(value, str) and value.startswith(("=", "#")):
            value = WriteOnlyCell(sheet, value=value)
            value.data_type = "s"
        cells.append(value)
    return cells
