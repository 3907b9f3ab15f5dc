"""What else a message says besides its amounts, found when a clerk tried the bot: an approximate number is
kept with what was said ("四萬多" → 40,000, to be shown), "沒了" is no more of the category just asked (not of
every other), a message that begins with 不是啦 is a correction of what came before, and "不知道冷媒多少" says
the charge is what is unknown. Plain Python: runs in the gateway's environment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from nlu.statements import interpret

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(("text", "said", "value"), [
    ("電費單每個月大概都四萬多度", "四萬多", "40000"),
    ("堆高機柴油一個月兩百多公升", "兩百多", "200"),
    ("天然氣一年3000多度", "3000多", "3000"),
    ("柴油每個月加個七八百公升吧", "七八百", "750"),
    ("員工三十幾個 八小時 一年上290天", "三十幾", "30"),
])
def test_an_approximate_number_is_kept_with_what_was_said(text, said, value):
    st = interpret(text, TODAY)
    assert [a[:2] for c in st.claims for a in c.approximate] == [(said, value)]


@pytest.mark.parametrize("text", ["用電每個月大概3萬5千度左右", "電一年大概42萬度", "柴油一個月200公升"])
def test_a_rough_but_exact_number_needs_no_note(text):
    assert not any(c.approximate for c in interpret(text, TODAY).claims)


def test_thirty_five_thousand_a_month_is_not_thirty_thousand_and_fifty_one():
    st = interpret("用電三萬五一個月", TODAY)
    assert [(c.source, c.amount, c.period) for c in st.claims] == [("electricity", 35000, "month")]


# ---- an approximate number typed as an answer (a count, days): kept with the statement, said by the dialogue

@pytest.mark.parametrize(("text", "count", "said", "how"), [
    ("三十幾台", "30", "三十幾", "more"),
    ("大概二十多台", "20", "二十多", "more"),
    ("應該30幾台吧", "30", "30幾", "more"),
    ("十幾台", "10", "十幾", "more"),
    ("二十來台", "20", "二十來", "more"),
    ("兩三台", "2.5", "兩三", "range"),
    ("三四十台", "35", "三四十", "range"),
])
def test_an_approximate_count_without_an_amount_is_kept_with_what_was_said(text, count, said, how):
    st = interpret(text, TODAY)
    assert st.counts == [(Decimal(count), "台")] and not st.claims
    assert [(a[0], Decimal(a[1]), a[2], a[3]) for a in st.approximate] == [(said, Decimal(count), "台", how)]


@pytest.mark.parametrize(("text", "value"), [("三十幾", "30"), ("十幾", "10"), ("三十出頭吧", "30"),
                                             ("一年大概兩百多天", "200")])
def test_an_approximate_number_of_no_amount_is_kept_too(text, value):
    st = interpret(text, TODAY)  # a bare number is a claim of its own (the dialogue decides what it is)
    said = st.approximate + [a for c in st.claims for a in c.approximate]
    assert [Decimal(a[1]) for a in said] == [Decimal(value)]


@pytest.mark.parametrize("text", ["20台左右", "差不多三十台", "大概30台", "8台"])
def test_a_rough_but_exact_count_needs_no_note(text):
    assert not interpret(text, TODAY).approximate


def test_an_approximate_number_of_an_amount_is_the_amounts_not_the_statements():
    st = interpret("堆高機柴油一個月兩百多公升", TODAY)
    assert st.claims[0].approximate and not st.approximate


def test_two_month_names_are_no_range():
    st = interpret("一二月電費加起來6萬", TODAY)
    assert not st.approximate and not any(c.approximate for c in st.claims)


@pytest.mark.parametrize("text", ["沒了", "沒有了", "就這樣", "就這些", "沒別的了", "沒有其他了"])
def test_bare_no_more_answers_the_category_asked(text):
    st = interpret(text, TODAY)
    assert st.no_more and not st.nothing_else and st.has_data


@pytest.mark.parametrize("text", ["冷氣那筆刪掉，那6台112年就拆了，113年已經沒有了", "電費單上個月沒有了，這個月的是3萬度"])
def test_no_more_inside_a_statement_is_no_answer_to_the_category(text):
    assert not interpret(text, TODAY).no_more


@pytest.mark.parametrize("text", ["就這些，結算", "沒有了 算吧", "資料就這些，幫我算", "大概就這樣，結算"])
def test_no_more_with_finishing_words_is_still_bare(text):
    assert interpret(text, TODAY).no_more


@pytest.mark.parametrize("text", ["其他都沒有", "剩下都沒有", "別的類別都沒有", "全部就這些", "其他都沒有了，幫我算",
                                  "滅火器都沒有用過，其他沒有"])
def test_explicit_others_close_every_category_left(text):
    st = interpret(text, TODAY)
    assert st.nothing_else and not st.no_more


@pytest.mark.parametrize(("text", "leading"), [
    ("不是啦 是7-9月每個月都五萬五 其他9個月每個月四萬二 這是電", True),
    ("我說錯了，電是每個月4萬度", True),
    ("不對 每個月是3萬8千度", True),
    ("錯了，那是一年的", True),
    ("電大概一年50萬度，喔不對，是58萬度", False),  # a correction inside the statement, not of the question
    ("汽油是2,600公升不是2,400", False),
])
def test_a_message_that_begins_with_a_correction_word_says_so(text, leading):
    assert interpret(text, TODAY).leading_correction is leading


@pytest.mark.parametrize(("text", "amount"), [
    ("冷氣有5台分離式的 不知道冷媒多少", True),
    ("辦公室冷氣8台，R-410A，填充量不知道", True),
    ("冷凍櫃2台 不清楚裝多少冷媒", True),
    ("冷氣5台，不知道是什麼冷媒", False),
])
def test_not_knowing_how_much_is_the_charge_not_the_gas(text, amount):
    st = interpret(text, TODAY)
    assert st.unknown and st.unknown_amount is amount


@pytest.mark.parametrize("text", ["辦公室有5台冷氣 不知道填充量", "冷氣有5台分離式的 不知道冷媒多少"])
def test_units_counted_before_or_after_the_equipment_are_its_count(text):
    st = interpret(text, TODAY)
    assert st.counts == [(5, "台")] and set(st.equipment) == {"residential_commercial_ac"}


def test_a_size_before_the_equipment_is_still_its_label():
    st = interpret("3.5噸貨車一個月加油300公升", TODAY)
    assert st.claims[0].amount == 300 and not st.counts


@pytest.mark.parametrize(("text", "people", "hours"), [
    ("員工大概五十幾位，問了人事，是56位，一天8小時，一年290天", 56, 8),
    ("工人二十來個吧 我查一下 是24個 每天八九個小時 我看了打卡是9個小時 一年300天", 24, 9),
])
def test_an_approximate_count_checked_in_the_same_message_is_the_exact_count(text, people, hours):
    claim = next(c for c in interpret(text, TODAY).claims if c.source == "septic_tank")
    assert (claim.people, claim.people_parts, claim.hours_per_day) == (people, [], hours)
    assert claim.approximate == []  # nothing is left "taken as" the round figure


def test_an_approximate_count_beside_another_group_still_adds_up():
    claim = interpret("師傅二十幾個、助手15個，一天8小時，一年300天", TODAY).claims[0]
    assert claim.people == 35 and claim.people_parts == [20, 15]
