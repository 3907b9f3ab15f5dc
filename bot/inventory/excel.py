"""The inventory workbook (.xlsx, openpyxl), shaped like the Ministry's 溫室氣體盤查表單.

Sheets: 基本資料 (表一), 排放源鑑別 (表三), 活動數據 (表四), 定量盤查 (表五: per-source rows, one group of
columns per gas), 類別彙總 and 溫室氣體彙總 (表八), 說明 (factor sources and versions, rounding rules, calc's
notes). Every number is calc's, written as a number with the form's precision as its number format: tonnes and
CO2e per line 4 decimals, totals 3 decimals, shares as percentages. Headings come from labels.yml.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.inventory.labels import Labels, load_labels
from bot.inventory.payload import CalcResult, InventoryInput, Line
from knowledge.sources import public_source

TAIWAN_TIME = timezone(timedelta(hours=8), "Asia/Taipei")  # no daylight saving since 1979
GAS_GROUPS = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3")

AMOUNT_FORMAT = "#,##0.0000"
FACTOR_FORMAT = "0.0000000000"
LINE_FORMAT = "#,##0.0000"  # tonnes of a gas, CO2e of a line
TOTAL_FORMAT = "#,##0.000"
SHARE_FORMAT = "0.00%"
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


@dataclass(frozen=True)
class ExportInfo:
    """What the workbook shows besides calc's input and result."""

    version: int
    created_at: datetime


def build_workbook(
    inventory: InventoryInput, result: CalcResult, info: ExportInfo, labels: Labels | None = None
) -> bytes:
    """The workbook as .xlsx bytes."""
    labels = labels or load_labels()
    book = Workbook()
    book.properties.creator = labels.text("workbook.creator")
    sheets = _Sheets(book, labels)
    _cover(sheets.new("cover"), inventory, result, info, labels)
    _identification(sheets.new("identification"), result, labels)
    _activity(sheets.new("activity"), inventory, result, labels)
    _quantification(sheets.new("quantification"), inventory, result, labels)
    _categories(sheets.new("categories"), result, labels)
    _gases(sheets.new("gases"), result, labels)
    _notes(sheets.new("notes"), result, labels)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def file_name(result: CalcResult, info: ExportInfo, labels: Labels | None = None) -> str:
    return (labels or load_labels()).text("workbook.file_name", year=result.year, version=info.version)


# -- the sheets -----------------------------------------------------------------------------------------------


class _Sheets:
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


def _cover(sheet: Worksheet, given: InventoryInput, result: CalcResult, info: ExportInfo, labels: Labels) -> None:
    key = "workbook.cover."
    unknown = labels.text(key + "unknown")
    gwp_key = "gwp_value_default" if result.gwp_default else "gwp_value"
    rows: list[tuple[str, Any, str | None]] = [
        (labels.text(key + "company"), (given.company or "").strip() or unknown, None),
        (labels.text(key + "site"), (given.site or "").strip() or unknown, None),
        (labels.text(key + "year"), labels.text(key + "year_value", year=result.year, roc_year=result.roc_year), None),
        (labels.text(key + "standard"), labels.text(key + "standard_value"), None),
        (labels.text(key + "gwp"), labels.text(key + gwp_key, gwp=result.gwp), None),
        (labels.text(key + "electricity"), _electricity_factor(result, labels), None),
        (labels.text(key + "factor_source"),
         "\n".join(_unique(public_source(line.factor.source) for line in result.lines)), None),
        (labels.text(key + "total"), result.total_tco2e, TOTAL_FORMAT),
        (labels.text(key + "version"), labels.text(key + "version_value", version=info.version), None),
        (
            labels.text(key + "generated"),
            labels.text(key + "generated_value", time=info.created_at.astimezone(TAIWAN_TIME).strftime("%Y-%m-%d %H:%M")),
            None,
        ),
    ]
    _header(sheet, labels.list(key + "headers"))
    for offset, (label, value, number_format) in enumerate(rows):
        row = FIRST_DATA_ROW + offset
        label_cell = sheet.cell(row=row, column=1, value=label)
        label_cell.font, label_cell.alignment = BOLD, TOP
        cell = text_safe(sheet.cell(row=row, column=2, value=value))
        cell.alignment = WRAP if number_format is None else Alignment(horizontal="left")
        if number_format:
            cell.number_format = number_format
        if isinstance(value, str) and "\n" in value:
            sheet.row_dimensions[row].height = LINE_HEIGHT * (value.count("\n") + 1)
        for column in (1, 2):
            sheet.cell(row=row, column=column).border = BORDER
    note_row = FIRST_DATA_ROW + len(rows) + 1
    sheet.cell(row=note_row, column=1, value=labels.text(key + "disclaimer")).alignment = WRAP
    sheet.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=2)
    sheet.row_dimensions[note_row].height = 48
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 90
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=1)


