"""One user turn, whatever the channel: store the message, get the bot's replies, store them.

Every channel (the web API, LINE, …) goes through `ConversationService.handle`, so storage, normalisation,
the Rasa fallback message and (later) the human-handoff gate live in one place.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.concurrency import run_in_threadpool

from bot.rasa_client import RasaClient, RasaUnavailable
from bot.store import ConversationStore
from bot.texts import Texts
from knowledge.textnorm import normalize_text

log = logging.getLogger(__name__)

WEB_CHANNEL = "web"
RASA_UNAVAILABLE = "rasa_unavailable"


def rasa_sender_id(channel: str, sender: str) -> str:
    """Rasa's conversation id: the web sender as is, other channels prefixed so ids never collide."""
    return sender if channel == WEB_CHANNEL else f"{channel}:{sender}"


class ConversationService:
    def __init__(self, store: ConversationStore, rasa: RasaClient, texts: Texts) -> None:
        self.store = store
        self.rasa = rasa
        self.texts = texts

    async def handle(self, channel: str, sender: str, text: str) -> list[dict[str, Any]]:
        """Store the user's message as typed, forward it normalised to Rasa, store and return the replies."""
        await run_in_threadpool(self.store.record_incoming, sender, channel, text)
        try:
            replies = await self.rasa.send(
                rasa_sender_id(channel, sender), normalize_text(text), {"channel": channel, "sender": sender}
            )
        except RasaUnavailable as exc:
            log.warning("Rasa unavailable for %s sender %s: %s", channel, sender, exc.reason)
            replies = [{"text": self.texts.get("rasa_unavailable"), "custom": {"error": RASA_UNAVAILABLE}}]
        for reply in replies:
            reply["recipient_id"] = sender
        await run_in_threadpool(self.store.record_outgoing, sender, channel, replies)
        return replies
