"""Amounts said month by month, as clerks read them off their bills: each month with its own value, some months
then "the rest", one value for every month but the months said apart, counts of cylinders by month ranges, and a
later correction of one month. The bot adds them up aloud (each month or segment, then the sum), changes only
the month corrected, and asks about the months a list leaves out rather than guess them."""

from __future__ import annotations

import pytest

from actions.inventory_chat.state import InventoryState
from tests.actions.test_inventory_dialogue import Conversation


@pytest.fixture
def conv() -> Conversation:
    return Conversation().started()


def amounts(conv: Conversation) -> list[tuple[str, str]]:
    return [(ln.source, ln.amount) for ln in conv.lines]


def pending(conv: Conversation) -> int:
    return len(InventoryState.from_json(conv.state).pending)


# ---- each month with its own value

def test_twelve_months_one_by_one_are_their_sum_shown_month_by_month(conv):
    reply = conv.say("這年電錶照月抄：1月5.1萬度、2月4.8萬、3月5.5萬、4月5.3萬、5月6萬、6月6.4萬、7月7.2萬、"
                     "8月7.5萬、9月6.8萬、10月5.9萬、11月5.2萬、12月5萬")
    assert amounts(conv) == [("electricity", "707000")] and not pending(conv)
    assert "1 月 51,000 度 + 2 月 48,000 度 + 3 月 55,000 度" in reply and "12 月 50,000 度 = 707,000 度" in reply
    assert "單位" not in reply and "也收到了" not in reply  # no month is a second amount asked about


def test_some_months_then_the_rest_each_month(conv):
    reply = conv.say("用電1月4萬度、2月3.6萬，其餘月份每月4.5萬")
    assert amounts(conv) == [("electricity", "526000")]
    assert "1 月 40,000 度 + 2 月 36,000 度 + 其他 10 個月 × 每月 45,000 度 = 526,000 度" in reply


# ---- the months a list leaves out are asked about, never guessed

def test_a_list_short_of_a_year_asks_about_the_months_it_leaves_out(conv):
    reply = conv.say("用電1月5萬度、2月4萬8千、3月5萬5千")
    assert not conv.lines and "4–12 月" in reply
    assert "1 月 50,000 度 + 2 月 48,000 度 + 3 月 55,000 度 = 153,000 度" in reply
    reply = conv.say("其他月份每個月大概5萬")
    assert amounts(conv) == [("electricity", "603000")] and not pending(conv)
    assert "4–12 月 9 個月 × 每月 50,000 度" in reply and "603,000 度" in reply


def test_the_months_left_out_may_come_one_by_one(conv):
    conv.say("用電1月5萬度、2月4萬8千、3月5萬5千")
    reply = conv.say("4到12月每個月5萬")
    assert amounts(conv) == [("electricity", "603000")] and "4–12 月 9 個月 × 每月 50,000 度" in reply


def test_a_month_skipped_in_a_list_is_asked_by_name(conv):
    reply = conv.say("用電1月5萬度、2月5萬、3月5萬、4月5萬、5月5萬、6月6萬、8月6萬、9月6萬、10月5萬、11月5萬、12月5萬")
    assert not conv.lines and "7 月的呢" in reply
    conv.say("7月6萬5")
    assert amounts(conv) == [("electricity", "645000")]


def test_the_months_left_out_may_be_left_out(conv):
    conv.say("用電1月5萬度、2月4萬8千、3月5萬5千")
    conv.press("只記這幾個月")
    assert amounts(conv) == [("electricity", "153000")]


def test_months_answered_twice_are_not_added_twice(conv):
    conv.say("用電1月5萬度、2月4萬8千、3月5萬5千")
    reply = conv.say("3到12月每個月5萬")
    assert not conv.lines and pending(conv) == 1 and "3 月" in reply  # March twice: asked, not summed


# ---- a monthly amount since the month something began

def test_a_monthly_amount_since_a_plant_opened_is_those_months(conv):
    reply = conv.say("我們8月才開工，電一個月大概4萬5千度")
    assert amounts(conv) == [("electricity", "225000")] and not pending(conv)
    assert "8–12 月 5 個月 × 每月 45,000 度 = 225,000 度" in reply and "只算 8–12 月" in reply


def test_the_first_month_then_the_months_after_it(conv):
    reply = conv.say("我們9月才開工，用電第一個月只有2萬度，10月以後每個月3萬5")
    assert amounts(conv) == [("electricity", "125000")] and not pending(conv)
    assert "9 月 20,000 度 + 10–12 月 3 個月 × 每月 35,000 度 = 125,000 度" in reply and "只算 9–12 月" in reply


def test_a_start_before_the_inventory_year_is_the_whole_year(conv):
    reply = conv.say("我們是2019年3月設廠的，每個月用電3萬度")
    assert amounts(conv) == [("electricity", "360000")] and "× 12 個月" in reply


