"""The statement interpreter (nlu/statements.py): one test per kind of statement factory staff make, as they
type them — per month, per bill, money, counts × per-item amounts, readings, self-corrections, green power
inside a total, people × hours × days, negations, equipment that decides the category, labels that are not
amounts. Plain Python: runs in the gateway's environment."""

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


def test_a_monthly_amount_keeps_its_period():
    claim = one("用電每個月大概3萬5千度")
    assert (claim.source, claim.amount, claim.unit, claim.period) == ("electricity", 35000, "度", "month")


@pytest.mark.parametrize(("text", "period", "months"), [
    ("台電帳單兩個月來一次，上一期是18,400度", "bill", 2),
    ("高壓用電一個月一期，每期大概6萬度", "bill", 1),
    ("上一期電費單18,400度", "bill", None),
])
def test_a_bill_amount_says_whether_the_bill_length_is_known(text, period, months):
    claim = one(text)
    assert claim.source == "electricity" and claim.period == period and claim.bill_months == months


def test_the_source_of_an_earlier_clause_is_the_topic():
    claim = one("鍋爐燒重油，一個月大概用40公秉")
    assert (claim.source, claim.equipment, claim.usage, claim.period) == ("fuel_oil", "boiler", "stationary", "month")


@pytest.mark.parametrize(("text", "source", "unit"), [
    ("電費一個月大概30萬元", "electricity", "元"),
    ("汽油一年大概花了15萬", "gasoline", None),
    ("我只知道電費，一年大概90萬", "electricity", None),
    ("NT$300,000 電費", "electricity", None),
])
def test_money_is_recognised_as_money(text, source, unit):
    claim = one(text)
    assert claim.money and claim.source == source and claim.unit == unit


def test_a_self_correction_keeps_the_last_number():
    claim = one("電大概一年50萬度，喔不對，是58萬度")
    assert claim.amount == 580000 and claim.corrected_from == 500000 and claim.period == "year"


def test_not_this_marks_the_number_after_it_as_the_wrong_one():
    claim = one("喔抱歉，汽油是2,600公升不是2,400")
    assert claim.amount == 2600 and claim.corrected_from == 2400


def test_several_readings_are_summed_and_six_bills_are_counted():
    claim = one("電費單六期分別是 8200、9100、10500、11800、9900、8700 度")
    assert claim.readings == [8200, 9100, 10500, 11800, 9900, 8700] and claim.amount == 58200
    assert claim.bill_count == 6 and claim.period == "bill"


@pytest.mark.parametrize(("text", "value", "count", "counter", "period"), [
    ("汽油一個月加4次，每次大概40公升", 40, 4, "event", "month"),
    ("一個月大概4桶，一桶20公斤", 20, 4, "cylinder", "month"),
    ("分離式冷氣5台，每台R-410A 1.5公斤", Decimal("1.5"), 5, "unit", None),
    ("冰水機兩台，每台填充量120公斤", 120, 2, "unit", None),
])
def test_counts_times_per_item_amounts(text, value, count, counter, period):
    claim = one(text)
    assert claim.amount == value and claim.count == count and claim.counter == counter and claim.per_item
    assert claim.period == period


@pytest.mark.parametrize(("text", "source", "usage", "equipment"), [
    ("堆高機三台用柴油，一年大概6千公升", "diesel", "mobile", "forklift"),
    ("兩台送貨的貨車，柴油一年8000公升", "diesel", "mobile", "vehicle"),
    ("公務車兩台汽油一年3,000公升", "gasoline", "mobile", "vehicle"),
    ("發電機柴油一年200 L", "diesel", "stationary", None),
    ("3.5噸貨車柴油一年1200公升", "diesel", "mobile", "vehicle"),
])
def test_equipment_decides_the_usage_and_counts_are_labels(text, source, usage, equipment):
    claim = one(text)
    assert (claim.source, claim.usage) == (source, usage)
    assert equipment is None or claim.equipment == equipment
    assert not claim.per_item and claim.count is None  # "三台", "3.5噸" are not amounts


def test_a_generator_is_never_electricity():
    st = interpret("發電機柴油一年大概200 L，用電一年26萬度", TODAY)
    assert [(c.source, c.amount) for c in st.claims] == [("diesel", 200), ("electricity", 260000)]


