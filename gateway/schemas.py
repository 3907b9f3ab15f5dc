"""Request and response bodies of the gateway's chat API (apart from the SQLAlchemy models)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Query
from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from gateway.chat_sessions import SENDER_PATTERN
from gateway.store import MAX_ROW_ID

MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 64
MAX_MESSAGE_ID_CHARS = 64
MESSAGE_ID_PATTERN = re.compile(r"[A-Za-z0-9_.:-]+")


def check_sender(value: str) -> str:
    """A sender id as `POST /api/chat/session` issues them (whether it was issued is the token's business)."""
    if not value.strip():
        raise PydanticCustomError("blank", "must not be blank")
    if not SENDER_PATTERN.fullmatch(value):
        raise PydanticCustomError("sender_pattern", "not a sender id issued by POST /api/chat/session")
    return value


def check_message_id(value: str) -> str:
    if not MESSAGE_ID_PATTERN.fullmatch(value):
        raise PydanticCustomError("message_id_pattern", "only letters, digits and - _ . :")
    return value


def check_message(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be blank")
    # PostgreSQL text cannot hold NUL. (Lone surrogates are refused by pydantic: "string_unicode".)
    if "\x00" in value:
        raise PydanticCustomError("bad_chars", "contains characters that cannot be stored")
    return value


Sender = Annotated[str, Field(max_length=MAX_SENDER_CHARS), AfterValidator(check_sender)]
MessageText = Annotated[str, Field(max_length=MAX_MESSAGE_CHARS), AfterValidator(check_message)]
MessageId = Annotated[str, Field(min_length=1, max_length=MAX_MESSAGE_ID_CHARS), AfterValidator(check_message_id)]
#: a stored message's id in `?after=` (an id of ours is a 64-bit integer): /messages and the live stream
AfterId = Annotated[int, Query(ge=0, le=MAX_ROW_ID, description="only messages with a larger id")]


class ChatRequest(BaseModel):
    """`POST /api/chat`: the session's sender id, what the user typed (raw) and, optionally, the client's id of
    this message (a UUID, the same on every retry: the message is stored once and a repeat gets the stored
    answer)."""

    model_config = ConfigDict(extra="ignore")

    sender: Sender
    message: MessageText
    message_id: MessageId | None = None


class ChatSessionOut(BaseModel):
    """`POST /api/chat/session`: a new web conversation."""

    sender: str = Field(description="the conversation's id: the `sender` of POST /api/chat and the {sender} of "
                                    "its messages and stream")
    token: str = Field(description="send as `Authorization: Bearer <token>` (the stream also takes `?token=`)")


class ChatAnswerOut(BaseModel):
    """`POST /api/chat`: the bot's replies, and the stored ids of the user's message and of each reply (the ids
    of GET /api/chat/{sender}/messages and of the live stream), so a client need not read those again."""

    message_id: int | None = Field(description="the stored id of the user's message; null when nothing of it "
                                               "was stored (a deletion request)")
    replies: list[dict[str, Any]] = Field(description="the bot's replies in the shape of Rasa's REST channel: "
                                                      "recipient_id, text, buttons, image, custom")
    reply_ids: list[int | None] = Field(description="the stored id of each reply, in the order of `replies`; "
                                                    "null for a reply that is not stored")
