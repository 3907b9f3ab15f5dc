"""The LINE Messaging API channel: webhook events in, replies and pushes out.

`POST /line/webhook` (gateway/routes/line.py) verifies the signature, parses the events with line-bot-sdk v3 and
hands them to `LineChannel.accept`, which records each event with its payload, by webhookEventId (a redelivered
event, or one already taken by another gateway process, is dropped), and processes the new ones in a background
task, so LINE gets its 200 at once. An event whose process died before handling it is not lost: recorded
events not marked handled are taken up again (`recover`, at start and every LINE_OUTBOX_INTERVAL_SECONDS), in
order per user, once their lease has run out. A user turn is `ConversationService.handle("line", user_id, text)`:

- text message → its text; postback (a quick-reply button) → its data, the Rasa payload (e.g. "/faq_x");
- follow → "/greet" (the greeting says what the bot can do); unfollow → recorded, no answer;
- other message types (stickers, photos…) → a short note that only text is understood.

The answer goes out through `LineDelivery` (reply, else push, else outbox). `push` is the OutboundChannel
entry point for messages that are not an answer to an event (staff replies).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Sequence
from typing import Any
from weakref import WeakValueDictionary

from linebot.v3 import WebhookParser
from linebot.v3.messaging import Message, TextMessage
from linebot.v3.webhooks import (
    Event,
    FollowEvent,
    MessageEvent,
    PostbackEvent,
    TextMessageContent,
    UnfollowEvent,
)
from starlette.concurrency import run_in_threadpool

from gateway.channels.line_api import LineApi
from gateway.channels.line_delivery import (
    DeliveryResult,
    LineDelivery,
    LineDeliveryRefused,
    OutboxWorker,
    batches,
)
from gateway.channels.line_events import refuse_impossible_ids, reply_deadline, user_id_of
from gateway.channels.line_render import LineRenderer
from gateway.channels.line_store import LineStore
from gateway.conversation import ConversationService, channel_user_id
from gateway.texts import Texts

log = logging.getLogger(__name__)

LINE_CHANNEL = "line"
FOLLOW_INTENT = "/greet"
#: An event that failed this many times (the process died while handling it) is given up, and logged.
MAX_EVENT_ATTEMPTS = 3

__all__ = ["LINE_CHANNEL", "LineChannel", "LineDeliveryRefused"]


class LineChannel:
    """Registered as ``"line"`` in `Services.channels`, kept as `Services.line` (None when LINE is off)."""

    name = LINE_CHANNEL

    def __init__(
        self,
        *,
        channel_secret: str,
        api: LineApi,
        store: LineStore,
        conversations: ConversationService,
        texts: Texts,
        public_base_url: str | None = None,
        reply_budget_seconds: float = 50.0,
        retry_base_seconds: float = 0.5,
        outbox_interval_seconds: float = 30.0,
    ) -> None:
        self.parser = WebhookParser(channel_secret)
        self.api = api
        self.store = store
        self.texts = texts
        self.renderer = LineRenderer(texts, public_base_url)
        self.delivery = LineDelivery(api, store, retry_base_seconds)
        self.outbox_worker = OutboxWorker(self.delivery, outbox_interval_seconds)
        self.reply_budget_seconds = reply_budget_seconds
        self.conversations = conversations
        self._tasks: set[asyncio.Task[None]] = set()
        self._user_locks: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()
        self.recovery_interval_seconds = outbox_interval_seconds
        self._recovery: asyncio.Task[None] | None = None

    # -- lifecycle -------------------------------------------------------------------------------------------

    def start(self) -> None:
        self.outbox_worker.start()
        self._recovery = asyncio.create_task(self._recover_forever(), name="line-event-recovery")

    async def aclose(self, timeout: float = 10.0) -> None:
        """Finish the events in progress (up to ``timeout`` s), stop the workers, close the API."""
        if self._recovery is not None:
            self._recovery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._recovery
        try:
            await asyncio.wait_for(self.drain(), timeout)
        except asyncio.TimeoutError:
            log.warning("LINE events still being processed at shutdown: %d", len(self._tasks))
        await self.outbox_worker.stop()
        await self.api.aclose()

    async def _recover_forever(self) -> None:
        while True:
            try:
                await self.recover()
            except Exception:
                log.exception("taking up unhandled LINE events failed; next try in %.0fs",
                              self.recovery_interval_seconds)
            await asyncio.sleep(self.recovery_interval_seconds)

    async def recover(self) -> int:
        """Handle the recorded events that no process handled (it died first) and none holds; how many."""
        rows = await run_in_threadpool(self.store.lease_unhandled)
        events: list[tuple[Event, str]] = []
        for row in rows:
            if row.attempts > MAX_EVENT_ATTEMPTS:
                log.error("LINE event %s given up after %d attempts", row.webhook_event_id, row.attempts - 1)
                await run_in_threadpool(self.store.mark_processed, row.webhook_event_id)
                continue
            try:
                events.append((Event.from_dict(json.loads(row.payload or "")), row.webhook_event_id))
            except (ValueError, TypeError, KeyError, AttributeError):
                log.exception("recorded LINE event %s cannot be read again: dropped", row.webhook_event_id)
                await run_in_threadpool(self.store.mark_processed, row.webhook_event_id)
        if events:
            log.warning("taking up %d LINE event(s) that were recorded but not handled", len(events))
            await self._process_all([event for event, _ in events], time.time())
        return len(events)

    async def drain(self) -> None:
        """Wait until every accepted event has been processed (tests use it; so does shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    # -- inbound ---------------------------------------------------------------------------------------------

    def parse(self, body: str, signature: str) -> list[Event]:
        """Verify X-Line-Signature over the raw body, then parse.

        Raises InvalidSignatureError (nothing parsed), or ValueError/KeyError/TypeError for a signed body that
        is not a webhook payload. Strings LINE never sends (lone surrogates; NUL or over-long ids, which the
        store cannot keep) make a body malformed: taken on, they would fail as a 500/503 that LINE redelivers.
        """
        events = self.parser.parse(body, signature)
        if not isinstance(events, list):
            raise TypeError("webhook body has no event list")
        # a lone surrogate (LINE sends valid Unicode) raises UnicodeEncodeError, a ValueError
        json.dumps(json.loads(body), ensure_ascii=False).encode("utf-8")
        refuse_impossible_ids(events)
        return events

    async def accept(self, events: Sequence[Event], payloads: Sequence[Any] | None = None) -> int:
        """Record the events not seen before (by webhookEventId), with their payloads (the webhook body's event
        objects, in the same order), and process them in the background.

        Returns how many were new. Runs before the webhook answers, so a database failure makes LINE retry; once
        LINE has its 200 the events are on disk, and handled even if this process dies first (`recover`).
        """
        raw = list(payloads) if payloads is not None and len(payloads) == len(events) else [None] * len(events)
        fresh = [event for event, payload in zip(events, raw, strict=True)
                 if await run_in_threadpool(self._claim, event, payload)]
        if fresh:
            received = time.time()
            task = asyncio.create_task(self._process_all(fresh, received), name="line-events")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return len(fresh)

    def _claim(self, event: Event, payload: Any = None) -> bool:
        event_id = getattr(event, "webhook_event_id", None)
        if not event_id:  # not in LINE's current webhooks; nothing to de-duplicate on
            return True
        context = getattr(event, "delivery_context", None)
        redelivery = bool(getattr(context, "is_redelivery", False))
        timestamp = getattr(event, "timestamp", None)
        claimed = self.store.claim_event(
            event_id, str(getattr(event, "type", "?")), user_id_of(event), redelivery,
            payload=json.dumps(payload if payload is not None else event.to_dict(), ensure_ascii=False),
            event_timestamp=timestamp if isinstance(timestamp, int) and 0 <= timestamp < 2**63 else None,
        )
        if not claimed:
            log.info("LINE event %s already taken on (redelivery=%s): skipped", event_id, redelivery)
        return claimed

    async def _process_all(self, events: Sequence[Event], received: float) -> None:
        for event in events:
            user_id = user_id_of(event)
            if user_id is None:
                log.info("LINE %s event without a user (group or room): ignored", getattr(event, "type", "?"))
                await self._handled(event)
                continue
            lock = self._user_locks.setdefault(user_id, asyncio.Lock())
            async with lock:  # one user's events in the order they came
                try:
                    await self._process(event, user_id, received)
                except Exception:
                    log.exception("LINE event %s failed", getattr(event, "webhook_event_id", "?"))
                    await self._apologise(event, user_id, received)
                await self._handled(event)

    async def _handled(self, event: Event) -> None:
        event_id = getattr(event, "webhook_event_id", None)
        if not event_id:
            return
        try:
            await run_in_threadpool(self.store.mark_processed, event_id)
        except Exception:  # answered all the same; taken up again later would answer twice: log it loudly
            log.exception("LINE event %s handled but not marked so", event_id)

    async def _process(self, event: Event, user_id: str, received: float) -> DeliveryResult | None:
        if isinstance(event, UnfollowEvent):
            await run_in_threadpool(self.store.set_following, user_id, False)
            return None
        if isinstance(event, FollowEvent):
            await run_in_threadpool(self.store.set_following, user_id, True)
            text = FOLLOW_INTENT
        elif isinstance(event, PostbackEvent):
            text = event.postback.data
        elif isinstance(event, MessageEvent) and isinstance(event.message, TextMessageContent):
            text = event.message.text
        elif isinstance(event, MessageEvent):
            note = TextMessage(text=self.texts.get("line.unsupported_message"))
            return await self._answer(event, user_id, received, [note])
        else:
            log.debug("LINE %s event ignored", getattr(event, "type", "?"))
            return None
        text = text.replace("\x00", "\ufffd")  # no one types NUL, and PostgreSQL text cannot hold it
        replies = await self.conversations.handle(LINE_CHANNEL, user_id, text)
        if not replies:  # e.g. a person holds the conversation: the bot stays silent
            return None
        return await self._answer(event, user_id, received, self.renderer.render(replies))

    async def _answer(
        self, event: Event, user_id: str, received: float, messages: Sequence[Message]
    ) -> DeliveryResult:
        return await self.delivery.answer(
            user_id, getattr(event, "reply_token", None), reply_deadline(event, received, self.reply_budget_seconds), messages
        )

    async def _apologise(self, event: Event, user_id: str, received: float) -> None:
        try:
            await self._answer(
                event, user_id, received, [TextMessage(text=self.texts.get("errors.internal"))]
            )
        except Exception:
            log.exception("could not tell LINE user %s about the failure", user_id)

    # -- outbound (OutboundChannel) --------------------------------------------------------------------------

    async def push(self, sender: str, messages: list[dict[str, Any]]) -> None:
        """Push bot/staff messages (Rasa REST shape) to the LINE user of conversation ``sender`` (``line:U…``,
        or the bare LINE user id).

        Returns when LINE took them or they wait in the outbox (delivered when LINE recovers); raises
        LineDeliveryRefused if LINE refused them for good (they are kept in the outbox as failed).
        """
        user_id = channel_user_id(LINE_CHANNEL, sender)
        refused: list[LineDeliveryRefused] = []
        for chunk in batches(self.renderer.render(messages)):
            try:
                await self.delivery.push(user_id, chunk)
            except LineDeliveryRefused as exc:  # still try (and keep) the other chunks
                refused.append(exc)
        if refused:
            raise refused[0]

    async def flush_outbox(self) -> int:
        """Deliver due outbox items now; how many LINE took."""
        return await self.delivery.flush_outbox()
