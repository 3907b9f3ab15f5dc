"""Getting LINE messages to a user without losing any: reply, else push, else the outbox.

- A turn's answer goes in one reply call with the event's reply token while the token is fresh (the reply
  budget); when the token is refused (expired/used) or the budget is gone, it is pushed instead.
- A push that still fails after the API client's retries (5xx, 429, no answer) is written to the outbox
  table and retried by `OutboxWorker` until LINE takes it; one LINE refuses for good (another 4xx) is kept
  there as `failed`, with LINE's reason.
- While a user has pushes waiting in the outbox, new pushes queue behind them, so messages keep their order.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from linebot.v3.messaging import Message
from starlette.concurrency import run_in_threadpool

from gateway.channels.line_api import InvalidReplyToken, LineApi, LineApiError
from gateway.channels.line_render import MAX_MESSAGES_PER_CALL
from gateway.channels.line_store import LineStore
from gateway.models import utcnow

log = logging.getLogger(__name__)

#: the longest an outbox item waits between two tries
MAX_OUTBOX_BACKOFF_SECONDS = 300.0


class LineDeliveryRefused(Exception):
    """LINE refused the messages for good (e.g. 400 on their content); kept in the outbox as failed."""

    def __init__(self, error: LineApiError, outbox_id: int) -> None:
        super().__init__(f"LINE refused the push (outbox item {outbox_id}): {error}")
        self.error = error
        self.outbox_id = outbox_id


@dataclass(frozen=True)
class DeliveryResult:
    replied: int = 0  # messages sent with the reply token
    pushed: int = 0  # messages pushed at once
    queued: int = 0  # messages written to the outbox (pending)


def batches(messages: Sequence[Message], size: int = MAX_MESSAGES_PER_CALL) -> list[list[Message]]:
    return [list(messages[i : i + size]) for i in range(0, len(messages), size)]


class LineDelivery:
    def __init__(self, api: LineApi, store: LineStore, retry_base_seconds: float = 0.5) -> None:
        self.api = api
        self.store = store
        self.retry_base_seconds = retry_base_seconds

    async def answer(
        self, user_id: str, reply_token: str | None, deadline: float, messages: Sequence[Message]
    ) -> DeliveryResult:
        """Deliver one turn's answer: a reply while the token is usable (before ``deadline``), else pushes."""
        chunks = batches(messages)
        if not chunks:
            return DeliveryResult()
        replied = 0
        if await run_in_threadpool(self.store.has_pending, user_id):
            await self.flush_outbox()  # older messages first; if they still cannot go, this answer waits too
        if (
            reply_token
            and time.time() < deadline
            and not await run_in_threadpool(self.store.has_pending, user_id)
        ):
            try:
                await self.api.reply(reply_token, chunks[0], deadline=deadline)
                replied = len(chunks[0])
                chunks = chunks[1:]
            except InvalidReplyToken as exc:
                log.info("reply token of %s refused (%s): pushing instead", user_id, exc.detail)
            except LineApiError as exc:
                log.warning("reply to %s failed (%s): pushing instead", user_id, exc)
        pushed = queued = 0
        for chunk in chunks:
            if await self.push(user_id, chunk, raise_refused=False):
                pushed += len(chunk)
            else:
                queued += len(chunk)
        return DeliveryResult(replied=replied, pushed=pushed, queued=queued)

    async def push(self, user_id: str, messages: Sequence[Message], *, raise_refused: bool = True) -> bool:
        """Push ≤ 5 messages. True: LINE took them; False: they wait in the outbox.

        Raises LineDeliveryRefused (when ``raise_refused``) if LINE refuses them for good.
        """
        payload = [m.to_dict() for m in messages]
        retry_key = str(uuid.uuid4())
        if await run_in_threadpool(self.store.has_pending, user_id):
            await run_in_threadpool(lambda: self.store.enqueue(user_id, payload, retry_key=retry_key))
            return False
        try:
            await self.api.push(user_id, messages, retry_key)
            return True
        except LineApiError as exc:
            error = exc
        if error.retryable:
            log.warning("push to %s failed (%s): kept in the outbox", user_id, error)
            not_before = self._not_before(0, error)
            await run_in_threadpool(
                lambda: self.store.enqueue(
                    user_id, payload, retry_key=retry_key, error=str(error), not_before=not_before
                )
            )
            return False
        log.error("LINE refused a push to %s: %s (kept in the outbox as failed)", user_id, error)
        item = await run_in_threadpool(
            lambda: self.store.enqueue(user_id, payload, retry_key=retry_key, error=str(error), failed=True)
        )
        if raise_refused:
            raise LineDeliveryRefused(error, item.id) from error
        return False

    async def flush_outbox(self) -> int:
        """Try every due outbox item now (each user's oldest first); return how many LINE took.

        A user whose item fails is left alone until the next flush (its backoff); the others go on.
        """
        delivered = 0
        failed_users: set[str] = set()
        while True:
            items = await run_in_threadpool(lambda: self.store.claim_due(exclude_users=failed_users))
            if not items:
                return delivered
            progress = False
            for item in items:
                messages = [Message.from_dict(m) for m in item.messages]
                try:
                    await self.api.push(item.user_id, messages, item.retry_key)
                except LineApiError as exc:
                    if exc.retryable:
                        next_at = utcnow() + timedelta(
                            seconds=self._not_before_seconds(item.attempts + 1, exc)
                        )
                        await run_in_threadpool(self.store.mark_retry, item.id, str(exc), next_at)
                        failed_users.add(item.user_id)
                    else:
                        log.error("LINE refused outbox item %s for good: %s", item.id, exc)
                        await run_in_threadpool(self.store.mark_failed, item.id, str(exc))
                        progress = True  # the user's next item may go now
                    continue
                await run_in_threadpool(self.store.mark_sent, item.id)
                delivered += 1
                progress = True
            if not progress:
                return delivered

    def _not_before(self, attempts: int, error: LineApiError) -> datetime:
        return utcnow() + timedelta(seconds=self._not_before_seconds(attempts, error))

    def _not_before_seconds(self, attempts: int, error: LineApiError) -> float:
        backoff = min(self.retry_base_seconds * (2**attempts), MAX_OUTBOX_BACKOFF_SECONDS)
        return max(backoff, error.retry_after or 0.0)


class OutboxWorker:
    """Flushes the outbox every ``interval`` seconds."""

    def __init__(self, delivery: LineDelivery, interval: float) -> None:
        self.delivery = delivery
        self.interval = interval
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="line-outbox")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass
            self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                delivered = await self.delivery.flush_outbox()
                if delivered:
                    log.info("delivered %d LINE push(es) from the outbox", delivered)
            except Exception:  # the worker must outlive a database or network hiccup
                log.exception("LINE outbox flush failed; trying again in %.0fs", self.interval)
