"""Amounts said by month segments (nlu/month_segments.py): "7到9月每月五萬五度 其他9個月每月四萬二度" is
3 × 55,000 + 9 × 42,000, not 55,000 × 12 and a second line. Month ranges, lists, halves, the first months and
the complement (其他月份 = the months not named yet), each with its own per-month amount or its total; a range
whose amount is said without 每月 is left open (the dialogue asks)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from nlu.claim import Claim
from nlu.month_segments import overridden, year_amount
from nlu.months import months_of
from nlu.statements import interpret

TODAY = date(2026, 12, 1)


def one(text: str) -> Claim:
    st = interpret(text, TODAY)
    assert len(st.claims) == 1, st.claims
    return st.claims[0]


def shape(claim: Claim) -> list[tuple[int, str, int, str]]:
    """(months, the months as a list or "other", amount, per) of each segment."""
    return [(int(s["months"]), "other" if s.get("other") else s.get("set", ""), int(Decimal(s["amount"])),
             s.get("per", "")) for s in claim.segments]


@pytest.mark.parametrize(("text", "total"), [
    ("電費 7到9月每月五萬五度 其他9個月每月四萬二度", 543000),
    ("用電7-9月每個月55000度，其餘月份每個月42000度", 543000),
    ("電 7、8、9月每個月5萬5千度 其他月份每個月4萬2千度", 543000),
    ("用電夏天（6到9月）每個月6萬度，其他月份每月4萬度", 560000),
    ("上半年每個月用電3萬度，下半年每個月3萬5千度", 390000),
    ("電前三個月每月2萬度 剩下的月每月2萬5千度", 285000),
    ("用電1到6月每月3萬度 7到12月每月4萬度", 420000),
])
def test_month_segments_that_cover_the_year_add_up(text, total):
    claim = one(text)
    assert claim.source == "electricity" and claim.segments
    assert sum(int(s["months"]) for s in claim.segments) == 12
    assert year_amount(claim) == total and claim.period == "year" and claim.part_year_months is None


def test_each_segment_knows_its_months_and_the_complement_is_what_is_left():
    claim = one("電費 7到9月每月五萬五度 其他9個月每月四萬二度")
    assert shape(claim) == [(3, "7,8,9", 55000, "month"), (9, "other", 42000, "month")]
    claim = one("用電7-9月每個月55000度，其他月份每個月42000度")
    assert shape(claim)[1] == (9, "other", 42000, "month")
    assert Claim.from_dict(claim.as_dict()).segments == claim.segments  # kept through the slot's JSON


def test_fewer_than_twelve_months_are_a_part_of_the_year():
    claim = one("用電1到6月每月3萬度 7到9月每月4萬度")
    assert claim.part_year_months == 9 and year_amount(claim) == 300000
    claim = one("7到9月每個月用電5萬5千度")  # one range, per month: three months' data, not × 12
    assert claim.part_year_months == 3 and year_amount(claim) == 165000


def test_a_range_said_as_its_total_is_not_multiplied():
    claim = one("用電7到9月加起來16萬5千度 其他月份每月4萬2千度")
    assert shape(claim) == [(3, "7,8,9", 165000, "total"), (9, "other", 42000, "month")]
    assert year_amount(claim) == 543000


@pytest.mark.parametrize("text", [
    "7到9月大概五萬五 其他月份四萬二左右",
    "電 7-9月5萬5度 其他月4萬2度",
    "用電上半年3萬 下半年4萬",
])
def test_a_range_amount_without_per_month_is_left_open(text):
    claim = one(text)
    assert claim.segments and all(s.get("per", "") == "" for s in claim.segments)
    assert year_amount(claim) is None  # per month or the range's total: the dialogue asks
    assert year_amount(claim, "month") is not None and year_amount(claim, "total") is not None


def test_a_per_month_said_once_for_the_list_is_the_others_too():
    claim = one("電7到9月每月五萬五 其他月份四萬二")
    assert [s["per"] for s in claim.segments] == ["month", "month"] and year_amount(claim) == 543000


@pytest.mark.parametrize(("text", "months", "amount"), [
    ("工廠7月才開工，7到12月用電加起來18萬度，就照這個算，不用推全年", 6, 180000),
    ("只有1–6月的帳單，共21萬度", 6, 210000),
])
def test_one_range_with_its_total_stays_a_part_year_amount(text, months, amount):
    claim = one(text)
    assert not claim.segments and claim.part_year_months == months and claim.amount == amount


def test_seasonal_cylinder_counts_are_not_amount_segments():
    st = interpret("炒茶烘茶都用瓦斯桶，20公斤那種，春茶三個月每個月差不多40桶，冬茶兩個月每個月30桶，"
                   "其他七個月一個月大概5桶", TODAY)
    claim = st.claims[0]
    assert not claim.segments and claim.count == 215


def test_the_work_days_of_part_of_the_year_are_not_segments():
    st = interpret("員工25人，一天8小時，7到12月一共上班125天", TODAY)
    assert [(c.source, c.people, c.days_per_year) for c in st.claims] == [("septic_tank", 25, 125)]
    assert not st.claims[0].segments


# ---- money by month segments (a clerk's electricity bill by season)

@pytest.mark.parametrize("text", [
    "電費1到6月每個月大概3萬 7到12月每個月4萬5",
    "電費1到6月每個月大概3萬塊，7到12月每個月4萬5千元",
    "電費上半年每個月3萬元 下半年每個月4萬5",
])
def test_money_by_month_segments_adds_up_by_its_months(text):
    claim = one(text)
    assert claim.money and claim.source == "electricity"
    assert [(months, amount, per) for months, _, amount, per in shape(claim)] == [(6, 30000, "month"),
                                                                                  (6, 45000, "month")]
    assert year_amount(claim) == 450000 and claim.part_year_months is None


def test_a_number_before_a_month_range_is_not_swallowed_by_it():
    # "3萬 7到12月": the 7 begins the months, it is no 3萬7 (37,000) — and the 30,000 is not lost
    claim = one("用電1到6月每月3萬 7到12月每月4萬5")
    assert [int(Decimal(s["amount"])) for s in claim.segments] == [30000, 45000]
    claim = one("電費1到6月每個月大概3萬7到12月每個月4萬5")
    assert year_amount(claim) == 450000


def test_money_and_kwh_segments_are_not_one_amount():
    st = interpret("電1到6月每月3萬度 7到12月每月4萬5千元", TODAY)
    assert [(c.money, len(c.segments)) for c in st.claims] == [(False, 1), (True, 1)]


# ---- months named one by one, a value for each (a clerk reading the bills month by month)

def test_which_months_a_phrase_names():
    assert months_of("2月") == (2,) and months_of("十一月份") == (11,)
    assert months_of("6到8月和12月") == (6, 7, 8, 12)
    assert months_of("三到五月跟十到十二月") == (3, 4, 5, 10, 11, 12)
    assert months_of("1–3月、10月") == (1, 2, 3, 10)
    assert months_of("13月") is None and months_of("5到3月") is None and months_of("3月、2月") is None


def test_every_month_with_its_own_value_is_their_sum():
    claim = one("這年電錶照月抄：1月5.1萬度、2月4.8萬、3月5.5萬、4月5.3萬、5月6萬、6月6.4萬、7月7.2萬、"
                "8月7.5萬、9月6.8萬、10月5.9萬、11月5.2萬、12月5萬")
    assert claim.source == "electricity" and len(claim.segments) == 12
    assert shape(claim)[:2] == [(1, "1", 51000, "month"), (1, "2", 48000, "month")]
    assert year_amount(claim) == 707000 and claim.part_year_months is None and claim.period == "year"


def test_some_months_one_by_one_then_the_rest_per_month():
    claim = one("用電1月4萬度、2月3.6萬，其餘月份每月4.5萬")
    assert shape(claim) == [(1, "1", 40000, "month"), (1, "2", 36000, "month"), (10, "other", 45000, "month")]
    assert year_amount(claim) == 526000 and claim.part_year_months is None


def test_months_one_by_one_short_of_a_year_keep_which_months_they_are():
    claim = one("用電1月5萬度、2月4萬8千、3月5萬5千")
    assert [s["set"] for s in claim.segments] == ["1", "2", "3"]
    assert claim.part_year_months == 3 and year_amount(claim) == 153000


# ---- a value for every month, except the months said apart

@pytest.mark.parametrize(("text", "segments", "total"), [
    ("用電每月大概6萬度，8月最多有9萬度", [(11, "other", 60000, "month"), (1, "8", 90000, "month")], 750000),
    ("每個月約4萬度電，只有3、4月比較多，各6萬",
     [(10, "other", 40000, "month"), (2, "3,4", 60000, "month")], 520000),
    ("電費每個月3萬元左右，不過7月、8月都是5萬",
     [(10, "other", 30000, "month"), (2, "7,8", 50000, "month")], 400000),
])
def test_a_monthly_value_with_months_said_apart_is_the_other_months(text, segments, total):
    claim = one(text)
    assert shape(claim) == segments and year_amount(claim) == total and claim.part_year_months is None


def test_months_said_apart_take_the_per_month_said_before_them():
    claim = one("天然氣每個月大概2,000度，不過7月跟8月停工只有500度")  # as "7到9月每月… 其他月份…"
    assert shape(claim) == [(10, "other", 2000, "month"), (2, "7,8", 500, "month")]
    assert year_amount(claim) == 21000


def test_months_said_apart_as_their_total_are_not_multiplied():
    claim = one("用電每個月5萬度，7到8月兩個月加起來13萬")
    assert shape(claim) == [(10, "other", 50000, "month"), (2, "7,8", 130000, "total")]
    assert year_amount(claim) == 630000


@pytest.mark.parametrize(("text", "months", "total"), [
    ("3月開始用天然氣，每個月2000度", "3,4,5,6,7,8,9,10,11,12", 20000),
    ("新廠8月才開工，電一個月大概4萬5千度", "8,9,10,11,12", 225000),
    ("舊廠區9月以前每個月用電3萬度", "1,2,3,4,5,6,7,8,9", 270000),
])
def test_a_month_something_began_or_ended_bounds_a_monthly_amount(text, months, total):
    claim = one(text)
    assert [s["set"] for s in claim.segments] == [months] and year_amount(claim) == total
    assert claim.part_year_months == len(months.split(","))


def test_a_month_said_before_a_monthly_amount_without_a_start_is_no_segment():
    claim = one("電費單3月那張，每個月差不多2000度")
    assert not claim.segments and claim.period == "month"


def test_a_start_in_another_year_keeps_that_year():
    claim = one("2019年3月設廠，每個月用電3萬度")
    assert claim.segments[0]["since_year"] == "2019" and claim.segments[0]["set"].startswith("3,")


def test_a_correction_of_one_month():
    st = interpret("不好意思，電3月應該是4萬2千度", TODAY)
    assert st.correction and [shape(c) for c in st.claims] == [[(1, "3", 42000, "month")]]


# ---- counts of cylinders by month ranges

def test_cylinder_counts_by_month_ranges_and_the_rest():
    st = interpret("烘爐用桶裝瓦斯，一桶16公斤，6到8月和12月每個月10桶，其餘月份每個月3桶", TODAY)
    claim = st.claims[0]
    assert claim.source == "lpg" and claim.amount == 16 and claim.count == 64 and claim.period == "year"
    assert [(int(m), int(c)) for m, c in claim.seasons] == [(4, 10), (8, 3)]


def test_months_said_again_replace_only_those_months():
    year = one("用電每月大概6萬度，8月最多有9萬度").segments
    again = one("8月其實是8萬5千度").segments
    assert shape(Claim(readings=[], segments=overridden(year, again))) == [
        (11, "other", 60000, "month"), (1, "8", 85000, "month")]
    listed = one("用電1月4萬度、2月3.6萬，其餘月份每月4.5萬").segments
    assert [Decimal(s["amount"]) for s in overridden(listed, one("2月應該是3.9萬").segments)] == [40000, 39000, 45000]
    summer = one("用電6到9月每月6萬度，其他月份每月4萬度").segments
    assert shape(Claim(readings=[], segments=overridden(summer, one("7月其實是7萬度").segments))) == [
        (3, "6,8,9", 60000, "month"), (1, "7", 70000, "month"), (8, "other", 40000, "month")]


def test_months_said_again_that_cannot_be_placed_are_refused():
    months = one("用電1月5萬度、2月4萬8千、3月5萬5千").segments
    assert overridden(months, one("5月其實是5萬度").segments) is None  # no such month in the line
    total = one("用電7到9月加起來16萬5千度 其他月份每月4萬2千度").segments
    assert overridden(total, one("8月其實是6萬度").segments) is None  # a part of a total


@pytest.mark.parametrize(("text", "segments"), [
    ("電 1月：7.4萬度；2月：6.6萬度；其餘每月8萬度",
     [(1, "1", 74000, "month"), (1, "2", 66000, "month"), (10, "other", 80000, "month")]),
    ("除了3月15萬度，其他每個月25萬度", [(1, "3", 150000, "month"), (11, "other", 250000, "month")]),
    ("用電8月40萬度，平時每個月30萬度", [(1, "8", 400000, "month"), (11, "other", 300000, "month")]),
])
def test_the_other_months_said_after_the_months_apart(text, segments):
    assert shape(one(text)) == segments


def test_a_monthly_figure_beside_a_whole_year_of_segments_is_no_other_months():
    st = interpret("用電1到6月每個月3萬度，7到12月每個月4萬度，平均每個月大概3萬5", TODAY)
    claim = st.claims[0]
    assert year_amount(claim) == 420000 and [int(s["months"]) for s in claim.segments] == [6, 6]


def test_the_wrong_value_said_first_then_the_right_one():
    st = interpret("電的6月不是18萬，是19萬5", TODAY)
    assert st.correction and [shape(c) for c in st.claims] == [[(1, "6", 195000, "month")]]
    assert st.claims[0].corrected_from == 180000


@pytest.mark.parametrize(("text", "total"), [
    ("電 1月4萬 2月3.6萬 3月4.2萬，其他月份每月4萬", 478000),  # the spaces taken out: 4萬 then 2月, no 4萬2 "月"
    ("電費單1月3萬2千度、2月2萬8千5、3月3萬1、其餘月份每月3萬", 361500),
    ("用電7月2萬9、8月3萬5、9月4萬5、10月5萬、11月4萬、12月3萬，1到6月每月3萬", 409000),  # 4萬5、10月: 45,000
])
def test_an_amount_that_ends_in_a_digit_is_not_the_next_months(text, total):
    claim = one(text)
    assert sum(int(s["months"]) for s in claim.segments) == 12 and year_amount(claim) == total


@pytest.mark.parametrize("text", [
    "新廠9月開工當月用電2萬度，10月開始每個月3萬5",
    "用電9月才開工，9月2萬度，之後每個月3萬5",
    "9月開工，電第一個月只有2萬度，10月以後每個月3萬5",
])
def test_a_start_month_then_the_months_after_it(text):
    claim = one(text)
    assert shape(claim) == [(1, "9", 20000, "month"), (3, "10,11,12", 35000, "month")]
    assert year_amount(claim) == 125000 and claim.part_year_months == 4


# ---- a range across the new year, the months but some, the source named after the months

@pytest.mark.parametrize(("phrase", "months"), [
    ("十到三月", (10, 11, 12, 1, 2, 3)),
    ("12到1月", (12, 1)),
    ("11月到2月", (11, 12, 1, 2)),
    ("11到1月跟7月", (11, 12, 1, 7)),
])
def test_a_range_across_the_new_year_is_those_months_in_the_order_said(phrase, months):
    assert months_of(phrase) == months


def test_a_range_across_the_new_year_longer_than_a_season_is_no_range():
    assert months_of("4到2月") is None


def test_winter_months_across_the_new_year_then_the_others():
    claim = one("冬天12到2月每月天然氣2,600度，其他月份每月1,100度")
    assert shape(claim) == [(3, "12,1,2", 2600, "month"), (9, "other", 1100, "month")]
    assert year_amount(claim) == 3 * 2600 + 9 * 1100 and claim.part_year_months is None


@pytest.mark.parametrize(("text", "segments"), [
    ("除了3、4月以外每月4,500公升，3、4月各6,000公升",
     [(10, "1,2,5,6,7,8,9,10,11,12", 4500, "month"), (2, "3,4", 6000, "month")]),
    ("扣掉7月之外 一個月用4萬度，7月是5.5萬度",
     [(11, "1,2,3,4,5,6,8,9,10,11,12", 40000, "month"), (1, "7", 55000, "month")]),
])
def test_the_months_but_some_then_those_months(text, segments):
    claim = one(text)
    assert shape(claim) == segments and claim.part_year_months is None


def test_the_months_but_one_alone_are_a_part_of_the_year_naming_the_one_left_out():
    claim = one("除了春節的2月以外，每個月用電都在6萬度")
    assert shape(claim) == [(11, "1,3,4,5,6,7,8,9,10,11,12", 60000, "month")]
    assert claim.segments[0]["except"] == "2" and claim.part_year_months == 11


def test_months_said_apart_without_the_closing_word_keep_their_own_amount():
    claim = one("除了2月只有2萬，其他每個月都3萬")
    assert shape(claim) == [(1, "2", 20000, "month"), (11, "other", 30000, "month")]


@pytest.mark.parametrize("text", [
    "1到3月每月2萬度，4到12月每月2.5萬度，這些都是外購電力",
    "1到3月每月2萬，4到12月每月2.5萬，都是用電的度數",
])
def test_a_source_named_after_the_months_is_their_source(text):
    claim = one(text)
    assert claim.source == "electricity" and claim.unit == "度" and year_amount(claim) == 3 * 20000 + 9 * 25000


@pytest.mark.parametrize("text", [
    "1到3月每月2萬度，4到12月每月2.5萬度，還有柴油",  # a new item, not the amounts' name
    "1到3月每月2萬度，4到12月每月2.5萬度，天然氣沒有",  # said to be none
    "1到3月每月800公升，其他月份每月900公升，都是電",  # litres are no electricity
])
def test_a_name_after_the_months_that_cannot_be_theirs_is_not_given_to_them(text):
    assert all(c.source is None for c in interpret(text, TODAY).claims)


def test_a_source_named_after_the_amounts_without_saying_they_are_its_is_not_theirs():
    st = interpret("1到6月每月3萬度，7到12月每月3.5萬度，天然氣的話要問會計", TODAY)
    assert all(c.source is None for c in st.claims)