def _identification(sheet: Worksheet, result: CalcResult, labels: Labels) -> None:
    key = "workbook.identification."
    mark = labels.text(key + "produces")
    rows = []
    for line in result.lines:
        groups = {gas.group for gas in line.gases}
        rows.append(
            [
                line.index + 1,
                line.equipment or "",
                _material(line, labels),
                labels.text(key + "biomass_no"),
                _direct(line, labels),
                line.category,
                _emission_type(line, labels),
                *[mark if group in groups else "" for group in GAS_GROUPS],
                "",
            ]
        )
    _table(sheet, labels.list(key + "headers"), rows, {})


def _activity(sheet: Worksheet, given: InventoryInput, result: CalcResult, labels: Labels) -> None:
    rows = [
        [
            line.index + 1,
            line.equipment or "",
            _material(line, labels),
            _direct(line, labels),
            _emission_type(line, labels),
            line.amount_as_written,
            line.unit,
            _evidence(line, labels),
            _method(line, given, labels),
            line.factor.heat_value,
            line.factor.heat_value_unit or "",
            _remarks(line, labels),
        ]
        for line in result.lines
    ]
    _table(sheet, labels.list("workbook.activity.headers"), rows, {6: AMOUNT_FORMAT, 10: "#,##0"}, wrap={8, 12})


def _remarks(line: Line, labels: Labels) -> str:
    """估算 first when it is one, then how the amount was obtained, then calc's notes."""
    parts = [labels.text("workbook.activity.estimate")] if line.estimate else []
    if line.explanation:
        parts.append(line.explanation)
    return "\n".join(parts + list(line.notes))


def _quantification(sheet: Worksheet, given: InventoryInput, result: CalcResult, labels: Labels) -> None:
    key = "workbook.quantification."
    gas_columns = max((len(line.gases) for line in result.lines), default=1) or 1
    before, per_gas, after = (
        labels.list(key + "headers_before"),
        labels.list(key + "gas_headers"),
        labels.list(key + "headers_after"),
    )
    headers = [*before, *[h.format(n=n) for n in range(1, gas_columns + 1) for h in per_gas], *after]
    formats: dict[int, str] = {6: AMOUNT_FORMAT}
    for n in range(gas_columns):
        first = len(before) + n * len(per_gas) + 1
        formats.update({first + 1: FACTOR_FORMAT, first + 3: LINE_FORMAT, first + 5: LINE_FORMAT})
    subtotal_column = len(before) + gas_columns * len(per_gas) + 1
    formats.update({subtotal_column: LINE_FORMAT, subtotal_column + 1: SHARE_FORMAT})
    rows: list[list[Any]] = []
    gwp_cells: list[tuple[int, int, float]] = []
    for line in result.lines:
        row: list[Any] = [
            line.index + 1,
            line.equipment or "",
            _material(line, labels),
            _direct(line, labels),
            _emission_type(line, labels),
            line.amount,
            line.unit_display,
            _method(line, given, labels),
        ]
        factor_unit = labels.text(key + "factor_unit", unit=line.unit_display)
        for gas in line.gases:
            gas_name = gas.gas if gas.gas == gas.group else labels.text(key + "gas_with_group", gas=gas.gas, group=gas.group)
            gwp_cells.append((len(rows), len(row) + 5, gas.gwp))
            row += [gas_name, gas.factor_kg_per_unit, factor_unit, gas.tonnes, gas.gwp, gas.tco2e]
        row += [""] * (len(per_gas) * (gas_columns - len(line.gases)))
        row += [line.tco2e, line.share_percent / 100, public_source(line.factor.source), line.factor.version]
        rows.append(row)
    total: list[Any] = [labels.text(key + "total")] + [""] * (subtotal_column - 2)
    total += [result.total_tco2e, 1 if result.total_tco2e else 0]
    last = _table(sheet, headers, rows, formats, wrap={len(headers) - 1}, total=total)
    sheet.cell(row=last, column=subtotal_column).number_format = TOTAL_FORMAT
    for index, column, gwp in gwp_cells:
        sheet.cell(row=FIRST_DATA_ROW + index, column=column).number_format = _gwp_format(gwp)
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=4)


