"""The roadmap as a table: CSV and XLSX, from the same rows as a version's snapshot."""

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from config.spreadsheets import csv_row, csv_writer, xlsx_row

from .versions import FIELDS, shown

# Shown with thousands separators and the euro sign in the reader's spreadsheet program,
# and still a number there, so the column can be summed.
EURO = '#,##0.00 "€"'


def _header() -> list[str]:
    return [str(label) for _name, label in FIELDS]


def _cells(record: dict) -> list[str | Decimal | None]:
    """The record's cells: the cost as a number (None when not estimated), the rest as text."""
    cells: list[str | Decimal | None] = []
    for name, _label in FIELDS:
        if name == "cost_estimate":
            cost = record.get(name)
            cells.append(None if cost in (None, "") else Decimal(cost))
        else:
            cells.append(str(shown(record, name)))
    return cells


def roadmap_csv(records: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(_header())
    for record in records:
        writer.writerow(csv_row(["" if cell is None else cell for cell in _cells(record)]))
    # The byte-order mark makes spreadsheet programs read the file as UTF-8 (umlauts).
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def roadmap_xlsx(records: list[dict], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Roadmap")[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(_header())
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    cost_column = [name for name, _label in FIELDS].index("cost_estimate") + 1
    for record in records:
        sheet.append(xlsx_row(sheet, _cells(record)))
        sheet.cell(row=sheet.max_row, column=cost_column).number_format = EURO
    sheet.freeze_panes = "B3"
    for index, (name, _label) in enumerate(FIELDS, start=1):
        wide = name in ("title", "goal", "description", "kpi")
        sheet.column_dimensions[get_column_letter(index)].width = 40 if wide else 18
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
