"""Observability: Prometheus metrics at /metrics and structured (JSON) logs with the turn's ids.

- HTTP latency per route template and status comes from :class:`MetricsMiddleware` (a pure ASGI middleware).
- Turn latency per channel and the log context come from :class:`TurnTimer`, a `TurnObserver` of the
  conversation service (it wraps the whole turn), so that a turn answered by a hook (no Rasa) is timed too and
  every log line of the turn (hooks included) carries its ids.
- Turn outcomes (fallback, handoff, inventory computed, Rasa unavailable) are counted by :class:`MetricsHook`,
  last in the conversation hooks (gateway.composition) so it sees the replies the user gets.

Every app gets its own ``CollectorRegistry``: tests build many apps in one process.
Logs never carry message text or contact details: the context holds ids only, and e-mail addresses and phone
numbers that slip into a log message are masked by :class:`RedactingFilter`.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Any, TextIO

from fastapi import FastAPI, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.conversation import RASA_LATE, RASA_UNAVAILABLE, Turn, channel_user_id
from contracts import payloads

# -- metrics ---------------------------------------------------------------------------------------------------

#: custom.type of a bot reply → the counter it moves
_COUNTED_TYPES = {
    payloads.FALLBACK: "fallbacks", payloads.HANDOFF: "handoffs", payloads.INVENTORY_RESULT: "inventories",
}
_UNMATCHED_ROUTE = "<unmatched>"


class Metrics:
    """The gateway's metrics, registered in a registry of their own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.http_latency = Histogram(
            "gateway_http_request_duration_seconds", "HTTP request latency",
            ["method", "route", "status"], registry=self.registry,
        )
        self.http_errors = Counter(
            "gateway_http_errors", "HTTP responses with a 5xx status", ["method", "route", "status"],
            registry=self.registry,
        )
        self.turn_latency = Histogram(
            "gateway_turn_duration_seconds", "Latency of one user turn (store, hooks, Rasa, store)", ["channel"],
            registry=self.registry,
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60),
        )
        self.fallbacks = Counter("gateway_fallbacks", "Turns the bot did not understand", ["channel"],
                                 registry=self.registry)
        self.handoffs = Counter("gateway_handoffs", "Turns handed over to a human", ["channel"],
                                registry=self.registry)
        self.inventories = Counter("gateway_inventories_computed", "Inventories computed", ["channel"],
                                   registry=self.registry)
        self.rasa_unavailable = Counter("gateway_rasa_unavailable", "Turns Rasa could not answer", ["channel"],
                                        registry=self.registry)
        self.rasa_late = Counter("gateway_rasa_late", "Turns answered after the time budget (delivered late)",
                                 ["channel"], registry=self.registry)

    def render(self) -> bytes:
        return generate_latest(self.registry)


#: One line per request with the route template (never the path or query: they carry sender ids, inventory
#: tokens and, on the live stream, session tokens). uvicorn's own access log stays off (`--no-access-log`).
access_log = logging.getLogger("gateway.access")


