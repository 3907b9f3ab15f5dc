"""Staff accounts and login sessions.

Passwords are hashed with argon2id (argon2-cffi). A login returns a random opaque token; the database keeps
only its SHA-256 with an expiry. Repeated wrong passwords for one user name lock that name for a while.
"""

from __future__ import annotations

import hashlib
import math
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

from bot.db import make_sessionmaker
from bot.models import utcnow
from bot.staff.models import ROLE_ADMIN, ROLES, StaffLoginFailure, StaffSession, StaffUser

USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.@-]{0,63}")
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 256
TOKEN_BYTES = 32


class AccountError(Exception):
    """``text_key`` names the Chinese message in bot/messages.yml; ``status_code`` the HTTP status."""

    def __init__(self, text_key: str, status_code: int = 400, **values: object) -> None:
        super().__init__(text_key)
        self.text_key = text_key
        self.status_code = status_code
        self.values = values


class LoginLocked(AccountError):
    def __init__(self, retry_after_seconds: int) -> None:
        minutes = max(1, math.ceil(retry_after_seconds / 60))
        super().__init__("staff.login_locked", 429, minutes=minutes)
        self.retry_after_seconds = retry_after_seconds


def normalize_username(username: str) -> str:
    return username.strip().lower()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


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
        max_failures: int = 5,
        lockout_minutes: float = 15.0,
        clock: Callable[[], datetime] = utcnow,
        hasher: PasswordHasher | None = None,
    ) -> None:
        self._sessions = make_sessionmaker(engine)
        self.session_lifetime = timedelta(hours=session_hours)
        self.max_failures = max_failures
        self.lockout = timedelta(minutes=lockout_minutes)
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

    def create_user(self, username: str, password: str, role: str, display_name: str | None = None) -> StaffUser:
        name = normalize_username(username)
        if not USERNAME_PATTERN.fullmatch(name):
            raise AccountError("staff.username_invalid")
        if role not in ROLES:
            raise AccountError("staff.role_invalid")
        check_password(password)
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

    # -- logging in ---------------------------------------------------------------------------------------

    def login(self, username: str, password: str) -> Login:
        """A new session for the right password; AccountError (401) or LoginLocked (429) otherwise."""
        name = normalize_username(username)
        now = self.clock()
        login: Login | None = None
        with self._sessions.begin() as session:
            self._refuse_if_locked(session, name, now)
            user = session.scalar(select(StaffUser).where(StaffUser.username == name))
            # verify even for an unknown name, so the answer takes as long either way
            password_ok = self._verify(user.password_hash if user is not None else None, password)
            if user is None or not user.active or not password_ok:
                session.add(StaffLoginFailure(username=name[:64], created_at=now))  # committed, then refused
            else:
                login = self._start_session(session, user, password, now)
        if login is None:
            raise AccountError("staff.login_failed", 401)
        return login

    def _start_session(self, session: Session, user: StaffUser, password: str, now: datetime) -> Login:
        if self.hasher.check_needs_rehash(user.password_hash):
            user.password_hash = self.hasher.hash(password)
        session.execute(delete(StaffLoginFailure).where(StaffLoginFailure.username == user.username))
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

    def _refuse_if_locked(self, session: Session, name: str, now: datetime) -> None:
        since = now - self.lockout
        failures = list(session.scalars(
            select(StaffLoginFailure.created_at)
            .where(StaffLoginFailure.username == name, StaffLoginFailure.created_at > since)
            .order_by(StaffLoginFailure.created_at.desc())
            .limit(self.max_failures)
        ))
        if len(failures) >= self.max_failures:
            # locked until the oldest of the last `max_failures` failures leaves the window
            retry_after = (failures[-1] + self.lockout - now).total_seconds()
            raise LoginLocked(max(1, math.ceil(retry_after)))


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS or len(password) > MAX_PASSWORD_CHARS:
        raise AccountError("staff.password_length", min_chars=MIN_PASSWORD_CHARS, max_chars=MAX_PASSWORD_CHARS)
    if not password.strip():
        raise AccountError("staff.password_length", min_chars=MIN_PASSWORD_CHARS, max_chars=MAX_PASSWORD_CHARS)
