"""Request and response bodies of /api/staff/* (apart from the SQLAlchemy models)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from gateway.handoff.models import HandoffNote, HandoffTicket
from gateway.models import Message
from gateway.schemas import MessageText, check_message
from gateway.store import message_json
from gateway.staff.models import FaqVersion, StaffUser
from knowledge import Contact, Entry, KnowledgeBase

MAX_ANSWER_CHARS = 5000
MAX_SOURCE_CHARS = 500


def _clean_answer(value: str) -> str:
    """Line ends as \\n, no trailing spaces (so the YAML stays a readable block)."""
    lines = [line.rstrip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip()


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    username: Annotated[str, Field(min_length=1, max_length=64)]
    password: Annotated[str, Field(min_length=1, max_length=256)]


class UserOut(BaseModel):
    username: str
    display_name: str
    role: Literal["admin", "staff"]
    active: bool

    @classmethod
    def of(cls, user: StaffUser) -> UserOut:
        return cls(username=user.username, display_name=user.display_name, role=user.role,  # type: ignore[arg-type]
                   active=user.active)


class PasswordReset(BaseModel):
    """An admin sets a new password for an account (its sessions end)."""

    model_config = ConfigDict(extra="ignore")

    password: Annotated[str, Field(min_length=1, max_length=256)]


class PasswordChange(BaseModel):
    """A staff member changes their own password (their other sessions end)."""

    model_config = ConfigDict(extra="ignore")

    current_password: Annotated[str, Field(min_length=1, max_length=256)]
    password: Annotated[str, Field(min_length=1, max_length=256)]


class SessionsEnded(BaseModel):
    user: UserOut
    sessions_ended: int = Field(description="how many login sessions of the account were ended")


class LoginResponse(BaseModel):
    token: str = Field(description="send as `Authorization: Bearer <token>`")
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    user: UserOut


class UserCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    username: Annotated[str, Field(min_length=1, max_length=64)]
    password: Annotated[str, Field(min_length=1, max_length=256)]
    role: Literal["admin", "staff"] = "staff"
    display_name: Annotated[str | None, Field(max_length=128)] = None


class TextRequest(BaseModel):
    """A staff reply or note."""

    model_config = ConfigDict(extra="ignore")

    text: MessageText


class ContactOut(BaseModel):
    id: str
    name: str
    title: str
    org: str
    role: str
    phone: str
    email: str

    @classmethod
    def of(cls, contact: Contact) -> ContactOut:
        return cls(id=contact.id, name=contact.name, title=contact.title, org=contact.org, role=contact.role,
                   phone=contact.phone_display, email=contact.email)


class TicketOut(BaseModel):
    id: int
    conversation_id: int | None = Field(description="the conversation's internal number (never its sender id)")
    channel: str
    topic: str
    topic_label: str | None = Field(description="the routing topic's contact role (its label in the console)")
    contact: ContactOut | None
    status: Literal["new", "claimed", "closed"]
    reason: str
    question: str | None
    created_at: datetime
    claimed_at: datetime | None
    claimed_by: str | None
    claimed_by_name: str | None
    first_reply_at: datetime | None
    closed_at: datetime | None
    closed_by: str | None

    @classmethod
    def of(cls, ticket: HandoffTicket, kb: KnowledgeBase | None) -> TicketOut:
        contact = None
        if kb is not None:
            contact = kb.contact(ticket.contact_id) if ticket.contact_id else None
            if contact is None:
                try:
                    contact = kb.contact_for(ticket.topic)
                except KeyError:
                    contact = None
        return cls(
            id=ticket.id, conversation_id=ticket.conversation_id, channel=ticket.channel, topic=ticket.topic,
            topic_label=contact.role if contact else None, contact=ContactOut.of(contact) if contact else None,
            status=ticket.status, reason=ticket.reason, question=ticket.question,  # type: ignore[arg-type]
            created_at=ticket.created_at, claimed_at=ticket.claimed_at, claimed_by=ticket.claimed_by,
            claimed_by_name=ticket.claimed_by_name, first_reply_at=ticket.first_reply_at,
            closed_at=ticket.closed_at, closed_by=ticket.closed_by,
        )


class NoteOut(BaseModel):
    id: int
    author: str
    author_name: str
    text: str
    created_at: datetime

    @classmethod
    def of(cls, note: HandoffNote) -> NoteOut:
        return cls(id=note.id, author=note.author, author_name=note.author_name, text=note.text,
                   created_at=note.created_at)


class TicketDetail(TicketOut):
    transcript: list[dict[str, Any]] = Field(description="the conversation up to the handoff")
    messages: list[dict[str, Any]] = Field(description="messages since the handoff, oldest first")
    notes: list[NoteOut]
    inventory: Any = None
    inventory_result: Any = None


class CloseResponse(BaseModel):
    ticket: TicketOut
    notice_delivered: bool = Field(description="the user's channel took the 'bot answers again' notice")


def messages_out(rows: list[Message]) -> list[dict[str, Any]]:
    return [message_json(row) for row in rows]


class FaqEditRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    answer: Annotated[str, Field(min_length=1, max_length=MAX_ANSWER_CHARS), AfterValidator(check_message),
                      AfterValidator(_clean_answer)]
    source: Annotated[str, Field(min_length=1, max_length=MAX_SOURCE_CHARS), AfterValidator(check_message),
                      AfterValidator(lambda v: " ".join(v.split()))]
    as_of: date


class FaqOut(BaseModel):
    id: str
    topic: str
    title: str
    answer: str
    source: str
    as_of: date
    notice: str | None
    contact: str | None

    @classmethod
    def of(cls, entry: Entry) -> FaqOut:
        return cls(id=entry.id, topic=entry.topic, title=entry.title, answer=entry.answer, source=entry.source,
                   as_of=entry.as_of, notice=entry.notice, contact=entry.contact)


class FaqVersionOut(BaseModel):
    id: int
    entry_id: str
    file: str
    editor: str
    created_at: datetime
    before: dict[str, Any]
    after: dict[str, Any]

    @classmethod
    def of(cls, version: FaqVersion) -> FaqVersionOut:
        return cls(id=version.id, entry_id=version.entry_id, file=version.file, editor=version.editor,
                   created_at=version.created_at, before=version.before, after=version.after)


class FaqEditResponse(BaseModel):
    entry: FaqOut
    version: FaqVersionOut
    warnings: list[str] = Field(description="knowledge check warnings (the edit was saved)")


class SearchHit(BaseModel):
    id: str
    title: str
    topic: str
    score: float
    answer: str
    source: str
    as_of: date
    notice: str | None
    contact: ContactOut | None


class FallbackOut(BaseModel):
    message_id: int
    conversation_id: int = Field(description="the conversation's internal number (never its sender id)")
    channel: str
    question: str | None
    intent: str | None
    created_at: datetime
