"""The inventory workbook (.xlsx, openpyxl), shaped like the Ministry's 溫室氣體盤查表單.

Sheets: 基本資料 (表一), 排放源鑑別 (表三), 活動數據 (表四), 定量盤查 (表五: per-source rows, one group of
columns per gas), 類別彙總 and 溫室氣體彙總 (表八), 說明 (factor sources and versions, rounding rules, calc's
notes). Every number is calc's, written as a number with the form's precision as its number format: tonnes and
CO2e per line 4 decimals, totals 3 decimals, shares as percentages. Headings come from labels.yml.
Styles, tables and fitting to CJK text: gateway/inventory/sheet_layout.py; a line's columns of the form that calc's
result does not hold as such: gateway/inventory/form_columns.py.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from gateway.inventory import form_columns as col
from gateway.inventory.labels import Labels, load_labels
from gateway.inventory.payload import InventoryInput, LineJSON, ResultJSON
from gateway.inventory.sheet_layout import (
    BOLD, BORDER, FIRST_DATA_ROW, HEADER_ROW, LINE_HEIGHT, TOP, TOTAL_FILL, WRAP, Sheets, header, note_row, table,
    text_safe,
)
from knowledge.sources import public_source

TAIWAN_TIME = timezone(timedelta(hours=8), "Asia/Taipei")  # no daylight saving since 1979
GAS_GROUPS = ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3")

AMOUNT_FORMAT = "#,##0.0000"
FACTOR_FORMAT = "0.0000000000"
LINE_FORMAT = "#,##0.0000"  # tonnes of a gas, CO2e of a line
TOTAL_FORMAT = "#,##0.000"
SHARE_FORMAT = "0.00%"


@dataclass(frozen=True)
class ExportInfo:
    """What the workbook shows besides calc's input and result."""

    version: int
    created_at: datetime


def build_workbook(
    inventory: InventoryInput, result: ResultJSON, info: ExportInfo, labels: Labels | None = None
) -> bytes:
    """The workbook as .xlsx bytes."""
    labels = labels or load_labels()
    book = Workbook()
    book.properties.creator = labels.text("workbook.creator")
    sheets = Sheets(book, labels)
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


def file_name(result: ResultJSON, info: ExportInfo, labels: Labels | None = None) -> str:
    return (labels or load_labels()).text("workbook.file_name", year=result.year, version=info.version)


# -- the sheets -----------------------------------------------------------------------------------------------


def _cover(sheet: Worksheet, given: InventoryInput, result: ResultJSON, info: ExportInfo, labels: Labels) -> None:
    key = "workbook.cover."
    unknown = labels.text(key + "unknown")
    gwp_key = "gwp_value_default" if result.gwp_default else "gwp_value"
    rows: list[tuple[str, Any, str | None]] = [
        (labels.text(key + "company"), (given.company or "").strip() or unknown, None),
        (labels.text(key + "site"), (given.site or "").strip() or unknown, None),
        (labels.text(key + "year"), labels.text(key + "year_value", year=result.year, roc_year=result.roc_year), None),
        (labels.text(key + "standard"), labels.text(key + "standard_value"), None),
        (labels.text(key + "gwp"), labels.text(key + gwp_key, gwp=result.gwp), None),
        (labels.text(key + "electricity"), col.electricity_factor(result, labels), None),
        (labels.text(key + "factor_source"),
         "\n".join(col.unique(public_source(line.factor.source) for line in result.lines)), None),
        (labels.text(key + "total"), result.total_tco2e, TOTAL_FORMAT),
        (labels.text(key + "version"), labels.text(key + "version_value", version=info.version), None),
        (
            labels.text(key + "generated"),
            labels.text(key + "generated_value", time=info.created_at.astimezone(TAIWAN_TIME).strftime("%Y-%m-%d %H:%M")),
            None,
        ),
    ]
    header(sheet, labels.list(key + "headers"))
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


def _identification(sheet: Worksheet, result: ResultJSON, labels: Labels) -> None:
    key = "workbook.identification."
    mark = labels.text(key + "produces")
    rows = []
    for line in result.lines:
        groups = {gas.group for gas in line.gases}
        rows.append(
            [
                line.index + 1,
                line.equipment or "",
                col.material(line, labels),
                labels.text(key + "biomass_no"),
                col.direct(line, labels),
                line.category,
                col.emission_type(line, labels),
                *[mark if group in groups else "" for group in GAS_GROUPS],
                "",
            ]
        )
    table(sheet, labels.list(key + "headers"), rows, {})


