"""FAQ answers (read: staff; edit: admins) and staff accounts (admins: create, deactivate, reset a password,
end sessions)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path
from starlette.concurrency import run_in_threadpool

from gateway.deps import AccountsDep, AdminUser, FaqEditorDep, current_user
from gateway.staff.faq_edit import FaqChange
from gateway.staff.schemas import (
    FaqEditRequest,
    FaqEditResponse,
    FaqOut,
    FaqVersionOut,
    PasswordReset,
    SessionsEnded,
    UserCreate,
    UserOut,
)

router = APIRouter(prefix="/api/staff", tags=["staff: admin"], dependencies=[Depends(current_user)])

EntryId = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
Username = Annotated[str, Path(min_length=1, max_length=64)]


@router.get("/faq", response_model=list[FaqOut])
async def list_faq(editor: FaqEditorDep) -> list[FaqOut]:
    """Every FAQ entry as the bot answers it now."""
    return [FaqOut.of(e) for e in await run_in_threadpool(editor.entries)]


@router.get("/faq/{entry_id}/versions", response_model=list[FaqVersionOut])
async def faq_versions(entry_id: EntryId, editor: FaqEditorDep) -> list[FaqVersionOut]:
    """The console edits of an entry, newest first (who, when, before and after)."""
    return [FaqVersionOut.of(v) for v in await run_in_threadpool(editor.versions, entry_id)]


@router.put("/faq/{entry_id}", response_model=FaqEditResponse)
async def edit_faq(entry_id: EntryId, body: FaqEditRequest, admin: AdminUser, editor: FaqEditorDep) -> FaqEditResponse:
    """Admins: change an answer, its source and as_of. Checked like `make check-knowledge` (422 with the
    problems, nothing saved), written to the knowledge file, versioned, and answered by the bot at once."""
    change = FaqChange(answer=body.answer, source=body.source, as_of=body.as_of)
    entry, version, warnings = await run_in_threadpool(editor.edit, entry_id, change, admin.username)
    return FaqEditResponse(entry=FaqOut.of(entry), version=FaqVersionOut.of(version),
                           warnings=[str(w) for w in warnings])


@router.get("/users", response_model=list[UserOut])
async def list_users(admin: AdminUser, accounts: AccountsDep) -> list[UserOut]:
    """Admins: the staff accounts."""
    return [UserOut.of(u) for u in await run_in_threadpool(accounts.list_users)]


@router.post("/users", response_model=UserOut, status_code=201)
async def create_user(body: UserCreate, admin: AdminUser, accounts: AccountsDep) -> UserOut:
    """Admins: a new staff (or admin) account."""
    user = await run_in_threadpool(accounts.create_user, body.username, body.password, body.role, body.display_name)
    return UserOut.of(user)


@router.post("/users/{username}/deactivate", response_model=SessionsEnded)
async def deactivate_user(username: Username, admin: AdminUser, accounts: AccountsDep) -> SessionsEnded:
    """Admins: offboarding. The account can no longer log in and its sessions end at once (not your own
    account, not the last active admin)."""
    user, ended = await run_in_threadpool(accounts.set_active, username, False, admin)
    return SessionsEnded(user=UserOut.of(user), sessions_ended=ended)


@router.post("/users/{username}/activate", response_model=UserOut)
async def activate_user(username: Username, admin: AdminUser, accounts: AccountsDep) -> UserOut:
    """Admins: let a deactivated account log in again."""
    user, _ = await run_in_threadpool(accounts.set_active, username, True, admin)
    return UserOut.of(user)


@router.post("/users/{username}/password", response_model=SessionsEnded)
async def reset_password(username: Username, body: PasswordReset, admin: AdminUser, accounts: AccountsDep) -> SessionsEnded:
    """Admins: set a new password for an account (a forgotten one); its sessions end."""
    ended = await run_in_threadpool(accounts.reset_password, username, body.password)
    return SessionsEnded(user=UserOut.of(await run_in_threadpool(accounts.get_user, username)), sessions_ended=ended)


@router.delete("/users/{username}/sessions", response_model=SessionsEnded)
async def revoke_sessions(username: Username, admin: AdminUser, accounts: AccountsDep) -> SessionsEnded:
    """Admins: end every session of an account (a lost laptop, a shared password)."""
    ended = await run_in_threadpool(accounts.revoke_sessions, username)
    return SessionsEnded(user=UserOut.of(await run_in_threadpool(accounts.get_user, username)), sessions_ended=ended)
