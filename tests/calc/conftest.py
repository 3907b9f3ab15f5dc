"""Fixtures for calc's tests: the official spreadsheets (read with odfpy) and the deck's activity lists."""

from __future__ import annotations

import csv
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
OFFICIAL_DIR = REPO_ROOT.parent / "shared" / "reference" / "official"

Cell = "str | Decimal"
Sheet = list[list[object]]


def _read_ods(path: Path) -> dict[str, Sheet]:
    """Every sheet of an .ods as rows of cells: Decimal for numeric cells (from office:value), else text."""
    from odf import teletype
    from odf.namespaces import OFFICENS, TABLENS
    from odf.opendocument import load
    from odf.table import Table, TableRow

    doc = load(str(path))
    sheets: dict[str, Sheet] = {}
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
        sheets[str(table.getAttribute("name"))] = rows
    return sheets


@pytest.fixture(scope="session")
def official_dir() -> Path:
    if not OFFICIAL_DIR.is_dir():
        pytest.skip(f"official spreadsheets not found at {OFFICIAL_DIR} (shared/ is not beside the repo)")
    pytest.importorskip("odf", reason="odfpy is needed to read the official .ods files")
    return OFFICIAL_DIR


@pytest.fixture(scope="session")
def ods(official_dir: Path) -> Callable[[str], dict[str, Sheet]]:
    cache: dict[str, dict[str, Sheet]] = {}

    def read(name: str) -> dict[str, Sheet]:
        path = official_dir / name
        if not path.exists():
            pytest.skip(f"{path} is missing")
        if name not in cache:
            cache[name] = _read_ods(path)
        return cache[name]

    return read


@pytest.fixture(scope="session")
def electricity_csv(official_dir: Path) -> dict[int, Decimal]:
    path = official_dir / "electricity-factors-105-113.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return {int(row["年度"]): Decimal(row["電力排碳係數"]) for row in csv.DictReader(fh)}


# The deck's textile plant, 110年 (2021): the deck reports 27,240 公噸CO2e/年.
TEXTILE_PLANT = {
    "year": 2021,
    "gwp": "AR4",
    "activities": [
        {"source": "燃料煤", "amount": "8,537", "unit": "公噸"},
        {"source": "重油", "amount": "221", "unit": "公秉"},
        {"source": "天然氣", "amount": "74.4千立方公尺"},
        {"source": "外購電力", "amount": "11,295.6 千度"},
    ],
}

# The deck's 2021 activity list (塗裝 plant), as written on its slide.
DECK_2021 = {
    "year": 2021,
    "activities": [
        {"source": "天然氣", "amount": "54,835,200", "unit": "立方公尺", "equipment": "塗裝作業乾燥設備"},
        {"source": "天然氣", "amount": "3,882", "unit": "立方公尺", "equipment": "員工宿舍"},
        {"source": "柴油", "amount": "56", "unit": "公升", "usage": "stationary", "equipment": "緊急發電機"},
        {"source": "汽油", "amount": "1,850", "unit": "公升", "usage": "mobile", "equipment": "租賃汽車"},
        {"source": "化糞池", "amount": "25,660", "unit": "小時"},
        {"source": "滅火器", "amount": "0", "unit": "公斤"},
        {
            "source": "冷媒",
            "refrigerant": "R-134a",
            "amount": "0.9",
            "unit": "公斤",
            "equipment": "飲水機/冰箱",
        },
        {"source": "外購電力", "amount": "8,967,500", "unit": "度"},
    ],
}


@pytest.fixture
def textile_plant() -> dict:
    import copy

    return copy.deepcopy(TEXTILE_PLANT)


@pytest.fixture
def deck_2021() -> dict:
    import copy

    return copy.deepcopy(DECK_2021)
