"""Hand the user to the right person of the programme.

Rasa only decides *that* a handoff happens; the gateway (bot/handoff/) owns the ticket. This action:
- picks the routing topic (inventory, offset, footprint, programme, authority — the contacts' `topics` in
  knowledge/) from the words of the request, the sensitive intent, or the last FAQ the user was answered
  (actions/handoff_routing.yml says which words and intents go where),
- tells the user who to contact (name, title, phone with extension, e-mail),
- emits ``custom: {"type": "handoff", "topic", "contact_id", "reason", "inventory", "inventory_result"}``,
  which the gateway turns into a ticket (and to which it adds the office-hours message).

Never stranded (issue 13): a ticket is opened only when the user plainly asks for a person (the words of
``person_words``, or the 找專人 button). A sensitive topic, or a request that names nobody ("要找誰問？給我電話"),
gets the right contact with a button to ask for a person; a long paste or a remark that merely looks like a
request is answered as a question. Two misunderstood turns offer 找專人 / 換個說法 (actions/faq.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.messages import message
from knowledge import Contact, Entry, KnowledgeBase, get_knowledge

ROUTING_FILE = Path(__file__).with_name("handoff_routing.yml")

REASON_USER_REQUEST = "user_request"
REASON_FALLBACK = "fallback"
REASON_SENSITIVE = "sensitive"
REASONS = (REASON_USER_REQUEST, REASON_FALLBACK, REASON_SENSITIVE)

HANDOFF_TYPE = "handoff"
#: Entities a 找專人 button carries: the routing key and the reason (a sensitive topic offered before)
HANDOFF_TOPIC_ENTITY = "handoff_topic"
HANDOFF_REASON_ENTITY = "handoff_reason"
#: The intent NLU gives a message it is not sure about (FallbackClassifier).
NLU_FALLBACK_INTENT = "nlu_fallback"
#: Turns the bot did not understand or declined: two in a row offer a person or another phrasing
MISUNDERSTOOD_INTENTS = (NLU_FALLBACK_INTENT, "out_of_scope")
#: The computed inventory result (actions/inventory.py) carried into the ticket when set.
INVENTORY_RESULT_SLOT = "inventory_result"


@dataclass(frozen=True)
class Routing:
    default: str
    #: routing key → words; checked in file order, the first key with a word in the request wins
    keywords: tuple[tuple[str, tuple[str, ...]], ...]
    #: sensitive intent → routing key
    sensitive_intents: Mapping[str, str]
    person_words: tuple[str, ...] = ()
    decline_words: tuple[str, ...] = ()
    max_request_chars: int = 60
    sensitive_words: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    about_bot_words: tuple[str, ...] = ()

    def asks_for_person(self, text: str) -> bool:
        """The message plainly asks for a person: the button, or a short request with a person word and no
        "不用"."""
        if text.startswith("/"):
            return True
        if len(text) > self.max_request_chars or _has_word(text, (*self.decline_words, *self.about_bot_words)):
            return False
        return _has_word(text, self.person_words)

    def really_sensitive(self, intent: str, text: str) -> bool:
        return len(text) <= self.max_request_chars * 2 and _has_word(text, self.sensitive_words.get(intent, ()))

    def topic_for_text(self, text: str) -> str | None:
        folded = text.casefold()
        for key, words in self.keywords:
            if any(word.casefold() in folded for word in words):
                return key
        return None


def _has_word(text: str, words: tuple[str, ...] | list[str]) -> bool:
    folded = text.casefold()
    return any(word.casefold() in folded for word in words)


@lru_cache(maxsize=1)
def load_routing(path: Path = ROUTING_FILE) -> Routing:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Routing(
        default=data["default"],
        keywords=tuple((key, tuple(str(w) for w in words)) for key, words in data["keywords"].items()),
        sensitive_intents=dict(data["sensitive_intents"]),
        person_words=tuple(data.get("person_words") or ()),
        decline_words=tuple(data.get("decline_words") or ()),
        max_request_chars=int(data.get("max_request_chars") or 60),
        sensitive_words={k: tuple(v) for k, v in (data.get("sensitive_words") or {}).items()},
        about_bot_words=tuple(data.get("about_bot_words") or ()),
    )


# -- reading the tracker ------------------------------------------------------------------------------------


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


# -- deciding -----------------------------------------------------------------------------------------------


def reason_for(intent: str, routing: Routing) -> str:
    return REASON_SENSITIVE if intent in routing.sensitive_intents else REASON_USER_REQUEST


def _entity(tracker: Tracker, name: str) -> str | None:
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == name and isinstance(entity.get("value"), str):
            return entity["value"]
    return None


def choose_topic(tracker: Tracker, reason: str, kb: KnowledgeBase, routing: Routing) -> str:
    """The routing key: the one a button carries, else words of the request, else the sensitive intent, else
    the last FAQ's contact, else the default. For a fallback handoff, both unclear messages are the request."""
    chosen = _entity(tracker, HANDOFF_TOPIC_ENTITY)
    if chosen in {key for key, _ in routing.keywords} | {routing.default}:
        return chosen  # type: ignore[return-value]
    request = recent_user_texts(tracker, 2 if reason == REASON_FALLBACK else 1)
    for text in request:
        topic = routing.topic_for_text(kb.normalize(text))
        if topic is not None:
            return topic
    intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
    if intent in routing.sensitive_intents:
        return routing.sensitive_intents[intent]
    entry = last_faq_entry(tracker, kb)
    contact = kb.contact(entry.contact) if entry is not None and entry.contact else None
    if contact is not None and contact.topics:
        return contact.topics[0]
    return routing.default