@pytest.mark.parametrize(("text", "method"), [
    ("冰水機去年有漏，廠商補了R-134a 20公斤", "refill"),
    ("冷凍庫補了R-404A 18公斤", "refill"),
    ("冰水機R-134a 填充量200公斤", "charge"),
])
def test_refrigerant_top_ups_and_nameplate_charges(text, method):
    claim = one(text)
    assert claim.source == "refrigerant" and claim.method == method and claim.refrigerant


def test_people_hours_and_days_are_a_septic_claim():
    claim = one("員工40個，一天做8小時，一年做300天左右")
    assert claim.source == "septic_tank" and claim.amount == 96000
    assert (claim.people, claim.hours_per_day, claim.days_per_year) == (40, 8, 300)
    partial = one("員工大概60個人")
    assert partial.people == 60 and partial.readings == [] and partial.hours_per_day is None


def test_green_power_inside_a_total():
    st = interpret("全廠總用電80萬度，其中10萬度是買的綠電", TODAY)
    grid, green = st.claims
    assert (grid.source, grid.amount, grid.green_part) == ("electricity", 800000, 100000)
    assert (green.source, green.amount) == ("green_electricity", 100000)


def test_a_per_bill_figure_beside_the_annual_one_keeps_the_annual():
    claim = one("電費單每張大概2萬度，一年就是12萬度")
    assert claim.amount == 120000 and claim.period == "year" and claim.annual_check == (20000, "bill")


@pytest.mark.parametrize(("text", "sources", "categories"), [
    ("沒有買蒸汽", ["steam"], []),
    ("滅火器都沒有用過", ["fire_extinguisher_co2"], []),
    ("有6支CO2滅火器，去年都沒噴過", ["fire_extinguisher_co2"], []),
    ("蒸汽沒有買，也沒有公務車", ["steam"], ["mobile"]),
    ("堆高機是電動的，沒有用油", [], ["mobile"]),
])
def test_negations_answer_a_category(text, sources, categories):
    st = interpret(text, TODAY)
    assert st.claims == [] and st.negated_sources == sources and st.negated_categories == categories


def test_a_deletion_is_not_a_negation():
    st = interpret("把沒寫種類的那筆冷媒刪掉", TODAY)
    assert st.delete and st.unspecified and st.sources == ["refrigerant"] and not st.negated_sources


@pytest.mark.parametrize(("text", "year", "relative"), [
    ("我要做2024的盤查", 2024, False),
    ("年度是2023", 2023, False),
    ("我要做盤查，113年", 2024, False),
    ("2021一整年用電88萬度", 2021, False),
    ("113年1月開始，每個月用電3萬度", 2024, False),  # a year, then its month
    ("112年12月換了新的冰水機", 2023, False),
    ("冰水機去年有漏，廠商補了R-134a 20公斤", 2025, True),
])
def test_years_wherever_they_are_said(text, year, relative):
    st = interpret(text, TODAY)
    assert (st.year, st.year_relative) == (year, relative)


def test_a_bare_year_is_only_a_candidate_and_month_labels_are_not_amounts():
    assert interpret("2023", TODAY).bare_year == 2023
    assert interpret("2月用了3萬度", TODAY).claims[0].amount == 30000


@pytest.mark.parametrize("text", ["剛剛那個是每個月的量喔，一年要乘12", "剛剛那個天然氣是每個月的量喔，一年要乘12"])
def test_a_correction_of_the_period(text):
    st = interpret(text, TODAY)
    assert st.claims == [] and st.period == "month" and st.multiplier == 12 and st.back_reference


def test_money_then_the_quantity_in_one_message():
    st = interpret("30萬是電費金額，度數是78萬度", TODAY)
    money, quantity = st.claims
    assert money.money and money.amount == 300000 and not quantity.money and quantity.amount == 780000


def test_spaces_inside_numbers_and_simplified_units():
    assert one("重油鍋爐一年 12 萬公升").amount == 120000
    assert one("烤爐天然氣一年 2 萬 4 千度").amount == 24000
    assert one("電 150萬 kWh").unit == "kWh"


def test_co2_in_a_name_is_not_a_number():
    st = interpret("焊接 CO2 一年 800 公斤", TODAY)
    assert [(c.source, c.amount) for c in st.claims] == [("welding_co2", 800)]


