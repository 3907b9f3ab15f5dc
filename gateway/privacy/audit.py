"""Writing the staff read audit (called by the staff routes that show a ticket and its transcript)."""

from __future__ import annotations

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from gateway.privacy.models import StaffReadAudit


def record_staff_read(engine: Engine, staff_username: str, channel: str, sender: str,
                      ticket_id: int | None = None) -> None:
    with Session(engine) as session, session.begin():
        session.add(StaffReadAudit(staff_username=staff_username, ticket_id=ticket_id, channel=channel,
                                   sender=sender))


def staff_reads(engine: Engine, channel: str, sender: str) -> list[StaffReadAudit]:
    """Who read the conversation of (channel, sender), oldest first."""
    with Session(engine) as session:
        return list(session.scalars(
            select(StaffReadAudit)
            .where(StaffReadAudit.channel == channel, StaffReadAudit.sender == sender)
            .order_by(StaffReadAudit.id)
        ))
