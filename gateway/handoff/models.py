"""Handoff tickets and their internal notes (SQLAlchemy 2, on the gateway's `Base`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.models import Base, UTCDateTime, utcnow

STATUS_NEW = "new"
STATUS_CLAIMED = "claimed"
STATUS_CLOSED = "closed"
STATUSES: tuple[str, ...] = (STATUS_NEW, STATUS_CLAIMED, STATUS_CLOSED)
#: While a ticket is in one of these, a person holds the conversation and the bot stays silent.
OPEN_STATUSES: tuple[str, ...] = (STATUS_NEW, STATUS_CLAIMED)


class HandoffTicket(Base):
    """One conversation handed to a person: what the bot knew then, and who handled it when."""

    __tablename__ = "handoff_tickets"
    __table_args__ = (
        CheckConstraint("status IN ('new', 'claimed', 'closed')", name="status"),
        Index("ix_handoff_tickets_channel_sender_status", "channel", "sender", "status"),
        Index("ix_handoff_tickets_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    sender: Mapped[str] = mapped_column(String(128))
    #: the conversation's internal number: what the staff console shows instead of the sender id
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default=STATUS_NEW)
    #: routing key: inventory, offset, footprint, programme, authority
    topic: Mapped[str] = mapped_column(String(32))
    contact_id: Mapped[str | None] = mapped_column(String(64))
    #: user_request, fallback, sensitive
    reason: Mapped[str] = mapped_column(String(32))
    #: what the user wrote when the handoff happened
    question: Mapped[str | None] = mapped_column(Text)
    #: the conversation up to the handoff: [{"id", "direction", "text", "created_at", ...}]
    transcript: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    inventory: Mapped[Any | None] = mapped_column(JSON)
    inventory_result: Mapped[Any | None] = mapped_column(JSON)
    #: id of the last stored message when the ticket opened: later messages are the live part
    opened_after_message_id: Mapped[int] = mapped_column(default=0)
    #: the one "your message was passed on" reply per ticket has been sent
    acknowledged: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_by_name: Mapped[str | None] = mapped_column(String(128))
    first_reply_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(64))

    notes: Mapped[list[HandoffNote]] = relationship(
        back_populates="ticket", order_by="HandoffNote.id", passive_deletes=True
    )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class HandoffNote(Base):
    """An internal note of the staff on a ticket; never shown to the user."""

    __tablename__ = "handoff_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("handoff_tickets.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(64))
    author_name: Mapped[str] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    ticket: Mapped[HandoffTicket] = relationship(back_populates="notes")
