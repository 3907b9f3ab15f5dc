"""Fixtures for calc's tests: the official spreadsheets (their committed extracts, tests/official/) and the deck's
activity lists."""

from __future__ import annotations

import csv
from collections.abc import Callable
from decimal import Decimal

import pytest

from tests.official import sheets as official
from tests.official.sheets import Sheet


@pytest.fixture(scope="session")
def ods() -> Callable[[str], dict[str, Sheet]]:
    """``ods(name)``: the sheets of the official file ``name`` the tests read, from the committed extract."""
    return official.sheets


@pytest.fixture(scope="session")
def electricity_csv() -> dict[int, Decimal]:
    with official.electricity_csv().open(encoding="utf-8-sig", newline="") as fh:
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
