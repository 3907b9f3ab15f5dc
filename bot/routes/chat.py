"""The web channel: `POST /api/chat/session`, `POST /api/chat` (→ Rasa's REST channel) and
`GET /api/chat/{sender}/messages`. The protocol for integrators is in README "Security"."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse

from bot.conversation import WEB_CHANNEL, ConversationService, conversation_key, is_internal
from bot.deps import get_conversations, get_store
from bot.ratelimit import Throttle, client_ip, get_throttle, per_ip
from bot.schemas import ChatRequest, ChatSessionOut
from bot.store import MAX_ROW_ID, ConversationStore, message_json
from bot.web_auth import Credentials, SessionSender, bearer_token, get_chat_sessions, require_session

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/chat", tags=["chat"])


Store = Annotated[ConversationStore, Depends(get_store)]
Conversations = Annotated[ConversationService, Depends(get_conversations)]
ThrottleDep = Annotated[Throttle, Depends(get_throttle)]
#: a message id in `?after=` (an id of ours is a 64-bit integer)
AfterId = Annotated[int, Query(ge=0, le=MAX_ROW_ID, description="only messages with a larger id")]


@router.post("/session", status_code=201, response_model=ChatSessionOut, dependencies=[per_ip("sessions_per_ip")])
def new_session(request: Request) -> ChatSessionOut:
    """A new web conversation: its sender id and the token every later request of it must carry."""
    session = get_chat_sessions(request).issue()
    return ChatSessionOut(sender=session.sender, token=session.token)


@router.post("", dependencies=[per_ip("chat_per_ip")])
async def chat(
    body: ChatRequest, request: Request, credentials: Credentials, conversations: Conversations,
    throttle: ThrottleDep,
) -> JSONResponse:
    """Store the user's message as typed, forward it normalised to Rasa, store and return the replies.

    A repeated `message_id` is not stored or answered again: the stored answer of the first one is returned."""
    sender = require_session(request, body.sender, bearer_token(credentials))
    await throttle.check(request.app.state.services.limits.chat_per_session, sender)
    replies = await conversations.handle(
        WEB_CHANNEL, sender, body.message, client_ip=client_ip(request), message_id=body.message_id
    )
    return JSONResponse(replies)


@router.get("/{sender}/messages")
def messages_after(
    sender: SessionSender,
    store: Store,
    after: AfterId = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> JSONResponse:
    """The stored messages of this conversation with id > `after`, oldest first (for polling)."""
    rows = store.messages_after(conversation_key(WEB_CHANNEL, sender), WEB_CHANNEL, after, limit=limit)
    items = (message_json(row) for row in rows)
    return JSONResponse([item for item in items if not is_internal(item)])
