"""Handoff tickets: open one when Rasa hands over, let staff claim, answer, annotate and close it.

The gateway owns the handoff state (Rasa only decides that a handoff happens). While a ticket of a
(channel, sender) is open the bot stays silent (see `gateway.handoff.hook`); staff replies and the closing notice
are stored as outgoing messages and delivered through the user's channel (`OutboundChannel.push`): for the
web that is storing them (the widget reads the store), for LINE a push message.

Synchronous database methods are called from async code through the thread pool.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, selectinload
from starlette.concurrency import run_in_threadpool

from gateway.channels.base import ChannelRegistry
from gateway.db import make_sessionmaker
from gateway.handoff.availability import availability_text, waiting_text
from gateway.handoff.errors import DeliveryFailed, HandoffError, TicketNotFound
from gateway.handoff.models import (
    OPEN_STATUSES,
    STATUS_CLAIMED,
    STATUS_CLOSED,
    STATUS_NEW,
    HandoffNote,
    HandoffTicket,
)
from gateway.handoff.office_hours import OfficeHours
from gateway.handoff.requests import Actor, HandoffRequest
from gateway.models import Conversation, Message, utcnow
from gateway.store import ConversationStore, message_json
from gateway.texts import Texts

log = logging.getLogger(__name__)

#: How many of the latest messages a ticket keeps as its transcript.
TRANSCRIPT_MESSAGES = 50
STAFF_FROM = "staff"
#: ``closed_by`` of a ticket the user withdrew (取消 / 不用了) before anyone joined.
CLOSED_BY_USER = "user"


class HandoffService:
    def __init__(
        self,
        store: ConversationStore,
        texts: Texts,
        channels: ChannelRegistry,
        office_hours: OfficeHours,
        *,
        knowledge_dir: Path | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.texts = texts
        self.channels = channels
        self.office_hours = office_hours
        self.knowledge_dir = knowledge_dir
        self.clock = clock
        self._sessions = make_sessionmaker(store.engine)

    # -- the bot side -------------------------------------------------------------------------------------

    def open_ticket_for(self, channel: str, sender: str) -> HandoffTicket | None:
        """The ticket holding (channel, sender) now, if any. Asked on every turn: the statement is built once."""
        with self._sessions() as session:
            return session.scalar(_OPEN_TICKET_FOR, {"channel": channel, "sender": sender})

    def open_ticket(self, channel: str, sender: str, question: str, request: HandoffRequest) -> HandoffTicket:
        """Open a ticket with the conversation so far, or return the one already open for this user."""
        with self._sessions.begin() as session:
            existing = session.scalar(
                select(HandoffTicket)
                .where(HandoffTicket.channel == channel, HandoffTicket.sender == sender,
                       HandoffTicket.status.in_(OPEN_STATUSES))
                .limit(1)
            )
            if existing is not None:
                return existing
            transcript = self._latest_messages(session, channel, sender, TRANSCRIPT_MESSAGES)
            conversation_id = session.scalar(
                select(Conversation.id).where(Conversation.channel == channel, Conversation.sender == sender)
            )
            ticket = HandoffTicket(
                channel=channel,
                sender=sender,
                conversation_id=conversation_id,
                status=STATUS_NEW,
                topic=request.topic,
                contact_id=request.contact_id,
                reason=request.reason,
                question=question,
                transcript=[message_json(m) for m in transcript],
                inventory=request.inventory,
                inventory_result=request.inventory_result,
                opened_after_message_id=transcript[-1].id if transcript else 0,
                created_at=self.clock(),
            )
            session.add(ticket)
        log.info("handoff ticket %s opened for %s conversation %s (topic %s, %s)", ticket.id, channel,
                 ticket.conversation_id, request.topic, request.reason)
        return ticket

    def acknowledge_once(self, ticket_id: int) -> bool:
        """Mark the ticket's one acknowledgement as sent; False if it had been sent already."""
        with self._sessions.begin() as session:
            ticket = session.get(HandoffTicket, ticket_id, with_for_update=True)
            if ticket is None or ticket.acknowledged:
                return False
            ticket.acknowledged = True
            return True

    def availability_text(self, at: datetime | None = None) -> str:
        """What the user is told after a handoff: staff answer here soon, or when the office opens."""
        return availability_text(self.texts, self.office_hours, at or self.clock())

    def waiting_text(self, at: datetime | None = None) -> str:
        """Said under each bot answer while the ticket waits for staff: a person will join (and when)."""
        return waiting_text(self.texts, self.office_hours, at or self.clock())

    def cancel_by_user(self, ticket_id: int) -> bool:
        """The user withdrew the request before anyone joined: the ticket is closed by the user (the staff queue
        shows it so). False when a staff member had claimed it meanwhile."""
        with self._sessions.begin() as session:
            ticket = self._locked(session, ticket_id)
            if ticket.status != STATUS_NEW:
                return False
            ticket.status = STATUS_CLOSED
            ticket.closed_at = self.clock()
            ticket.closed_by = CLOSED_BY_USER
        log.info("handoff ticket %s cancelled by the user", ticket_id)
        return True

    # -- the staff side -----------------------------------------------------------------------------------

    def list_tickets(
        self,
        status: str | None = None,
        topic: str | None = None,
        channel: str | None = None,
        limit: int = 100,
    ) -> list[HandoffTicket]:
        """Newest first."""
        statement = select(HandoffTicket).order_by(HandoffTicket.created_at.desc(), HandoffTicket.id.desc())
        if status:
            statement = statement.where(HandoffTicket.status == status)
        if topic:
            statement = statement.where(HandoffTicket.topic == topic)
        if channel:
            statement = statement.where(HandoffTicket.channel == channel)
        with self._sessions() as session:
            return list(session.scalars(statement.limit(limit)))

    def get_ticket(self, ticket_id: int) -> HandoffTicket:
        with self._sessions() as session:
            ticket = session.scalar(
                select(HandoffTicket).options(selectinload(HandoffTicket.notes)).where(HandoffTicket.id == ticket_id)
            )
        if ticket is None:
            raise TicketNotFound()
        return ticket

    def messages_since(self, ticket: HandoffTicket, after_id: int = 0, limit: int = 500) -> list[Message]:
        """The user's conversation after the ticket opened (user messages, staff replies, notices)."""
        return self.store.messages_after(
            ticket.sender, ticket.channel, max(after_id, ticket.opened_after_message_id), limit=limit
        )

    def _claim(self, ticket_id: int, actor: Actor) -> tuple[HandoffTicket, bool]:
        """(ticket, True if this call took it from the queue)."""
        with self._sessions.begin() as session:
            ticket = self._locked(session, ticket_id)
            was_new = ticket.status == STATUS_NEW
            self._take(ticket, actor)
        return ticket, was_new

    async def claim(self, ticket_id: int, actor: Actor) -> HandoffTicket:
        """Take the ticket; the user is told who joined ("專人 王小美 已加入對話": the display name). From now on
        the bot is silent for this user until the ticket is closed."""
        ticket, taken = await run_in_threadpool(self._claim, ticket_id, actor)
        if taken:
            notice = {"text": self.texts.get("handoff.joined", name=actor.display_name),
                      "custom": {"type": "handoff_joined", "ticket_id": ticket.id, "name": actor.display_name}}
            try:
                await self._deliver(ticket, notice, "staff.delivery_failed")
            except DeliveryFailed:
                pass  # claimed all the same; the notice is stored and shown with the conversation
            await run_in_threadpool(self.store.record_outgoing, ticket.sender, ticket.channel, [notice])
        return ticket

    def add_note(self, ticket_id: int, actor: Actor, text: str) -> HandoffNote:
        with self._sessions.begin() as session:
            if session.get(HandoffTicket, ticket_id) is None:
                raise TicketNotFound()
            note = HandoffNote(ticket_id=ticket_id, author=actor.username, author_name=actor.display_name,
                               text=text, created_at=self.clock())
            session.add(note)
        return note

    async def reply(self, ticket_id: int, actor: Actor, text: str) -> Message:
        """Send a staff message to the user through their channel, then store it. A new ticket is claimed."""
        ticket = await self.claim(ticket_id, actor)
        message = {"text": text, "custom": {"from": STAFF_FROM, "name": actor.display_name}}
        await self._deliver(ticket, message, "staff.delivery_failed")
        stored = await run_in_threadpool(self._record_reply, ticket_id, message)
        return stored

    async def close(self, ticket_id: int, actor: Actor) -> tuple[HandoffTicket, bool]:
        """Close the ticket and tell the user the bot answers again. Returns (ticket, notice delivered)."""
        ticket = await run_in_threadpool(self._close, ticket_id, actor)
        notice = {"text": self.texts.get("handoff.closed"), "custom": {"type": "handoff_closed",
                                                                       "ticket_id": ticket.id}}
        delivered = True
        try:
            await self._deliver(ticket, notice, "staff.delivery_failed")
        except DeliveryFailed:
            delivered = False  # closed all the same: the bot answers the user's next message
        await run_in_threadpool(self.store.record_outgoing, ticket.sender, ticket.channel, [notice])
        return ticket, delivered

    # -- helpers --------------------------------------------------------------------------------------------

    def _locked(self, session: Session, ticket_id: int) -> HandoffTicket:
        ticket = session.get(HandoffTicket, ticket_id, with_for_update=True)
        if ticket is None:
            raise TicketNotFound()
        return ticket

    def _take(self, ticket: HandoffTicket, actor: Actor) -> None:
        if ticket.status == STATUS_CLOSED:
            raise HandoffError("staff.ticket_closed")
        if ticket.status == STATUS_CLAIMED and ticket.claimed_by != actor.username:
            raise HandoffError("staff.ticket_claimed_by_other", name=ticket.claimed_by_name or ticket.claimed_by)
        if ticket.status == STATUS_NEW:
            ticket.status = STATUS_CLAIMED
            ticket.claimed_at = self.clock()
            ticket.claimed_by = actor.username
            ticket.claimed_by_name = actor.display_name

    def _close(self, ticket_id: int, actor: Actor) -> HandoffTicket:
        with self._sessions.begin() as session:
            ticket = self._locked(session, ticket_id)
            if ticket.status == STATUS_CLOSED:
                raise HandoffError("staff.ticket_closed")
            if ticket.status == STATUS_CLAIMED and ticket.claimed_by != actor.username and not actor.is_admin:
                raise HandoffError("staff.ticket_claimed_by_other", name=ticket.claimed_by_name)
            ticket.status = STATUS_CLOSED
            ticket.closed_at = self.clock()
            ticket.closed_by = actor.username
        return ticket

    def _record_reply(self, ticket_id: int, message: dict[str, Any]) -> Message:
        with self._sessions.begin() as session:
            ticket = session.get(HandoffTicket, ticket_id)
            assert ticket is not None
            if ticket.first_reply_at is None:
                ticket.first_reply_at = self.clock()
            sender, channel = ticket.sender, ticket.channel
        (stored,) = self.store.record_outgoing(sender, channel, [message])
        return stored

    async def _deliver(self, ticket: HandoffTicket, message: dict[str, Any], failure_key: str) -> None:
        try:
            channel = self.channels.get(ticket.channel)
            await channel.push(ticket.sender, [dict(message)])
        except Exception as exc:  # any channel failure: the caller tells staff, nothing is half-stored
            log.warning("could not push to %s conversation %s for ticket %s: %s", ticket.channel,
                        ticket.conversation_id, ticket.id, exc)
            raise DeliveryFailed(failure_key, channel=ticket.channel) from exc

    @staticmethod
    def _latest_messages(session: Session, channel: str, sender: str, count: int) -> Sequence[Message]:
        rows = session.scalars(
            select(Message)
            .join(Conversation, Message.conversation_id == Conversation.id)
            .where(Conversation.channel == channel, Conversation.sender == sender)
            .order_by(Message.id.desc())
            .limit(count)
        ).all()
        return list(reversed(rows))


_OPEN_TICKET_FOR = (
    select(HandoffTicket)
    .where(HandoffTicket.channel == bindparam("channel"), HandoffTicket.sender == bindparam("sender"),
           HandoffTicket.status.in_(OPEN_STATUSES))
    .order_by(HandoffTicket.id.desc())
    .limit(1)
)
