"""Tables of the LINE channel (SQLAlchemy 2, on the conversation store's `Base`).

- `line_webhook_events`: every webhookEventId taken on, unique, so a redelivered event (or one delivered
  to two gateway processes) is answered once;
- `line_users`: who follows the official account (follow/unfollow events);
- `line_outbox`: messages LINE did not accept yet; retried by a background task until delivered.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, CheckConstraint, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gateway.models import Base, UTCDateTime, utcnow

OUTBOX_STATUSES: tuple[str, ...] = ("pending", "sent", "failed")


class LineWebhookEvent(Base):
    """A webhook event this gateway (any of its processes) has taken on.

    Recorded with its `payload` (the event's JSON) before LINE gets its 200, so an event survives the process
    dying before it is handled: rows without `processed_at` are handled at start and periodically, in order per
    user (`leased_until` keeps two processes off one event). Once handled, the payload is dropped (it holds what
    the user wrote; the id stays, to recognise a redelivery)."""

    __tablename__ = "line_webhook_events"
    __table_args__ = (Index("ix_line_webhook_events_processed_at", "processed_at"),)

    webhook_event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str | None] = mapped_column(String(64))
    redelivery: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: LINE's timestamp of the event (ms): one user's events are handled in this order
    event_timestamp: Mapped[int | None] = mapped_column(BigInteger)
    payload: Mapped[str | None] = mapped_column(Text)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    leased_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class LineUser(Base):
    """A LINE user's relation to the official account, from follow and unfollow events."""

    __tablename__ = "line_users"

    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    following: Mapped[bool] = mapped_column(Boolean)
    followed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    unfollowed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class LineOutboxItem(Base):
    """One push (≤ 5 LINE messages, as the API's JSON) still to deliver, or given up on (`failed`, kept).

    `retry_key` is sent as X-Line-Retry-Key, so a push that LINE did accept before an error is not sent twice.
    """

    __tablename__ = "line_outbox"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status"),
        Index("ix_line_outbox_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64))
    messages: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    retry_key: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(8), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"LineOutboxItem(id={self.id!r}, user_id={self.user_id!r}, status={self.status!r})"
