"""actions/inventory.py's actions on a recorded inventory collecting (tests/actions/fixtures/): an amount is
recorded beside the earlier lines, "none" for the asked category moves on, and a greeting offers to resume."""

from __future__ import annotations

from actions.inventory import ActionGreet, ActionInventory
from actions.inventory_chat.state import InventoryState
from actions.inventory_session import ACTIVE_SLOT, STATE_SLOT
from actions.messages import message, raw
from tests.actions import dispatched
from tests.actions.trackers import load, saying


def state_of(events) -> InventoryState:
    return InventoryState.from_json(dispatched.slots(events)[STATE_SLOT])


def test_an_amount_is_recorded_beside_the_earlier_lines(dispatcher, domain):
    tracker = saying("inventory_collecting", "天然氣一年3,882立方公尺", "inform_activity")
    events = ActionInventory().run(dispatcher, tracker, domain)

    state = state_of(events)
    assert [(line.step, line.source, line.amount) for line in state.lines] == [
        ("mobile", "diesel", "2400"), ("stationary", "natural_gas", "3882")]
    assert state.year == 2025 and dispatched.slots(events)[ACTIVE_SLOT] is True
    assert "3,882" in dispatched.texts(dispatcher)[0]


def test_none_for_the_asked_category_moves_to_the_next(dispatcher, domain):
    before = InventoryState.from_json(load("inventory_collecting").get_slot(STATE_SLOT))
    events = ActionInventory().run(dispatcher, saying("inventory_collecting", "沒有燒燃料的設備", "deny"), domain)

    state = state_of(events)
    assert before.step == "stationary" and "stationary" not in before.none
    assert "stationary" in state.none and state.step != "stationary"
    assert len(state.lines) == len(before.lines)


def test_the_greeting_offers_to_resume_an_unfinished_inventory(dispatcher, domain):
    events = ActionGreet().run(dispatcher, saying("inventory_collecting", "你好", "greet"), domain)

    assert events == []
    assert dispatched.texts(dispatcher)[0] == message("greet")
    greet_buttons = [payload for _title, payload in raw("greet_buttons")]
    assert dispatched.payloads(dispatcher) == [*greet_buttons, "/inventory_resume", "/inventory_restart"]


def test_the_greeting_without_an_inventory_is_the_greeting_alone(dispatcher, domain):
    ActionGreet().run(dispatcher, saying("handoff_request", "你好", "greet"), domain)

    assert dispatched.texts(dispatcher) == [message("greet")]
    assert dispatched.payloads(dispatcher) == [payload for _title, payload in raw("greet_buttons")]


def test_starting_an_inventory_makes_it_the_topic_of_follow_ups(dispatcher, domain):
    tracker = saying("faq_follow_up", "老闆叫我開始弄碳盤查", "inventory_start",
                     slots={STATE_SLOT: None, ACTIVE_SLOT: False})
    events = ActionInventory().run(dispatcher, tracker, domain)

    assert dispatched.slots(events)[ACTIVE_SLOT] is True
    assert dispatched.slots(events)["faq_topic"] == "inventory_steps"


def test_numbers_asked_about_eligibility_get_the_rule_not_a_new_inventory(dispatcher, domain):
    tracker = saying("faq_follow_up", "我們是做貿易的 員工只有12個 可以參加輔導嗎", "inform_activity",
                     slots={STATE_SLOT: None, ACTIVE_SLOT: False})
    events = ActionInventory().run(dispatcher, tracker, domain)

    assert STATE_SLOT not in dispatched.slots(events)  # no inventory opened
    (rule,) = [c for c in dispatched.customs(dispatcher) if c.get("type") == "rule"]
    assert rule["rule"] == "sme_eligibility" and rule["decision"] == "no"  # a trading firm is no manufacturer


def test_a_total_of_emissions_said_with_no_inventory_is_checked_against_the_fee(dispatcher, domain):
    tracker = saying("faq_follow_up", "我們工廠一年排碳差不多一萬八千噸", "inform_activity",
                     slots={STATE_SLOT: None, ACTIVE_SLOT: False})
    events = ActionInventory().run(dispatcher, tracker, domain)

    assert STATE_SLOT not in dispatched.slots(events)  # not asked which fuel 18,000 t is
    (rule,) = [c for c in dispatched.customs(dispatcher) if c.get("type") == "rule"]
    assert (rule["rule"], rule["decision"]) == ("carbon_fee", "no")
    assert "18,000" in " ".join(dispatched.texts(dispatcher))
