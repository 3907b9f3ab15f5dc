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
