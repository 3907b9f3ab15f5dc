"""Numbers said the way clerks type them that are not yet plain: an English magnitude ("2.4 million kWh", "3k
liters"), half an hour ("7個半小時"), different sizes of the units of one equipment ("一台60公斤，另一台45公斤"),
a unit price that answers a money question ("一公升28塊"), and a corrected size of a counted item. Plain Python:
runs in the gateway's environment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from nlu.statements import interpret

TODAY = date(2026, 12, 1)


def one(text: str):
    st = interpret(text, TODAY)
    assert len(st.claims) == 1, st.claims
    return st.claims[0]


# ---- English magnitudes

@pytest.mark.parametrize(("text", "source", "amount", "said"), [
    ("electricity 每月大約 2.4 million kWh", "electricity", 2400000, "2.4 million"),
    ("diesel around 3k liters a year", "diesel", 3000, "3k"),
    ("天然氣一年 0.8M m3", "natural_gas", 800000, "0.8M"),
    ("柴油一年 1.5 thousand 公升", "diesel", 1500, "1.5 thousand"),
])
def test_an_english_magnitude_is_read_and_kept_as_said(text, source, amount, said):
    claim = one(text)
    assert (claim.source, claim.amount) == (source, amount)
    assert [(a[0], a[3]) for a in claim.approximate] == [(said, "magnitude")]


@pytest.mark.parametrize(("text", "amount", "unit"), [
    ("用電一年 1.5MWh", Decimal("1.5"), "MWh"),
    ("柴油 12 kL", 12, "kL"),
    ("天然氣 500 m3", 500, "m3"),
])
def test_a_unit_prefix_is_no_magnitude(text, amount, unit):
    claim = one(text)
    assert (claim.amount, claim.unit, claim.approximate) == (amount, unit, [])


def test_green_power_in_english_is_green_electricity():
    claim = one("green power 全年 0.3 million kWh")
    assert (claim.source, claim.amount, claim.period) == ("green_electricity", 300000, "year")


# ---- half an hour

@pytest.mark.parametrize(("text", "hours"), [
    ("一天做9小時半", Decimal("9.5")),
    ("每天八個半鐘頭", Decimal("8.5")),
    ("每天7個半小時", Decimal("7.5")),
])
def test_half_an_hour_is_point_five(text, hours):
    assert interpret(text, TODAY).hours_per_day == hours


def test_half_an_hour_is_no_person_in_the_septic_claim():
    claim = one("員工12人，每天7個半小時，一年250天")
    assert (claim.people, claim.hours_per_day, claim.days_per_year, claim.amount) == (12, Decimal("7.5"), 250, 22500)