@pytest.mark.parametrize("text", ["碳費怎麼算？我們要繳嗎？", "重油一公升排多少二氧化碳", "綠電要怎麼算？會變成0嗎？",
                                  "所以R-22就填0就好喔", "那就當作0對吧", "柴油今仔日一公升偌濟"])  # confirmations, Taiwanese
def test_questions_are_flagged(text):
    assert interpret(text, TODAY).question


def test_not_knowing_is_not_a_question():
    st = interpret("冷氣去年有請人補冷媒，補了3公斤，什麼冷媒我不知道", TODAY)
    assert not st.question and st.unknown and st.claims[0].method == "refill"


def test_nothing_else_and_finish():
    st = interpret("其他都沒有了，幫我算", TODAY)
    assert st.nothing_else and st.finish
    assert interpret("沒了 算", TODAY).finish


def test_a_claim_survives_json():
    from nlu.statements import Claim

    claim = one("汽油一個月加4次，每次大概40公升")
    assert Claim.from_dict(claim.as_dict()) == claim


def test_one_of_two_monthly_bills_is_a_bill_not_an_event():
    claim = one("電費是兩個月收一次，一次大概9,600度")
    assert (claim.source, claim.period, claim.bill_months, claim.per_item) == ("electricity", "bill", 2, False)


def test_a_cylinder_size_said_before_the_count_is_per_cylinder():
    claim = one("窯用50公斤的瓦絲，一個月6桶")
    assert (claim.source, claim.amount, claim.count, claim.per_item, claim.period) == ("lpg", 50, 6, True, "month")


def test_money_spent_and_a_missing_figure_is_not_a_negation():
    st = interpret("重油一個月大概花50萬，公升數我手上沒有", TODAY)
    assert st.claims[0].money and st.claims[0].source == "fuel_oil" and st.unknown
    assert st.negated_sources == [] and st.negated_categories == []


def test_people_times_hours_times_days_with_x():
    claim = one("員工 90 人 x 8 小時 x 280 天")
    assert claim.source == "septic_tank" and claim.amount == 201600


def test_a_back_reference_with_a_period_is_a_correction():
    st = interpret("那是一季的量，一年要乘4", TODAY)
    assert st.back_reference and st.period == "quarter" and st.multiplier == 4 and st.has_data


@pytest.mark.parametrize(("text", "extrapolate"), [("7到12月用電加起來18萬度，就照這個算，不用推全年", False),
                                                   ("只有1–6月的帳單，共21萬度，幫我推估全年", True)])
def test_a_part_year_says_whether_to_extrapolate(text, extrapolate):
    claim = one(text)
    assert claim.part_year_months == 6 and claim.extrapolate is extrapolate
    from nlu.statements import Claim

    assert Claim.from_dict(claim.as_dict()).extrapolate is extrapolate  # kept through the slot's JSON


# ---- kinds of statement found in the second held-out run (issue 12)

@pytest.mark.parametrize(("text", "count", "kg"), [
    ("烘乾機用桶裝瓦斯 一個月大概叫12桶 20公斤的", 12, 20),  # the count, then the size of one
    ("煮糖用桶裝瓦斯，一個月 8 桶 50 公斤的", 8, 50),
])
def test_a_count_said_before_the_size_of_one_item_multiplies(text, count, kg):
    claim = one(text)
    assert claim.per_item and claim.count == count and claim.amount == kg and claim.counter_word == "桶"


def test_pounds_are_a_mass_and_a_count_of_extinguishers_multiplies():
    claim = one("倉庫小火災，CO2滅火氣噴了 3 支 20 磅的，之後廠商重新灌")
    assert (claim.source, claim.unit, claim.count, claim.per_item) == ("fire_extinguisher_co2", "磅", 3, True)


@pytest.mark.parametrize(("text", "source", "period"), [
    ("electricity 48,000 kWh per month", "electricity", "month"),
    ("electricity 620,000 kWh for the whole year", "electricity", "year"),
    ("boiler natural gas 95,000 m3/year", "natural_gas", "year"),
])
def test_english_periods(text, source, period):
    claim = one(text)
    assert (claim.source, claim.period) == (source, period)


def test_times_is_a_count_of_refuels_not_tonnes_and_each_is_per_item():
    claim = one("forklift diesel refuel 2 times a week, about 35 L each")
    assert (claim.source, claim.unit, claim.amount, claim.count, claim.per_item, claim.period) == (
        "diesel", "L", 35, 2, True, "week")
    assert claim.equipment == "forklift"


