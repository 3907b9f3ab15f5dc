"""Hand the user to the right person of the programme.

Rasa only decides *that* a handoff happens; the gateway owns the ticket (gateway/handoff/). This action:
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

The routing rules are read in actions/handoff_routing.py, the contact shown by actions/contact_card.py, the
conversation so far by actions/tracker_history.py.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.contact_card import contact_buttons, contact_text, person_button
from actions.faq import answer_as_question, answer_contacts_entry, answer_in_context, resume_inventory
from actions.handoff_routing import HANDOFF_REASON_ENTITY, choose_topic, has_word, load_routing
from actions.inventory_session import staff_view, take_over
from actions.messages import message
from actions.tracker_history import HANDOFF_TYPE, latest_entity
from contracts.payloads import HANDOFF_REASONS, REASON_SENSITIVE, REASON_USER_REQUEST, HandoffPayload
from knowledge import Contact, get_knowledge

#: The computed inventory result (actions/inventory.py) carried into the ticket when set.
INVENTORY_RESULT_SLOT = "inventory_result"


def handoff_payload(tracker: Tracker, topic: str, contact: Contact, reason: str) -> HandoffPayload:
    payload = HandoffPayload(type=HANDOFF_TYPE, topic=topic, contact_id=contact.id, reason=reason)
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
        latest = tracker.latest_message
        intent = (latest.get("intent") or {}).get("name") or ""
        text = latest.get("text") or ""
        routing = load_routing()
        if intent in routing.sensitive_intents or len(text) > routing.max_request_chars:
            # "不知道耶，要去看銘牌，應該是R410A的", a pasted list of figures: an answer to the inventory first
            taken = take_over(dispatcher, tracker)
            if taken is not None:
                return taken
        if intent in routing.sensitive_intents:
            if routing.really_sensitive(intent, text):
                return offer_person(dispatcher, tracker, REASON_SENSITIVE)
            return answer_as_question(dispatcher, tracker)
        if routing.asks_for_person(text):
            reason = latest_entity(tracker, HANDOFF_REASON_ENTITY) or REASON_USER_REQUEST
            return hand_over(dispatcher, tracker, reason if reason in HANDOFF_REASONS else REASON_USER_REQUEST)
        if len(text) > routing.max_request_chars or has_word(text, (*routing.about_bot_words,
                                                                   *routing.not_a_request_words)):
            # a paste, a long description, a question about the bot or a job: data or a question, not a request
            return answer_as_question(dispatcher, tracker)
        if has_word(text, routing.decline_words):  # "不用找人，我們繼續算"
            return continue_without_person(dispatcher, tracker)
        # "那要找誰" after an answer: that topic's contact entry; "全部的聯絡人給我": the contacts entry; else the
        # routed contact, offered
        return (answer_in_context(dispatcher, tracker, claim_only_when_sure=True)
                or answer_contacts_entry(dispatcher, tracker)
                or offer_person(dispatcher, tracker, REASON_USER_REQUEST))


def continue_without_person(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
    """The user declined a person: go on (the pending inventory question again, if any)."""
    dispatcher.utter_message(text=message("handoff_declined"))
    resume_inventory(dispatcher, tracker)
    return []
