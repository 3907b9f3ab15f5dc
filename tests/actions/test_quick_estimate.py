"""actions/quick_estimate.py: one amount asked about after the factor's answer gets its rough figure, the
arithmetic shown; anything the inventory must ask about first gets none."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.faq import TOPIC_SLOT, ActionAnswerFaq
from actions.quick_estimate import quick_estimate
from tests.actions import dispatched
from tests.actions.trackers import saying


def test_a_bare_amount_of_kwh_after_the_electricity_factor_is_worked_out():
    # 113年 factor 0.474 kgCO2e/kWh (經濟部能源署): 120,000 × 0.474 = 56,880 kg ≈ 56.9 t
    found = quick_estimate("12萬度 這樣算多嗎", "electricity_factor")
    assert found is not None
    text = "\n".join(found.lines)
    assert "120,000" in text and "0.474" in text and "56,880 公斤" in text and "56.9 公噸CO2e" in text
    assert "25,000" in text  # compared with the carbon fee's threshold
    assert "e-" not in text and "electricity" not in text


def test_a_monthly_amount_is_multiplied_by_twelve_aloud():
    text = "\n".join(quick_estimate("我們每個月大概1萬度 這樣排多少", "electricity_factor").lines)
    assert "每月 10,000 度 × 12 個月 ＝ 120,000 度" in text and "56.9 公噸CO2e" in text


def test_a_fuel_named_after_the_factor_sources_answer_uses_its_factors():
    text = "\n".join(quick_estimate("柴油一年3000公升 排放多少", "emission_factor_source").lines)
    assert "3,000 公升" in text and "柴油" in text and "CO2 2.606" in text


@pytest.mark.parametrize("text, topic", [
    ("12萬度 這樣算多嗎", "counselling_cost"),             # not after a factor's answer
    ("電費一個月5萬元 排多少", "electricity_factor"),        # money: the inventory asks for the kWh
    ("去年用電12萬度", "electricity_factor"),               # data, not a question: the inventory takes it
    ("堆高機兩台 每台一個月60公升柴油 排多少", "emission_factor_source"),  # items: the inventory asks
    ("那工廠用電一度現在電費多少", "electricity_factor"),    # a price per unit, not an amount
    ("自己裝太陽能 賣給台電一度多少", "green_electricity"),
])
def test_what_the_inventory_must_ask_about_gets_no_rough_figure(text, topic):
    assert quick_estimate(text, topic) is None


def test_the_faq_action_answers_the_rough_figure_and_offers_the_inventory(dispatcher, domain):
    tracker = saying("faq_follow_up", "12萬度 這樣算多嗎", "follow_up", 0.4, slots={TOPIC_SLOT: "electricity_factor"})
    events = ActionAnswerFaq().run(dispatcher, tracker, domain)
    assert events == [SlotSet(TOPIC_SLOT, "electricity_factor")]
    assert any("56.9 公噸CO2e" in text for text in dispatched.texts(dispatcher))
    assert dispatcher.messages[-1]["buttons"][0]["payload"] == "/inventory_start"