def test_an_english_equipment_name_is_shown_in_chinese():
    assert one("boiler natural gas 95,000 m3/year").equipment_text == "鍋爐"


def test_latin_names_do_not_match_inside_longer_words():
    st = interpret("We use relevant data", TODAY)  # "van" is not a vehicle, "NG" not natural gas
    assert not st.equipment and not st.sources


@pytest.mark.parametrize(("text", "year"), [
    ("民國一百一十一年", 2022), ("一一二年度的", 2023), ("二〇二三年", 2023),
])
def test_years_in_chinese_numerals(text, year):
    st = interpret(text, TODAY)
    assert st.year == year and not st.claims


def test_a_count_correction_names_the_wrong_count():
    st = interpret("剛剛冷藏庫講錯了，是 2 間不是 3 間", TODAY)
    assert st.counts == [(Decimal(2), "間")] and st.wrong_counts == [Decimal(3)] and st.correction


@pytest.mark.parametrize(("text", "extrapolate"), [
    ("對，就照實際的算，不用推估，前面還沒開工", False),
    ("只記這幾個月", False),
    ("好，推估全年", True),
])
def test_keeping_or_extrapolating_a_part_of_the_year_without_an_amount(text, extrapolate):
    assert interpret(text, TODAY).extrapolate is extrapolate


def test_bills_a_year_are_counted():
    st = interpret("對，一年六張", TODAY)
    assert st.period == "year" and st.counts == [(Decimal(6), "張")]


def test_an_unknown_figure_the_vendor_knows_is_not_a_question():
    st = interpret("冷凍庫2間，冷媒R-404A，多少公斤要問廠商", TODAY)
    assert st.unknown and not st.question


# Kinds of statement the third held-out run missed (2026-12-01)
@pytest.mark.parametrize("text,people,hours", [
    ("18 個人，一天 9 小時，一年 280 天", 18, 45360),
    ("20 個師傅，每天 10 小時，一年做 300 天", 20, 60000),
    ("５０人，一天８小時，一年３００天", 50, 120000),
    ("80 人，8 小時，300 天", 80, 192000),
    ("28 人 8 小時 250 天", 28, 56000),
])
def test_people_hours_and_days_together_need_no_word_for_employees(text, people, hours):
    claim = one(text)
    assert (claim.source, claim.people, claim.amount) == ("septic_tank", people, hours)


def test_a_doubled_not_right_is_a_correction_not_a_question():
    st = interpret("用電一年 1,850,000 度，不對不對，是 1,580,000，我看成別張了", TODAY)
    assert not st.question and [c.amount for c in st.claims] == [1580000]


def test_the_period_after_not_is_the_wrong_one():
    st = interpret("啊剛剛柴油那個不是一年的，是一季的量", TODAY)
    assert st.period == "quarter" and st.back_reference


def test_kwh_named_on_a_bill_are_not_money():
    claim = one("電費兩個月一期，六期度數：38,200、41,500、45,800、47,300、43,900、39,600")
    assert (claim.source, claim.money, claim.unit, claim.amount) == ("electricity", False, "度", 256300)
    assert one("電費一年大概90萬").money


def test_a_total_said_with_the_year_keeps_its_source_and_the_green_part():
    st = interpret("全年總用電 2,400,000 度，其中 300,000 度是買的綠電", TODAY)
    grid = next(c for c in st.claims if c.source == "electricity")
    assert grid.amount == 2400000 and grid.green_part == 300000


def test_a_refrigerated_truck_burns_its_fuel_on_the_road():
    claim = one("冷凍車 3 台柴油，每台一個月約３５０公升")
    assert (claim.source, claim.usage, claim.count, claim.period) == ("diesel", "mobile", 3, "month")


def test_a_source_inside_an_overlapping_equipment_name_is_found_and_the_category_is_not_negated():
    st = interpret("沒有鍋爐，緊急發電機柴油一年 300 公升", TODAY)
    (claim,) = st.claims
    assert (claim.source, claim.usage, claim.equipment) == ("diesel", "stationary", "generator")
    assert st.negated_categories == []
    assert interpret("沒有鍋爐", TODAY).negated_categories == ["stationary"]


def test_a_chinese_range_is_its_middle_and_a_negation_takes_what_follows_it():
    assert one("柴油每個月加個七八百公升吧").amount == 750
    st = interpret("空壓機都用電 沒有燒東西", TODAY)
    assert st.negated_categories == ["stationary"] and st.negated_sources == []


