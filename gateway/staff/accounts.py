"""Staff accounts and login sessions.

Passwords are hashed with argon2id (argon2-cffi) and must follow gateway/staff/passwords.py (12+ characters, not a
common password). A login returns a random opaque token; the database keeps only its SHA-256 with an expiry.
Wrong logins slow further attempts down per client IP and per user name (gateway/staff/backoff.py), never locking
an account. Admins deactivate accounts, reset passwords and end sessions (offboarding): a deactivated account's
tokens stop working at once.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from gateway.db import make_sessionmaker
from gateway.models import utcnow
from gateway.staff.backoff import LoginBackoff
from gateway.staff.models import ROLE_ADMIN, ROLES, StaffSession, StaffUser
from gateway.staff.passwords import PasswordRejected, check_password

USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.@-]{0,63}")
TOKEN_BYTES = 32


class AccountError(Exception):
    """``text_key`` names the Chinese message in gateway/messages.yml; ``status_code`` the HTTP status."""

    def __init__(self, text_key: str, status_code: int = 400, **values: object) -> None:
        super().__init__(text_key)
        self.text_key = text_key
        self.status_code = status_code
        self.values = values


class LoginThrottled(AccountError):
    """Too many wrong logins lately from this address or for this user name: wait (429, Retry-After)."""

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__("staff.login_throttled", 429, seconds=retry_after_seconds)
        self.retry_after_seconds = retry_after_seconds


def normalize_username(username: str) -> str:
    return username.strip().lower()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _checked_password(password: str, username: str | None) -> str:
    try:
        check_password(password, username)
    except PasswordRejected as exc:
        raise AccountError(exc.text_key, **exc.values) from None
    return password


@dataclass(frozen=True)
class Login:
    token: str
    expires_at: datetime
    user: StaffUser


class AccountService:
    def __init__(
        self,
        engine: Engine,
        *,
        session_hours: float = 8.0,
        backoff: LoginBackoff | None = None,
        clock: Callable[[], datetime] = utcnow,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self._sessions = make_sessionmaker(engine)
        self.session_lifetime = timedelta(hours=session_hours)
        self.backoff = backoff or LoginBackoff()
        self.clock = clock
        self.hasher = hasher or PasswordHasher()

    @cached_property
    def _dummy_hash(self) -> str:
        """Verified against for unknown user names, so they take as long as wrong passwords."""
        return self.hasher.hash(secrets.token_hex(16))

    # -- accounts -------------------------------------------------------------------------------------------

    def count_users(self) -> int:
        with self._sessions() as session:
            return session.scalar(select(func.count()).select_from(StaffUser)) or 0

    def list_users(self) -> list[StaffUser]:
        with self._sessions() as session:
            return list(session.scalars(select(StaffUser).order_by(StaffUser.username)))

    def get_user(self, username: str) -> StaffUser:
        with self._sessions() as session:
            user = session.scalar(select(StaffUser).where(StaffUser.username == normalize_username(username)))
        if user is None:
            raise AccountError("staff.user_not_found", 404, username=normalize_username(username))
        return user

    def create_user(self, username: str, password: str, role: str, display_name: str | None = None) -> StaffUser:
        name = normalize_username(username)
        if not USERNAME_PATTERN.fullmatch(name):
            raise AccountError("staff.username_invalid")
        if role not in ROLES:
            raise AccountError("staff.role_invalid")
        _checked_password(password, name)
        with self._sessions.begin() as session:
            if session.scalar(select(StaffUser.id).where(StaffUser.username == name)) is not None:
                raise AccountError("staff.username_taken", 409, username=name)
            user = StaffUser(
                username=name,
                display_name=(display_name or "").strip() or name,
                role=role,
                password_hash=self.hasher.hash(password),
                created_at=self.clock(),
            )
            session.add(user)
        return user

    def bootstrap(self, username: str, password: str) -> StaffUser | None:
        """Create the first admin when there is no account at all; otherwise do nothing."""
        if self.count_users() > 0:
            return None
        return self.create_user(username, password, ROLE_ADMIN)

    def set_active(self, username: str, active: bool, acting: StaffUser | None = None) -> tuple[StaffUser, int]:
        """Deactivate (and end every session of) or reactivate an account; returns it and the sessions ended.

        An admin cannot deactivate their own account, nor the last active admin."""
        with self._sessions.begin() as session:
            user = self._user(session, username)
            ended = 0
            if not active and user.active:
                if acting is not None and acting.id == user.id:
                    raise AccountError("staff.cannot_deactivate_self", 409)
                if user.is_admin and self._active_admins(session) <= 1:
                    raise AccountError("staff.last_admin", 409)
                ended = self._end_sessions(session, user)
            user.active = active
        return user, ended

    def reset_password(self, username: str, password: str) -> int:
        """Set a new password (an admin, for a forgotten one) and end every session; returns how many."""
        with self._sessions.begin() as session:
            user = self._user(session, username)
            user.password_hash = self.hasher.hash(_checked_password(password, user.username))
            return self._end_sessions(session, user)

    def change_password(self, user: StaffUser, current: str, password: str, keep_token: str | None = None) -> int:
        """The user's own change: the current password must be right; their other sessions end."""
        with self._sessions.begin() as session:
            stored = self._user(session, user.username)
            if not self._verify(stored.password_hash, current):
                raise AccountError("staff.password_wrong", 400)
            stored.password_hash = self.hasher.hash(_checked_password(password, stored.username))
            return self._end_sessions(session, stored, keep_token)

    def revoke_sessions(self, username: str) -> int:
        """End every session of the account (e.g. a lost laptop); returns how many."""
        with self._sessions.begin() as session:
            return self._end_sessions(session, self._user(session, username))

    def _user(self, session: Session, username: str) -> StaffUser:
        name = normalize_username(username)
        user = session.scalar(select(StaffUser).where(StaffUser.username == name).with_for_update())
        if user is None:
            raise AccountError("staff.user_not_found", 404, username=name)
        return user

    @staticmethod
    def _active_admins(session: Session) -> int:
        return session.scalar(
            select(func.count()).select_from(StaffUser)
            .where(StaffUser.role == ROLE_ADMIN, StaffUser.active.is_(True))
        ) or 0

    @staticmethod
    def _end_sessions(session: Session, user: StaffUser, keep_token: str | None = None) -> int:
        statement = delete(StaffSession).where(StaffSession.user_id == user.id)
        if keep_token is not None:
            statement = statement.where(StaffSession.token_hash != hash_token(keep_token))
        return session.execute(statement).rowcount or 0

    # -- logging in ---------------------------------------------------------------------------------------

    def login(self, username: str, password: str, ip: str | None = None) -> Login:
        """A new session for the right password; AccountError (401) or LoginThrottled (429) otherwise."""
        name = normalize_username(username)
        now = self.clock()
        login: Login | None = None
        with self._sessions.begin() as session:
            wait = self.backoff.wait_seconds(session, name, ip, now)
            if wait:
                raise LoginThrottled(wait)
            user = session.scalar(select(StaffUser).where(StaffUser.username == name))
            # verify even for an unknown name, so the answer takes as long either way
            password_ok = self._verify(user.password_hash if user is not None else None, password)
            if user is None or not user.active or not password_ok:
                self.backoff.record_failure(session, name, ip, now)  # committed, then refused
            else:
                self.backoff.clear(session, name, ip, now)
                login = self._start_session(session, user, password, now)
        if login is None:
            raise AccountError("staff.login_failed", 401)
        return login

    def _start_session(self, session: Session, user: StaffUser, password: str, now: datetime) -> Login:
        if self.hasher.check_needs_rehash(user.password_hash):
            user.password_hash = self.hasher.hash(password)
        session.execute(delete(StaffSession).where(StaffSession.expires_at <= now))
        token = secrets.token_urlsafe(TOKEN_BYTES)
        expires = now + self.session_lifetime
        session.add(StaffSession(token_hash=hash_token(token), user_id=user.id, created_at=now, expires_at=expires))
        return Login(token=token, expires_at=expires, user=user)

    def user_for_token(self, token: str) -> StaffUser | None:
        """The active user of a valid, unexpired session token; None otherwise."""
        with self._sessions() as session:
            return session.scalar(
                select(StaffUser)
                .join(StaffSession, StaffSession.user_id == StaffUser.id)
                .where(StaffSession.token_hash == hash_token(token), StaffSession.expires_at > self.clock(),
                       StaffUser.active.is_(True))
            )

    def logout(self, token: str) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(StaffSession).where(StaffSession.token_hash == hash_token(token)))

    def _verify(self, password_hash: str | None, password: str) -> bool:
        try:
            return self.hasher.verify(password_hash or self._dummy_hash, password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False
