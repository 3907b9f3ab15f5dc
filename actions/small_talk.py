"""Small talk and courtesy: 👍 / 好的 / OK / 收到 get a short courteous answer and what can be done next;
"晚點再回來" is told that what the user filled in is kept and how to resume."""

from __future__ import annotations

import copy
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import INVENTORY_SLOT, answer_in_context, resume_inventory
from actions.messages import message

COME_BACK_LATER_INTENT = "come_back_later"
#: A courtesy longer than this may carry a question ("好，那費用呢"): it is read in context first
COURTESY_CHARS = 4


def collecting(tracker: Tracker) -> bool:
    state = tracker.get_slot(INVENTORY_SLOT)
    return isinstance(state, dict) and state.get("status") == "collecting"


def awaiting_confirmation(tracker: Tracker) -> bool:
    state = tracker.get_slot(INVENTORY_SLOT)
    return collecting(tracker) and ((state.get("pending") or {}).get("kind") == "confirm")


def confirm_inventory(dispatcher: CollectingDispatcher, tracker: Tracker,
                      domain: dict[str, Any]) -> list[dict[str, Any]]:
    """The inventory's pending confirmation answered yes, as if the user had pressed its 是 button."""
    from actions.inventory import ActionInventory

    confirmed = copy.copy(tracker)
    confirmed.latest_message = {**(tracker.latest_message or {}), "intent": {"name": "affirm", "confidence": 1.0}}
    return ActionInventory().run(dispatcher, confirmed, domain)


class ActionSmallTalk(Action):
    def name(self) -> str:
        return "action_small_talk"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if len(tracker.latest_message.get("text") or "") > COURTESY_CHARS and not collecting(tracker):
            answered = answer_in_context(dispatcher, tracker, claim_only_when_sure=True)
            if answered is not None:
                return answered
        if intent == COME_BACK_LATER_INTENT:
            dispatcher.utter_message(text=message("small_talk_later" if collecting(tracker)
                                                  else "small_talk_later_nothing"))
            return []
        if awaiting_confirmation(tracker):  # "好的" / "OK" / 👍 to "是這個數字嗎？": a yes for the inventory
            return confirm_inventory(dispatcher, tracker, domain)
        if collecting(tracker):
            dispatcher.utter_message(text=message("small_talk_ack_inventory"))
            resume_inventory(dispatcher, tracker)
        else:
            dispatcher.utter_message(text=message("small_talk_ack"))
        return []
