"""Rasa glue for the guided inventory (the flow itself is actions/inventory_flow.py, plain Python)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.inventory_flow import InventoryFlow, Outcome, Turn, is_unfinished, text
from actions.messages import message, raw

STATE_SLOT = "inventory"
RESULT_SLOT = "inventory_result"


def turn_from_tracker(tracker: Tracker) -> Turn:
    message = tracker.latest_message or {}
    turn = Turn(intent=(message.get("intent") or {}).get("name") or "", text=message.get("text") or "")
    for entity in message.get("entities") or []:
        name, value = entity.get("entity"), entity.get("value")
        if name == "activity" and isinstance(value, dict):
            turn.activities.append(value)
        elif name == "inventory_year":
            try:
                turn.year = int(value)
            except (TypeError, ValueError):
                pass
        elif name == "source" and isinstance(value, str):
            turn.sources.append(value)
        elif name == "delete_source" and isinstance(value, str):
            turn.deletions.append(value)
        elif name == "equipment" and isinstance(value, str):
            turn.equipment = value
    return turn


def send(dispatcher: CollectingDispatcher, outcome: Outcome) -> None:
    for message in outcome.messages:
        if "custom" in message:
            dispatcher.utter_message(json_message=message["custom"])
        else:
            dispatcher.utter_message(text=message.get("text"), buttons=message.get("buttons") or [])


def unfinished(tracker: Tracker) -> dict[str, Any] | None:
    state = tracker.get_slot(STATE_SLOT)
    return state if is_unfinished(state) else None


def resume_prompt(tracker: Tracker) -> Outcome | None:
    """After an interruption (an FAQ answer): the pending inventory question again, or None."""
    state = tracker.get_slot(STATE_SLOT)
    if not isinstance(state, dict) or state.get("status") != "collecting":
        return None
    outcome = Outcome(state)
    outcome.say(text("resume_question"))
    InventoryFlow().ask_current(outcome)
    return outcome


class ActionInventory(Action):
    def name(self) -> str:
        return "action_inventory"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if unfinished(tracker) is None:  # issue 13: no inventory under way — a rule or follow-up question?
            from actions.faq import answer_in_context_not_inventory

            answered = answer_in_context_not_inventory(dispatcher, tracker)
            if answered is not None:
                return answered
        outcome = InventoryFlow().handle(
            tracker.get_slot(STATE_SLOT), turn_from_tracker(tracker), tracker.get_slot(RESULT_SLOT)
        )
        send(dispatcher, outcome)
        events = [SlotSet(STATE_SLOT, outcome.state)]
        if outcome.result is not None:
            events.append(SlotSet(RESULT_SLOT, outcome.result))
        return events


class ActionGreet(Action):
    """The greeting, plus the offer to resume an unfinished inventory (a user who comes back later)."""

    def name(self) -> str:
        return "action_greet"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(
            text=message("greet"), buttons=[{"title": t, "payload": p} for t, p in raw("greet_buttons")]
        )
        state = unfinished(tracker)
        if state is not None:
            send(dispatcher, InventoryFlow().resume_offer(state))
        return []
