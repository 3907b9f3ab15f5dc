"""The LINE Messaging API channel: webhook events in, replies and pushes out.

`POST /line/webhook` (bot/routes/line.py) verifies the signature, parses the events with line-bot-sdk v3 and
hands them to `LineChannel.accept`, which records each webhookEventId (a redelivered event, or one already
taken by another gateway process, is dropped) and processes the new ones in a background task, so LINE gets
its 200 at once. A user turn is `ConversationService.handle("line", user_id, text)`:

- text message → its text; postback (a quick-reply button) → its data, the Rasa payload (e.g. "/faq_x");
- follow → "/greet" (the greeting says what the bot can do); unfollow → recorded, no answer;
- other message types (stickers, photos…) → a short note that only text is understood.

The answer goes out through `LineDelivery` (reply, else push, else outbox). `push` is the OutboundChannel
entry point for messages that are not an answer to an event (staff replies).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Sequence
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
    UserSource,
)
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from bot.channels.line_api import LineApi, RetryPolicy
from bot.channels.line_delivery import (
    DeliveryResult,
    LineDelivery,
    LineDeliveryRefused,
    OutboxWorker,
    batches,
)
from bot.channels.line_render import LineRenderer
from bot.channels.line_store import LineStore
from bot.conversation import ConversationService, channel_user_id
from bot.settings import Settings
from bot.texts import Texts

log = logging.getLogger(__name__)

LINE_CHANNEL = "line"
FOLLOW_INTENT = "/greet"
#: the width of the id columns of line_webhook_events and line_users (LINE's ids are 26–33 characters)
MAX_ID_CHARS = 64

__all__ = ["LINE_CHANNEL", "LineChannel", "LineDeliveryRefused"]


class LineChannel:
    """Registered as ``"line"`` on app.state.channels, kept on ``app.state.line`` (None when LINE is off)."""

    name = LINE_CHANNEL

    def __init__(
        self,
        *,
        channel_secret: str,
        api: LineApi,
        store: LineStore,
        conversations: Callable[[], ConversationService],
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
        # A getter, not the service: hooks added to app.state.conversations later still apply to LINE turns.
        self._conversations = conversations
        self._tasks: set[asyncio.Task[None]] = set()
        self._user_locks: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        engine: Engine,
        conversations: Callable[[], ConversationService],
        texts: Texts,
    ) -> LineChannel | None:
        """The channel, or None when LINE_CHANNEL_SECRET is not set. Call inside the running event loop."""
        if settings.line_channel_secret is None or settings.line_channel_access_token is None:
            return None
        api = LineApi(
            settings.line_api_base,
            settings.line_channel_access_token.get_secret_value(),
            RetryPolicy(max_retries=settings.line_max_retries, base_seconds=settings.line_retry_base_seconds),
        )
        return cls(
            channel_secret=settings.line_channel_secret.get_secret_value(),
            api=api,
            store=LineStore(engine),
            conversations=conversations,
            texts=texts,
            public_base_url=settings.public_base_url,
            reply_budget_seconds=settings.line_reply_budget_seconds,
            retry_base_seconds=settings.line_retry_base_seconds,
            outbox_interval_seconds=settings.line_outbox_interval_seconds,
        )

    # -- lifecycle -------------------------------------------------------------------------------------------

    def start(self) -> None:
        self.outbox_worker.start()

    async def aclose(self, timeout: float = 10.0) -> None:
        """Finish the events in progress (up to ``timeout`` s), stop the outbox worker, close the API."""
        try:
            await asyncio.wait_for(self.drain(), timeout)
        except asyncio.TimeoutError:
            log.warning("LINE events still being processed at shutdown: %d", len(self._tasks))
        await self.outbox_worker.stop()
        await self.api.aclose()

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
        for event in events:
            stored = (getattr(event, "webhook_event_id", None), getattr(event, "type", None), _user_id(event))
            for value in stored:
                if isinstance(value, str) and (len(value) > MAX_ID_CHARS or "\x00" in value):
                    raise ValueError(f"webhook event with an impossible id or type: {value[:80]!r}")
        return events

    async def accept(self, events: Sequence[Event]) -> int:
        """Take on the events not seen before (by webhookEventId) and process them in the background.

        Returns how many were new. Runs before the webhook answers, so a database failure makes LINE retry.
        """
        fresh = [event for event in events if await run_in_threadpool(self._claim, event)]
        if fresh:
            received = time.time()
            task = asyncio.create_task(self._process_all(fresh, received), name="line-events")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return len(fresh)

    def _claim(self, event: Event) -> bool:
        event_id = getattr(event, "webhook_event_id", None)
        if not event_id:  # not in LINE's current webhooks; nothing to de-duplicate on
            return True
        context = getattr(event, "delivery_context", None)
        redelivery = bool(getattr(context, "is_redelivery", False))
        claimed = self.store.claim_event(
            event_id, str(getattr(event, "type", "?")), _user_id(event), redelivery
        )
        if not claimed:
            log.info("LINE event %s already taken on (redelivery=%s): skipped", event_id, redelivery)
        return claimed

    async def _process_all(self, events: Sequence[Event], received: float) -> None:
        for event in events:
            user_id = _user_id(event)
            if user_id is None:
                log.info("LINE %s event without a user (group or room): ignored", getattr(event, "type", "?"))
                continue
            lock = self._user_locks.setdefault(user_id, asyncio.Lock())
            async with lock:  # one user's events in the order they came
                try:
                    await self._process(event, user_id, received)
                except Exception:
                    log.exception("LINE event %s failed", getattr(event, "webhook_event_id", "?"))
                    await self._apologise(event, user_id, received)

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
        replies = await self._conversations().handle(LINE_CHANNEL, user_id, text)
        if not replies:  # e.g. a person holds the conversation: the bot stays silent
            return None
        return await self._answer(event, user_id, received, self.renderer.render(replies))

    async def _answer(
        self, event: Event, user_id: str, received: float, messages: Sequence[Message]
    ) -> DeliveryResult:
        return await self.delivery.answer(
            user_id, getattr(event, "reply_token", None), self._deadline(event, received), messages
        )

    async def _apologise(self, event: Event, user_id: str, received: float) -> None:
        try:
            await self._answer(
                event, user_id, received, [TextMessage(text=self.texts.get("errors.internal"))]
            )
        except Exception:
            log.exception("could not tell LINE user %s about the failure", user_id)

    def _deadline(self, event: Event, received: float) -> float:
        """Until when the reply token is worth trying: the budget counted from the event (or its arrival)."""
        timestamp = getattr(event, "timestamp", None)
        # compared as ms, not divided first: a huge int (signed, but not LINE's) cannot become a float
        if isinstance(timestamp, int) and 0 < timestamp < received * 1000:
            return timestamp / 1000 + self.reply_budget_seconds
        return received + self.reply_budget_seconds

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


def _user_id(event: Event) -> str | None:
    source = getattr(event, "source", None)
    return source.user_id if isinstance(source, UserSource) and source.user_id else None
