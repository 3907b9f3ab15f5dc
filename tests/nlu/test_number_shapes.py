"""How numbers are cut out of a message (nlu/mentions.py) where a wrong cut is a silently wrong amount: a comma
after a code with digits (R-32，3台 — the full-width comma becomes ASCII), readings listed with commas, and a
magnitude said after an approximation (兩百多萬, 三十幾萬). Plain Python: runs in the gateway's environment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from nlu.statements import interpret

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(("text", "count", "each"), [
    ("辦公室冷氣用的是R-22，2台每台1.5公斤", 2, Decimal("1.5")),
    ("冷凍櫃 R-507,4台，每台0.8公斤", 4, Decimal("0.8")),
    ("R32，5台每台2.2kg", 5, Decimal("2.2")),
])
def test_a_count_after_a_gas_code_and_a_comma_is_a_count(text, count, each):
    st = interpret(text, TODAY)
    assert len(st.claims) == 1, st.claims
    claim = st.claims[0]
    assert claim.per_item and claim.count == count and claim.amount == each and claim.source == "refrigerant"


@pytest.mark.parametrize(("text", "value"), [
    ("去年總共用了1,234,567度電", 1234567),
    ("天然氣一年 12,000 度", 12000),
])
def test_thousands_separators_between_groups_of_three_still_make_one_number(text, value):
    st = interpret(text, TODAY)
    assert [c.amount for c in st.claims] == [value]


def test_readings_listed_with_commas_are_summed_not_read_as_one_number():
    st = interpret("瓦斯單四期分別是3100，2900，3300，3050度", TODAY)
    assert len(st.claims) == 1, st.claims
    assert st.claims[0].readings == [3100, 2900, 3300, 3050] and st.claims[0].source == "natural_gas"


def test_a_comma_between_a_number_and_a_spelled_out_one_is_no_list():
    st = interpret("加油錢一個月五千，一公升28塊", TODAY)
    assert [c.amount for c in st.claims] == [5000]


@pytest.mark.parametrize(("text", "value"), [
    ("柴油一年花了三十幾萬", 300000),
    ("去年電費繳了兩百多萬", 2000000),
    ("瓦斯費一年大概十幾萬", 100000),
])
def test_a_magnitude_after_an_approximation_multiplies_it_and_asks_nothing(text, value):
    st = interpret(text, TODAY)
    assert [(c.amount, c.money) for c in st.claims] == [(value, True)]
    assert not st.question  # the 幾 of 三十幾萬 is the number's, not a question word
    assert st.claims[0].approximate[0][1] == str(value)


def test_a_magnitude_that_begins_a_unit_stays_the_unit():
    st = interpret("一年大概二十幾萬度", TODAY)
    claim = st.claims[0]
    assert claim.unit == "萬度" and claim.amount == 20


def test_li_fang_alone_is_cubic_metres():
    claim = interpret("乾燥爐天然氣每週大概燒900立方", TODAY).claims[0]
    assert (claim.amount, claim.unit_kind, claim.period) == (900, "volume", "week")
