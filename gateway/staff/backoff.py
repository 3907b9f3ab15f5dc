"""Slowing down password guessing on the staff login without letting a stranger lock anyone out.

OWASP ASVS 2.2.1 asks for anti-automation that works against brute force, breached-credential testing *and*
account-lockout attacks. A fixed lock per user name (5 failures → 15 minutes) fails the last one: whoever knows
a user name can keep its owner out. So wrong logins are counted twice, and each count makes the next attempt
wait, doubling, up to a cap:

- per client IP (`per_ip`): after `free_failures` wrong logins from one address, 1 s, 2 s, 4 s, … up to 15
  minutes. This is what stops one guesser, and it only ever slows down that address.
- per user name, from any address (`per_user`): after more wrong logins (10), a wait capped short (60 s), so a
  guesser spread over many addresses gets about one try a minute at one name, and the most a stranger can do to
  the owner is make them wait a minute.

While a wait runs, an attempt is refused with 429 and Retry-After without checking the password (and is not
counted, so hammering does not lengthen the wait). Failures count for `window` (an hour); a successful login
clears its user name's failures and its address's (not the failures other addresses made at that name: those
still slow their own addresses down).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from gateway.staff.models import StaffLoginFailure

BASE_DELAY_SECONDS = 1.0
#: The user name of a failure that no longer counts for its name (its owner logged in since); never a real name.
NO_USER = ""


@dataclass(frozen=True)
class BackoffPolicy:
    free_failures: int
    max_delay_seconds: float

    def delay(self, failures: int) -> float:
        """The wait after `failures` wrong logins (0 while they are few)."""
        if failures < self.free_failures:
            return 0.0
        exponent = min(failures - self.free_failures, 60)  # 2**60 s is past any cap
        return min(self.max_delay_seconds, BASE_DELAY_SECONDS * 2.0**exponent)


@dataclass(frozen=True)
class LoginBackoff:
    per_ip: BackoffPolicy = BackoffPolicy(free_failures=5, max_delay_seconds=900.0)
    per_user: BackoffPolicy = BackoffPolicy(free_failures=10, max_delay_seconds=60.0)
    window: timedelta = timedelta(hours=1)

    def wait_seconds(self, session: Session, username: str, ip: str | None, now: datetime) -> int:
        """Whole seconds until `username` may be tried from `ip` (0: now)."""
        since = now - self.window
        waits = [self._wait(session, StaffLoginFailure.username == username, self.per_user, since, now)]
        if ip:
            waits.append(self._wait(session, StaffLoginFailure.ip == ip, self.per_ip, since, now))
        return max(waits)

    @staticmethod
    def _wait(session: Session, where: object, policy: BackoffPolicy, since: datetime, now: datetime) -> int:
        count, last = session.execute(
            select(func.count(), func.max(StaffLoginFailure.created_at))
            .where(where, StaffLoginFailure.created_at > since)  # type: ignore[arg-type]
        ).one()
        if not count or last is None:
            return 0
        if last.tzinfo is None:  # stored as UTC
            last = last.replace(tzinfo=timezone.utc)
        remaining = (last + timedelta(seconds=policy.delay(count)) - now).total_seconds()
        return max(0, math.ceil(remaining))

    def record_failure(self, session: Session, username: str, ip: str | None, now: datetime) -> None:
        session.add(StaffLoginFailure(username=username[:64], ip=(ip or None) and ip[:64], created_at=now))

    def clear(self, session: Session, username: str, ip: str | None, now: datetime) -> None:
        """After a successful login: forget this address's failures and this user name's; failures from other
        addresses keep counting against those addresses (their user name is blanked, `NO_USER`). Old rows go."""
        if ip:
            session.execute(delete(StaffLoginFailure).where(StaffLoginFailure.ip == ip))
        session.execute(update(StaffLoginFailure).where(StaffLoginFailure.username == username)
                        .values(username=NO_USER))
        session.execute(delete(StaffLoginFailure).where(StaffLoginFailure.created_at <= now - self.window))
