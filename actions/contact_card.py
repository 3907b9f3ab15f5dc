"""A programme contact as the user sees it: the text (name, title, phone with extension, e-mail) and the
buttons (tappable phone and e-mail, and the one that asks for a person here)."""

from __future__ import annotations

import json

from actions.handoff_routing import HANDOFF_REASON_ENTITY, HANDOFF_TOPIC_ENTITY
from actions.messages import message
from knowledge import Contact


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
