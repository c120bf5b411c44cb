"""The roadmap as a table: CSV and XLSX, from the same rows as a version's snapshot."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .versions import FIELDS


def _header() -> list[str]:
    return [str(label) for _name, label in FIELDS]


def _cells(record: dict) -> list[str]:
    cells = []
    for name, _label in FIELDS:
        value = record.get(name)
        cells.append(
            ", ".join(value) if isinstance(value, list) else ("" if value is None else str(value))
        )
    return cells


def _safe(cell: str) -> str:
    # A cell starting with = + - @ would run as a formula when the file is opened in a
    # spreadsheet program; a leading apostrophe keeps it text.
    return f"'{cell}" if cell[:1] in ("=", "+", "-", "@") else cell


def roadmap_csv(records: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header())
    for record in records:
        writer.writerow([_safe(cell) for cell in _cells(record)])
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
    for record in records:
        sheet.append([_safe(cell) for cell in _cells(record)])
    sheet.freeze_panes = "B3"
    for index, (name, _label) in enumerate(FIELDS, start=1):
        wide = name in ("title", "goal", "description", "kpi")
        sheet.column_dimensions[get_column_letter(index)].width = 40 if wide else 18
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