def _categories(sheet: Worksheet, result: CalcResult, labels: Labels) -> None:
    key = "workbook.categories."
    rows: list[list[Any]] = []
    subtotal_rows: list[int] = []
    for category in result.by_category.values():
        heading = f"{category.label} {category.name}"
        for type_id, subtotal in result.by_emission_type.items():
            if subtotal.category == category.label:
                rows.append(
                    [
                        heading,
                        category.scope or "",
                        labels.mapping("workbook.emission_types").get(type_id, subtotal.label),
                        subtotal.tco2e,
                        subtotal.share_percent / 100,
                    ]
                )
        subtotal_rows.append(len(rows))
        rows.append([heading, category.scope or "", labels.text(key + "subtotal"), category.tco2e, category.share_percent / 100])
    total = [labels.text(key + "total"), "", "", result.total_tco2e, 1 if result.total_tco2e else 0]
    _table(sheet, labels.list(key + "headers"), rows, {4: TOTAL_FORMAT, 5: SHARE_FORMAT}, total=total)
    for index in subtotal_rows:
        for column in range(1, 6):
            cell = sheet.cell(row=FIRST_DATA_ROW + index, column=column)
            cell.font, cell.fill = BOLD, TOTAL_FILL


def _gases(sheet: Worksheet, result: CalcResult, labels: Labels) -> None:
    key = "workbook.gases."
    groups = [group for group in GAS_GROUPS if group in result.by_gas]
    headers = [labels.text(key + "corner"), *groups, labels.text(key + "total_header")]
    gases = [result.by_gas[group] for group in groups]
    rows: list[list[Any]] = [
        ["", *[gas.label for gas in gases], ""],
        [labels.text(key + "tonnes_row"), *[gas.tonnes for gas in gases], ""],
        [labels.text(key + "tco2e_row"), *[gas.tco2e for gas in gases], result.total_tco2e],
        [labels.text(key + "share_row"), *[gas.share_percent / 100 for gas in gases], 1 if result.total_tco2e else 0],
    ]
    last = _table(sheet, headers, rows, {})
    for column in range(2, len(headers) + 1):
        sheet.cell(row=FIRST_DATA_ROW + 1, column=column).number_format = TOTAL_FORMAT
        sheet.cell(row=FIRST_DATA_ROW + 2, column=column).number_format = TOTAL_FORMAT
        sheet.cell(row=FIRST_DATA_ROW + 3, column=column).number_format = SHARE_FORMAT
    rule = sheet.cell(row=last + 2, column=1, value=labels.text(key + "rule"))
    rule.alignment = WRAP
    sheet.merge_cells(start_row=last + 2, start_column=1, end_row=last + 2, end_column=len(headers))
    sheet.row_dimensions[last + 2].height = 36


def _notes(sheet: Worksheet, result: CalcResult, labels: Labels) -> None:
    key = "workbook.notes."
    sheet.cell(row=HEADER_ROW, column=1, value=labels.text(key + "factors_title")).font = BOLD
    headers = labels.list(key + "factor_headers")
    rows = [
        [
            line.index + 1,
            _material(line, labels),
            line.factor.name,
            public_source(line.factor.source),
            line.factor.version,
            labels.text(key + "heat_value", value=line.factor.heat_value, unit=line.factor.heat_value_unit or "")
            if line.factor.heat_value is not None
            else "",
        ]
        for line in result.lines
    ]
    last = _table(sheet, headers, rows, {}, header_row=HEADER_ROW + 1, wrap={3, 4}, freeze=False)
    row = last + 2
    sheet.cell(row=row, column=1, value=labels.text(key + "rounding_title")).font = BOLD
    for rule in labels.list(key + "rounding"):
        row += 1
        _note_row(sheet, row, rule, len(headers))
    row += 2
    sheet.cell(row=row, column=1, value=labels.text(key + "calc_notes_title")).font = BOLD
    notes = list(result.notes)
    for line in result.lines:
        notes += [labels.text(key + "line_note", number=line.index + 1, note=note) for note in line.notes]
    for note in notes:
        row += 1
        _note_row(sheet, row, note, len(headers))


# -- helpers --------------------------------------------------------------------------------------------------


