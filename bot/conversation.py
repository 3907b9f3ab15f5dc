"""One user turn, whatever the channel: store the message, get the bot's replies, store them.

Every channel (the web API, LINE, …) goes through `ConversationService.handle`, so storage, normalisation and
the Rasa fallback message live in one place. Features plug in as `TurnHook`s instead of editing `handle`:
- `before_rasa` may answer the turn itself (e.g. a conversation held by a human: the bot stays silent),
- `after_rasa` may act on and rewrite the replies (e.g. a handoff or an inventory result carried in a
  `custom` payload by an action: open a ticket, store the inventory, add download links).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, Protocol

from starlette.concurrency import run_in_threadpool

from bot.rasa_client import RasaClient, RasaUnavailable
from bot.store import ConversationStore
from bot.texts import Texts
from knowledge.textnorm import normalize_text

log = logging.getLogger(__name__)

WEB_CHANNEL = "web"
RASA_UNAVAILABLE = "rasa_unavailable"
#: ``custom`` payloads that actions emit only as markers for the gateway (the dashboard's counts): stored with
#: the conversation, never sent to a user's channel. (The handoff payload stays visible: it carries the ticket
#: id and whether the office is open, which a channel may show.)
INTERNAL_TYPES = frozenset({"faq", "fallback"})
#: Replies that must not be stored: the confirmation that a user's data was deleted (storing it would start a
#: new conversation record for the user who just asked to be forgotten).
UNSTORED_TYPE = "privacy_erased"


def is_internal(reply: dict[str, Any]) -> bool:
    """A reply that only carries an internal marker (no text, buttons or image for the user)."""
    custom = reply.get("custom")
    return (
        isinstance(custom, dict)
        and custom.get("type") in INTERNAL_TYPES
        and not any(reply.get(key) for key in ("text", "buttons", "image"))
    )


def _is_unstored(replies: list[dict[str, Any]]) -> bool:
    return any((reply.get("custom") or {}).get("type") == UNSTORED_TYPE for reply in replies)


def rasa_sender_id(channel: str, sender: str) -> str:
    """Rasa's conversation id: the web sender as is, other channels prefixed so ids never collide."""
    return sender if channel == WEB_CHANNEL else f"{channel}:{sender}"


@dataclass(frozen=True)
class Turn:
    channel: str
    sender: str
    text: str


class TurnHook(Protocol):
    async def before_rasa(self, turn: Turn) -> list[dict[str, Any]] | None:
        """Return replies to answer the turn without Rasa (``[]``: no reply at all), or None to go on."""

    async def after_rasa(self, turn: Turn, replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Act on Rasa's replies and return the replies to send (possibly changed)."""


class ConversationService:
    def __init__(
        self, store: ConversationStore, rasa: RasaClient, texts: Texts, hooks: list[TurnHook] | None = None
    ) -> None:
        self.store = store
        self.rasa = rasa
        self.texts = texts
        self.hooks: list[TurnHook] = list(hooks or [])

    async def handle(self, channel: str, sender: str, text: str) -> list[dict[str, Any]]:
        """Store the user's message as typed, forward it normalised to Rasa, store and return the replies.

        The message is stored while Rasa works on it (the turn's latency is Rasa's, not Rasa's plus the
        database's); the answer goes out only once both are done, so an answered message is always stored.
        Hooks that answer early (a held conversation, a deletion) run first; Rasa never sees those turns.
        """
        turn = Turn(channel=channel, sender=sender, text=text)
        for hook in self.hooks:
            early = await hook.before_rasa(turn)
            if early is not None:
                if not _is_unstored(early):  # a deletion stores nothing of the user, this message included
                    await run_in_threadpool(self.store.record_incoming, sender, channel, text)
                return await self._send(turn, early)
        stored, answered = await asyncio.gather(
            run_in_threadpool(self.store.record_incoming, sender, channel, text),
            self._ask_rasa(turn),
            return_exceptions=True,
        )
        for outcome in (stored, answered):
            if isinstance(outcome, BaseException):
                raise outcome  # e.g. the database is down: the message is not acknowledged (503)
        replies = answered
        for hook in self.hooks:
            replies = await hook.after_rasa(turn, replies)
        return await self._send(turn, replies)

    async def _ask_rasa(self, turn: Turn) -> list[dict[str, Any]]:
        try:
            return await self.rasa.send(
                rasa_sender_id(turn.channel, turn.sender),
                normalize_text(turn.text),
                {"channel": turn.channel, "sender": turn.sender},
            )
        except RasaUnavailable as exc:
            log.warning("Rasa unavailable for %s sender %s: %s", turn.channel, turn.sender, exc.reason)
            return [{"text": self.texts.get("rasa_unavailable"), "custom": {"error": RASA_UNAVAILABLE}}]

    async def _send(self, turn: Turn, replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for reply in replies:
            reply["recipient_id"] = turn.sender
        if replies and not _is_unstored(replies):
            await run_in_threadpool(self.store.record_outgoing, turn.sender, turn.channel, replies)
        return [reply for reply in replies if not is_internal(reply)]
