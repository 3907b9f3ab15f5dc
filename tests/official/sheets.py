"""Reading the extracts of the official spreadsheets (tests/official/data/), and making them again.

An extract keeps, for each sheet a test reads, its rows as odfpy reads them: a numeric cell is a Decimal (its
``office:value``, exactly), any other cell its text; trailing empty cells are dropped, a row repeated in the
file is kept at most twice. In the JSON a numeric cell is a JSON number (read back as a Decimal), a text cell
a JSON string. Make them again from the Ministry's files (../shared/reference/official/) with

    .venv/bin/python -m tests.official.sheets ../shared/reference/official
"""

from __future__ import annotations

import json
import shutil
import sys
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data")
Sheet = list[list[object]]

#: source file → the sheets the tests read (tests/calc/test_calc_official_factors.py)
SHEETS = {
    "emission-factors-6.0.4.ods": [
        "1_固定源與移動源(燃料)CO2排放係數", "2_固定源與移動源(燃料)CH4排放係數", "3_固定源與移動源(燃料)N2O排放係數",
        "4_含氟氣體之GWP值", "5_外購電力與外購蒸汽排放係數", "6_逸散排放源", "8_設備之冷媒逸散率排放因子",
    ],
    "emission-factors-notice-2024-02-05.ods": ["附表四"],
    "inventory-form-example.ods": ["附表二"],
}
#: the form's sheets whose headings the workbook's must be (tests/gateway/inventory/test_inventory_export.py)
FORM = "inventory-form-example.ods"
HEADING_SHEETS = ("表三", "表四", "表五", "表八")
HEADINGS_FILE = "inventory-form-headings.json"
ELECTRICITY_CSV = "electricity-factors-105-113.csv"


@lru_cache(maxsize=None)
def sheets(name: str) -> dict[str, Sheet]:
    """The extracted sheets of the official file ``name`` (e.g. "emission-factors-6.0.4.ods")."""
    text = (DATA / f"{Path(name).stem}.json").read_text(encoding="utf-8")
    return json.loads(text, parse_float=Decimal, parse_int=Decimal)


def form_headings() -> dict[str, list[str]]:
    """The texts of the first 20 rows of the form's 表三, 表四, 表五 and 表八, by sheet."""
    return json.loads((DATA / HEADINGS_FILE).read_text(encoding="utf-8"))


def electricity_csv() -> Path:
    """Taipower's electricity factors by year, as published (a copy of the CSV)."""
    return DATA / ELECTRICITY_CSV


# -- making the extracts ---------------------------------------------------------------------------------------


def read_ods(path: Path) -> dict[str, Sheet]:
    """Every sheet of an .ods as rows of cells: Decimal for numeric cells (from office:value), else text."""
    from odf import teletype
    from odf.namespaces import OFFICENS, TABLENS
    from odf.opendocument import load
    from odf.table import Table, TableRow

    doc = load(str(path))
    out: dict[str, Sheet] = {}
    for table in doc.spreadsheet.getElementsByType(Table):
        rows: Sheet = []
        for tr in table.getElementsByType(TableRow):
            repeat_rows = int(tr.getAttrNS(TABLENS, "number-rows-repeated") or 1)
            cells: list[object] = []
            for tc in tr.childNodes:
                if tc.qname[1] not in ("table-cell", "covered-table-cell"):
                    continue
                repeat = min(int(tc.getAttrNS(TABLENS, "number-columns-repeated") or 1), 64)
                if tc.getAttrNS(OFFICENS, "value-type") in ("float", "percentage", "currency"):
                    value: object = Decimal(tc.getAttrNS(OFFICENS, "value"))
                else:
                    value = teletype.extractText(tc).strip()
                cells.extend([value] * repeat)
            while cells and cells[-1] == "":
                cells.pop()
            rows.extend([cells] * min(repeat_rows, 2))
        out[str(table.getAttribute("name"))] = rows
    return out


def read_headings(path: Path) -> dict[str, list[str]]:
    from odf import teletype
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow

    out: dict[str, list[str]] = {}
    for table in load(str(path)).spreadsheet.getElementsByType(Table):
        name = str(table.getAttribute("name"))
        if name in HEADING_SHEETS:
            texts: set[str] = set()
            for row in table.getElementsByType(TableRow)[:20]:
                texts |= {teletype.extractText(cell).strip() for cell in row.getElementsByType(TableCell)}
            out[name] = sorted(texts)
    return out


def _cell(value: object) -> str:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a number JSON can hold: {value}")
        return str(value)  # "0.0123", "1E-7": JSON numbers, read back as the same Decimal
    return json.dumps(value, ensure_ascii=False)


def _dump(extract: dict[str, Sheet]) -> str:
    """One row per line, so that a change of the source shows as a readable diff."""
    parts = []
    for name, rows in extract.items():
        lines = ",\n".join("  [" + ",".join(_cell(c) for c in row) + "]" for row in rows)
        parts.append(f"{json.dumps(name, ensure_ascii=False)}: [\n{lines}\n]")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def extract(official: Path, out: Path = DATA) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, wanted in SHEETS.items():
        every = read_ods(official / name)
        (out / f"{Path(name).stem}.json").write_text(_dump({s: every[s] for s in wanted}), encoding="utf-8")
    headings = json.dumps(read_headings(official / FORM), ensure_ascii=False, indent=1)
    (out / HEADINGS_FILE).write_text(headings + "\n", encoding="utf-8")
    shutil.copyfile(official / ELECTRICITY_CSV, out / ELECTRICITY_CSV)


if __name__ == "__main__":
    extract(Path(sys.argv[1]))
