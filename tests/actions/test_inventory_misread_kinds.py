"""Kinds of statement the fifth held-out set showed being misread (each tested here in other words): a count
after a gas code and a comma, money said as 幾萬 without 元, a vehicle named by a phrase around 車, an approximate
count refined in the same message, the bills of a part of the year added up, a bare number of a fuel, and the
fuel's name said again to the question about it. The bot asks rather than guess, and shows its arithmetic."""

from __future__ import annotations

import pytest

from actions.inventory_chat.state import InventoryState
from tests.actions.test_inventory_dialogue import Conversation


@pytest.fixture
def conv() -> Conversation:
    return Conversation().started()


def amounts(conv: Conversation) -> list[tuple[str, str]]:
    return [(ln.source, ln.amount) for ln in conv.lines]


def pending(conv: Conversation) -> list[str]:
    return [d.question or "" for d in InventoryState.from_json(conv.state).pending]


def test_units_counted_after_a_gas_code_and_a_comma_are_multiplied_not_asked(conv):
    reply = conv.say("展示櫃是R-507，6台每台0.6公斤")
    assert "3.6 公斤" in reply and "幾台" not in reply and not pending(conv)


def test_money_said_as_so_many_ten_thousands_is_money_to_ask_about_not_a_question(conv):
    reply = conv.say("電費一年好像繳了兩百多萬")
    assert "金額" in reply and "度數" in reply and "看起來是問題" not in reply
    assert not conv.lines and pending(conv) == ["money"]


def test_a_vehicle_phrase_files_its_diesel_under_mobile_even_at_the_stationary_question(conv):
    reply = conv.say("載貨用的車兩台，柴油，每個月一共300公升")
    assert "移動燃燒" in reply and "3,600 公升" in reply
    assert [(ln.source, ln.usage) for ln in conv.lines] == [("diesel", "mobile")]


def test_an_approximate_headcount_then_the_checked_one_is_the_checked_one_not_their_sum(conv):
    conv.say("同仁大概四十幾個，我問了一下人事，是46個")
    reply = conv.say("一天8小時，一年250天")
    assert amounts(conv) == [("septic_tank", "92000")]
    assert "46 人 × 每天 8 小時 × 250 天" in reply and "先以" not in reply


def test_bills_of_a_part_of_the_year_added_up_ask_about_the_rest_of_the_year_not_the_bill_length(conv):
    reply = conv.say("天然氣只找到1到6月的，帳單三張合計18,000度")
    assert "6 個月" in reply and "推估全年" in reply and "一期" not in reply
    assert pending(conv) == ["extrapolate"]
    reply = conv.say("就乘2推估全年吧")
    assert amounts(conv) == [("natural_gas", "36000")] and "估算" in reply


def test_bills_added_up_without_their_months_still_ask_how_long_a_bill_is(conv):
    conv.say("瓦斯帳單四張加起來12,000度")
    assert pending(conv) == ["bill_months"] and not conv.lines


def test_a_bare_number_of_a_fuel_at_the_fuel_question_asks_its_unit_with_the_fuels_units(conv):
    reply = conv.say("燃料油一年大概150")
    assert "公秉" in reply and "金額" in reply and not conv.lines
    assert pending(conv) == ["unit"]
    conv.say("公秉啦")
    assert [(ln.source, ln.amount, ln.unit) for ln in conv.lines] == [("fuel_oil", "150", "公秉")]


def test_a_bare_number_of_diesel_said_to_be_money_becomes_the_money_question(conv):
    conv.say("柴油那邊大概2500")
    assert pending(conv) == ["unit"]
    reply = conv.say("那是錢")
    assert "公升數" in reply and pending(conv) == ["money"] and not conv.lines


def test_a_small_bare_number_of_a_fuel_is_still_taken_in_its_unit_and_said_so(conv):
    reply = conv.say("發電機柴油一年就40")
    assert amounts(conv) == [("diesel", "40")] and "沒寫單位" in reply


@pytest.mark.parametrize(("said", "intent", "entities"), [
    ("汽油", "inform_activity", {}),
    ("汽油啦", "inform_activity", {}),
    ("汽油", "choose_source", {"source": "gasoline"}),
])
def test_the_fuel_named_again_to_its_money_question_is_about_that_amount(conv, said, intent, entities):
    conv.say("公務車汽油一年油錢花了四萬")
    assert pending(conv) == ["money"]
    reply = conv.say(said, intent, **entities)
    assert "沒看懂" not in reply and "汽油" in reply and "40,000 元" in reply and "公升數" in reply
    assert pending(conv) == ["money"] and not conv.lines  # kept, asked again
    conv.say("加油單上一年是1,350公升")
    assert amounts(conv) == [("gasoline", "1350")] and not pending(conv)


def test_the_equipment_named_again_is_about_that_amount_too(conv):
    conv.say("堆高機柴油每個月油錢五千左右")
    reply = conv.say("堆高機")
    assert "沒看懂" not in reply and "5,000 元" in reply and pending(conv) == ["money"]


def test_another_fuel_named_alone_is_no_reply_about_this_amount(conv):
    conv.say("公務車汽油一年油錢花了四萬")
    reply = conv.say("重油")
    assert "這一筆是" not in reply and pending(conv) == ["money"]


def test_a_bare_number_answering_the_money_question_is_the_quantity_it_asked_for(conv):
    conv.say("公務車汽油每個月油錢大概四千")
    reply = conv.say("150")
    assert amounts(conv) == [("gasoline", "1800")] and "每月 150 公升 × 12 個月" in reply
    assert not pending(conv)


def test_the_money_said_again_is_no_quantity(conv):
    conv.say("公務車汽油每個月油錢大概四千")
    conv.say("4000")
    assert not conv.lines and pending(conv)[0] == "money"