class MetricsMiddleware:
    """Times every HTTP request by route template (``/api/inventories/{token}``, not the raw path), and writes
    the access log line."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500  # an exception that escapes is answered with 500 further out
        start = time.perf_counter()

        async def send_and_see(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_see)
        finally:
            labels = (scope["method"], _route_of(scope), str(status))
            elapsed = time.perf_counter() - start
            self.metrics.http_latency.labels(*labels).observe(elapsed)
            access_log.info("%s %s %s %.0fms", *labels, elapsed * 1000)
            if status >= 500:
                self.metrics.http_errors.labels(*labels).inc()


def _route_of(scope: Scope) -> str:
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    return template if isinstance(template, str) and template else _UNMATCHED_ROUTE


class MetricsHook:
    """Counts the outcomes of a turn that reached Rasa (a TurnHook; append it last)."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    async def before_rasa(self, turn: Turn) -> list[dict[str, Any]] | None:
        return None

    async def after_rasa(self, turn: Turn, replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for reply in replies:
            custom = reply.get("custom")
            if not isinstance(custom, dict):
                continue
            counter_name = _COUNTED_TYPES.get(str(custom.get("type")))
            if counter_name:
                getattr(self.metrics, counter_name).labels(turn.channel).inc()
            if custom.get("error") == RASA_UNAVAILABLE:
                self.metrics.rasa_unavailable.labels(turn.channel).inc()
            if custom.get("notice") == RASA_LATE:
                self.metrics.rasa_late.labels(turn.channel).inc()
        return replies


class TurnTimer:
    """Times every turn per channel and puts its ids into the log context (a TurnObserver)."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics

    @contextmanager
    def observe(self, turn: Turn) -> Iterator[None]:
        start = time.perf_counter()
        user_id = channel_user_id(turn.channel, turn.sender)
        with log_context(channel=turn.channel, sender_id=user_id, conversation_id=turn.sender):
            try:
                yield
            finally:
                self.metrics.turn_latency.labels(turn.channel).observe(time.perf_counter() - start)


def install(app: FastAPI, metrics: Metrics) -> None:
    """The HTTP middleware and ``GET /metrics`` (call in create_app)."""
    app.add_middleware(MetricsMiddleware, metrics=metrics)

    async def metrics_endpoint() -> Response:
        return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)

    app.add_api_route("/metrics", metrics_endpoint, methods=["GET"], include_in_schema=False)


# -- logs ------------------------------------------------------------------------------------------------------

#: ids of the turn being handled: conversation_id (Rasa's tracker id), channel, sender_id
_LOG_CONTEXT: ContextVar[dict[str, str]] = ContextVar("log_context", default={})

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Taiwanese mobile (09xx-xxx-xxx, +886 9xx…) and landline numbers (0x-xxxx-xxxx), with or without separators
_PHONE = re.compile(r"(?:\+886[\s-]?|\b0)\d{1,3}[\s-]?\d{3,4}[\s-]?\d{3,4}\b")


@contextmanager
def log_context(**ids: str) -> Iterator[None]:
    """Add ids to every log record emitted inside the block (in this task)."""
    token = _LOG_CONTEXT.set({**_LOG_CONTEXT.get(), **ids})
    try:
        yield
    finally:
        _LOG_CONTEXT.reset(token)


def redact(text: str) -> str:
    """Mask e-mail addresses and phone numbers."""
    return _PHONE.sub("[phone]", _EMAIL.sub("[email]", text))


class ContextFilter(logging.Filter):
    """Stamps the turn's ids onto a record when it is emitted (the formatter may run later)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in _LOG_CONTEXT.get().items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


class RedactingFilter(logging.Filter):
    """Renders the message once, masked, so no handler sees contact details."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = redact(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


_CONTEXT_KEYS = ("conversation_id", "channel", "sender_id")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the turn's ids, and the exception if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key in _CONTEXT_KEYS:
            value = getattr(record, key, None)
            if value is not None:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


_TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def make_log_handler(log_format: str, stream: TextIO | None = None) -> logging.Handler:
    """A stream handler writing JSON lines (``json``) or plain lines (``text``), ids stamped, contacts masked."""
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.addFilter(RedactingFilter())
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(_TEXT_FORMAT))
    return handler


def configure_logging(level: str, log_format: str) -> None:
    """Log to stderr in ``log_format``, once per process (the root logger's handler; uvicorn's go there too)."""
    root = logging.getLogger()
    if not any(getattr(h, "_gateway_handler", False) for h in root.handlers):
        if not root.handlers:
            handler = make_log_handler(log_format)
            handler._gateway_handler = True  # type: ignore[attr-defined]
            root.addHandler(handler)
            if log_format == "json":  # uvicorn's own handlers would write plain lines beside the JSON ones
                for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
                    logging.getLogger(name).handlers.clear()
                    logging.getLogger(name).propagate = True
    logging.getLogger("gateway").setLevel(level)

