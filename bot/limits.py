"""Limits that keep the gateway answering: a time budget for Rasa and request-rate limits.

- `BudgetedRasaClient`: one whole Rasa turn may take at most `RASA_TIMEOUT_SECONDS` (httpx's timeout is per
  connect/read/write step, so a server that trickles could take longer); past it the turn is answered with the
  "unavailable" text.
- `HotlineContactHook`: that text also names the programme's hotline (from knowledge/), since a 找專人 button is
  of no use while Rasa, which handles it, is down.
- `RateLimitMiddleware`: sliding-window limits per client IP on POST /api/chat and /api/calc and per sender on
  POST /api/chat; counted in Redis when REDIS_URL is set (shared by every gateway process), else in-process.
  POST /line/webhook is not limited (LINE's requests are verified by signature).
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import time
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any, Protocol

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.conversation import RASA_UNAVAILABLE, Turn
from bot.errors import error_response
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


# -- rate limits -------------------------------------------------------------------------------------------------


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int, window_seconds: float) -> float:
        """Count one request for `key`; 0 if allowed, else the seconds until the next one would be."""

    async def aclose(self) -> None: ...


class MemoryRateLimiter:
    """Sliding-window log per key, in this process only (one gateway process, or tests)."""

    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = asyncio.Lock()

    async def hit(self, key: str, limit: int, window_seconds: float) -> float:
        now = time.monotonic()
        async with self._lock:
            hits = self._hits[key]
            while hits and hits[0] <= now - window_seconds:
                hits.popleft()
            if len(hits) >= limit:
                return hits[0] + window_seconds - now
            hits.append(now)
            return 0.0

    async def aclose(self) -> None:
        self._hits.clear()


#: Sliding-window log in a sorted set, atomically: drop hits older than the window, then count and add (or
#: answer how long until the oldest hit leaves the window). Uses the Redis server's clock, so gateway processes
#: on several hosts agree.
_REDIS_SLIDING_WINDOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= limit then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return tonumber(oldest[2]) + window - now
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 0
"""


class RedisRateLimiter:
    """Sliding-window log per key in Redis, shared by every gateway process."""

    def __init__(self, url: str, prefix: str) -> None:
        from redis.asyncio import Redis

        self._redis = Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)
        self._script = self._redis.register_script(_REDIS_SLIDING_WINDOW)
        self.prefix = prefix

    async def hit(self, key: str, limit: int, window_seconds: float) -> float:
        window_ms = max(1, int(window_seconds * 1000))
        wait_ms = await self._script(keys=[f"{self.prefix}:{key}"], args=[window_ms, limit, uuid.uuid4().hex])
        return max(0.0, float(wait_ms) / 1000)

    async def aclose(self) -> None:
        await self._redis.aclose()


def make_rate_limiter(redis_url: str | None, prefix: str) -> RateLimiter:
    return RedisRateLimiter(redis_url, prefix) if redis_url else MemoryRateLimiter()


@dataclass(frozen=True)
class RateLimits:
    per_sender: int
    per_ip: int
    window_seconds: float


#: POST paths limited per client IP; /api/chat is limited per sender too.
LIMITED_PATHS = frozenset({"/api/chat", "/api/calc"})
CHAT_PATH = "/api/chat"


class RateLimitMiddleware:
    """429 with a Chinese `{"error"}` and Retry-After when a client IP or a chat sender sends too much.

    A limit of 0 is off. When the limiter itself fails (Redis down) the request goes through: limits protect
    the service, they must not take it down.
    """

    def __init__(self, app: ASGIApp, limiter: RateLimiter, limits: RateLimits, texts: Texts) -> None:
        self.app = app
        self.limiter = limiter
        self.limits = limits
        self.texts = texts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] not in LIMITED_PATHS:
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        ip = client[0] if client else "unknown"
        wait = await self._hit(f"ip:{ip}", self.limits.per_ip)
        if not wait and scope["path"] == CHAT_PATH and self.limits.per_sender:
            body, receive = await _read_body(receive)
            sender = _sender_of(body)
            if sender is not None:
                wait = await self._hit(f"sender:{sender}", self.limits.per_sender)
        if wait:
            seconds = max(1, math.ceil(wait))
            key = "rate_limited_chat" if scope["path"] == CHAT_PATH else "rate_limited"
            response = error_response(
                429, self.texts.get(f"errors.{key}", seconds=seconds), headers={"Retry-After": str(seconds)}
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _hit(self, key: str, limit: int) -> float:
        if limit <= 0:
            return 0.0
        try:
            return await self.limiter.hit(key, limit, self.limits.window_seconds)
        except Exception as exc:  # Redis down or slow: let the request through
            log.warning("rate limiter unavailable, request not limited: %s", exc)
            return 0.0


async def _read_body(receive: Receive) -> tuple[bytes, Receive]:
    """The whole request body, and a `receive` that hands it to the app again."""
    chunks: list[bytes] = []
    messages: list[Message] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    pending = list(messages)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return b"".join(chunks), replay


def _sender_of(body: bytes) -> str | None:
    """The `sender` of a chat request; None when the body is not one (validation answers that later)."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, or nested absurdly deep
        return None
    sender = data.get("sender") if isinstance(data, dict) else None
    return sender if isinstance(sender, str) and sender else None
