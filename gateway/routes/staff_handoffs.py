"""The handoff queue: `/api/staff/handoffs` — list, look at, claim, reply, note and close tickets."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from starlette.concurrency import run_in_threadpool

from gateway.privacy.audit import record_staff_read
from gateway.deps import CurrentUser, HandoffsDep, KnowledgeDep, current_user
from gateway.staff.auth import actor_of
from gateway.store import MAX_ROW_ID
from gateway.staff.schemas import (
    CloseResponse,
    NoteOut,
    TextRequest,
    TicketDetail,
    TicketOut,
    messages_out,
)

router = APIRouter(prefix="/api/staff/handoffs", tags=["staff: handoffs"], dependencies=[Depends(current_user)])

TicketId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]


@router.get("", response_model=list[TicketOut])
async def list_handoffs(
    handoffs: HandoffsDep,
    kb: KnowledgeDep,
    status: Literal["new", "claimed", "closed"] | None = None,
    topic: Annotated[str | None, Query(max_length=32)] = None,
    channel: Annotated[str | None, Query(max_length=32)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[TicketOut]:
    """Tickets newest first; filter by status (new, claimed, closed), topic and channel."""
    tickets = await run_in_threadpool(handoffs.list_tickets, status, topic, channel, limit)
    return [TicketOut.of(t, kb) for t in tickets]


@router.get("/{ticket_id}", response_model=TicketDetail)
async def get_handoff(ticket_id: TicketId, user: CurrentUser, handoffs: HandoffsDep, kb: KnowledgeDep) -> TicketDetail:
    """A ticket with the transcript up to the handoff, the messages since, and the internal notes.

    Each read is written to the privacy audit (who, when, which conversation) before anything is returned."""
    ticket = await run_in_threadpool(handoffs.get_ticket, ticket_id)
    await run_in_threadpool(
        record_staff_read, handoffs.store.engine, user.username, ticket.channel, ticket.sender, ticket.id
    )
    since = await run_in_threadpool(handoffs.messages_since, ticket)
    return TicketDetail(
        **TicketOut.of(ticket, kb).model_dump(),
        transcript=ticket.transcript or [],
        messages=messages_out(since),
        notes=[NoteOut.of(n) for n in ticket.notes],
        inventory=ticket.inventory,
        inventory_result=ticket.inventory_result,
    )


@router.get("/{ticket_id}/messages")
async def handoff_messages(
    ticket_id: TicketId, handoffs: HandoffsDep, after: Annotated[int, Query(ge=0, le=MAX_ROW_ID)] = 0
) -> list[dict]:
    """The conversation's messages since the handoff with id > `after` (for polling), oldest first."""
    ticket = await run_in_threadpool(handoffs.get_ticket, ticket_id)
    return messages_out(await run_in_threadpool(handoffs.messages_since, ticket, after))


@router.post("/{ticket_id}/claim", response_model=TicketOut)
async def claim_handoff(ticket_id: TicketId, user: CurrentUser, handoffs: HandoffsDep, kb: KnowledgeDep) -> TicketOut:
    """Take the ticket: 409 if another staff member has it or it is closed."""
    ticket = await handoffs.claim(ticket_id, actor_of(user))
    return TicketOut.of(ticket, kb)


@router.post("/{ticket_id}/messages", status_code=201)
async def reply_to_handoff(ticket_id: TicketId, body: TextRequest, user: CurrentUser, handoffs: HandoffsDep) -> dict:
    """Send `text` to the user through their channel (web: the widget; LINE: a push message).

    A new ticket is claimed by the sender. 502 if the channel did not take it (nothing is stored then)."""
    stored = await handoffs.reply(ticket_id, actor_of(user), body.text)
    return messages_out([stored])[0]


@router.post("/{ticket_id}/notes", response_model=NoteOut, status_code=201)
async def add_note(ticket_id: TicketId, body: TextRequest, user: CurrentUser, handoffs: HandoffsDep) -> NoteOut:
    """An internal note on the ticket (never shown to the user)."""
    return NoteOut.of(await run_in_threadpool(handoffs.add_note, ticket_id, actor_of(user), body.text))


@router.post("/{ticket_id}/close", response_model=CloseResponse)
async def close_handoff(ticket_id: TicketId, user: CurrentUser, handoffs: HandoffsDep, kb: KnowledgeDep) -> CloseResponse:
    """Close the ticket; the user is told the bot answers again, and their next message goes to the bot."""
    ticket, delivered = await handoffs.close(ticket_id, actor_of(user))
    return CloseResponse(ticket=TicketOut.of(ticket, kb), notice_delivered=delivered)
