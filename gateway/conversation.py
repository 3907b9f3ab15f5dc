"""One user turn, whatever the channel: store the message, get the bot's replies, store them.

Every channel (the web API, LINE, …) goes through `ConversationService.handle`, so storage, normalisation and
the Rasa fallback message live in one place. Features plug in as `TurnHook`s instead of editing `handle`:
- `before_rasa` may answer the turn itself (e.g. a conversation held by a human: the bot stays silent),
- `after_rasa` may act on and rewrite the replies (e.g. a handoff or an inventory result carried in a
  `custom` payload by an action: open a ticket, store the inventory, add download links).
Hooks run in the order of the tuple the service is given (built once, in `gateway.composition`), as httpx runs
its `event_hooks`. `TurnObserver`s wrap the whole turn (hooks, Rasa, replays, failures) and change nothing:
turn latency and the log context of `gateway.observability`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from gateway.models import Message
from gateway.rasa_budget import RasaLate
from gateway.rasa_client import RasaClient, RasaUnavailable
from gateway.store import ConversationStore, StoredAnswer
from gateway.texts import Texts
from contracts import payloads
from knowledge.textnorm import normalize_text

log = logging.getLogger(__name__)

WEB_CHANNEL = "web"
RASA_UNAVAILABLE = "rasa_unavailable"
#: The notice of a turn whose answer comes late (``custom.notice``): the answer follows as its own messages.
RASA_LATE = "rasa_late"
#: Delivers replies outside the turn's own response: (channel, conversation key, replies) — for LINE a push;
#: the web widget reads them from the store (its live stream).
LateDelivery = Callable[[str, str, list[dict[str, Any]]], Awaitable[None]]
#: ``custom`` payloads that actions emit only as markers for the gateway (the dashboard's counts): stored with
#: the conversation, never sent to a user's channel. (The handoff payload stays visible: it carries the ticket
#: id and whether the office is open, which a channel may show.)
INTERNAL_TYPES = frozenset({payloads.FAQ, payloads.FALLBACK})
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


def _as_reply(text: str | None, payload: dict[str, Any] | None, recipient: str) -> dict[str, Any]:
    """A stored bot message in the shape Rasa's REST channel (and POST /api/chat) gives replies."""
    reply: dict[str, Any] = {"recipient_id": recipient, **(payload or {})}
    if text is not None:
        reply["text"] = text
    return reply


def _is_unavailable_notice(row: Message) -> bool:
    custom = (row.payload or {}).get("custom")
    return isinstance(custom, dict) and custom.get("error") == RASA_UNAVAILABLE


def _was_unavailable(stored: list[Message]) -> bool:
    """All that is stored for it is the "Rasa could not answer" notice: a resend deserves a real answer."""
    return bool(stored) and all(_is_unavailable_notice(row) for row in stored)


def _is_unstored(replies: list[dict[str, Any]]) -> bool:
    return any((reply.get("custom") or {}).get("type") == UNSTORED_TYPE for reply in replies)


def conversation_key(channel: str, user_id: str) -> str:
    """A conversation's id in Rasa and in the store: the channel's own user id (a web session's sender, a LINE
    user id) prefixed with the channel, ``web:…``, ``line:…``, so no channel can reach another's conversation."""
    return f"{channel}:{user_id}"


def channel_user_id(channel: str, key: str) -> str:
    """The channel's own user id in a conversation key (`conversation_key` undone)."""
    prefix = f"{channel}:"
    return key[len(prefix):] if key.startswith(prefix) else key


@dataclass(frozen=True)
class TurnAnswer:
    """What a turn gives back: the replies to send, and their stored ids (POST /api/chat returns them)."""

    #: the replies for the user's channel (Rasa REST shape), internal markers left out
    replies: list[dict[str, Any]]
    #: the stored id of the user's message; None when nothing of it is stored (a deletion request)
    message_id: int | None = None
    #: the stored id of each reply, in the order of `replies`; None for a reply that is not stored
    reply_ids: list[int | None] = field(default_factory=list)


@dataclass(frozen=True)
class Turn:
    """One user message. `sender` is the conversation key (`conversation_key`), as Rasa and the store have it;
    `client_ip` (web only) is for limits, never stored."""

    channel: str
    sender: str
    text: str
    client_ip: str | None = None
    message_id: str | None = None


