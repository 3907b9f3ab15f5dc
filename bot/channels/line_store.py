"""Reading and writing the LINE channel's tables (synchronous; called through the thread pool)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, sessionmaker

from bot.channels.line_models import LineOutboxItem, LineUser, LineWebhookEvent
from bot.db import make_sessionmaker
from bot.models import utcnow


class LineStore:
    """One per app, on the conversation store's engine; safe to share between threads."""

    def __init__(self, engine: Engine, session_factory: sessionmaker[Session] | None = None) -> None:
        self.engine = engine
        self._sessions = session_factory or make_sessionmaker(engine)

    # -- webhook events --------------------------------------------------------------------------------------

    def claim_event(
        self, webhook_event_id: str, event_type: str, user_id: str | None, redelivery: bool
    ) -> bool:
        """True if this process is the first to take the event on; False if it was seen before (anywhere)."""
        values = {
            "webhook_event_id": webhook_event_id,
            "event_type": event_type[:32],
            "user_id": user_id,
            "redelivery": redelivery,
            "received_at": utcnow(),
        }
        dialect = self.engine.dialect.name
        with self._sessions.begin() as session:
            if dialect in ("postgresql", "sqlite"):
                dialect_insert = pg_insert if dialect == "postgresql" else sqlite_insert
                inserted = session.execute(
                    dialect_insert(LineWebhookEvent)
                    .values(**values)
                    .on_conflict_do_nothing(index_elements=["webhook_event_id"])
                    .returning(LineWebhookEvent.webhook_event_id)
                ).scalar_one_or_none()
                return inserted is not None  # (rowcount is not reliable here: psycopg may report -1)
        try:  # other dialects: let the primary key refuse the second insert
            with self._sessions.begin() as session:
                session.execute(insert(LineWebhookEvent).values(**values))
            return True
        except IntegrityError:
            return False

    # -- followers -------------------------------------------------------------------------------------------

    def set_following(self, user_id: str, following: bool) -> None:
        now = utcnow()
        with self._sessions.begin() as session:
            user = session.get(LineUser, user_id, with_for_update=True)
            if user is None:
                user = LineUser(user_id=user_id, following=following)
                session.add(user)
            user.following = following
            if following:
                user.followed_at = now
            else:
                user.unfollowed_at = now

    def get_user(self, user_id: str) -> LineUser | None:
        with self._sessions() as session:
            return session.get(LineUser, user_id)

    # -- outbox ----------------------------------------------------------------------------------------------

    def enqueue(
        self,
        user_id: str,
        messages: Sequence[dict[str, Any]],
        *,
        retry_key: str | None = None,
        error: str | None = None,
        failed: bool = False,
        not_before: datetime | None = None,
    ) -> LineOutboxItem:
        """Keep a push for later (`failed=True`: LINE refused it for good; kept, not retried)."""
        item = LineOutboxItem(
            user_id=user_id,
            messages=list(messages),
            retry_key=retry_key or str(uuid.uuid4()),
            status="failed" if failed else "pending",
            attempts=1 if error else 0,
            next_attempt_at=not_before or utcnow(),
            last_error=error,
            created_at=utcnow(),
        )
        with self._sessions.begin() as session:
            session.add(item)
        return item

    def has_pending(self, user_id: str) -> bool:
        with self._sessions() as session:
            count = session.scalar(
                select(func.count())
                .select_from(LineOutboxItem)
                .where(LineOutboxItem.user_id == user_id, LineOutboxItem.status == "pending")
            )
            return bool(count)

    def claim_due(
        self, limit: int = 100, lease_seconds: float = 120.0, exclude_users: Collection[str] = ()
    ) -> list[LineOutboxItem]:
        """Each user's oldest pending item, if due now, leased to this caller (another process skips it).

        Only the head of a user's queue is handed out, so a user gets queued messages in the order they were
        written even when an earlier one has to wait.
        """
        now = utcnow()
        leased_until = now + timedelta(seconds=lease_seconds)
        earlier = aliased(LineOutboxItem)
        waiting_before = (
            select(earlier.id)
            .where(
                earlier.user_id == LineOutboxItem.user_id,
                earlier.status == "pending",
                earlier.id < LineOutboxItem.id,
            )
            .exists()
        )
        due = (
            select(LineOutboxItem.id, LineOutboxItem.next_attempt_at)
            .where(LineOutboxItem.status == "pending", LineOutboxItem.next_attempt_at <= now, ~waiting_before)
            .order_by(LineOutboxItem.id)
            .limit(limit)
        )
        if exclude_users:
            due = due.where(LineOutboxItem.user_id.not_in(list(exclude_users)))
        claimed: list[LineOutboxItem] = []
        with self._sessions.begin() as session:
            candidates = session.execute(due).all()
        for item_id, seen_next_attempt in candidates:
            with self._sessions.begin() as session:
                # Compare-and-set on next_attempt_at: who moves it first owns the item until the lease ends.
                won = session.execute(
                    update(LineOutboxItem)
                    .where(
                        LineOutboxItem.id == item_id,
                        LineOutboxItem.status == "pending",
                        LineOutboxItem.next_attempt_at == seen_next_attempt,
                    )
                    .values(next_attempt_at=leased_until)
                    .returning(LineOutboxItem.id)
                ).scalar_one_or_none()
                if won is not None:
                    item = session.get(LineOutboxItem, item_id)
                    if item is not None:
                        claimed.append(item)
        return claimed

    def mark_sent(self, item_id: int) -> None:
        self._update(
            item_id, status="sent", sent_at=utcnow(), last_error=None, attempts=LineOutboxItem.attempts + 1
        )

    def mark_retry(self, item_id: int, error: str, next_attempt_at: datetime) -> None:
        self._update(
            item_id, last_error=error, next_attempt_at=next_attempt_at, attempts=LineOutboxItem.attempts + 1
        )

    def mark_failed(self, item_id: int, error: str) -> None:
        self._update(item_id, status="failed", last_error=error, attempts=LineOutboxItem.attempts + 1)

    def outbox(self, user_id: str | None = None) -> list[LineOutboxItem]:
        statement = select(LineOutboxItem).order_by(LineOutboxItem.id)
        if user_id is not None:
            statement = statement.where(LineOutboxItem.user_id == user_id)
        with self._sessions() as session:
            return list(session.scalars(statement))

    def _update(self, item_id: int, **values: Any) -> None:
        with self._sessions.begin() as session:
            session.execute(update(LineOutboxItem).where(LineOutboxItem.id == item_id).values(**values))
