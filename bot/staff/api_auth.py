"""`POST /api/staff/login`, `POST /api/staff/logout`, `GET /api/staff/me`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import HTTPAuthorizationCredentials
from starlette.concurrency import run_in_threadpool

from bot.staff.accounts import AccountService
from bot.staff.auth import CurrentUser, bearer, current_user, get_accounts
from bot.staff.schemas import LoginRequest, LoginResponse, UserOut

Accounts = Annotated[AccountService, Depends(get_accounts)]

public_router = APIRouter(prefix="/api/staff", tags=["staff"])
router = APIRouter(prefix="/api/staff", tags=["staff"], dependencies=[Depends(current_user)])


@public_router.post("/login", response_model=LoginResponse)
async def login(body: LoginRequest, accounts: Accounts) -> LoginResponse:
    """A session token for the right user name and password: 401 if wrong, 429 after repeated failures."""
    result = await run_in_threadpool(accounts.login, body.username, body.password)
    return LoginResponse(token=result.token, expires_at=result.expires_at, user=UserOut.of(result.user))


@router.post("/logout", status_code=204)
async def logout(
    request: Request,
    accounts: Accounts,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> None:
    """End this session (the token stops working at once)."""
    assert credentials is not None  # current_user checked it
    await run_in_threadpool(accounts.logout, credentials.credentials)


@router.get("/me", response_model=UserOut)
def me(user: CurrentUser) -> UserOut:
    return UserOut.of(user)
