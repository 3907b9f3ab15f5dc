"""The web channel: `POST /api/chat/session`, `POST /api/chat` (→ Rasa's REST channel) and
`GET /api/chat/{sender}/messages`. The protocol for integrators is in README "Security"."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from gateway.conversation import WEB_CHANNEL, conversation_key, is_internal
from gateway.deps import (
    ChatSessionsDep,
    ConversationsDep,
    Credentials,
    LimitsDep,
    SessionSender,
    StoreDep,
    ThrottleDep,
    per_ip,
)
from gateway.ratelimit import client_ip
from gateway.schemas import AfterId, ChatAnswerOut, ChatRequest, ChatSessionOut
from gateway.store import message_json
from gateway.web_auth import bearer_token, require_session

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/chat", tags=["chat"])


@router.post("/session", status_code=201, response_model=ChatSessionOut, dependencies=[per_ip("sessions_per_ip")])
def new_session(sessions: ChatSessionsDep) -> ChatSessionOut:
    """A new web conversation: its sender id and the token every later request of it must carry."""
    session = sessions.issue()
    return ChatSessionOut(sender=session.sender, token=session.token)


@router.post("", response_model=ChatAnswerOut, dependencies=[per_ip("chat_per_ip")])
async def chat(
    body: ChatRequest, request: Request, credentials: Credentials, sessions: ChatSessionsDep,
    conversations: ConversationsDep, throttle: ThrottleDep, limits: LimitsDep,
) -> ChatAnswerOut:
    """Store the user's message as typed, forward it normalised to Rasa, store and return the replies, with
    the stored ids of the message and of each reply.

    A repeated `message_id` is not stored or answered again: the stored answer of the first one is returned."""
    sender = require_session(sessions, body.sender, bearer_token(credentials))
    await throttle.check(limits.chat_per_session, sender)
    answer = await conversations.answer(
        WEB_CHANNEL, sender, body.message, client_ip=client_ip(request), message_id=body.message_id
    )
    return ChatAnswerOut(message_id=answer.message_id, replies=answer.replies, reply_ids=answer.reply_ids)


@router.get("/{sender}/messages")
def messages_after(
    sender: SessionSender,
    store: StoreDep,
    after: AfterId = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> JSONResponse:
    """The stored messages of this conversation with id > `after`, oldest first (for polling)."""
    rows = store.messages_after(conversation_key(WEB_CHANNEL, sender), WEB_CHANNEL, after, limit=limit)
    items = (message_json(row) for row in rows)
    return JSONResponse([item for item in items if not is_internal(item)])
