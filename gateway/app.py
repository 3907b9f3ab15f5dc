"""The gateway's app factory: `uvicorn gateway.app:create_app --factory`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from gateway import observability, ratelimit, staff, web_auth
from gateway.composition import build_services, close_services
from gateway.errors import BodySizeLimitMiddleware, install_exception_handlers
from gateway.routes import (
    calc, chat, health, inventories, line, live, pages, staff_admin, staff_auth, staff_handoffs, staff_tools,
)
from gateway.routes.pages import STATIC_DIR
from gateway.security_headers import SecurityHeadersMiddleware
from gateway.settings import Settings, get_settings
from gateway.texts import load_texts


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the gateway. Without `settings`, they are read from the environment.

    The app's services (store, Rasa client, hooks, channels, staff, …) are built by the composition root
    (`gateway.composition`) when the app starts, and kept as ``app.state.services``."""
    settings = settings or get_settings()
    observability.configure_logging(settings.log_level, settings.log_format)
    metrics = observability.Metrics()  # per app: tests build many apps in one process
    texts = load_texts()  # fails at start-up, not at the first error, if a text is missing

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.services = await build_services(settings, texts, metrics)
        try:
            yield
        finally:
            await close_services(app.state.services)

    app = FastAPI(
        title="tanpancha gateway",
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    install_exception_handlers(app)
    web_auth.install(app)  # 401 for a web chat request without its session's token
    ratelimit.install(app)  # 429 past a request-rate limit
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
    for router in (chat.router, live.router, health.router, calc.router, line.router, pages.router,
                   inventories.router,  # /api/inventories/{token}[/export.xlsx|/chart.png]
                   staff_auth.public_router, staff_auth.router, staff_handoffs.router, staff_tools.router,
                   staff_admin.router):  # /api/staff/*
        app.include_router(router)
    staff.install(app)  # the console's error handlers
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app

