"""`POST /api/chat` (web channel → Rasa REST channel) and `GET /api/chat/{sender}/messages`."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse
from pydantic import AfterValidator

from bot.conversation import WEB_CHANNEL, ConversationService, is_internal
from bot.deps import get_conversations, get_store
from bot.models import Message
from bot.schemas import MAX_SENDER_CHARS, ChatRequest, check_sender
from bot.store import ConversationStore

log = logging.getLogger(__name__)

router = APIRouter(prefix="/api/chat", tags=["chat"])


Store = Annotated[ConversationStore, Depends(get_store)]
Conversations = Annotated[ConversationService, Depends(get_conversations)]


@router.post("")
async def chat(body: ChatRequest, conversations: Conversations) -> JSONResponse:
    """Store the user's message as typed, forward it normalised to Rasa, store and return the replies."""
    return JSONResponse(await conversations.handle(WEB_CHANNEL, body.sender, body.message))


PathSender = Annotated[str, Path(max_length=MAX_SENDER_CHARS), AfterValidator(check_sender)]


@router.get("/{sender}/messages")
def messages_after(
    sender: PathSender,
    store: Store,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> JSONResponse:
    """The stored messages of this web sender with id > `after`, oldest first (for polling)."""
    rows = store.messages_after(sender, WEB_CHANNEL, after, limit=limit)
    items = (message_to_json(row) for row in rows)
    return JSONResponse([item for item in items if not is_internal(item)])


def message_to_json(message: Message) -> dict[str, Any]:
    item: dict[str, Any] = dict(message.payload or {})
    item.update(
        id=message.id,
        direction=message.direction,
        text=message.text,
        created_at=message.created_at.isoformat(),
    )
    return item
