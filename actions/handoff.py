"""Hand the user to the right person of the programme.

Routing by topic to knowledge/contacts: the topic of the last FAQ the user was answered, else the inventory
counselling contact. The staff console and tickets come with the handoff issue; this tells the user who to call.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import FAQ_INTENT_PREFIX
from actions.messages import message
from knowledge import get_knowledge

DEFAULT_CONTACT_TOPIC = "inventory"


def last_faq_entry_id(tracker: Tracker) -> str | None:
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            name = ((event.get("parse_data") or {}).get("intent") or {}).get("name") or ""
            if name.startswith(FAQ_INTENT_PREFIX):
                return name.removeprefix(FAQ_INTENT_PREFIX)
    return None


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        kb = get_knowledge()
        entry = kb.entry(last_faq_entry_id(tracker) or "")
        contact = None
        if entry is not None and entry.contact:
            contact = kb.contacts.get(entry.contact)
        if contact is None:
            contact = kb.contact_for(DEFAULT_CONTACT_TOPIC)
        phone = message("ext_join", phone=contact.phone, ext=contact.ext) if contact.ext else contact.phone
        dispatcher.utter_message(
            text="\n".join(
                [
                    message("handoff_intro"),
                    message(
                        "handoff_contact",
                        topic_label=contact.unit or "",
                        name=contact.name,
                        title=contact.title,
                        org=contact.org,
                        phone_full=phone,
                        email=contact.email,
                    ),
                    message("handoff_hours"),
                ]
            )
        )
        return []
