"""The hotline contact on the "Rasa unavailable" reply: a 找專人 button is of no use while Rasa, which handles
it, is down, so that reply also names the programme's hotline (name, phone, e-mail, from knowledge/)."""

from __future__ import annotations

import logging
from typing import Any

from contracts.routing import DEFAULT_TOPIC
from gateway.conversation import RASA_UNAVAILABLE, Turn
from gateway.texts import Texts

log = logging.getLogger(__name__)


class HotlineContactHook:
    """Adds the hotline contact (name, phone, e-mail) to the "Rasa unavailable" reply (a TurnHook)."""

    def __init__(self, texts: Texts, topic: str = DEFAULT_TOPIC) -> None:
        self.texts = texts
        self.topic = topic

    async def before_rasa(self, turn: Turn) -> None:
        return None

    async def after_rasa(self, turn: Turn, replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for reply in replies:
            custom = reply.get("custom")
            if isinstance(custom, dict) and custom.get("error") == RASA_UNAVAILABLE:
                contact = self._contact_line()
                if contact:
                    reply["text"] = f"{reply.get('text') or ''}\n{contact}".strip()
        return replies

    def _contact_line(self) -> str | None:
        from knowledge import get_knowledge

        try:
            contact = get_knowledge().contact_for(self.topic)
        except Exception:  # the knowledge base is broken: the plain text still tells the user what happened
            log.exception("no hotline contact for %r", self.topic)
            return None
        return self.texts.get(
            "rasa_unavailable_contact", name=contact.name, phone=contact.phone_display, email=contact.email or ""
        )
