"""`POST /api/staff/login`, `POST /api/staff/logout`, `GET /api/staff/me`, `POST /api/staff/me/password`."""

from __future__ import annotations


from fastapi import APIRouter, Depends, Request
from starlette.concurrency import run_in_threadpool

from gateway.deps import AccountsDep, CurrentUser, StaffCredentials, current_user, per_ip
from gateway.ratelimit import client_ip
from gateway.staff.schemas import LoginRequest, LoginResponse, PasswordChange, SessionsEnded, UserOut

public_router = APIRouter(prefix="/api/staff", tags=["staff"])
router = APIRouter(prefix="/api/staff", tags=["staff"], dependencies=[Depends(current_user)])


@public_router.post("/login", response_model=LoginResponse, dependencies=[per_ip("logins_per_ip")])
async def login(body: LoginRequest, request: Request, accounts: AccountsDep) -> LoginResponse:
    """A session token for the right user name and password: 401 if wrong; 429 with Retry-After while wrong
    logins from this address or for this user name make attempts wait (never a lock: gateway/staff/backoff.py)."""
    result = await run_in_threadpool(accounts.login, body.username, body.password, client_ip(request))
    return LoginResponse(token=result.token, expires_at=result.expires_at, user=UserOut.of(result.user))


@router.post("/logout", status_code=204)
async def logout(
    request: Request,
    accounts: AccountsDep,
    credentials: StaffCredentials,
) -> None:
    """End this session (the token stops working at once)."""
    assert credentials is not None  # current_user checked it
    await run_in_threadpool(accounts.logout, credentials.credentials)


@router.get("/me", response_model=UserOut)
def me(user: CurrentUser) -> UserOut:
    return UserOut.of(user)


@router.post("/me/password", response_model=SessionsEnded)
async def change_own_password(
    body: PasswordChange,
    user: CurrentUser,
    accounts: AccountsDep,
    credentials: StaffCredentials,
) -> SessionsEnded:
    """Change your own password (the current one is asked); your other sessions end, this one goes on."""
    assert credentials is not None  # current_user checked it
    ended = await run_in_threadpool(
        accounts.change_password, user, body.current_password, body.password, credentials.credentials
    )
    return SessionsEnded(user=UserOut.of(user), sessions_ended=ended)
