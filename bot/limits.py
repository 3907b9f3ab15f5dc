"""Limits that keep the gateway answering: a time budget for Rasa (request-rate limits: bot/ratelimit.py).

- `BudgetedRasaClient`: one whole Rasa turn may take at most `RASA_TIMEOUT_SECONDS` (httpx's timeout is per
  connect/read/write step, so a server that trickles could take longer); past it the turn is answered with the
  "unavailable" text.
- `HotlineContactHook`: that text also names the programme's hotline (from knowledge/), since a 找專人 button is
  of no use while Rasa, which handles it, is down.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from bot.conversation import RASA_UNAVAILABLE, Turn
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.texts import Texts

log = logging.getLogger(__name__)


# -- the time budget of a turn ---------------------------------------------------------------------------------


class BudgetedRasaClient(RasaClient):
    """A RasaClient whose `send` as a whole (not each network step) ends within `timeout_seconds`."""

    async def send(self, sender: str, text: str, metadata: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        try:
            async with asyncio.timeout(self.timeout_seconds):
                return await super().send(sender, text, metadata)
        except TimeoutError as exc:
            raise RasaUnavailable(f"no answer within the {self.timeout_seconds}s budget") from exc


class HotlineContactHook:
    """Adds the hotline contact (name, phone, e-mail) to the "Rasa unavailable" reply."""

    def __init__(self, texts: Texts, topic: str = "inventory") -> None:
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
