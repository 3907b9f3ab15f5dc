"""Request-rate limits: sliding windows keyed on what the server knows, not on what a client claims.

Keys are the client IP (as uvicorn reports it: the socket peer, or the proxy's X-Forwarded-For when the peer
is a trusted proxy), a server-issued chat session or a staff account. Counted in Redis when REDIS_URL is set
(shared by every gateway process; keys expire with their window), else in this process (keys are forgotten
once their window has passed, and the table never holds more than `MemoryRateLimiter.max_keys`).

Routes take a limit as a dependency (`Throttle.check`), so the key can be the session the route authenticated.
Past a limit: 429 with Retry-After and a Chinese `{"error"}` (`RateLimited`). When the limiter itself fails
(Redis down) the request goes through: limits protect the service, they must not take it down.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
import uuid
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Any, Protocol

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from gateway.errors import error_response

log = logging.getLogger(__name__)


class RateLimiter(Protocol):
    async def hit(self, key: str, limit: int, window_seconds: float) -> float:
        """Count one request for `key`; 0 if allowed, else the seconds until the next one would be."""

    async def aclose(self) -> None: ...


class MemoryRateLimiter:
    """Sliding-window log per key, in this process only (one gateway process, or tests).

    A key whose newest hit is older than its window is dropped (checked on every `sweep_every`-th hit); past
    `max_keys` keys the least recently used one is dropped, so a flood of new keys costs bounded memory.
    """

    def __init__(self, max_keys: int = 20_000, sweep_every: int = 256) -> None:
        # key → (window, hit times); most recently used last
        self._hits: OrderedDict[str, tuple[float, deque[float]]] = OrderedDict()
        self._lock = asyncio.Lock()
        self.max_keys = max_keys
        self._sweep_every = sweep_every
        self._calls = 0

    def __len__(self) -> int:
        return len(self._hits)

    async def hit(self, key: str, limit: int, window_seconds: float, now: float | None = None) -> float:
        now = time.monotonic() if now is None else now
        async with self._lock:
            self._calls += 1
            if self._calls % self._sweep_every == 0:
                self._sweep(now)
            entry = self._hits.pop(key, None)
            hits = entry[1] if entry is not None else deque()
            while hits and hits[0] <= now - window_seconds:
                hits.popleft()
            self._hits[key] = (window_seconds, hits)
            while len(self._hits) > self.max_keys:
                self._hits.popitem(last=False)
            if len(hits) >= limit:
                return hits[0] + window_seconds - now
            hits.append(now)
            return 0.0

    def _sweep(self, now: float) -> None:
        """Forget the keys with no hit inside their window."""
        for key, (window, hits) in list(self._hits.items()):
            if not hits or hits[-1] <= now - window:
                del self._hits[key]

    async def aclose(self) -> None:
        self._hits.clear()


#: Sliding-window log in a sorted set, atomically: drop hits older than the window, then count and add (or
#: answer how long until the oldest hit leaves the window). Uses the Redis server's clock, so gateway processes
#: on several hosts agree; the key expires with its window.
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
class Limit:
    """`count` requests per `window_seconds` for one key; `count` 0 turns the limit off.

    `text_key` names the Chinese message of the 429 (gateway/messages.yml, with ``{seconds}``)."""

    name: str
    count: int
    window_seconds: float
    text_key: str = "errors.rate_limited"


class RateLimited(Exception):
    def __init__(self, limit: Limit, seconds: int) -> None:
        super().__init__(f"{limit.name}: retry in {seconds}s")
        self.limit = limit
        self.seconds = seconds


def client_ip(request: Request) -> str:
    """The client's address as uvicorn gives it (behind a trusted proxy: the proxy's X-Forwarded-For)."""
    return request.client.host if request.client else "unknown"


class Throttle:
    """Applies `Limit`s through a `RateLimiter` (one per app: `Services.throttle`)."""

    def __init__(self, limiter: RateLimiter) -> None:
        self.limiter = limiter

    async def exceeded(self, limit: Limit, key: str) -> int:
        """Count one request; 0 if allowed, else the whole seconds to wait (never raises)."""
        if limit.count <= 0:
            return 0
        try:
            wait = await self.limiter.hit(f"{limit.name}:{key}", limit.count, limit.window_seconds)
        except Exception as exc:  # Redis down or slow: let the request through
            log.warning("rate limiter unavailable, request not limited: %s", exc)
            return 0
        return max(1, math.ceil(wait)) if wait > 0 else 0

    async def check(self, limit: Limit, key: str) -> None:
        """Count one request for `key`; raise `RateLimited` past the limit."""
        seconds = await self.exceeded(limit, key)
        if seconds:
            raise RateLimited(limit, seconds)

    async def aclose(self) -> None:
        await self.limiter.aclose()


@dataclass(frozen=True)
class GatewayLimits:
    """Every limit of the gateway (`Services.limits`), from the RATE_LIMIT_* settings."""

    chat_per_session: Limit
    chat_per_ip: Limit
    calc_per_ip: Limit
    sessions_per_ip: Limit
    streams_per_ip: Limit
    logins_per_ip: Limit
    tickets_per_ip: Limit
    files_per_ip: Limit

    @classmethod
    def from_settings(cls, settings: Any) -> GatewayLimits:
        window = settings.rate_limit_window_seconds
        return cls(
            chat_per_session=Limit("chat:session", settings.rate_limit_per_sender, window, "errors.rate_limited_chat"),
            # one count per address for both (RATE_LIMIT_PER_IP), as two texts
            chat_per_ip=Limit("api:ip", settings.rate_limit_per_ip, window, "errors.rate_limited_chat"),
            calc_per_ip=Limit("api:ip", settings.rate_limit_per_ip, window),
            sessions_per_ip=Limit("session:ip", settings.rate_limit_sessions_per_ip, window),
            streams_per_ip=Limit("stream:ip", settings.rate_limit_streams_per_ip, window),
            logins_per_ip=Limit("login:ip", settings.rate_limit_logins_per_ip, window, "staff.login_rate_limited"),
            tickets_per_ip=Limit("ticket:ip", settings.rate_limit_tickets_per_ip_per_hour, 3600.0),
            files_per_ip=Limit("files:ip", settings.rate_limit_files_per_ip, window),
        )


async def _rate_limited(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RateLimited)
    message = request.app.state.services.texts.get(exc.limit.text_key, seconds=exc.seconds)
    return error_response(429, message, headers={"Retry-After": str(exc.seconds)})


def install(app: FastAPI) -> None:
    """The 429 handler (call in create_app; the throttle and the limits are built by gateway.composition)."""
    app.add_exception_handler(RateLimited, _rate_limited)