class TurnHook(Protocol):
    async def before_rasa(self, turn: Turn) -> list[dict[str, Any]] | None:
        """Return replies to answer the turn without Rasa (``[]``: no reply at all), or None to go on."""

    async def after_rasa(self, turn: Turn, replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Act on Rasa's replies and return the replies to send (possibly changed)."""


class TurnObserver(Protocol):
    def observe(self, turn: Turn) -> AbstractContextManager[None]:
        """A context entered around the whole turn (hooks, Rasa, storage), also when it fails."""


class ConversationService:
    """`hooks` run in order: each `before_rasa` until one answers, then each `after_rasa` on Rasa's replies.
    `observers` wrap every turn, outermost first."""

    def __init__(
        self,
        store: ConversationStore,
        rasa: RasaClient,
        texts: Texts,
        hooks: Sequence[TurnHook] = (),
        observers: Sequence[TurnObserver] = (),
        late_delivery: LateDelivery | None = None,
    ) -> None:
        """Without ``late_delivery`` a turn past the Rasa budget is answered as unavailable and its late answer
        dropped; with it, the user is told the answer is coming, and it is stored and delivered when it does."""
        self.store = store
        self.rasa = rasa
        self.texts = texts
        self.hooks: tuple[TurnHook, ...] = tuple(hooks)
        self.observers: tuple[TurnObserver, ...] = tuple(observers)
        self.late_delivery = late_delivery
        self._late: set[asyncio.Task[None]] = set()

    async def handle(
        self, channel: str, user_id: str, text: str, *, client_ip: str | None = None, message_id: str | None = None
    ) -> list[dict[str, Any]]:
        """Store the user's message as typed, forward it normalised to Rasa, store and return the replies.

        `user_id` is the channel's own id of the user; the conversation is `conversation_key(channel, user_id)`.
        The message is stored while Rasa works on it (the turn's latency is Rasa's, not Rasa's plus the
        database's); the answer goes out only once both are done, so an answered message is always stored.
        Hooks that answer early (a held conversation, a deletion) run first; Rasa never sees those turns.
        A `message_id` seen before in this conversation is not handled again: its stored answer is returned.
        """
        answer = await self.answer(channel, user_id, text, client_ip=client_ip, message_id=message_id)
        return answer.replies

    async def answer(
        self, channel: str, user_id: str, text: str, *, client_ip: str | None = None, message_id: str | None = None
    ) -> TurnAnswer:
        """`handle`, with the stored ids of the user's message and of the replies."""
        sender = conversation_key(channel, user_id)
        turn = Turn(channel=channel, sender=sender, text=text, client_ip=client_ip, message_id=message_id)
        with ExitStack() as observed:
            for observer in self.observers:
                observed.enter_context(observer.observe(turn))
            return await self._handle(turn)

    async def _handle(self, turn: Turn) -> TurnAnswer:
        sender, channel, text, message_id = turn.sender, turn.channel, turn.text, turn.message_id
        stored_id: int | None = None
        if message_id is not None:
            previous = await run_in_threadpool(self.store.answer_to, sender, channel, message_id)
            if previous is not None:
                if not _was_unavailable(previous.replies):
                    return self._replay(turn, previous)
                stored_id = previous.message_id  # Rasa could not answer it then: ask again, not storing it twice

        def record() -> Message | None:
            return None if stored_id is not None else self.store.record_incoming(sender, channel, text, message_id)

        for hook in self.hooks:
            early = await hook.before_rasa(turn)
            if early is not None:
                if _is_unstored(early):  # a deletion stores nothing of the user, this message included
                    return await self._send(turn, early, None)
                row = await run_in_threadpool(record)
                return await self._send(turn, early, row.id if row is not None else stored_id)
        stored, answered = await asyncio.gather(
            run_in_threadpool(record),
            self._ask_rasa(turn),
            return_exceptions=True,
        )
        if isinstance(stored, IntegrityError) and message_id is not None:
            # the same message sent twice at once: the other request stores and answers it
            log.info("message id sent twice at once in a %s conversation", channel)
            previous = await run_in_threadpool(self.store.answer_to, sender, channel, message_id)
            return self._replay(turn, previous)
        for outcome in (stored, answered):
            if isinstance(outcome, BaseException):
                raise outcome  # e.g. the database is down: the message is not acknowledged (503)
        replies = answered
        for hook in self.hooks:
            replies = await hook.after_rasa(turn, replies)
        return await self._send(turn, replies, stored.id if isinstance(stored, Message) else stored_id)

    def _replay(self, turn: Turn, stored: StoredAnswer | None) -> TurnAnswer:
        """The stored answer to a message id already handled. When the message was stored but its answer was
        not (the database failed in between), the user is asked to say it again."""
        rows, message_id = (stored.replies, stored.message_id) if stored is not None else ([], None)
        answered = [row for row in rows if not _is_unavailable_notice(row)] or rows
        pairs = [(row.id, _as_reply(row.text, row.payload, turn.sender)) for row in answered]
        pairs = [(row_id, reply) for row_id, reply in pairs if not is_internal(reply)]
        if not pairs:
            return TurnAnswer([{"text": self.texts.get("chat.answer_lost"), "recipient_id": turn.sender}],
                              message_id, [None])
        return TurnAnswer([reply for _, reply in pairs], message_id, [row_id for row_id, _ in pairs])

    async def _ask_rasa(self, turn: Turn) -> list[dict[str, Any]]:
        try:
            return await self.rasa.send(
                turn.sender,
                normalize_text(turn.text),
                {"channel": turn.channel},
            )
        except RasaLate as late:
            if self.late_delivery is None:
                late.answer.cancel()
                return self._unavailable(turn, late)
            log.info("Rasa slow for a %s conversation: the answer will be delivered late", turn.channel)
            task = asyncio.create_task(self._deliver_late(turn, late.answer), name="late-answer")
            self._late.add(task)
            task.add_done_callback(self._late.discard)
            return [{"text": self.texts.get("rasa_late"), "custom": {"notice": RASA_LATE}}]
        except RasaUnavailable as exc:
            return self._unavailable(turn, exc)

    def _unavailable(self, turn: Turn, exc: RasaUnavailable) -> list[dict[str, Any]]:
        log.warning("Rasa unavailable for a %s conversation: %s", turn.channel, exc.reason)
        return [{"text": self.texts.get("rasa_unavailable"), "custom": {"error": RASA_UNAVAILABLE}}]

    async def _deliver_late(self, turn: Turn, answer: asyncio.Future[list[dict[str, Any]]]) -> None:
        """The answer of a turn that passed the budget: through the hooks, stored, then delivered (a failure
        is delivered as the "unavailable" reply with the hotline, so the user is never left waiting)."""
        try:
            replies = await answer
        except RasaUnavailable as exc:
            replies = self._unavailable(turn, exc)
        try:
            for hook in self.hooks:
                replies = await hook.after_rasa(turn, replies)
            sent = await self._send(turn, replies, None)
            if sent.replies and self.late_delivery is not None:
                await self.late_delivery(turn.channel, turn.sender, sent.replies)
        except Exception:  # a background task: log it, the conversation goes on
            log.exception("a late answer in a %s conversation could not be delivered", turn.channel)

    async def drain_late(self, timeout: float | None = None) -> None:
        """Wait (at most ``timeout`` seconds) for the answers still coming late (shutdown, tests)."""
        if self._late:
            await asyncio.wait(list(self._late), timeout=timeout)

    async def _send(self, turn: Turn, replies: list[dict[str, Any]], message_id: int | None) -> TurnAnswer:
        """Store the replies (unless they must not be) and answer with them and their ids."""
        for reply in replies:
            reply["recipient_id"] = turn.sender
        ids: list[int | None] = [None] * len(replies)
        if replies and not _is_unstored(replies):
            rows = await run_in_threadpool(self.store.record_outgoing, turn.sender, turn.channel, replies)
            ids = [row.id for row in rows]
        kept = [(row_id, reply) for row_id, reply in zip(ids, replies, strict=True) if not is_internal(reply)]
        return TurnAnswer([reply for _, reply in kept], message_id, [row_id for row_id, _ in kept])
