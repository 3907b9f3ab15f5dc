"""The dialogue with numbers that are not plain (tests/nlu/test_units_and_sizes.py reads them): an English
magnitude is converted and the conversion shown, half an hour counts as .5, units of different sizes are added
(never count × the first size), a unit price the user gives divides the money, "刪掉" of a 瓦斯 line finds the
bottled gas, and a corrected size of a counted item keeps the count."""

from __future__ import annotations

import pytest

from actions.inventory_chat.dialogue import Turn
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


# ---- units of different sizes

def test_units_of_different_sizes_are_added_and_shown(conv):
    reply = conv.say("冷凍庫兩台，R-404A，一台填充量60公斤，另一台45公斤")
    assert amounts(conv) == [("refrigerant", "105")]
    assert "2 台分別 60 + 45 = 105 公斤" in reply and "已經有一筆" not in reply


def test_sizes_for_fewer_units_than_said_ask_for_the_rest(conv):
    reply = conv.say("冰水機三台，R-134a，一台30公斤，另一台20公斤")
    assert not conv.lines and "3 台" in reply and "2 台" in reply
    reply = conv.say("另外那台25公斤")
    assert amounts(conv) == [("refrigerant", "75")] and "3 台分別 30 + 20 + 25 = 75 公斤" in reply


def test_sizes_for_fewer_units_than_said_can_be_all_there_is(conv):
    conv.say("冰水機三台，R-134a，一台30公斤，另一台20公斤")
    conv.press("只有 2 台")
    assert amounts(conv) == [("refrigerant", "50")]


def test_one_unit_and_the_others_each_in_the_arithmetic(conv):
    reply = conv.say("冷凍庫三台R-404A，一台30公斤，另外兩台各20公斤")
    assert amounts(conv) == [("refrigerant", "70")] and "3 台分別 30 + 2 台 × 20 = 70 公斤" in reply


def test_two_units_each_of_one_size(conv):
    reply = conv.say("R-32的分離式冷氣兩台各1.5公斤")
    assert amounts(conv) == [("refrigerant", "3")] and "× 2 台 = 3 公斤" in reply


# ---- a corrected size of counted items

def test_a_corrected_cylinder_size_with_its_count_replaces_the_line(conv):
    conv.say("烤爐用的瓦斯是4公斤小桶，一年大概叫了60桶")
    reply = conv.say("不好意思我說錯了，是20公斤的鋼瓶60瓶，不是4公斤的")
    assert amounts(conv) == [("lpg", "1200")] and "20 公斤 × 60 瓶 = 1,200 公斤" in reply and "已更新" in reply


def test_a_corrected_size_alone_keeps_the_count(conv):
    conv.say("烤爐用的瓦斯是4公斤小桶，一年大概叫了60桶")
    reply = conv.say("不對，是20公斤的那種，不是4公斤")
    assert amounts(conv) == [("lpg", "1200")] and "每桶 20 公斤 × 60 桶 = 1,200 公斤" in reply


# ---- a unit price after money

def test_the_users_own_price_divides_the_money_and_is_shown(conv):
    reply = conv.say("公務車一台汽油，每個月油錢大概四千")
    assert not conv.lines and "金額" in reply
    reply = conv.say("一公升大概25塊啦")
    assert amounts(conv) == [("gasoline", "1920")]
    assert "4,000 元 ÷ 每公升 25 元 = 160 公升" in reply and "每月 160 公升 × 12 個月 = 1,920 公升" in reply
    assert "您說的單價" in reply and "估算" in reply


def test_money_and_a_price_in_one_message(conv):
    reply = conv.say("公務車汽油油錢一個月四千，一公升大概29塊")
    assert amounts(conv) == [("gasoline", "1656")] and "≈ 138 公升" in reply


def test_a_price_in_a_unit_the_source_does_not_take_is_not_used(conv):
    conv.say("公務車一台汽油，每個月油錢大概四千")
    conv.say("一度大概4塊")
    assert not conv.lines


# ---- deleting a line named by a gas word of two meanings

def test_deleting_the_bottled_gas_by_its_everyday_name(conv):
    conv.say("廚房用桶裝瓦斯 16公斤的，一個月大概5桶")
    reply = conv.say("剛剛那個瓦斯是隔壁公司的，不是我們的，刪掉")
    assert not conv.lines and "已刪除" in reply and "液化石油氣" in reply


def test_a_deletion_is_the_inventorys_even_when_the_classifier_was_sure(conv):
    conv.say("廚房用桶裝瓦斯 16公斤的，一個月大概5桶")
    turn = Turn("faq_boundary", "剛剛那個瓦斯是隔壁公司的，不是我們的，刪掉")
    assert conv.dialogue.wants(conv.state, turn, classifier_sure=True)


# ---- green power inside the electricity total said before

def test_green_power_inside_an_earlier_annual_total_makes_it_total_minus_green(conv):
    conv.say("全年用電 90萬度")
    reply = conv.say("其中綠電 15萬度是買的，已經含在上面的總用電裡")
    assert amounts(conv) == [("electricity", "750000"), ("green_electricity", "150000")]
    assert "全部 900,000 度 − 綠電 150,000 度 = 台電供電 750,000 度" in reply


def test_green_power_of_the_year_inside_a_monthly_total(conv):
    conv.say("用電每月 10萬度")
    conv.say("其中綠電全年 24萬度，已經算在裡面")
    assert amounts(conv) == [("electricity", "960000"), ("green_electricity", "240000")]


def test_english_units_and_a_corrected_size_each(conv):
    conv.say("Chillers 4 units, R-134a, nameplate 每台 300 kg")
    assert amounts(conv) == [("refrigerant", "1200")]
    reply = conv.say("sorry 剛剛 chiller 講錯，nameplate 是 each 250 kg 不是 300")
    assert amounts(conv) == [("refrigerant", "1000")] and "× 4 台 = 1,000 kg" in reply


def test_more_sizes_than_units_said_ask_which_count_is_right(conv):
    reply = conv.say("冰水機兩台，R-134a，一台30公斤，一台20公斤，一台25公斤")
    assert not conv.lines and "是 3 台嗎" in reply
    conv.say("對")
    assert amounts(conv) == [("refrigerant", "75")]