def test_thirty_some_is_a_number_not_a_question():
    st = interpret("員工三十幾個 八小時 一年上290天", TODAY)
    assert not st.question and [(c.source, c.people) for c in st.claims] == [("septic_tank", 30)]
    assert interpret("電一個月幾度", TODAY).question


# One unit said with 一台 / 一間 / 一個, and a refuel said once (加一次油): a count of one, not "each"
@pytest.mark.parametrize("text", [
    "一台鍋爐燒天然氣，一年3200度",
    "工廠一台鍋爐 天然氣帳單一年 3200 度",
    "我們有一個鍋爐，每台一年天然氣 3200 度",
])
def test_one_unit_before_or_after_the_equipment_is_one_not_a_per_unit_amount(text):
    claim = one(text)
    assert (claim.source, claim.equipment, claim.amount) == ("natural_gas", "boiler", 3200)
    assert claim.count in (None, 1) and (not claim.per_item or claim.count == 1)


@pytest.mark.parametrize("text", ["冷藏庫一間 冷媒 R-404A 12 公斤", "冷藏庫一間，每間冷媒 R-404A 12 公斤",
                                  "一間冷藏庫，R-404A 12 公斤"])
def test_one_cold_room_needs_no_count(text):
    claim = one(text)
    assert (claim.source, claim.equipment, claim.amount) == ("refrigerant", "industrial_refrigeration", 12)
    assert claim.count in (None, 1) and (not claim.per_item or claim.count == 1)


def test_one_each_still_means_each_beside_another_count_or_before_a_number():
    claim = one("冷氣5台，一台R-410A 1.5公斤")
    assert claim.per_item and claim.count == 5
    claim = one("一桶20公斤")
    assert claim.per_item and claim.count is None  # how many cylinders is asked


def test_a_single_refuel_a_month_of_each_of_two_forklifts():
    claim = one("堆高機兩台，一個月加一次油，每次80公升")
    assert (claim.amount, claim.counter, claim.count, claim.period) == (80, "event", 1, "month")
    assert (claim.units_each, claim.units_word) == (2, "台")


def test_refuels_a_month_with_the_vehicles_named_before_are_per_vehicle():
    claim = one("兩台堆高機一個月加4次油，每次80公升")
    assert (claim.amount, claim.count, claim.units_each, claim.period) == (80, 4, 2, "month")
    claim = one("公司车一台，柴油的，每个月加油 3 次，每次 50 公升")
    assert (claim.count, claim.units_each) == (3, None)  # one car: nothing to multiply


@pytest.mark.parametrize("text", ["不知道公升數", "不清楚用量", "單據上的公升數查不到", "度數不知道耶"])
def test_not_knowing_the_quantity_is_unknown_not_a_question_nor_none(text):
    st = interpret(text, TODAY)
    assert st.unknown and not st.question and not st.claims
    assert not st.negated_sources and not st.negated_categories and not st.has_data


def test_a_part_year_count_times_size_keeps_its_months():
    claim = one("切割用瓦斯是LPG，50公斤鋼瓶，7到12月一共用了 40 瓶")
    assert (claim.source, claim.amount, claim.count, claim.per_item, claim.part_year_months) == ("lpg", 50, 40, True, 6)
    assert claim.extrapolate is None  # nothing said here: the dialogue applies the earlier answer


@pytest.mark.parametrize(("text", "days", "hours"), [
    ("不對，是一年 280 天", 280, None),
    ("是 280 天不是 300 天", 280, None),
    ("不是 300 天，是一年 280 天", 280, None),
    ("每天是 9 小時不是 8 小時", None, 9),
])
def test_corrected_work_days_or_hours_are_the_ones_not_negated(text, days, hours):
    st = interpret(text, TODAY)
    assert st.correction and not st.claims
    assert (st.days_per_year, st.hours_per_day) == (days, hours)


def test_a_count_said_after_the_size_of_one_item_multiplies_with_its_period():
    claim = one("桶裝瓦斯一桶 50 公斤，一個月 3 桶")
    assert (claim.source, claim.amount, claim.per_item, claim.count, claim.period) == ("lpg", 50, True, 3, "month")


