"""The gateway's app factory: `uvicorn bot.app:create_app --factory`."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from pydantic import SecretStr
from starlette.concurrency import run_in_threadpool

from bot import observability, privacy, ratelimit, staff, web_auth
from bot.channels.base import ChannelRegistry, WebChannel
from bot.channels.line import LineChannel
from bot.conversation import ConversationService
from bot.inventory import InventoryHook, InventoryStore
from bot.inventory import router as inventory_router
from bot.errors import BodySizeLimitMiddleware, install_exception_handlers
from bot.chat_sessions import ChatSessions
from bot.limits import BudgetedRasaClient, HotlineContactHook
from bot.ratelimit import GatewayLimits, make_rate_limiter
from bot.security_headers import SecurityHeadersMiddleware
from bot.routes import calc, chat, health, line, live, pages
from bot.routes.pages import STATIC_DIR
from bot.settings import Settings, get_settings
from bot.store import ConversationStore
from bot.texts import load_texts

log = logging.getLogger("bot")


def _warm_up_question() -> str:
    """A real FAQ question (the knowledge base's first), so the warm-up runs NLU, policies and the action server."""
    from knowledge import get_knowledge
    from knowledge.textnorm import normalize_text

    return normalize_text(get_knowledge().entries[0].questions[0])


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value().strip() if value is not None else None


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the gateway. Without `settings`, they are read from the environment."""
    settings = settings or get_settings()
    observability.configure_logging(settings.log_level, settings.log_format)
    metrics = observability.Metrics()  # per app: tests build many apps in one process

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = ConversationStore.from_url(settings.database_url)
        await run_in_threadpool(store.create_schema)
        # a whole Rasa turn gets rasa_timeout_seconds (3 s): past it the user hears "unavailable" + the hotline
        rasa = BudgetedRasaClient(
            settings.rasa_url,
            settings.action_server_url,
            settings.rasa_timeout_seconds,
            max_in_flight=settings.rasa_max_in_flight,
        )
        app.state.store = store
        app.state.rasa = rasa
        if settings.rasa_warm_up:  # before serving: the first user's turn is then as fast as the rest
            timings = await rasa.warm_up(_warm_up_question())
            log.info("Rasa warm-up (seconds per server): %s", json.dumps(timings))
        app.state.conversations = ConversationService(store, rasa, app.state.texts)
        observability.instrument_turns(app.state.conversations, metrics)  # turn latency, log ids
        # inventory results: stored per conversation, chart and workbook links added to the replies
        app.state.inventories = InventoryStore(store.engine)
        app.state.conversations.hooks.append(
            InventoryHook(app.state.inventories, app.state.texts, settings.public_base_url)
        )
        app.state.channels = ChannelRegistry()
        app.state.channels.register(WebChannel())
        # LINE (None unless LINE_CHANNEL_SECRET is set); its tables are on Base, so create_schema made them
        app.state.line = LineChannel.from_settings(
            settings, store.engine, lambda: app.state.conversations, app.state.texts
        )
        if app.state.line is not None:
            app.state.channels.register(app.state.line)
            app.state.line.start()
        await staff.start(app)  # handoff hook and service, staff accounts (after channels: staff reply through them)
        privacy.start(app)  # deletion hook first in line, daily retention purge
        app.state.conversations.hooks.append(HotlineContactHook(app.state.texts))
        app.state.conversations.hooks.append(observability.MetricsHook(metrics))  # last: sees the final replies
        log.info("gateway ready: Rasa %s, store %s", ", ".join(rasa.rasa_urls), store.engine.url.render_as_string())
        try:
            yield
        finally:
            await privacy.stop(app)
            if app.state.line is not None:
                await app.state.line.aclose()
            await rasa.aclose()
            await app.state.throttle.aclose()
            store.dispose()

    app = FastAPI(
        title="tanpancha gateway",
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.texts = load_texts()  # fails at start-up, not at the first error, if a text is missing
    install_exception_handlers(app)
    # web chat sessions (401 for a request without its session's token) and the request-rate limits (429)
    web_auth.install(app, ChatSessions.from_settings(
        _secret(settings.chat_token_secret), _secret(settings.chat_token_secret_previous) or ""
    ))
    ratelimit.install(app, make_rate_limiter(settings.redis_url, settings.rate_limit_key_prefix),
                      GatewayLimits.from_settings(settings))
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        path_limits={"/line/webhook": line.LINE_WEBHOOK_MAX_BYTES},  # LINE decides how many events it sends
    )
    if settings.cors_origin_list:  # the widget embedded on the programme's other web sites
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origin_list,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Last-Event-ID"],
        )
    # /metrics and HTTP latency; outermost, so 413/429 answers are timed too (the route is read after the call)
    observability.install(app, metrics)
    for module in (chat, live, health, calc, line, pages):
        app.include_router(module.router)
    app.include_router(inventory_router)  # /api/inventories/{token}[/export.xlsx|/chart.png]
    staff.install(app)  # /api/staff/*, /staff
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app

