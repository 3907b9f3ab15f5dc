"""The inventory's conversation as the other actions see it: the slots, a tracker turn handed to the dialogue
(actions/inventory_chat/), its messages sent, and the questions FAQ and hand-off ask of it (is one under way,
the pending question again, what the staff console shows). The Rasa actions are in actions/inventory.py."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.inventory_chat.dialogue import Dialogue, Outcome, Turn
from actions.inventory_chat.state import COLLECTING, REVIEWING, InventoryState

#: intents that ask for an inventory (never a question to answer instead)
INVENTORY_STARTS = frozenset({"inventory_start", "inventory_resume", "inventory_restart"})
STATE_SLOT = "inventory"
RESULT_SLOT = "inventory_result"
ACTIVE_SLOT = "inventory_active"
#: entities a button payload may carry (/inventory_answer{"choice":"month"}, /choose_source{"source":…})
BUTTON_ENTITIES = ("choice", "source", "equipment")
#: at or above this intent confidence an FAQ answer is kept unless the turn answers the inventory's question
SURE_CONFIDENCE = 0.7


def turn_from_tracker(tracker: Tracker, intent: str | None = None) -> Turn:
    latest = tracker.latest_message or {}
    turn = Turn(intent=intent or (latest.get("intent") or {}).get("name") or "", text=latest.get("text") or "")
    if InventoryState.from_json(tracker.get_slot(STATE_SLOT)) is None:
        turn.earlier = earlier_user_texts(tracker)
    for entity in latest.get("entities") or []:
        name, value = entity.get("entity"), entity.get("value")
        if name in BUTTON_ENTITIES and isinstance(value, str):
            turn.entities[name] = value
    return turn


#: how many of the user's messages before the inventory began are looked at for amounts already given
EARLIER_MESSAGES = 6


def earlier_user_texts(tracker: Tracker) -> tuple[str, ...]:
    """The user's typed messages before the latest one (oldest first), the last few of this session."""
    texts: list[str] = []
    for event in tracker.events:
        if event.get("event") == "session_started":
            texts = []
        elif event.get("event") == "user" and (event.get("text") or "") and not event["text"].startswith("/"):
            texts.append(event["text"])
    return tuple(texts[:-1][-EARLIER_MESSAGES:])


def send(dispatcher: CollectingDispatcher, outcome: Outcome) -> None:
    for item in outcome.messages:
        if "custom" in item:
            dispatcher.utter_message(json_message=item["custom"])
        else:
            dispatcher.utter_message(text=item.get("text"), buttons=item.get("buttons") or [])


def slot_events(outcome: Outcome) -> list[dict[str, Any]]:
    events = [SlotSet(STATE_SLOT, outcome.state), SlotSet(ACTIVE_SLOT, is_active(outcome.state))]
    if outcome.result is not None:
        events.append(SlotSet(RESULT_SLOT, outcome.result))
    return events


def is_active(state_json: Any) -> bool:
    state = InventoryState.from_json(state_json)
    return state is not None and state.status in (COLLECTING, REVIEWING)


def is_data(tracker: Tracker) -> bool:
    """The latest message states inventory data (an amount, "沒有買蒸汽" …), whatever else it may be."""
    from nlu.statements import interpret

    statement = interpret((tracker.latest_message or {}).get("text") or "")
    if statement.claims and all(c.source is None for c in statement.claims):
        return False  # "1800噸", "九萬" with no source named: a rule's number (after 碳費怎麼算) before data
    return statement.has_data and not statement.question


def starts_inventory(tracker: Tracker) -> bool:
    """The NLU took the latest message for starting, resuming or restarting an inventory."""
    return ((tracker.latest_message or {}).get("intent") or {}).get("name") in INVENTORY_STARTS


def is_question_only(tracker: Tracker) -> bool:
    """A question that does not ask for an inventory ("CO2焊接用的氣體要乘44/12嗎"; not "…50萬度，幫我算碳排嗎")."""
    from nlu.statements import interpret

    if starts_inventory(tracker):
        return False
    statement = interpret((tracker.latest_message or {}).get("text") or "")
    return statement.question and not (statement.start or statement.finish)


def unfinished(tracker: Tracker) -> InventoryState | None:
    state = InventoryState.from_json(tracker.get_slot(STATE_SLOT))
    return state if state is not None and state.unfinished else None


def resume_prompt(tracker: Tracker) -> Outcome | None:
    """After an interruption (an FAQ answer): the pending inventory question again, or None."""
    return Dialogue().resume_prompt(tracker.get_slot(STATE_SLOT))


def staff_view(tracker: Tracker) -> dict[str, Any] | None:
    """What the staff console shows of the user's inventory when the user is handed over (no ids, no JSON)."""
    from actions.inventory_chat.readback import staff_summary

    state = InventoryState.from_json(tracker.get_slot(STATE_SLOT))
    if state is None:
        return None
    return {"summary": staff_summary(state, tracker.get_slot(RESULT_SLOT))}


def take_over(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]] | None:
    """A turn another action got (an FAQ the classifier guessed, a fallback) that is really an answer to the
    inventory ("冷凍庫", "宏昇塑膠 桃園觀音廠", "不知道", "一個月的"): handled by the inventory, else None."""
    dialogue = Dialogue()
    state = tracker.get_slot(STATE_SLOT)
    turn = turn_from_tracker(tracker, intent="inform_activity")
    confidence = float(((tracker.latest_message or {}).get("intent") or {}).get("confidence") or 0)
    if not dialogue.wants(state, turn, classifier_sure=confidence >= SURE_CONFIDENCE):
        return None
    outcome = dialogue.handle(state, turn, tracker.get_slot(RESULT_SLOT))
    send(dispatcher, outcome)
    return slot_events(outcome)