# ---- one value for every month, but the months said apart

@pytest.mark.parametrize(("text", "amount", "shown"), [
    ("用電每月大概6萬度，8月最多有9萬度", "750000", "其他 11 個月 × 每月 60,000 度 + 8 月 90,000 度 = 750,000 度"),
    ("每個月約4萬度電，只有3、4月比較多，各6萬", "520000",
     "其他 10 個月 × 每月 40,000 度 + 3–4 月 2 個月 × 每月 60,000 度 = 520,000 度"),
])
def test_a_monthly_value_with_months_said_apart(conv, text, amount, shown):
    reply = conv.say(text)
    assert amounts(conv) == [("electricity", amount)] and shown in reply and not pending(conv)


# ---- a later correction of one month changes that month only

def test_a_month_corrected_later_changes_only_that_month(conv):
    conv.say("用電每月大概6萬度，8月最多有9萬度")
    conv.say("員工20人，一天8小時，一年250天")
    reply = conv.say("啊電的8月我看錯了，應該是8萬5千度")
    assert ("electricity", "745000") in amounts(conv) and len(conv.lines) == 2 and not pending(conv)
    assert "其他 11 個月 × 每月 60,000 度 + 8 月 85,000 度 = 745,000 度" in reply


def test_a_month_corrected_in_a_list_of_months(conv):
    conv.say("用電1月4萬度、2月3.6萬，其餘月份每月4.5萬")
    reply = conv.say("不好意思，電2月應該是3.9萬")
    assert amounts(conv) == [("electricity", "529000")]
    assert "1 月 40,000 度 + 2 月 39,000 度 + 其他 10 個月 × 每月 45,000 度 = 529,000 度" in reply


def test_a_month_corrected_in_a_monthly_amount_splits_it(conv):
    conv.say("用電每個月3萬度")
    reply = conv.say("電5月其實是3萬6千度")
    assert amounts(conv) == [("electricity", "366000")]
    assert "5 月 36,000 度" in reply and "其他 11 個月 × 每月 30,000 度" in reply


def test_a_month_said_wrong_then_right(conv):
    conv.say("用電除了3月15萬度，其他每個月25萬度")
    reply = conv.say("電的3月不是15萬，是17萬")
    assert amounts(conv) == [("electricity", "2920000")]
    assert "3 月更正為 170,000 度（原本 150,000 度）" in reply


# ---- counts of cylinders by month ranges

def test_cylinders_by_month_ranges_and_the_rest(conv):
    reply = conv.say("烘爐用桶裝瓦斯，一桶16公斤，6到8月和12月每個月10桶，其餘月份每個月3桶")
    assert amounts(conv) == [("lpg", "1024")]
    assert "6–8、12 月 4 個月 × 10 桶 + 其他 8 個月 × 3 桶 = 一年 64 桶" in reply and "1,024 公斤" in reply


def test_cylinders_by_season_short_of_a_year_ask_about_the_other_months(conv):
    reply = conv.say("烘爐用桶裝瓦斯，一桶16公斤，6到8月每個月10桶，12月8桶")
    assert not conv.lines and "個月" in reply and ("推估" in reply or "其他" in reply)


# ---- across the new year, the months but some, the source named last

def test_a_season_across_the_new_year_is_added_up_and_shown_as_said(conv):
    reply = conv.say("天然氣11到2月每個月3,200度，其他月每個月1,500度")
    assert amounts(conv) == [("natural_gas", "24800")]
    assert "11–2 月 4 個月 × 每月 3,200 度 + 其他 8 個月 × 每月 1,500 度 = 24,800 度" in reply


def test_the_months_but_one_ask_for_that_month_by_name_and_take_its_answer(conv):
    reply = conv.say("用電除了8月以外每個月5萬度")
    assert "8 月的呢" in reply and not conv.lines
    reply = conv.say("8月是7萬度")
    assert amounts(conv) == [("electricity", "620000")]
    assert "8 月以外 11 個月 × 每月 50,000 度 + 8 月 70,000 度 = 620,000 度" in reply


def test_the_source_named_after_monthly_amounts_is_theirs_not_the_asked_categorys(conv):
    reply = conv.say("1到4月每個月2萬度，5到12月每個月3萬度，以上都是用電")  # asked: 固定燃燒 (度 = gas there)
    assert amounts(conv) == [("electricity", "320000")] and "外購電力 一年 320,000 度" in reply


def test_cylinder_counts_for_the_months_but_some_are_shown_as_said(conv):
    reply = conv.say("桶裝瓦斯一桶16公斤，除了1、2月以外每個月5桶，1、2月每個月8桶")
    assert "1–2 月以外 10 個月 × 5 桶 + 1–2 月 2 個月 × 8 桶 = 一年 66 桶" in reply
