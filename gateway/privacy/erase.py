"""Deleting what is held about one user (channel, sender), and the retention purge.

Everything is removed explicitly (not by relying on ON DELETE CASCADE, which SQLite only honours with its
foreign-key pragma on): messages, the conversation, inventories with their lines and charts, handoff tickets
with their notes, for LINE users the follow state, the undelivered pushes and the webhook events, and, when the
gateway knows Rasa's tracker store (TRACKER_STORE_URL), every event Rasa keeps of the conversation.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from gateway.channels.line_models import LineOutboxItem, LineUser, LineWebhookEvent
from gateway.handoff.models import HandoffNote, HandoffTicket
from gateway.inventory.models import Inventory, InventoryChart, InventoryLine
from gateway.conversation import channel_user_id
from gateway.models import Conversation, Message, utcnow
from gateway.privacy.tracker_store import TrackerStore

LINE_CHANNEL = "line"


@dataclass
class Erased:
    """How many rows of each kind were deleted."""

    conversations: int = 0
    messages: int = 0
    inventories: int = 0
    handoff_tickets: int = 0
    handoff_notes: int = 0
    line_rows: int = 0
    #: rows of Rasa's tracker store (events)
    tracker_events: int = 0

    def __iadd__(self, other: Erased) -> Erased:
        for field in fields(self):
            setattr(self, field.name, getattr(self, field.name) + getattr(other, field.name))
        return self


def erase_user(engine: Engine, channel: str, sender: str, tracker: TrackerStore | None = None) -> Erased:
    """Delete everything about the conversation (channel, sender), `sender` its key (``web:…``, ``line:…``):
    the gateway's rows in one transaction, then Rasa's events of it."""
    with Session(engine) as session, session.begin():
        erased = _erase(session, channel, sender)
    if tracker is not None:
        erased.tracker_events = tracker.delete_conversation(sender)
    return erased


def purge_inactive(
    engine: Engine, days: int, now: datetime | None = None, tracker: TrackerStore | None = None
) -> Erased:
    """Delete the conversations (and their data) not updated for `days` days, one transaction per user; and
    in Rasa's tracker store every conversation whose newest event is that old."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    with Session(engine) as session:
        stale = session.execute(
            select(Conversation.channel, Conversation.sender).where(Conversation.updated_at < cutoff)
        ).all()
    total = Erased()
    for channel, sender in stale:
        total += erase_user(engine, channel, sender, tracker)
    if tracker is not None:
        total.tracker_events += tracker.purge_idle(cutoff)
    return total


def _count_delete(session: Session, statement) -> int:  # type: ignore[no-untyped-def]
    return session.execute(statement).rowcount or 0


def _erase(session: Session, channel: str, sender: str) -> Erased:
    erased = Erased()
    conversation_ids = select(Conversation.id).where(Conversation.channel == channel, Conversation.sender == sender)
    inventory_ids = select(Inventory.id).where(
        (Inventory.conversation_id.in_(conversation_ids))
        | ((Inventory.channel == channel) & (Inventory.sender == sender))
    )
    ticket_ids = select(HandoffTicket.id).where(HandoffTicket.channel == channel, HandoffTicket.sender == sender)

    _count_delete(session, delete(InventoryLine).where(InventoryLine.inventory_id.in_(inventory_ids)))
    _count_delete(session, delete(InventoryChart).where(InventoryChart.inventory_id.in_(inventory_ids)))
    erased.inventories = _count_delete(session, delete(Inventory).where(Inventory.id.in_(inventory_ids)))
    erased.handoff_notes = _count_delete(session, delete(HandoffNote).where(HandoffNote.ticket_id.in_(ticket_ids)))
    erased.handoff_tickets = _count_delete(
        session, delete(HandoffTicket).where(HandoffTicket.channel == channel, HandoffTicket.sender == sender)
    )
    erased.messages = _count_delete(session, delete(Message).where(Message.conversation_id.in_(conversation_ids)))
    erased.conversations = _count_delete(
        session, delete(Conversation).where(Conversation.channel == channel, Conversation.sender == sender)
    )
    if channel == LINE_CHANNEL:
        user_id = channel_user_id(channel, sender)
        for model in (LineUser, LineOutboxItem, LineWebhookEvent):
            erased.line_rows += _count_delete(session, delete(model).where(model.user_id == user_id))
    return erased
