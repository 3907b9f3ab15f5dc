"""Reply and push calls to the LINE Messaging API (line-bot-sdk v3, async), with bounded retries.

A call that gets 5xx, 429 or no answer at all is retried with exponential backoff (a `Retry-After` header
wins); anything else fails at once. Errors come out as `LineApiError` (`InvalidReplyToken` for an expired or
used reply token), which tells whether trying again later may help.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import aiohttp
from linebot.v3.messaging import (
    AsyncApiClient,
    AsyncMessagingApi,
    Configuration,
    Message,
    PushMessageRequest,
    ReplyMessageRequest,
)
from linebot.v3.messaging.exceptions import ApiException

log = logging.getLogger(__name__)

T = TypeVar("T")

#: LINE's answer to a reply token that expired or was already used.
INVALID_REPLY_TOKEN = "invalid reply token"


class LineApiError(Exception):
    """A LINE call failed. `status` is None when no HTTP answer came (connection error, timeout)."""

    def __init__(self, status: int | None, detail: str, retry_after: float | None = None) -> None:
        super().__init__(f"LINE API {status if status is not None else 'unreachable'}: {detail}")
        self.status = status
        self.detail = detail
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        """True when the same request may succeed later (5xx, 429, no answer)."""
        return self.status is None or self.status == 429 or self.status >= 500


class InvalidReplyToken(LineApiError):
    """The reply token expired or was used already: the answer has to be pushed."""


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3
    base_seconds: float = 0.5
    #: a longer wait (e.g. a Retry-After of minutes) is not waited out in line: the call fails, retryable
    max_delay_seconds: float = 30.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds before retry number ``attempt + 1`` (attempt counts from 0)."""
        if retry_after is not None:
            return retry_after
        return min(self.base_seconds * (2**attempt), self.max_delay_seconds)


class LineApi:
    """One per app, created inside the running event loop (aiohttp); close it with :meth:`aclose`.

    ``base_url`` is where the Messaging API lives (``https://api.line.me``, or a fake in tests): the SDK's
    ``Configuration(host=...)`` replaces the host of every endpoint, e.g. ``{base_url}/v2/bot/message/reply``.
    """

    def __init__(
        self,
        base_url: str,
        access_token: str,
        policy: RetryPolicy | None = None,
        timeout_seconds: float = 10.0,
    ) -> None:
        configuration = Configuration(host=base_url.rstrip("/"), access_token=access_token)
        self._client = AsyncApiClient(configuration)
        self._api = AsyncMessagingApi(self._client)
        self.policy = policy or RetryPolicy()
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)

    async def aclose(self) -> None:
        await self._client.close()

    async def reply(
        self, reply_token: str, messages: Sequence[Message], deadline: float | None = None
    ) -> None:
        """Answer with the event's reply token; no retry would start after ``deadline`` (time.time())."""
        request = ReplyMessageRequest(reply_token=reply_token, messages=list(messages))
        await self._with_retries(
            lambda: self._api.reply_message(request, _request_timeout=self._timeout), deadline
        )

    async def push(self, to: str, messages: Sequence[Message], retry_key: str) -> None:
        """Push to a user. ``retry_key`` (a UUID) makes a repeated push harmless: LINE answers 409."""
        request = PushMessageRequest(to=to, messages=list(messages))
        try:
            await self._with_retries(
                lambda: self._api.push_message(
                    request, x_line_retry_key=retry_key, _request_timeout=self._timeout
                ),
                None,
            )
        except LineApiError as exc:
            if exc.status == 409:  # "The retry key is already accepted": an earlier try got through
                log.info("LINE push %s was already accepted", retry_key)
                return
            raise

    async def _with_retries(self, call: Callable[[], Awaitable[T]], deadline: float | None) -> T:
        attempt = 0
        while True:
            try:
                return await call()
            except ApiException as exc:
                error = _from_api_exception(exc)
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                error = LineApiError(None, f"{type(exc).__name__}: {exc}")
            if not error.retryable or attempt >= self.policy.max_retries:
                raise error
            delay = self.policy.delay(attempt, error.retry_after)
            if delay > self.policy.max_delay_seconds or (
                deadline is not None and time.time() + delay > deadline
            ):
                raise error
            log.warning("LINE call failed (%s); retry %d in %.2fs", error, attempt + 1, delay)
            await asyncio.sleep(delay)
            attempt += 1


def _from_api_exception(exc: ApiException) -> LineApiError:
    status = exc.status if isinstance(exc.status, int) and exc.status > 0 else None
    detail = _detail(exc.body) or str(exc.reason or "")
    retry_after = _retry_after(exc.headers)
    if status == 400 and INVALID_REPLY_TOKEN in detail.lower():
        return InvalidReplyToken(status, detail)
    return LineApiError(status, detail, retry_after)


def _detail(body: Any) -> str:
    """LINE's error body is ``{"message": "...", "details": [...]}``; kept short for logs and the outbox."""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    if not isinstance(body, str) or not body:
        return ""
    try:
        data = json.loads(body)
    except ValueError:
        return body[:500]
    if isinstance(data, dict) and "message" in data:
        details = data.get("details")
        return (
            f"{data['message']} {json.dumps(details, ensure_ascii=False)}"[:500]
            if details
            else str(data["message"])
        )
    return body[:500]


def _retry_after(headers: Any) -> float | None:
    """Retry-After in seconds (LINE sends delta-seconds); an HTTP date or nonsense is ignored."""
    if not headers:
        return None
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return max(seconds, 0.0)
