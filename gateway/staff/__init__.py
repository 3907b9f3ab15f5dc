"""The hotline staff console: accounts and sessions, /api/staff/*, the page at /staff.

`gateway.app.create_app` calls :func:`install` (error handlers); the console's routes are gateway/routes/staff_*.py
(the page: gateway/routes/pages.py), its services (accounts, FAQ editor, insights, the hand-off service) are built
by `gateway.composition`.
"""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from gateway.handoff.errors import HandoffError
from gateway.settings import Settings
from gateway.staff.accounts import AccountError
from gateway.staff.backoff import BackoffPolicy, LoginBackoff
from gateway.staff.auth import StaffAuthError, account_error_handler, auth_error_handler, texts_error
from gateway.staff.faq_edit import FaqEditError


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
    """The console's error handlers (call in create_app; its routes are gateway/routes/staff_*.py)."""
    app.add_exception_handler(StaffAuthError, auth_error_handler)
    app.add_exception_handler(AccountError, account_error_handler)
    app.add_exception_handler(HandoffError, _handoff_error)
    app.add_exception_handler(FaqEditError, _faq_error)
