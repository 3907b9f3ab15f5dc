"""What the conversation so far says: the user turns newest first, whether the turn before was also not
understood, the FAQ entry answered last, the latest message's entities. Read by FAQ and hand-off."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from rasa_sdk import Tracker

from contracts import payloads
from knowledge import Entry, KnowledgeBase

HANDOFF_TYPE = payloads.HANDOFF
#: The intent NLU gives a message it is not sure about (FallbackClassifier).
NLU_FALLBACK_INTENT = "nlu_fallback"
#: Turns the bot did not understand or declined: two in a row offer a person or another phrasing
MISUNDERSTOOD_INTENTS = (NLU_FALLBACK_INTENT, "out_of_scope")


def _intent(event: Mapping[str, Any]) -> str:
    return ((event.get("parse_data") or {}).get("intent") or {}).get("name") or ""


def _user_events_newest_first(tracker: Tracker) -> Iterator[Mapping[str, Any]]:
    return (e for e in reversed(tracker.events) if e.get("event") == "user")


def _is_handoff_event(event: Mapping[str, Any]) -> bool:
    custom = (event.get("data") or {}).get("custom")
    return event.get("event") == "bot" and isinstance(custom, Mapping) and custom.get("type") == HANDOFF_TYPE


def previous_turn_was_fallback(tracker: Tracker) -> bool:
    """True when the user turn before the latest one was also not understood (a fallback or an out-of-scope
    decline), with no handoff in between.

    A handoff resets the count: after a person has held the conversation, one more fallback is only one.
    """
    seen_latest = False
    for event in reversed(tracker.events):
        if _is_handoff_event(event):
            return False
        if event.get("event") != "user":
            continue
        if not seen_latest:
            seen_latest = True
            continue
        return _intent(event) in MISUNDERSTOOD_INTENTS
    return False


def last_faq_entry(tracker: Tracker, kb: KnowledgeBase) -> Entry | None:
    """The FAQ entry of the most recent user turn that was recognised as one."""
    for event in _user_events_newest_first(tracker):
        entry = kb.entry_for_intent(_intent(event))
        if entry is not None:
            return entry
    return None


def recent_user_texts(tracker: Tracker, count: int) -> list[str]:
    texts = []
    for event in _user_events_newest_first(tracker):
        if len(texts) == count:
            break
        texts.append(event.get("text") or "")
    return texts


def latest_entity(tracker: Tracker, name: str) -> str | None:
    """The value of the latest message's entity ``name`` (a button's payload), or None."""
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == name and isinstance(entity.get("value"), str):
            return entity["value"]
    return None
