"""The dialogue with numbers that are not plain (tests/nlu/test_units_and_sizes.py reads them): an English
magnitude is converted and the conversion shown, half an hour counts as .5, units of different sizes are added
(never count × the first size), a unit price the user gives divides the money, "刪掉" of a 瓦斯 line finds the
bottled gas, and a corrected size of a counted item keeps the count."""

from __future__ import annotations

import pytest

from tests.actions.test_inventory_dialogue import Conversation


@pytest.fixture
def conv() -> Conversation:
    return Conversation().started()


def amounts(conv: Conversation) -> list[tuple[str, str]]:
    return [(ln.source, ln.amount) for ln in conv.lines]


# ---- English magnitudes

def test_a_million_kwh_a_month_is_converted_and_shown(conv):
    reply = conv.say("electricity 每月大約 2.4 million kWh")
    assert amounts(conv) == [("electricity", "28800000")]
    assert "2.4 million kWh = 2,400,000 kWh" in reply and "28,800,000" in reply


def test_thousands_of_litres_in_english(conv):
    reply = conv.say("forklift diesel around 3k liters a year")
    assert amounts(conv) == [("diesel", "3000")] and "3k liters = 3,000 liters" in reply


# ---- half an hour

def test_half_an_hour_a_day_counts_in_the_septic_hours(conv):
    reply = conv.say("人的部分：員工20人，每天8個半小時，一年280天")
    assert amounts(conv) == [("septic_tank", "47600")]
    assert "20 人 × 每天 8.5 小時 × 280 天 = 47,600 小時" in reply


def test_half_an_hour_answers_the_hours_question(conv):
    conv.say("員工20人")
    reply = conv.say("一天9小時半，一年250天")
    assert amounts(conv) == [("septic_tank", "47500")] and "每天 9.5 小時" in reply