def test_money_said_with_the_quantity_unknown_says_so():
    claim = one("柴油一年花了 50 萬，公升數不知道")
    assert claim.money and claim.quantity_unknown and claim.amount == 500000
    assert not one("柴油一年花了 50 萬").quantity_unknown


@pytest.mark.parametrize(("text", "sources", "categories"), [
    # the negation reaches its first item and a list of more, never the statement after it
    ("我們沒有鍋爐 壓縮機都是用電的", [], ["stationary"]),     # electricity is used, not negated
    ("沒有公務車 只有一台電動堆高機", [], []),                   # 有 after the negation affirms
    ("沒有分離式冷氣 只有三台冰箱", [], []),                     # the fridges keep the refrigerant category
    ("沒有鍋爐、發電機跟柴油", ["diesel"], ["stationary"]),       # a list is negated as a whole
    ("沒有冷氣", [], ["refrigerant"]),
])
def test_a_negation_reaches_what_it_lists_and_no_further(text, sources, categories):
    st = interpret(text, TODAY)
    assert (st.negated_sources, st.negated_categories) == (sources, categories)


def test_a_refill_said_not_to_have_happened_makes_the_amount_the_charge():
    st = interpret("辦公室分離式冷氣4台 R32 每台1.2公斤 今年沒有補", TODAY)
    (claim,) = st.claims
    assert (claim.method, claim.per_item, claim.count) == ("charge", True, 4)
    assert interpret("冰水機今年補了R-134a 12公斤", TODAY).claims[0].method == "refill"


@pytest.mark.parametrize(("text", "count", "units"), [
    ("配送車3台 都加柴油 每台兩個禮拜加一次 一次差不多45公升", 1, 3),   # once a fortnight, per truck
    ("貨車兩台 每台每個月加油一次 每次60公升", 1, 2),
])
def test_once_per_period_per_vehicle_is_one_refuel_of_each(text, count, units):
    (claim,) = interpret(text, TODAY).claims
    assert (claim.count, claim.units_each) == (count, units)


def test_each_said_apart_from_the_count_is_each_of_them():
    (claim,) = interpret("叉車三台 用柴油 每個月各加差不多50公升", TODAY).claims
    assert (claim.per_item, claim.count, claim.amount) == (True, 3, 50)


def test_an_exact_amount_said_as_the_refinement_of_an_approximate_one_replaces_it():
    (claim,) = interpret("天然氣每個月兩千多度 我仔細算一下平均是2,350度", TODAY).claims
    assert (claim.amount, claim.period, claim.approximate) == (2350, "month", [])
    assert len(interpret("每個月四萬多度 柴油一年300公升", TODAY).claims) == 2  # no refinement word: two amounts


def test_one_unit_with_a_word_before_the_equipment_is_a_count_of_one():
    (claim,) = interpret("只有一台緊急用的發電機 柴油一年加差不多150公升", TODAY).claims
    assert (claim.amount, claim.per_item) == (150, False)  # one generator: the amount is the total, not "each"


# ---------------------------------------------------------------- 2026-12-01 (fourth round): questions, not data
@pytest.mark.parametrize("text", [
    "化糞池的人數要乘8/24嗎",                    # a formula's fraction is no amount
    "排放係數要用6.0.4版還是7.0版",               # versions are no amounts; a choice is a question
    "滅火器要算進去嗎",                           # 要算…嗎 asks how to count, it does not begin an inventory
])
def test_a_question_about_the_method_is_neither_data_nor_a_start(text):
    st = interpret(text)
    assert st.question and not st.start and not st.has_data


@pytest.mark.parametrize("text", ["我想做碳盤查 要準備什麼", "想算114年的排放 可以嗎"])
def test_a_question_that_asks_to_begin_still_starts(text):
    assert interpret(text).start


@pytest.mark.parametrize("text,amounts", [
    ("電費單4/16那期 6300度", [6300]),            # a bill's date is no amount
    ("1/16~3/15 用電12000度", [12000]),
    ("柴油還是跟去年一樣 每月300公升", [300]),      # 還是 in data is "still", not a choice
])
def test_dates_are_not_amounts_and_data_stays_data(text, amounts):
    st = interpret(text)
    assert [r for c in st.claims for r in c.readings] == amounts and not st.question


@pytest.mark.parametrize("text", ["阮的冰水機是R134a 敢愛算", "冷氣用R32 嘛愛報喔"])
def test_a_taiwanese_question_is_a_question(text):
    assert interpret(text).question