def text_safe(cell: Any) -> Any:
    """A cell whose text is kept as text: a user's company name "=A1&…" (or "+…", "-…", "@…") must never
    become a formula (CSV/formula injection). openpyxl turns text starting with "=" into a formula; this makes
    it a string cell again."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def _table(
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
    _header(sheet, headers, header_row)
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
    _fit_columns(sheet, headers, all_rows, formats)
    _fit_rows(sheet, all_rows, wrap, header_row + 1)
    if freeze:
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    return last


def _header(sheet: Worksheet, headers: Sequence[str], row: int = HEADER_ROW) -> None:
    for column, title in enumerate(headers, start=1):
        cell = sheet.cell(row=row, column=column, value=title)
        cell.font, cell.fill, cell.alignment, cell.border = BOLD, HEADER_FILL, HEADER_ALIGNMENT, BORDER
    sheet.row_dimensions[row].height = 36


def _fit_columns(sheet: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[Any]], formats: dict[int, str]) -> None:
    for column, title in enumerate(headers, start=1):
        width = _display_width(title) * 0.6 + 2  # headers wrap onto two lines
        for values in rows:
            if column <= len(values):
                text = _shown(values[column - 1], formats.get(column))
                width = max(width, max((_display_width(part) for part in text.split("\n")), default=0) + 2)
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width, MIN_WIDTH), MAX_WIDTH)


def _fit_rows(sheet: Worksheet, rows: Sequence[Sequence[Any]], wrap: set[int], first_row: int) -> None:
    """Give rows with wrapped text the height of their longest cell (spreadsheets do not all re-measure)."""
    for offset, values in enumerate(rows):
        lines = 1
        for column in wrap:
            if column <= len(values) and isinstance(values[column - 1], str):
                width = sheet.column_dimensions[get_column_letter(column)].width or MIN_WIDTH
                # a CJK character is about 1.8 width units wide in Excel, not the 2 counted by _display_width
                lines = max(lines, sum(math.ceil(_display_width(part) * 0.9 / max(width - 1, 1)) or 1
                                       for part in values[column - 1].split("\n")))
        if lines > 1:
            sheet.row_dimensions[first_row + offset].height = LINE_HEIGHT * lines


def _shown(value: Any, number_format: str | None) -> str:
    """About what a cell shows (for its column's width)."""
    if isinstance(value, float):
        decimals = len(number_format.rsplit(".", 1)[1].rstrip("%")) if number_format and "." in number_format else 4
        return f"{value:,.{decimals}f}"
    return "" if value is None else str(value)


def _display_width(text: str) -> int:
    """Columns a text takes: East-Asian wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _note_row(sheet: Worksheet, row: int, text: str, width: int) -> None:
    cell = text_safe(sheet.cell(row=row, column=1, value=text))
    cell.alignment = WRAP
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    sheet.row_dimensions[row].height = LINE_HEIGHT * max(1, -(-_display_width(text) // 150))


def _material(line: Line, labels: Labels) -> str:
    if line.refrigerant:
        return labels.text("workbook.material_with_refrigerant", name=line.source_name, refrigerant=line.refrigerant)
    return line.source_name


def _direct(line: Line, labels: Labels) -> str:
    return labels.text("workbook.direct" if line.category_id == "category_1" else "workbook.indirect")


def _emission_type(line: Line, labels: Labels) -> str:
    return labels.mapping("workbook.emission_types").get(line.emission_type_id, line.emission_type)


def _method(line: Line, given: InventoryInput, labels: Labels) -> str:
    if line.source in labels.list("workbook.mass_balance_sources"):
        return labels.text("workbook.methods.mass_balance")
    activity = given.activities[line.index] if 0 <= line.index < len(given.activities) else None
    if activity is not None and activity.factor not in (None, ""):
        return labels.text("workbook.methods.supplier")
    return labels.text("workbook.methods.official")


def _evidence(line: Line, labels: Labels) -> str:
    by_source = labels.mapping("workbook.evidence.by_source")
    if line.source in by_source:
        return by_source[line.source]
    return labels.mapping("workbook.evidence.by_type").get(line.emission_type_id, "")


def _electricity_factor(result: CalcResult, labels: Labels) -> str:
    key = "workbook.cover."
    for line in result.lines:
        if line.source == "electricity" and line.factor.data_year is not None:
            factor = line.factor
            value = next(iter(factor.values.values()), None)
            return labels.text(
                key + ("electricity_stand_in" if factor.stand_in else "electricity_value"),
                name=factor.name,
                factor=value,
                announcement=factor.announcement or public_source(factor.source),
            )
    return labels.text(key + "electricity_none")


def _gwp_format(gwp: float) -> str:
    return "#,##0" if float(gwp).is_integer() else "#,##0.0##"


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))
