"""The audit trail of staff reads: who looked at which conversation, when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from gateway.models import Base, UTCDateTime, utcnow


class StaffReadAudit(Base):
    """One read of a ticket (with its transcript) in the staff console.

    Kept when the user's data is deleted: it is the staff's accountability record and holds ids only.
    """

    __tablename__ = "staff_read_audit"
    __table_args__ = (Index("ix_staff_read_audit_channel_sender", "channel", "sender"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_username: Mapped[str] = mapped_column(String(64))
    ticket_id: Mapped[int | None] = mapped_column()
    channel: Mapped[str] = mapped_column(String(32))
    sender: Mapped[str] = mapped_column(String(128))
    read_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
