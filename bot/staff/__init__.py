"""The hotline staff console: accounts and sessions, /api/staff/*, the page at /staff — and the wiring of
the human handoff (bot/handoff/) into the gateway.

`bot.app.create_app` calls :func:`install` (routes, error handlers); its lifespan calls :func:`start` once the
store, the conversation service and the channel registry exist.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from bot.handoff.errors import HandoffError
from bot.handoff.hook import HandoffHook
from bot.handoff.office_hours import load_office_hours
from bot.handoff.service import HandoffService
from bot.staff import api_admin, api_auth, api_handoffs, api_tools, pages
from bot.settings import Settings
from bot.staff.accounts import AccountError, AccountService
from bot.staff.backoff import BackoffPolicy, LoginBackoff
from bot.staff.auth import StaffAuthError, account_error_handler, auth_error_handler, texts_error
from bot.staff.faq_edit import FaqEditError, FaqEditor
from bot.staff.insights import Insights

log = logging.getLogger(__name__)


async def _handoff_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HandoffError)
    return texts_error(request, exc.status_code, exc.text_key, exc.values)


async def _faq_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, FaqEditError)
    problems = [str(p) for p in exc.problems]
    return texts_error(request, exc.status_code, exc.text_key, {"problems": "；".join(problems), **exc.values},
                       problems=problems)


def login_backoff(settings: Settings) -> LoginBackoff:
    return LoginBackoff(
        per_ip=BackoffPolicy(settings.staff_login_free_failures_per_ip, settings.staff_login_max_delay_per_ip_seconds),
        per_user=BackoffPolicy(settings.staff_login_free_failures_per_user,
                               settings.staff_login_max_delay_per_user_seconds),
        window=timedelta(minutes=settings.staff_login_failure_window_minutes),
    )


def install(app: FastAPI) -> None:
    """Routes and error handlers of the console (call in create_app)."""
    for router in (api_auth.public_router, api_auth.router, api_handoffs.router, api_tools.router,
                   api_admin.router, pages.router):
        app.include_router(router)
    app.add_exception_handler(StaffAuthError, auth_error_handler)
    app.add_exception_handler(AccountError, account_error_handler)
    app.add_exception_handler(HandoffError, _handoff_error)
    app.add_exception_handler(FaqEditError, _faq_error)


async def start(app: FastAPI) -> None:
    """Handoff service and hook, accounts (with the bootstrap admin), FAQ editor and insights (lifespan)."""
    settings = app.state.settings
    store = app.state.store
    handoffs = HandoffService(
        store, app.state.texts, app.state.channels, load_office_hours(settings.office_hours_file),
        knowledge_dir=settings.knowledge_dir,
    )
    app.state.handoffs = handoffs
    app.state.conversations.hooks.append(
        HandoffHook(handoffs, app.state.throttle, app.state.limits.tickets_per_ip)
    )
    accounts = AccountService(store.engine, session_hours=settings.staff_session_hours,
                              backoff=login_backoff(settings))
    app.state.staff_accounts = accounts
    app.state.faq_editor = FaqEditor(store.engine, settings.knowledge_dir)
    app.state.staff_insights = Insights(store.engine)
    if settings.staff_bootstrap_user and settings.staff_bootstrap_password:
        try:
            created = await run_in_threadpool(
                accounts.bootstrap, settings.staff_bootstrap_user,
                settings.staff_bootstrap_password.get_secret_value(),
            )
        except AccountError as exc:
            reason = app.state.texts.get(exc.text_key, **exc.values)
            raise RuntimeError(f"STAFF_BOOTSTRAP_USER / STAFF_BOOTSTRAP_PASSWORD refused: {reason}") from exc
        if created is not None:
            log.info("created the first staff admin %r from STAFF_BOOTSTRAP_USER", created.username)