def contact_buttons(contact: Contact) -> list[dict[str, str]]:
    """Tappable phone and e-mail (tel:, mailto:): the widget makes them links, LINE URI actions."""
    return [
        {"title": message("button_call", name=contact.name), "payload": contact.tel_uri},
        {"title": message("button_mail", name=contact.name), "payload": f"mailto:{contact.email}"},
    ]


def person_button(topic: str, reason: str) -> dict[str, str]:
    payload = json.dumps({HANDOFF_TOPIC_ENTITY: topic, HANDOFF_REASON_ENTITY: reason}, ensure_ascii=False)
    return {"title": message("button_open_ticket"), "payload": f"/request_human{payload}"}


def contact_text(contact: Contact) -> str:
    phone = message("ext_join", phone=contact.phone, ext=contact.ext) if contact.ext else contact.phone
    return message(
        "handoff_contact",
        role=contact.role,
        name=contact.name,
        title=contact.title,
        org=contact.org,
        phone_full=phone,
        email=contact.email,
    )


def handoff_payload(tracker: Tracker, topic: str, contact: Contact, reason: str) -> dict[str, Any]:
    payload: dict[str, Any] = {"type": HANDOFF_TYPE, "topic": topic, "contact_id": contact.id, "reason": reason}
    from actions.inventory import staff_view

    inventory = staff_view(tracker)  # readable lines for the console, not the conversation's state
    if inventory is not None:
        payload["inventory"] = inventory
    result = tracker.get_slot(INVENTORY_RESULT_SLOT)
    if result is not None:
        payload["inventory_result"] = result
    return payload


def hand_over(dispatcher: CollectingDispatcher, tracker: Tracker, reason: str) -> list[dict[str, Any]]:
    """Tell the user who to contact and emit the handoff payload for the gateway (which opens the ticket)."""
    kb = get_knowledge()
    topic = choose_topic(tracker, reason, kb, load_routing())
    contact = kb.contact_for(topic)
    dispatcher.utter_message(text=f"{message('handoff_intro_' + reason)}\n{contact_text(contact)}",
                             buttons=contact_buttons(contact))
    dispatcher.utter_message(json_message=handoff_payload(tracker, topic, contact, reason))
    return []


def offer_person(dispatcher: CollectingDispatcher, tracker: Tracker, reason: str) -> list[dict[str, Any]]:
    """Show the right contact, tappable, with the choice to ask for a person here: no ticket by itself."""
    kb = get_knowledge()
    topic = choose_topic(tracker, reason, kb, load_routing())
    contact = kb.contact_for(topic)
    dispatcher.utter_message(text=f"{message('handoff_offer_' + reason)}\n{contact_text(contact)}",
                             buttons=[person_button(topic, reason), *contact_buttons(contact)])
    return []


class ActionHandoff(Action):
    """The user asked for a person, or raised a topic the bot must not decide alone."""

    def name(self) -> str:
        return "action_handoff"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        from actions.faq import answer_in_context, decline

        latest = tracker.latest_message
        intent = (latest.get("intent") or {}).get("name") or ""
        text = latest.get("text") or ""
        routing = load_routing()
        if intent in routing.sensitive_intents or len(text) > routing.max_request_chars:
            # "不知道耶，要去看銘牌，應該是R410A的", a pasted list of figures: an answer to the inventory first
            from actions.inventory import take_over

            taken = take_over(dispatcher, tracker)
            if taken is not None:
                return taken
        if intent in routing.sensitive_intents:
            if routing.really_sensitive(intent, text):
                return offer_person(dispatcher, tracker, REASON_SENSITIVE)
            return answer_in_context(dispatcher, tracker) or decline(dispatcher, tracker)
        if routing.asks_for_person(text):
            reason = _entity(tracker, HANDOFF_REASON_ENTITY) or REASON_USER_REQUEST
            return hand_over(dispatcher, tracker, reason if reason in REASONS else REASON_USER_REQUEST)
        if len(text) > routing.max_request_chars or _has_word(text, routing.about_bot_words):
            # a paste, a long description or a question about the bot: data or a question, not a request
            return answer_in_context(dispatcher, tracker) or decline(dispatcher, tracker)
        if _has_word(text, routing.decline_words):  # "不用找人，我們繼續算"
            return continue_without_person(dispatcher, tracker)
        # "那要找誰" after an answer: that topic's contact entry; else the routed contact, offered
        return answer_in_context(dispatcher, tracker, claim_only_when_sure=True) or offer_person(
            dispatcher, tracker, REASON_USER_REQUEST)


def continue_without_person(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """The user declined a person: go on (the pending inventory question again, if any)."""
    from actions.faq import resume_inventory

    dispatcher.utter_message(text=message("handoff_declined"))
    resume_inventory(dispatcher, tracker)
    return []
