"""Answer FAQ intents from knowledge/ at the time of asking, and decline honestly when unsure.

The NLU predicts ``faq_<entry id>``; the answer text, source and date are read from knowledge/ now, so an edited
answer is live without retraining or restarting.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import REASON_FALLBACK, hand_over, previous_turn_was_fallback
from actions.messages import message
from knowledge import Entry, get_knowledge

MAX_SUGGESTIONS = 3
# Below this lexical score a "related question" is noise, not help (see knowledge.search).
MIN_SUGGESTION_SCORE = 0.15


def entry_buttons(entries: list[Entry]) -> list[dict[str, str]]:
    return [{"title": e.title, "payload": f"/{e.intent}"} for e in entries]


def human_button() -> dict[str, str]:
    return {"title": message("button_human"), "payload": "/request_human"}


def take_over(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]] | None:
    from actions.inventory import take_over as inventory_take_over

    return inventory_take_over(dispatcher, tracker)


def resume_inventory(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """An FAQ asked in the middle of collecting data: after the answer, ask the pending question again."""
    from actions.inventory import resume_prompt, send

    outcome = resume_prompt(tracker)
    if outcome is not None:
        send(dispatcher, outcome)


def answer_text(entry: Entry) -> str:
    parts = [entry.answer.strip()]
    if entry.notice:
        parts.append(message("faq_notice", notice=entry.notice))
    parts.append(message("faq_footer", source=entry.source, as_of=entry.as_of))
    return "\n\n".join(parts)


class ActionAnswerFaq(Action):
    """Answers the FAQ entry the NLU recognised, with related entries as buttons."""

    def name(self) -> str:
        return "action_answer_faq"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        taken = take_over(dispatcher, tracker)  # an answer to the inventory the classifier took for a question
        if taken is not None:
            return taken
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        kb = get_knowledge()
        entry = kb.entry_for_intent(intent)
        if entry is None:
            dispatcher.utter_message(text=message("faq_missing"), buttons=[human_button()])
            return []
        related = [r for r in (kb.entry(rid) for rid in entry.related) if r is not None]
        dispatcher.utter_message(
            text=answer_text(entry),
            buttons=entry_buttons(related[:MAX_SUGGESTIONS]) + [human_button()],
        )
        # for the staff dashboard's top topics (the gateway counts these)
        dispatcher.utter_message(json_message={"type": "faq", "entry_id": entry.id, "topic": entry.topic})
        resume_inventory(dispatcher, tracker)
        return []


class ActionNotSure(Action):
    """Low confidence or out of scope: say so, suggest up to three related questions, offer a person."""

    def name(self) -> str:
        return "action_not_sure"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        taken = take_over(dispatcher, tracker)
        if taken is not None:
            return taken
        text = tracker.latest_message.get("text") or ""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        if intent != "out_of_scope" and previous_turn_was_fallback(tracker):
            return hand_over(dispatcher, tracker, REASON_FALLBACK)  # two fallbacks in a row
        suggestions = [
            entry
            for entry, score in get_knowledge().search(text, limit=MAX_SUGGESTIONS)
            if score >= MIN_SUGGESTION_SCORE
        ]
        if intent == "out_of_scope":
            lead = message("out_of_scope")
            if suggestions:
                lead += "\n" + message("out_of_scope_suggest")
        else:
            lead = message("not_sure") if suggestions else message("not_sure_no_suggestion")
        dispatcher.utter_message(text=lead, buttons=entry_buttons(suggestions) + [human_button()])
        # the gateway lists the questions the bot could not answer for the staff
        dispatcher.utter_message(json_message={"type": "fallback", "intent": intent})
        return []
