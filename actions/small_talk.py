"""Small talk and courtesy: 👍 / 好的 / OK / 收到 get a short courteous answer and what can be done next;
"晚點再回來" is told that what the user filled in is kept and how to resume — unless it answers the question the
inventory is waiting for ("度數我找不到，用金額幫我估" to the money question: the estimate)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import INVENTORY_SLOT, TOPIC_SLOT, answer_in_context, resume_inventory
from actions.inventory_session import is_active, take_over
from actions.messages import message
from knowledge.followup import aspect_of
from knowledge.followup_data import load_followups

COME_BACK_LATER_INTENT = "come_back_later"
#: A courtesy longer than this may carry a question ("好，那費用呢"): it is read in context first
COURTESY_CHARS = 4


def collecting(tracker: Tracker) -> bool:
    return is_active(tracker.get_slot(INVENTORY_SLOT))


def may_ask_something(tracker: Tracker) -> bool:
    """Longer than a courtesy, or short but asking an aspect of the answer just given ("連結給我" after the
    online resources, which the classifier took for an acknowledgement): read in context first."""
    text = tracker.latest_message.get("text") or ""
    if len(text) > COURTESY_CHARS:
        return True
    return bool(tracker.get_slot(TOPIC_SLOT)) and aspect_of(text, load_followups()) is not None


class ActionSmallTalk(Action):
    def name(self) -> str:
        return "action_small_talk"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if may_ask_something(tracker) and not collecting(tracker):
            answered = answer_in_context(dispatcher, tracker, claim_only_when_sure=True)
            if answered is not None:
                return answered
        if intent == COME_BACK_LATER_INTENT:
            taken = take_over(dispatcher, tracker) if collecting(tracker) else None
            if taken is not None:
                return taken
            dispatcher.utter_message(text=message("small_talk_later" if collecting(tracker)
                                                  else "small_talk_later_nothing"))
            return []
        if collecting(tracker):  # "好的" / "OK" / 👍 to "是這個數字嗎？" or to the read-back: the inventory's yes
            taken = take_over(dispatcher, tracker)
            if taken is not None:
                return taken
            dispatcher.utter_message(text=message("small_talk_ack_inventory"))
            resume_inventory(dispatcher, tracker)
        else:
            dispatcher.utter_message(text=message("small_talk_ack"))
        return []
