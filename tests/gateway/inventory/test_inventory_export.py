"""The workbook a user downloads: it opens, it carries calc's numbers with the form's precision, and its headings
are the Ministry's inventory form's (inventory-form-example.ods, its extract in tests/official/)."""

from __future__ import annotations

import io
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import quote

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from calc import compute_json
from tests.official import sheets as official

SHEETS = ["基本資料", "排放源鑑別", "活動數據", "定量盤查", "類別彙總", "溫室氣體彙總", "說明"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(make_client, settle, inventory: dict, sender: str) -> tuple[Any, bytes, dict]:
    client = make_client()
    token = settle(client, sender, inventory)[1]["custom"]["inventory_token"]
    response = client.get(f"/api/inventories/{token}/export.xlsx")
    assert response.status_code == 200, response.text
    return response, response.content, compute_json(inventory)


def _headers(sheet: Worksheet, row: int = 2) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[row] if cell.value is not None}


def _row_by_label(sheet: Worksheet, column: int, label: str) -> int:
    rows = [cell.row for cell in sheet[chr(64 + column)] if cell.value == label]
    assert rows, f"no row {label!r} in {sheet.title}"
    return rows[0]


@pytest.mark.parametrize("plant", ["textile_plant", "mixed_plant"])
def test_the_workbook_carries_calcs_numbers_per_source_and_gas(make_client, settle, request, plant):
    response, content, result = _download(make_client, settle, request.getfixturevalue(plant), f"xl-{plant}")
    assert response.headers["content-type"] == XLSX
    year = result["year"]
    assert f"filename*=UTF-8''{quote(f'溫室氣體盤查清冊_{year}年_第1版.xlsx')}" in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == SHEETS

    sheet = book["定量盤查"]
    assert sheet.freeze_panes == "D3"
    head = _headers(sheet)
    for offset, line in enumerate(result["lines"]):
        row = 3 + offset
        assert sheet.cell(row, head["排放源編號"]).value == offset + 1
        assert sheet.cell(row, head["活動數據"]).value == line["amount"]
        for n, gas in enumerate(line["gases"], start=1):
            name = sheet.cell(row, head[f"溫室氣體#{n}"]).value
            assert name == gas["gas"] or name == f"{gas['gas']}（{gas['group']}）"
            tonnes = sheet.cell(row, head[f"排放量(公噸/年)#{n}"])
            assert tonnes.value == gas["tonnes"] and tonnes.number_format == "#,##0.0000"
            assert sheet.cell(row, head[f"GWP#{n}"]).value == gas["gwp"]
            co2e = sheet.cell(row, head[f"排放當量(公噸CO2e/年)#{n}"])
            assert co2e.value == gas["tco2e"] and co2e.number_format == "#,##0.0000"
            # activity (in the calc unit) × factor ÷ 1000 = tonnes, as the sheet shows them
            factor = sheet.cell(row, head[f"單位排放係數#{n}"]).value
            expected = (Decimal(repr(line["amount"])) * Decimal(repr(factor)) / 1000).quantize(Decimal("0.0001"), ROUND_HALF_UP)
            assert expected == Decimal(repr(gas["tonnes"])), (line["source"], gas["gas"])
        subtotal = sheet.cell(row, head["排放當量小計(公噸CO2e/年)"])
        assert subtotal.value == line["tco2e"] and subtotal.number_format == "#,##0.0000"
        share = sheet.cell(row, head["占比(％)"])
        assert share.value == pytest.approx(line["share_percent"] / 100) and share.number_format == "0.00%"
    total_row = 3 + len(result["lines"])
    assert sheet.cell(total_row, 1).value == "合計"
    total = sheet.cell(total_row, head["排放當量小計(公噸CO2e/年)"])
    assert total.value == result["total_tco2e"] and total.number_format == "#,##0.000"

    sheet = book["類別彙總"]
    assert sheet.freeze_panes == "A3"
    subtotal_rows = [cell.row for cell in sheet["C"] if cell.value == "小計"]
    category_values = [sheet.cell(row, 4).value for row in subtotal_rows]
    assert category_values == [c["tco2e"] for c in result["by_category"].values()]
    assert all(sheet.cell(row, 4).number_format == "#,##0.000" for row in subtotal_rows)
    type_rows = {sheet.cell(row, 3).value: sheet.cell(row, 4).value for row in range(3, subtotal_rows[-1]) if row not in subtotal_rows}
    assert list(type_rows.values()) == [t["tco2e"] for t in result["by_emission_type"].values()]
    total_row = _row_by_label(sheet, 1, "總排放當量")
    assert sheet.cell(total_row, 4).value == result["total_tco2e"]
    # each figure is rounded to 3 places on its own (the form's rule), so the parts may miss the total by 0.001 each
    total = Decimal(repr(result["total_tco2e"]))
    assert abs(sum(Decimal(repr(v)) for v in category_values) - total) <= Decimal("0.001") * len(category_values)
    assert abs(sum(Decimal(repr(v)) for v in type_rows.values()) - total) <= Decimal("0.001") * len(type_rows)

    sheet = book["溫室氣體彙總"]
    head = _headers(sheet)
    assert list(head)[1:9] == ["CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3", "七種溫室氣體年總排放當量"]
    tonnes_row, co2e_row, share_row = (_row_by_label(sheet, 1, label) for label in
                                       ("排放量(公噸/年)", "排放當量(公噸CO2e/年)", "氣體別占比(％)"))
    for gas, totals in result["by_gas"].items():
        assert sheet.cell(tonnes_row, head[gas]).value == totals["tonnes"]
        assert sheet.cell(co2e_row, head[gas]).value == totals["tco2e"]
        assert sheet.cell(co2e_row, head[gas]).number_format == "#,##0.000"
        assert sheet.cell(share_row, head[gas]).value == pytest.approx(totals["share_percent"] / 100)
    assert sheet.cell(co2e_row, head["七種溫室氣體年總排放當量"]).value == result["total_tco2e"]


