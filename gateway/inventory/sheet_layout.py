"""Writing the workbook's sheets with openpyxl: the form's styles, a titled sheet per key of labels.yml, tables
with header, borders, number formats and a total row, column widths and row heights fitted to CJK text, and text
cells that never become formulas."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gateway.inventory.labels import Labels

HEADER_FILL = PatternFill("solid", start_color="FCE4D6")  # the form's orange header cells
TOTAL_FILL = PatternFill("solid", start_color="EDEDED")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
TITLE_FONT = Font(bold=True, size=14)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
LINE_HEIGHT = 18  # points per line of 11-point CJK text
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")
MIN_WIDTH, MAX_WIDTH = 8, 60
HEADER_ROW, FIRST_DATA_ROW = 2, 3


class Sheets:
    def __init__(self, book: Workbook, labels: Labels) -> None:
        self.book = book
        self.labels = labels
        self.first = True

    def new(self, key: str) -> Worksheet:
        name = self.labels.text(f"workbook.sheets.{key}.name")
        if self.first:
            sheet = self.book.active
            assert sheet is not None
            sheet.title = name
            self.first = False
        else:
            sheet = self.book.create_sheet(name)
        sheet.cell(row=1, column=1, value=self.labels.text(f"workbook.sheets.{key}.title")).font = TITLE_FONT
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        return sheet


def text_safe(cell: Any) -> Any:
    """A cell whose text is kept as text: a user's company name "=A1&…" (or "+…", "-…", "@…") must never
    become a formula (CSV/formula injection). openpyxl turns text starting with "=" into a formula; this makes
    it a string cell again."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def table(
    sheet: Worksheet,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    formats: dict[int, str],
    *,
    header_row: int = HEADER_ROW,
    wrap: Iterable[int] = (),
    total: Sequence[Any] | None = None,
    freeze: bool = True,
) -> int:
    """Write a header and rows (formats and wrapping by 1-based column); returns the last row written."""
    header(sheet, headers, header_row)
    wrap = set(wrap)
    all_rows = [*rows, *([total] if total is not None else [])]
    for offset, values in enumerate(all_rows):
        row = header_row + 1 + offset
        for column, value in enumerate(values, start=1):
            cell = text_safe(sheet.cell(row=row, column=column, value=None if value == "" else value))
            cell.border = BORDER
            if column in formats and isinstance(value, (int, float)):
                cell.number_format = formats[column]
            cell.alignment = WRAP if column in wrap else TOP
    last = header_row + len(all_rows)
    if total is not None:
        for column in range(1, len(headers) + 1):
            cell = sheet.cell(row=last, column=column)
            cell.font, cell.fill, cell.border = BOLD, TOTAL_FILL, BORDER
    if rows:
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{header_row + len(rows)}"
    fit_columns(sheet, headers, all_rows, formats)
    fit_rows(sheet, all_rows, wrap, header_row + 1)
    if freeze:
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    return last


def header(sheet: Worksheet, headers: Sequence[str], row: int = HEADER_ROW) -> None:
    for column, title in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=column, value=title)
        cell.font, cell.fill, cell.alignment, cell.border = BOLD, HEADER_FILL, HEADER_ALIGNMENT, BORDER
    sheet.row_dimensions[row].height = 36


def fit_columns(sheet: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[Any]], formats: dict[int, str]) -> None:
    for column, title in enumerate(headers, start=1):
        width = display_width(title) * 0.6 + 2  # headers wrap onto two lines
        for values in rows:
            if column <= len(values):
                text = shown(values[column - 1], formats.get(column))
                width = max(width, max((display_width(part) for part in text.split("\n")), default=0) + 2)
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width, MIN_WIDTH), MAX_WIDTH)


def fit_rows(sheet: Worksheet, rows: Sequence[Sequence[Any]], wrap: set[int], first_row: int) -> None:
    """Give rows with wrapped text the height of their longest cell (spreadsheets do not all re-measure)."""
    for offset, values in enumerate(rows):
        lines = 1
        for column in wrap:
            if column <= len(values) and isinstance(values[column - 1], str):
                width = sheet.column_dimensions[get_column_letter(column)].width or MIN_WIDTH
                # a CJK character is about 1.8 width units wide in Excel, not the 2 counted by _display_width
                lines = max(lines, sum(math.ceil(display_width(part) * 0.9 / max(width - 1, 1)) or 1
                                       for part in values[column - 1].split("\n")))
        if lines > 1:
            sheet.row_dimensions[first_row + offset].height = LINE_HEIGHT * lines


def shown(value: Any, number_format: str | None) -> str:
    """About what a cell shows (for its column's width)."""
    if isinstance(value, float):
        decimals = len(number_format.rsplit(".", 1)[1].rstrip("%")) if number_format and "." in number_format else 4
        return f"{value:,.{decimals}f}"
    return "" if value is None else str(value)


def display_width(text: str) -> int:
    """Columns a text takes: East-Asian wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def note_row(sheet: Worksheet, row: int, text: str, width: int) -> None:
    cell = text_safe(sheet.cell(row=row, column=1, value=text))
    cell.alignment = WRAP
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    sheet.row_dimensions[row].height = LINE_HEIGHT * max(1, -(-display_width(text) // 150))
