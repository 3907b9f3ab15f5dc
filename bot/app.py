"""The gateway's app factory: `uvicorn bot.app:create_app --factory`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from bot import staff
from bot.channels.base import ChannelRegistry, WebChannel
from bot.channels.line import LineChannel
from bot.conversation import ConversationService
from bot.inventory import InventoryHook, InventoryStore
from bot.inventory import router as inventory_router
from bot.errors import BodySizeLimitMiddleware, install_exception_handlers
from bot.rasa_client import RasaClient
from bot.routes import calc, chat, health, line, live, pages
from bot.routes.pages import STATIC_DIR
from bot.settings import Settings, get_settings
from bot.store import ConversationStore
from bot.texts import load_texts

log = logging.getLogger("bot")


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the gateway. Without `settings`, they are read from the environment."""
    settings = settings or get_settings()
    _configure_logging(settings.log_level)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = ConversationStore.from_url(settings.database_url)
        await run_in_threadpool(store.create_schema)
        rasa = RasaClient(settings.rasa_url, settings.action_server_url, settings.rasa_timeout_seconds)
        app.state.store = store
        app.state.rasa = rasa
        app.state.conversations = ConversationService(store, rasa, app.state.texts)
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
        log.info("gateway ready: Rasa %s, store %s", settings.rasa_url, store.engine.url.render_as_string())
        try:
            yield
        finally:
            if app.state.line is not None:
                await app.state.line.aclose()
            await rasa.aclose()
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
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_body_bytes)
    if settings.cors_origin_list:  # the widget embedded on the programme's other web sites
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origin_list,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Last-Event-ID"],
        )
    for module in (chat, live, health, calc, line, pages):
        app.include_router(module.router)
    app.include_router(inventory_router)  # /api/inventories/{token}[/export.xlsx|/chart.png]
    staff.install(app)  # /api/staff/*, /staff
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def _configure_logging(level: str) -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("bot").setLevel(level)
