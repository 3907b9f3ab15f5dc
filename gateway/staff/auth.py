"""Who is calling /api/staff/*: the Bearer session token and the errors of its check (the dependencies
`CurrentUser` and `AdminUser` that check it are in gateway.deps).

CSRF: the console keeps its token in sessionStorage and sends it as an ``Authorization: Bearer`` header.
No cookie is ever set, so a page on another site cannot make the browser send an authenticated request on
its own (there is no ambient credential to ride on). Keep it that way: do not add cookie sessions here
without CSRF tokens.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPBearer

from gateway.errors import error_response
from gateway.handoff.requests import Actor
from gateway.staff.accounts import AccountError, LoginThrottled
from gateway.staff.models import StaffUser

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="staff session",
    description="The token from POST /api/staff/login, as `Authorization: Bearer <token>`.",
)


class StaffAuthError(Exception):
    """401 (no valid session) or 403 (not an admin), with the Chinese text of ``text_key``."""

    def __init__(self, status_code: int, text_key: str) -> None:
        super().__init__(text_key)
        self.status_code = status_code
        self.text_key = text_key


def actor_of(user: StaffUser) -> Actor:
    return Actor(username=user.username, display_name=user.display_name, is_admin=user.is_admin)


def texts_error(request: Request, status_code: int, text_key: str, values: dict[str, Any] | None = None,
                headers: dict[str, str] | None = None, **extra: Any) -> JSONResponse:
    message = request.app.state.services.texts.get(text_key, **(values or {}))
    return error_response(status_code, message, headers=headers, **extra)


async def auth_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StaffAuthError)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
    return texts_error(request, exc.status_code, exc.text_key, headers=headers)


async def account_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AccountError)
    headers = {"Retry-After": str(exc.retry_after_seconds)} if isinstance(exc, LoginThrottled) else None
    return texts_error(request, exc.status_code, exc.text_key, exc.values, headers=headers)
