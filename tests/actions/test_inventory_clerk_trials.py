"""What the third round of clerk trials found, as kinds (each in our own wording and variants): a vehicle's fuel
said while another category is asked is mobile combustion, said so, never the category asked; money by month
segments adds up by its months before it is turned into a quantity; an approximate number typed as the answer
to a question is said, as it is in a statement."""

from __future__ import annotations

import pytest

from actions.inventory_chat.state import InventoryState
from tests.actions.test_inventory_dialogue import Conversation, no_internal_names


@pytest.fixture
def conv() -> Conversation:
    return Conversation().started()


def at_step(conv: Conversation, step: str) -> Conversation:
    """Skip the categories before ``step`` (nothing to say about them)."""
    while InventoryState.from_json(conv.state).step != step:
        conv.say("", "skip")
    return conv


def pending(conv: Conversation) -> list[tuple[str | None, str | None]]:
    return [(d.answers.get("source") or d.claim.source, d.question) for d in InventoryState.from_json(conv.state).pending]


# ---- 1. a vehicle belongs to mobile combustion whatever is asked

def test_a_trucks_fuel_money_at_the_welding_question_is_mobile_combustion(conv):
    at_step(conv, "process")
    reply = conv.say("貨車一台 油錢一個月大概8000")
    assert "焊接" not in reply and "移動燃燒" in reply  # said where it goes, before anything else
    assert "汽油還是柴油" in reply and not conv.lines
    reply = conv.press("柴油")
    assert "金額" in reply and not conv.lines  # the quantity first; the estimate only when asked
    reply = conv.press("用金額估算")
    line = conv.lines[0]
    assert (line.source, line.usage, line.step) == ("diesel", "mobile", "mobile")
    assert "平均單價" in reply and "來源" in reply and "估算" in reply  # the price and where it comes from
    assert "製程排放" in reply.split("來源")[-1]  # then the question that was asked, again
    no_internal_names(reply)


@pytest.mark.parametrize(("step", "text"), [
    ("process", "堆高機一個月大概200"),
    ("process", "公務車兩台 油錢一年大概6萬"),
    ("refrigerant", "機車一台 一個月油錢500塊"),
    ("extinguisher", "送貨的卡車一個月加油錢大概1萬2"),
    ("septic", "小貨車一台，油錢一個月差不多五千"),
    ("process", "發財車一台 一個月油錢大概四千"),
    ("refrigerant", "送貨的摩托車 油錢一個月一千五"),
])
def test_a_vehicle_is_never_filed_under_the_category_asked(conv, step, text):
    at_step(conv, step)
    reply = conv.say(text)
    assert "移動燃燒" in reply
    asked = [source for source, _ in pending(conv)] + [ln.source for ln in conv.lines]
    assert asked and all(source in (None, "gasoline", "diesel") for source in asked), asked
    assert all(ln.step == "mobile" for ln in conv.lines)


def test_a_vehicle_at_a_pending_question_is_no_answer_to_it(conv):
    conv.say("辦公室冷氣每台R-410A 1.5公斤")  # how many air conditioners? asked
    assert pending(conv) == [("refrigerant", "count")]
    reply = conv.say("機車一台 一個月油錢500塊")
    assert "移動燃燒" in reply and not conv.lines
    assert pending(conv)[0] == ("refrigerant", "count") and len(pending(conv)) == 2
    conv.say("8台")
    assert [(ln.source, ln.amount) for ln in conv.lines] == [("refrigerant", "12")]
    assert pending(conv)[0][1] == "source"  # the scooter's fuel is asked next


def test_a_vehicle_named_with_its_fuel_at_another_question_is_recorded_there(conv):
    at_step(conv, "process")
    reply = conv.say("堆高機柴油一個月200公升")
    assert "已記在「移動燃燒」" in reply and conv.lines[0].step == "mobile"
    assert "製程排放" in reply


def test_an_electric_forklifts_electricity_stays_electricity(conv):
    at_step(conv, "process")
    conv.say("堆高機是電動的，一個月充電大概2000度")
    assert all(source in (None, "electricity") for source, _ in pending(conv))
    assert all(ln.source == "electricity" for ln in conv.lines)


# ---- 2. money by month segments

SEGMENTS_SHOWN = "1–6 月 6 個月 × 每月 30,000 元 + 7–12 月 6 個月 × 每月 45,000 元 = 450,000 元"
#: 113 年 (2024): 450,000 元 ÷ 3.8041 元/度, the high-voltage (industrial) average of calc/data/prices.csv, =
#: 118,293.4 度
ESTIMATE_SHOWN = "450,000 元 ÷ 平均單價 3.8041 元/度 ≈ 118,293 度"


@pytest.mark.parametrize("text", [
    "電費1到6月每個月大概3萬 7到12月每個月4萬5",
    "電費1到6月每個月大概3萬塊，7到12月每個月4萬5千元",
    "電費上半年每個月3萬元 下半年每個月4萬5",
])
def test_money_by_month_segments_is_added_up_by_its_months_then_estimated(conv, text):
    reply = conv.say(text)
    assert "450,000 元" in reply and "計費度數" in reply and not conv.lines  # the kWh asked first
    assert len(InventoryState.from_json(conv.state).pending) == 1  # one amount, not one per segment
    reply = conv.press("用金額估算")
    assert SEGMENTS_SHOWN in reply and ESTIMATE_SHOWN in reply and "來源" in reply
    assert [(ln.source, ln.amount) for ln in conv.lines] == [("electricity", "118293")]
    assert conv.lines[0].estimate
    no_internal_names(reply)


