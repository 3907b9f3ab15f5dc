"""Request bodies of the gateway's API (apart from the SQLAlchemy models)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 128
SENDER_PATTERN = re.compile(r"[A-Za-z0-9_.:@-]+")


def check_sender(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be blank")
    if not SENDER_PATTERN.fullmatch(value):
        raise PydanticCustomError("sender_pattern", "only letters, digits and - _ . : @")
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


class ChatRequest(BaseModel):
    """`POST /api/chat`: the user's id on the web channel and what they typed (raw)."""

    model_config = ConfigDict(extra="ignore")

    sender: Sender
    message: MessageText
