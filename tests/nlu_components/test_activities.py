"""The spaCy + calc-alias parser of inventory statements (nlu/activities.py). Runs in .venv-rasa (spaCy 3.4)."""

from __future__ import annotations

from datetime import date

import pytest

pytest.importorskip("spacy", reason="run in .venv-rasa: make test does")

from nlu.activities import ActivityParser, find_year  # noqa: E402


@pytest.fixture(scope="module")
def parser() -> ActivityParser:
    return ActivityParser()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("燃料煤用了8,537公噸", [("coal", "8,537", "公噸")]),
        ("重油221公秉", [("fuel_oil", "221", "公秉")]),
        ("天然氣74.4千立方公尺", [("natural_gas", "74.4千", "立方公尺")]),
        ("外購電力11,295.6千度", [("electricity", "11,295.6千", "度")]),
        ("天然氣用了3,882立方公尺、電用了896萬度", [("natural_gas", "3,882", "立方公尺"), ("electricity", "896萬", "度")]),
        ("剛剛電力打錯了，是150萬度", [("electricity", "150萬", "度")]),
        ("化糞池員工工時25,660小時", [("septic_tank", "25,660", "小時")]),
        ("緊急發電機柴油56公升", [("diesel", "56", "公升")]),
        ("ＬＰＧ　五百公升", [("lpg", "五百", "公升")]),
        ("用電大概一千二百萬度", [("electricity", "一千二百萬", "度")]),
        ("我们用了天然气三千八百八十二立方米", [("natural_gas", "三千八百八十二", "立方米")]),
        ("乾燥設備天然氣用了54,835,200立方公尺", [("natural_gas", "54,835,200", "立方公尺")]),
    ],
)
def test_statements(parser, text, expected):
    got = [(a.source, a.amount, a.unit) for a in parser.parse(text).activities]
    assert got == expected


def test_refrigerant_with_equipment(parser):
    (activity,) = parser.parse("飲水機/冰箱之冷媒 R-134a 0.9 公斤").activities
    assert activity.source == "refrigerant" and activity.refrigerant == "R-134a"
    assert activity.equipment == "飲水機" and activity.amount == "0.9" and activity.unit == "公斤"


def test_deletion_and_bare_source(parser):
    assert parser.parse("刪掉汽油").deletions == ["gasoline"]
    statement = parser.parse("我要填天然氣")
    assert statement.sources == ["natural_gas"] and not statement.activities


def test_no_activity_in_a_faq_question(parser):
    assert parser.parse("碳盤查要準備哪些資料").activities == []
    assert parser.parse("我們公司250人可以申請輔導嗎").activities == []


@pytest.mark.parametrize(
    "text, year",
    [("盤查年度是110年", 2021), ("民國111年", 2022), ("2023年", 2023), ("去年", 2025), ("前年的資料", 2024), ("沒有年", None)],
)
def test_years(text, year):
    assert find_year(text, today=date(2026, 11, 26)) == year
