"""The gateway's app factory: `uvicorn bot.app:create_app --factory`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from bot.channels.base import ChannelRegistry, WebChannel
from bot.conversation import ConversationService
from bot.errors import BodySizeLimitMiddleware, install_exception_handlers
from bot.rasa_client import RasaClient
from bot.routes import calc, chat, health, pages
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
        app.state.channels = ChannelRegistry()
        app.state.channels.register(WebChannel())
        log.info("gateway ready: Rasa %s, store %s", settings.rasa_url, store.engine.url.render_as_string())
        try:
            yield
        finally:
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
    for module in (chat, health, calc, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def _configure_logging(level: str) -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("bot").setLevel(level)