def test_the_cover_names_company_year_gwp_and_electricity_factor(make_client, settle, textile_plant):
    _, content, result = _download(make_client, settle, textile_plant, "cover-1")
    sheet = load_workbook(io.BytesIO(content))["基本資料"]
    cover = {row[0]: row[1] for row in sheet.iter_rows(min_row=3, max_col=2, values_only=True) if row[0]}
    assert cover["事業名稱"] == "示範紡織股份有限公司"
    assert cover["廠場名稱／地址"] == "彰化縣和美鎮彰美路一段1號"
    assert cover["盤查期間"].startswith("民國 110 年（西元 2021 年）")
    assert cover["溫暖化潛勢（GWP）版本"].startswith("AR4")
    assert cover["電力排碳係數年度"].startswith("110年電力排碳係數：0.509 公斤CO2e/度")
    assert "6.0.4版" in cover["排放係數來源"]
    assert cover["全廠溫室氣體年總排放當量（公噸CO2e/年）"] == result["total_tco2e"] == 27239.794
    assert cover["清冊版本"].startswith("第 1 版")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d（臺灣時間）", cover["產生時間"])


def test_activity_rows_say_how_each_source_is_computed_and_what_evidence_to_keep(make_client, settle, mixed_plant):
    _, content, result = _download(make_client, settle, mixed_plant, "activity-1")
    book = load_workbook(io.BytesIO(content))
    sheet = book["活動數據"]
    head = _headers(sheet)
    rows = {row[head["原(燃)物料或產品名稱"] - 1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    method, evidence = head["排放量計算方法"] - 1, head["數據來源（建議佐證資料）"] - 1
    assert rows["焊接用二氧化碳"][method] == "質量平衡法"
    assert rows["外購蒸汽"][method] == "採用供應商提供之排放係數"
    assert rows["天然氣"][method] == "採用中央主管機關公告之溫室氣體排放係數"
    assert rows["外購電力"][evidence].startswith("電費收據")
    assert rows["冷媒 R-410A"][evidence].startswith("冷媒年度填充量")
    assert rows["天然氣"][head["活動數據"] - 1] == 54835200 and rows["天然氣"][head["設備名稱"] - 1] == "塗裝作業乾燥設備"
    # 表三: which gases each source emits
    sheet = book["排放源鑑別"]
    head = _headers(sheet)
    marks = {row[head["原(燃)物料或產品名稱"] - 1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert [marks["冷媒 R-410A"][head[f"產生{g}"] - 1] for g in ("CO2", "HFCS")] == [None, "v"]
    assert [marks["化糞池"][head[f"產生{g}"] - 1] for g in ("CO2", "CH4", "N2O")] == [None, "v", None]
    # 說明: every factor's source and version, and the rounding rules
    notes = [row[0] for row in book["說明"].iter_rows(min_row=1, max_col=1, values_only=True) if row[0]]
    assert any("小數點後第 4 位" in str(n) for n in notes) and any("小數點後第 3 位" in str(n) for n in notes)
    versions = [row[4] for row in book["說明"].iter_rows(min_row=4, max_row=3 + len(result["lines"]), values_only=True)]
    assert versions == [line["factor"]["version"] for line in result["lines"]]


# -- the headings are the Ministry's --------------------------------------------------------------------------

#: Headings the workbook adds to the form's (numbering, ISO category, evidence hints, the factor's unit, shares).
ADDED = {
    "排放源編號", "類別", "數據來源（建議佐證資料）", "單位排放係數", "單位排放係數單位", "排放當量小計(公噸CO2e/年)",
    "占比(％)", "係數版本", "排放量(公噸/年)",
}


def _normalise(heading: str) -> str:
    """The form numbers its footnotes after headings ("排放型式10", "備註*", "…排放當量註"), our gas columns are "…#1";
    and the form has compatibility ideographs in places (U+F97E for 量), which NFKC maps to the usual ones."""
    return re.sub(r"(#\d+|\d+\*?|\*|(?<=當量)註)$", "", unicodedata.normalize("NFKC", heading).strip())


@pytest.fixture(scope="session")
def form_headings() -> dict[str, set[str]]:
    return {name: {_normalise(text) for text in texts if text} for name, texts in official.form_headings().items()}


@pytest.mark.parametrize(
    ("sheet_name", "form_sheet"),
    [("排放源鑑別", "表三"), ("活動數據", "表四"), ("定量盤查", "表五"), ("溫室氣體彙總", "表八")],
)
def test_headings_are_the_ministrys_form_headings(make_client, settle, mixed_plant, form_headings, sheet_name, form_sheet):
    _, content, _ = _download(make_client, settle, mixed_plant, "form-check")
    sheet = load_workbook(io.BytesIO(content))[sheet_name]
    ours = {_normalise(cell.value) for cell in sheet[2] if isinstance(cell.value, str)}
    if sheet_name == "溫室氣體彙總":
        ours |= {_normalise(cell.value) for cell in sheet["A"][2:] if isinstance(cell.value, str)}
        ours -= {"項目"}
    assert ours - form_headings[form_sheet] <= {_normalise(heading) for heading in ADDED}
    assert len(ours & form_headings[form_sheet]) >= 5


def test_estimates_and_the_conversations_arithmetic_reach_the_workbook(make_client, settle):
    inventory = {"year": 2024, "activities": [
        {"source": "electricity", "amount": "420000", "unit": "度", "label": "外購電力",
         "explanation": "每月 35,000 度 × 12 個月 = 420,000 度"},
        {"source": "gasoline", "amount": "5116", "unit": "公升", "usage": "mobile", "label": "汽油（公務車）",
         "estimate": True, "explanation": "150,000 元 ÷ 平均單價 29.32 元/公升 ≈ 5,116 公升"},
    ]}
    _, content, _ = _download(make_client, settle, inventory, "estimate-1")
    sheet = load_workbook(io.BytesIO(content))["活動數據"]
    head = _headers(sheet)
    rows = {row[head["原(燃)物料或產品名稱"] - 1]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    remarks = head["備註"] - 1
    assert rows["外購電力"][remarks].startswith("每月 35,000 度 × 12 個月")
    assert rows["車用汽油"][remarks].startswith("【估算】") and "29.32 元/公升" in rows["車用汽油"][remarks]


def test_user_text_is_never_a_formula_in_the_workbook(make_client, settle, textile_plant):
    """Finding 3 of issue 14: a company name `=A1&"…"` was written as a formula; every user string is a string
    cell now, whatever it starts with."""
    hostile = {"company": '=A1&"已驗證"', "site": "+886-4-1234", "activities": [
        {**textile_plant["activities"][0], "equipment": "@SUM(1+1)"},
        {**textile_plant["activities"][1], "equipment": "-2+3"},
    ]}
    _, content, _ = _download(make_client, settle, {**textile_plant, **hostile}, "formula-1")
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert all("<f>" not in xml for xml in sheets)  # no formula anywhere
    book = load_workbook(io.BytesIO(content))
    strings = {cell.value: cell.data_type for sheet in book for row in sheet.iter_rows() for cell in row
               if isinstance(cell.value, str)}
    for text in ('=A1&"已驗證"', "+886-4-1234", "@SUM(1+1)", "-2+3"):
        assert strings.get(text) == "s", (text, strings.get(text))
