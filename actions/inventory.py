"""Rasa glue for the guided inventory (the conversation itself is actions/inventory_chat/, plain Python; what
the other actions ask of it is actions/inventory_session.py).

Why not a Rasa form: a form fills a fixed set of slots one value each, asking for ``requested_slot``. An
inventory is a list of lines given in any order, several per message, per month or per bill, with questions
about one amount (is it money? which equipment?) that must not block the others, corrections and deletions of
earlier lines, and a read-back before computing. That is a small dialogue manager of its own over a typed
state, kept in one slot; Rasa does what it is good at here — the intent of a turn, entities from the
statement interpreter, rules that route every inventory intent to ``action_inventory``, and a slot
(``inventory_active``) that sends a turn the classifier did not understand to the inventory while one is
under way, so the inventory can tell whether it was an answer to its question.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import (
    TOPIC_SLOT,
    answer_in_context,
    answer_in_context_not_inventory,
    answer_question_not_inventory,
    answer_rule_asked,
    decline,
    out_of_scope_now,
)
from actions.inventory_chat.dialogue import Dialogue
from actions.inventory_session import (
    RESULT_SLOT,
    STATE_SLOT,
    is_active,
    is_data,
    is_question_only,
    send,
    slot_events,
    starts_inventory,
    turn_from_tracker,
    unfinished,
)
from actions.messages import message, raw
from calc import units as calc_units
from knowledge.followup import load_followups

# pint's unit registry takes seconds to build on a busy machine: built when the action server loads, not during
# the first amount of the first user after a restart (past the gateway's 3 s budget: "暫時無法回應")
calc_units.registry()


class ActionInventory(Action):
    def name(self) -> str:
        return "action_inventory"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        starting = unfinished(tracker) is None
        if starting and is_question_only(tracker):
            return answer_question_not_inventory(dispatcher, tracker)  # never opens an inventory
        if starting:
            ruled = answer_rule_asked(dispatcher, tracker)  # "員工才15人 可以申請輔導嗎": eligibility, not data
            if ruled is not None:
                return ruled
        if starting and not is_data(tracker):
            # no inventory under way and no data in the message: a rule or follow-up question (issue 13)?
            answered = answer_in_context_not_inventory(dispatcher, tracker)
            if answered is not None:
                return answered
            if not starts_inventory(tracker) and out_of_scope_now(tracker):
                return decline(dispatcher, tracker)  # "冷凍庫壓縮機一直跳脫 要找誰修": none of ours, no inventory
        outcome = Dialogue().handle(tracker.get_slot(STATE_SLOT), turn_from_tracker(tracker),
                                    tracker.get_slot(RESULT_SLOT))
        send(dispatcher, outcome)
        events = slot_events(outcome)
        topic = load_followups().inventory_topic
        if starting and topic and is_active(outcome.state):  # "那我要先去收哪些東西" right after starting is about doing an inventory
            events.append(SlotSet(TOPIC_SLOT, topic))
        return events


#: A greeting the classifier is less sure of than this, said after an answer, may be a follow-up of it
SURE_GREETING = 0.5


class ActionGreet(Action):
    """The greeting, plus the offer to resume an unfinished inventory (a user who comes back later)."""

    def name(self) -> str:
        return "action_greet"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message or {}).get("intent") or {}
        if tracker.get_slot(TOPIC_SLOT) and float(intent.get("confidence") or 0) < SURE_GREETING:
            # "網址給一下" after the calculator's answer: an unsure greeting that is a follow-up
            answered = answer_in_context(dispatcher, tracker, claim_only_when_sure=True)
            if answered is not None:
                return answered
        dispatcher.utter_message(
            text=message("greet"), buttons=[{"title": t, "payload": p} for t, p in raw("greet_buttons")]
        )
        state = unfinished(tracker)
        if state is not None:
            send(dispatcher, Dialogue().resume_offer(state))
        return []
