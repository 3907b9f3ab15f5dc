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


# ---- units of different sizes

def test_two_units_of_different_sizes_are_one_claim_of_their_sum():
    claim = one("空壓機旁邊的冰水機有兩台，冷媒R-410A，一台填充量60公斤，另一台45公斤")
    assert (claim.source, claim.refrigerant, claim.equipment, claim.amount) == ("refrigerant", "R-410A", "chiller", 105)
    assert claim.item_sizes == [(1, 60), (1, 45)] and claim.units_said == 2 and not claim.per_item


def test_sizes_without_a_count_said_before_them():
    claim = one("冷凍櫃一台90公斤，另一台70公斤")
    assert claim.amount == 160 and claim.item_sizes == [(1, 90), (1, 70)] and claim.units_said is None


def test_one_unit_and_the_others_each():
    st = interpret("冷凍庫三台，一台30公斤，另外兩台各20公斤", TODAY)
    assert len(st.claims) == 1 and st.counts == []
    claim = st.claims[0]
    assert claim.item_sizes == [(1, 30), (2, 20)] and claim.amount == 70 and claim.units_said == 3


def test_sizes_covering_fewer_units_than_said_keep_the_count_said():
    claim = one("冰水機三台，一台30公斤，另一台20公斤")
    assert claim.units_said == 3 and claim.item_sizes == [(1, 30), (1, 20)]


def test_a_count_with_each_is_count_times_size():
    claim = one("分離式冷氣兩台各1.5公斤")
    assert claim.per_item and claim.count == 2 and claim.amount == Decimal("1.5") and not claim.item_sizes


@pytest.mark.parametrize("text", ["冷氣5台，一台1.5公斤", "分離式冷氣5台，每台R-410A 1.5公斤"])
def test_one_size_after_a_count_is_still_each(text):
    claim = one(text)
    assert claim.per_item and claim.count == 5 and not claim.item_sizes


def test_different_gases_are_not_one_equipment_of_two_sizes():
    st = interpret("冰水機一台R-134a 180公斤，另一台R-410A 150公斤", TODAY)
    assert [(c.refrigerant, c.amount) for c in st.claims] == [("R-134a", 180), ("R-410A", 150)]


# ---- a corrected size of counted items

@pytest.mark.parametrize(("text", "size", "count", "old"), [
    ("不好意思我說錯了，是20公斤的鋼瓶12瓶，不是4公斤的", 20, 12, 4),
    ("抱歉，應該是50公斤的桶子3桶", 50, 3, None),
])
def test_a_size_said_with_the_count_of_its_cylinders_is_per_cylinder(text, size, count, old):
    claim = one(text)
    assert (claim.amount, claim.count, claim.counter, claim.per_item) == (size, count, "cylinder", True)
    assert claim.corrected_from == old


# ---- a unit price

@pytest.mark.parametrize(("text", "price", "unit"), [
    ("一公升大概28塊啦", 28, "公升"),
    ("30元一公升", 30, "公升"),
    ("單價是每度3.5元", Decimal("3.5"), "度"),
    ("汽油 30元/公升", 30, "公升"),
])
def test_a_unit_price_is_no_amount(text, price, unit):
    st = interpret(text, TODAY)
    assert st.claims == [] and [(p, u) for p, u, _ in st.unit_prices] == [(price, unit)]


def test_a_unit_price_knows_its_source():
    st = interpret("一度電差不多4塊", TODAY)
    assert st.unit_prices == [(4, "度", "electricity")]


def test_money_said_with_a_price_keeps_the_price():
    claim = one("公務車油錢一個月四千，一公升大概29塊")
    assert claim.money and claim.amount == 4000 and claim.unit_price == (29, "公升")


def test_one_litre_without_money_is_still_an_amount():
    claim = one("柴油一年只用了1公升")
    assert (claim.source, claim.amount, claim.money) == ("diesel", 1, False)


# ---- the name of a deleted line

def test_a_gas_name_said_for_a_deletion_is_kept_as_written():
    st = interpret("剛剛那個瓦斯是隔壁公司的，不是我們的，刪掉", TODAY)
    assert st.delete and st.source_names == ["瓦斯"]


# ---- English counts and staff, green power inside a total said before

def test_units_in_english_are_a_count():
    claim = one("Chillers 4 units, R-134a, nameplate 每台 300 kg")
    assert (claim.amount, claim.count, claim.per_item) == (300, 4, True)


@pytest.mark.parametrize("text", ["化糞池：headcount 60，每人每天 8 hr，一年 250 days", "員工：60，一天8小時，一年250天"])
def test_a_bare_number_after_a_word_for_staff_is_people(text):
    claim = one(text)
    assert (claim.source, claim.people, claim.amount) == ("septic_tank", 60, 120000)


def test_green_power_said_to_be_inside_an_earlier_total():
    claim = one("其中綠電 15萬度是買的，已經含在上面的總用電裡")
    assert claim.source == "green_electricity" and claim.part_of_earlier


def test_green_power_inside_a_total_of_the_same_message_is_no_earlier_part():
    st = interpret("全廠總用電80萬度，其中10萬度是買的綠電", TODAY)
    assert [c.part_of_earlier for c in st.claims] == [False, False] and st.claims[0].green_part == 100000


def test_a_brand_is_no_magnitude():
    st = interpret("我們用3M的濾網", TODAY)
    assert all(c.amount == 3 for c in st.claims) and not any(c.approximate for c in st.claims)


def test_two_sizes_each_with_its_own_count_are_two_claims():
    st = interpret("瓦斯一桶20公斤叫了10桶，一桶4公斤叫了5桶", TODAY)
    assert [(c.amount, c.count) for c in st.claims] == [(20, 10), (4, 5)] and not any(c.item_sizes for c in st.claims)