def test_the_kwh_by_months_given_for_money_by_months_replaces_it(conv):
    conv.say("電費1到6月每個月大概3萬 7到12月每個月4萬5")
    reply = conv.say("有找到度數，1到6月每月9000度，7到12月每月13000度")
    assert [(ln.source, ln.amount) for ln in conv.lines] == [("electricity", "132000")]
    assert not conv.lines[0].estimate and "6 個月 × 每月 9,000 度" in reply


def test_money_segments_without_per_month_are_asked_before_the_estimate(conv):
    conv.say("電費上半年大概18萬 下半年大概27萬")
    reply = conv.press("用金額估算")
    assert "每個月" in reply and "加起來" in reply and not conv.lines  # 18萬 a month or the half year's?
    reply = conv.press("各段月份加起來")
    assert "1–6 月 6 個月合計 180,000 元 + 7–12 月 6 個月合計 270,000 元 = 450,000 元" in reply and ESTIMATE_SHOWN in reply


def test_money_segments_short_of_a_year_ask_about_the_rest_after_the_estimate(conv):
    conv.say("電費1到6月每個月3萬元，7到9月每個月4萬元")
    reply = conv.press("用金額估算")
    assert "78,862 度只有 9 個月" in reply and not conv.lines  # 300,000 元 ÷ 3.8041 元/度
    reply = conv.press("只記這幾個月")
    assert "1–6 月 6 個月 × 每月 30,000 元 + 7–9 月 3 個月 × 每月 40,000 元 = 300,000 元" in reply
    assert "300,000 元 ÷ 平均單價 3.8041 元/度 ≈ 78,862 度" in reply
    assert [(ln.source, ln.amount) for ln in conv.lines] == [("electricity", "78862")]


def test_money_segments_with_the_kwh_unknown_offer_the_estimate_with_its_arithmetic(conv):
    reply = conv.say("電費1到6月每個月大概3萬 7到12月每個月4萬5，度數不知道")
    assert SEGMENTS_SHOWN in reply and ESTIMATE_SHOWN in reply and not conv.lines
    conv.say("好")
    assert [(ln.source, ln.amount) for ln in conv.lines] == [("electricity", "118293")]


# ---- 3. an approximate answer to a question is said

def _assumptions(conv: Conversation) -> list[str]:
    from actions.inventory_chat.presenter import note_text

    return [note_text(n) for ln in conv.lines for n in ln.assumptions]


@pytest.mark.parametrize(("answer", "note", "kg"), [
    ("三十幾台", "「三十幾」先以 30 台計", "45"),
    ("大概二十多台", "「二十多」先以 20 台計", "30"),
    ("應該30幾台吧", "「30幾」先以 30 台計", "45"),
    ("三十幾", "「三十幾」先以 30 台計", "45"),  # the counter asked is the one the note says
    ("十幾台", "「十幾」先以 10 台計", "15"),
    ("三十出頭吧", "「三十出頭」先以 30 台計", "45"),
    ("兩三台", "「兩三」先以中間值 2.5 台計", "3.75"),  # never 23
])
def test_an_approximate_count_answered_to_the_question_is_said(conv, answer, note, kg):
    conv.say("辦公室冷氣每台R-410A 1.5公斤")  # how many? asked
    reply = conv.say(answer)
    assert note in reply and [ln.amount for ln in conv.lines] == [kg]
    assert any(note in a for a in _assumptions(conv))  # kept with the line (read back, Excel)


def test_an_exact_count_answered_needs_no_note(conv):
    conv.say("辦公室冷氣每台R-410A 1.5公斤")
    reply = conv.say("大概30台")
    assert "先以" not in reply and [ln.amount for ln in conv.lines] == ["45"]


def test_an_approximate_number_of_cylinders_is_said(conv):
    at_step(conv, "process")
    reply = conv.say("CO2鋼瓶每瓶25公斤")
    assert "幾瓶" in reply
    reply = conv.say("一年二十幾瓶")
    assert "「二十幾」先以 20 瓶計" in reply and [ln.amount for ln in conv.lines] == ["500"]


def test_approximate_work_days_answered_are_said(conv):
    at_step(conv, "septic")
    conv.say("員工25人")  # hours a day and days a year? asked
    reply = conv.say("一天8小時，一年大概兩百多天")
    assert "「兩百多」先以 200 天計" in reply and [ln.amount for ln in conv.lines] == ["40000"]


def test_an_approximate_charge_answered_is_said(conv):
    conv.say("冰水機2台 R-134a")  # the charge? asked
    reply = conv.say("每台一百多公斤")
    assert "「一百多」先以 100 公斤計" in reply and [ln.amount for ln in conv.lines] == ["200"]
