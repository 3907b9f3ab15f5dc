"""(Runs in .venv-rasa: rasa_sdk.) What action_inventory does with a message the classifier sent it while no inventory is under way: a
question is answered (or declined), never turned into an inventory; a wish with data starts one."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.inventory import ActionInventory, is_question_only
from knowledge import get_knowledge


def tracker(text: str, intent: str = "inform_activity", topic: str | None = None,
            entities: list[dict[str, Any]] | None = None) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.8}, "intent_ranking": [],
              "entities": entities or []}
    return Tracker("t", {"faq_topic": topic}, latest, [], False, None, {}, "action_listen")


def run(t: Tracker) -> tuple[str, list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = ActionInventory().run(dispatcher, t, {})
    return "\n".join(m.get("text") or "" for m in dispatcher.messages), events


def test_a_question_with_numbers_is_not_an_inventory():
    said, events = run(tracker("CO2焊接用的氣體要乘44/12嗎"))
    assert "一步一步來盤查" not in said
    assert not any(e.get("name") == "inventory_state" and e.get("value") for e in events)


def test_a_wish_with_data_starts_the_inventory():
    assert not is_question_only(tracker("我們一年用電大概 96,000 度，可以幫我算碳排嗎"))
    said, _ = run(tracker("我們一年用電大概 96,000 度，可以幫我算碳排嗎"))
    assert "96,000 度" in said


def test_a_year_alone_after_a_yearly_figure_is_that_years_figure():
    said, _ = run(tracker("111年的", intent="inform_year", topic="electricity_factor"))
    assert "0.495" in said and "一步一步來盤查" not in said


def test_a_number_without_a_source_after_the_carbon_fee_is_the_fee_rule():
    said, _ = run(tracker("我們每個月大概1800噸", topic="carbon_fee_rate"))
    assert "21,600" in said and "一步一步來盤查" not in said


def test_a_price_question_is_not_data():
    said, _ = run(tracker("夏月電價一度多少錢"))
    assert "一步一步來盤查" not in said


def test_the_inventory_starts_with_what_the_user_said_before():
    events = [{"event": "user", "text": "我們印刷廠一年用電 750,000 度，這樣算多嗎"},
              {"event": "bot", "text": "…"},
              {"event": "user", "text": "/inventory_start"},
              {"event": "user", "text": "那我來做碳盤查好了"}]
    t = Tracker("t", {}, {"text": "那我來做碳盤查好了", "intent": {"name": "inventory_start", "confidence": 0.9},
                          "entities": []}, events, False, None, {}, "action_listen")
    said, _ = run(t)
    assert "您一開始提到的數字" in said and "750,000 度" in said


def test_eligibility_numbers_after_the_eligibility_answer_are_the_rule_not_an_inventory():
    said, events = run(tracker("我們 員工260 資本額5000萬 做五金的", intent="inform_activity", topic="sme_definition"))
    assert "一步一步來盤查" not in said and "5,000萬元" in said
    assert not any(e.get("name") == "inventory_state" and e.get("value") for e in events)


def test_fuel_data_after_a_fee_answer_still_starts_the_inventory():
    said, _ = run(tracker("柴油一年20000公升", intent="inform_activity", topic="carbon_fee_who"))
    assert "20,000" in said and "碳費" not in said.split("\n")[0]


def test_an_unsure_greeting_after_an_answer_is_its_follow_up():
    from actions.inventory import ActionGreet

    def greet(text: str, confidence: float) -> str:
        latest = {"text": text, "intent": {"name": "greet", "confidence": confidence}, "intent_ranking": [],
                  "entities": []}
        t = Tracker("t", {"faq_topic": "calculator"}, latest, [], False, None, {}, "action_listen")
        dispatcher = CollectingDispatcher()
        ActionGreet().run(dispatcher, t, {})
        return "\n".join(m.get("text") or "" for m in dispatcher.messages)

    calculator = get_knowledge().entry("calculator")
    assert calculator.answer.splitlines()[0][:20] in greet("網址貼一下", 0.25)
    assert calculator.answer.splitlines()[0][:20] not in greet("哈囉", 0.9)  # a greeting stays one
