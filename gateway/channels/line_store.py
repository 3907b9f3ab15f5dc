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

from gateway.channels.line_models import LineOutboxItem, LineUser, LineWebhookEvent
from gateway.db import make_sessionmaker
from gateway.models import utcnow


#: How long a process holds a webhook event it took on before another may handle it (it should be done long before).
EVENT_LEASE_SECONDS = 120.0


class LineStore:
    """One per app, on the conversation store's engine; safe to share between threads."""

    def __init__(self, engine: Engine, session_factory: sessionmaker[Session] | None = None) -> None:
        self.engine = engine
        self._sessions = session_factory or make_sessionmaker(engine)

    # -- webhook events --------------------------------------------------------------------------------------

    def claim_event(
        self,
        webhook_event_id: str,
        event_type: str,
        user_id: str | None,
        redelivery: bool,
        payload: str | None = None,
        event_timestamp: int | None = None,
        lease_seconds: float = EVENT_LEASE_SECONDS,
    ) -> bool:
        """True if this process is the first to take the event on; False if it was seen before (anywhere).

        The event is recorded with its `payload` (its JSON) and leased to this process for `lease_seconds`:
        should the process die before `mark_processed`, another one (or this one, restarted) handles it."""
        now = utcnow()
        values = {
            "webhook_event_id": webhook_event_id,
            "event_type": event_type[:32],
            "user_id": user_id,
            "redelivery": redelivery,
            "received_at": now,
            "payload": payload,
            "event_timestamp": event_timestamp,
            "leased_until": now + timedelta(seconds=lease_seconds),
            "attempts": 1,
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

    def mark_processed(self, webhook_event_id: str) -> None:
        """The event was handled: drop its payload (it holds what the user wrote), keep the id."""
        with self._sessions.begin() as session:
            session.execute(
                update(LineWebhookEvent)
                .where(LineWebhookEvent.webhook_event_id == webhook_event_id)
                .values(processed_at=utcnow(), payload=None, leased_until=None)
            )

    def lease_unhandled(self, limit: int = 100, lease_seconds: float = EVENT_LEASE_SECONDS) -> list[LineWebhookEvent]:
        """Recorded events nobody handled and nobody holds (their lease ran out), oldest first (LINE's timestamp),
        each leased to this caller (compare-and-set on the lease, so two processes never take the same one)."""
        now = utcnow()
        due = (
            select(LineWebhookEvent.webhook_event_id, LineWebhookEvent.leased_until)
            .where(LineWebhookEvent.processed_at.is_(None), LineWebhookEvent.payload.is_not(None),
                   (LineWebhookEvent.leased_until.is_(None)) | (LineWebhookEvent.leased_until <= now))
            .order_by(LineWebhookEvent.event_timestamp, LineWebhookEvent.received_at)
            .limit(limit)
        )
        with self._sessions() as session:
            candidates = session.execute(due).all()
        leased: list[LineWebhookEvent] = []
        for event_id, seen_lease in candidates:
            lease_is = (LineWebhookEvent.leased_until.is_(None) if seen_lease is None
                        else LineWebhookEvent.leased_until == seen_lease)
            with self._sessions.begin() as session:
                won = session.execute(
                    update(LineWebhookEvent)
                    .where(LineWebhookEvent.webhook_event_id == event_id, LineWebhookEvent.processed_at.is_(None),
                           lease_is)
                    .values(leased_until=now + timedelta(seconds=lease_seconds),
                            attempts=LineWebhookEvent.attempts + 1)
                    .returning(LineWebhookEvent.webhook_event_id)
                ).scalar_one_or_none()
                if won is not None:
                    event = session.get(LineWebhookEvent, event_id)
                    if event is not None:
                        leased.append(event)
        return leased

    def get_event(self, webhook_event_id: str) -> LineWebhookEvent | None:
        with self._sessions() as session:
            return session.get(LineWebhookEvent, webhook_event_id)

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