def _activity(sheet: Worksheet, given: InventoryInput, result: ResultJSON, labels: Labels) -> None:
    rows = [
        [
            line.index + 1,
            line.equipment or "",
            col.material(line, labels),
            col.direct(line, labels),
            col.emission_type(line, labels),
            line.amount_as_written,
            line.written_unit,
            col.evidence(line, labels),
            col.method(line, given, labels),
            line.factor.heat_value,
            line.factor.heat_value_unit or "",
            _remarks(line, labels),
        ]
        for line in result.lines
    ]
    table(sheet, labels.list("workbook.activity.headers"), rows, {6: AMOUNT_FORMAT, 10: "#,##0"}, wrap={8, 12})


def _remarks(line: LineJSON, labels: Labels) -> str:
    """估算 first when it is one, then how the amount was obtained, then calc's notes."""
    parts = [labels.text("workbook.activity.estimate")] if line.estimate else []
    if line.explanation:
        parts.append(line.explanation)
    return "\n".join(parts + list(line.notes))


def _quantification(sheet: Worksheet, given: InventoryInput, result: ResultJSON, labels: Labels) -> None:
    key = "workbook.quantification."
    gas_columns = max((len(line.gases) for line in result.lines), default=1) or 1
    before, per_gas, after = (
        labels.list(key + "headers_before"),
        labels.list(key + "gas_headers"),
        labels.list(key + "headers_after"),
    )
    numbered = [h for n in range(1, gas_columns + 1) for h in labels.list(key + "gas_headers", n=n)]
    headers = [*before, *numbered, *after]
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
            col.material(line, labels),
            col.direct(line, labels),
            col.emission_type(line, labels),
            line.amount,
            line.unit_display,
            col.method(line, given, labels),
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
    last = table(sheet, headers, rows, formats, wrap={len(headers) - 1}, total=total)
    sheet.cell(row=last, column=subtotal_column).number_format = TOTAL_FORMAT
    for index, column, gwp in gwp_cells:
        sheet.cell(row=FIRST_DATA_ROW + index, column=column).number_format = col.gwp_format(gwp)
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=4)


def _categories(sheet: Worksheet, result: ResultJSON, labels: Labels) -> None:
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
    table(sheet, labels.list(key + "headers"), rows, {4: TOTAL_FORMAT, 5: SHARE_FORMAT}, total=total)
    for index in subtotal_rows:
        for column in range(1, 6):
            cell = sheet.cell(row=FIRST_DATA_ROW + index, column=column)
            cell.font, cell.fill = BOLD, TOTAL_FILL


def _gases(sheet: Worksheet, result: ResultJSON, labels: Labels) -> None:
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
    last = table(sheet, headers, rows, {})
    for column in range(2, len(headers) + 1):
        sheet.cell(row=FIRST_DATA_ROW + 1, column=column).number_format = TOTAL_FORMAT
        sheet.cell(row=FIRST_DATA_ROW + 2, column=column).number_format = TOTAL_FORMAT
        sheet.cell(row=FIRST_DATA_ROW + 3, column=column).number_format = SHARE_FORMAT
    rule = sheet.cell(row=last + 2, column=1, value=labels.text(key + "rule"))
    rule.alignment = WRAP
    sheet.merge_cells(start_row=last + 2, start_column=1, end_row=last + 2, end_column=len(headers))
    sheet.row_dimensions[last + 2].height = 36


def _notes(sheet: Worksheet, result: ResultJSON, labels: Labels) -> None:
    key = "workbook.notes."
    sheet.cell(row=HEADER_ROW, column=1, value=labels.text(key + "factors_title")).font = BOLD
    headers = labels.list(key + "factor_headers")
    rows = [
        [
            line.index + 1,
            col.material(line, labels),
            line.factor.name,
            public_source(line.factor.source),
            line.factor.version,
            labels.text(key + "heat_value", value=line.factor.heat_value, unit=line.factor.heat_value_unit or "")
            if line.factor.heat_value is not None
            else "",
        ]
        for line in result.lines
    ]
    last = table(sheet, headers, rows, {}, header_row=HEADER_ROW + 1, wrap={3, 4}, freeze=False)
    row = last + 2
    sheet.cell(row=row, column=1, value=labels.text(key + "rounding_title")).font = BOLD
    for rule in labels.list(key + "rounding"):
        row += 1
        note_row(sheet, row, rule, len(headers))
    row += 2
    sheet.cell(row=row, column=1, value=labels.text(key + "calc_notes_title")).font = BOLD
    notes = list(result.notes)
    for line in result.lines:
        notes += [labels.text(key + "line_note", number=line.index + 1, note=note) for note in line.notes]
    for note in notes:
        row += 1
        note_row(sheet, row, note, len(headers))
