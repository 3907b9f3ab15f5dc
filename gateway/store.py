"""The conversation store: every user message and every bot reply, per channel and sender.

Synchronous SQLAlchemy; the async routes call it through the thread pool.
"""

from __future__ import annotations

import threading
from datetime import datetime
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, bindparam, func, insert, inspect, select, update
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from gateway.db import make_engine, make_sessionmaker
from gateway.models import Base, Conversation, Message, utcnow
from gateway.settings import PROJECT_ROOT

#: alembic.ini: the migrations of the gateway's schema (migrations/).
ALEMBIC_INI = PROJECT_ROOT / "alembic.ini"
#: The revision that created the tables `create_all` used to make.
INITIAL_REVISION = "0001"

#: Keys of a Rasa bot message that are not kept in `payload`.
_NOT_PAYLOAD = frozenset({"recipient_id", "text"})
#: The largest row id (a signed 64-bit integer): the bound of every id taken from a request.
MAX_ROW_ID = 2**63 - 1


def message_json(message: Message) -> dict[str, Any]:
    """A stored message as the APIs show it (GET /api/chat/{sender}/messages, the staff console)."""
    item: dict[str, Any] = dict(message.payload or {})
    item.update(id=message.id, direction=message.direction, text=message.text,
                created_at=message.created_at.isoformat())
    return item


class StoredAnswer(NamedTuple):
    """An incoming message found by its client id, and the replies stored after it (until the next one)."""

    message_id: int
    replies: list[Message]


class ConversationStore:
    """Records messages and reads them back. One instance per app; safe to share between threads."""

    def __init__(self, engine: Engine, session_factory: sessionmaker[Session] | None = None) -> None:
        self.engine = engine
        self._sessions = session_factory or make_sessionmaker(engine)
        # SQLite has one writer at a time, and a writer that finds the file locked sleeps in SQLite's busy
        # handler (milliseconds at a time): under concurrent turns, queueing the message writes here is faster.
        self._write_lock: AbstractContextManager[Any] = (
            threading.Lock() if engine.dialect.name == "sqlite" else nullcontext()
        )

    @classmethod
    def from_url(cls, url: str, **engine_kwargs: Any) -> ConversationStore:
        return cls(make_engine(url, **engine_kwargs))

    def create_schema(self) -> None:
        """Bring the database to the newest Alembic revision (migrations/; `make migrate` does the same).

        An empty database (or one whose tables were all dropped) is upgraded from scratch; one made by
        `create_all` before the migrations existed is adopted (see `adopt_unversioned`, run by migrations/env.py).
        """
        from alembic import command

        with self.engine.begin() as connection:
            config = alembic_config(connection)
            present = set(inspect(connection).get_table_names())
            if "alembic_version" in present and not present & set(Base.metadata.tables):
                command.stamp(config, "base", purge=True)
            command.upgrade(config, "head")

    def ping(self) -> None:
        """Raise if the database cannot be reached."""
        with self.engine.connect() as connection:
            connection.execute(sql_text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()

    # -- writing --------------------------------------------------------------------------------------------

    def record_incoming(self, sender: str, channel: str, text: str, client_message_id: str | None = None) -> Message:
        """Store what the user typed, as typed. A `client_message_id` already stored for this conversation
        raises IntegrityError (nothing is stored)."""
        row = {"direction": "in", "text": text, "payload": None, "client_message_id": client_message_id}
        return self._insert(sender, channel, [row])[0]

    def record_outgoing(self, sender: str, channel: str, bot_messages: Sequence[dict[str, Any]]) -> list[Message]:
        """Store the bot's replies (Rasa REST shape: text, buttons, image, custom, …), in order."""
        rows = []
        for bot_message in bot_messages:
            payload = {k: v for k, v in bot_message.items() if k not in _NOT_PAYLOAD}
            text_value = bot_message.get("text")
            rows.append({
                "direction": "out",
                "text": text_value if isinstance(text_value, str) else None,
                "payload": payload or None,
                "client_message_id": None,
            })
        return self._insert(sender, channel, rows)

    def _insert(self, sender: str, channel: str, rows: list[dict[str, Any]]) -> list[Message]:
        """Insert messages of one conversation in one transaction.

        Two messages are stored on every turn, so this uses statements built once with bound parameters
        (SQLAlchemy Core, compiled once): building them per call, or the ORM's unit of work, cost more than the
        database did."""
        if not rows:
            return []
        now = utcnow()
        with self._write_lock, self._sessions.begin() as session:
            conversation_id = self._conversation_id(session, sender, channel, now)
            values = [
                {**row, "conversation_id": conversation_id, "channel": channel, "sender": sender, "created_at": now}
                for row in rows
            ]
            connection = session.connection()
            ids = [connection.execute(_INSERT_MESSAGE, value).scalar_one() for value in values]
        return [Message(id=message_id, **value) for message_id, value in zip(ids, values, strict=True)]

    # -- reading --------------------------------------------------------------------------------------------

    def messages_after(self, sender: str, channel: str, after_id: int = 0, limit: int = 200) -> list[Message]:
        """The messages of (channel, sender) with id > after_id, oldest first, at most `limit`."""
        statement = (
            select(Message)
            .join(Conversation, Message.conversation_id == Conversation.id)
            .where(Conversation.channel == channel, Conversation.sender == sender, Message.id > after_id)
            .order_by(Message.id)
            .limit(limit)
        )
        with self._sessions() as session:
            return list(session.scalars(statement))

    def answer_to(self, sender: str, channel: str, client_message_id: str) -> StoredAnswer | None:
        """The incoming message with this client id and its stored replies (until the user's next message), or
        None when no such message is stored."""
        asked = select(Message.id, Message.conversation_id).join(
            Conversation, Message.conversation_id == Conversation.id
        ).where(Conversation.channel == channel, Conversation.sender == sender, Message.direction == "in",
                Message.client_message_id == client_message_id)
        with self._sessions() as session:
            found = session.execute(asked).first()
            if found is None:
                return None
            message_id, conversation_id = found
            next_in = select(func.min(Message.id)).where(
                Message.conversation_id == conversation_id, Message.direction == "in", Message.id > message_id
            ).scalar_subquery()
            replies = select(Message).where(
                Message.conversation_id == conversation_id, Message.direction == "out", Message.id > message_id,
                (Message.id < next_in) | next_in.is_(None),
            ).order_by(Message.id)
            return StoredAnswer(message_id, list(session.scalars(replies)))

    def get_conversation(self, sender: str, channel: str) -> Conversation | None:
        with self._sessions() as session:
            return session.scalar(
                select(Conversation).where(Conversation.channel == channel, Conversation.sender == sender)
            )

    # -- helpers --------------------------------------------------------------------------------------------

    def _conversation_id(self, session: Session, sender: str, channel: str, now: datetime) -> int:
        """Id of the (channel, sender) conversation, created if new, its `updated_at` set to `now`; safe when
        two requests race. One upsert statement on PostgreSQL and SQLite (a message is stored on every turn)."""
        values = {"sender": sender, "channel": channel, "created_at": now, "updated_at": now}
        upsert = _UPSERT_CONVERSATION.get(session.get_bind().dialect.name)
        if upsert is not None:
            return session.connection().execute(upsert, values).scalar_one()
        find = select(Conversation.id).where(Conversation.channel == channel, Conversation.sender == sender)
        conversation_id = session.scalar(find)
        if conversation_id is None:  # other dialects
            return session.execute(insert(Conversation).values(**values).returning(Conversation.id)).scalar_one()
        session.execute(update(Conversation).where(Conversation.id == conversation_id).values(updated_at=now))
        return conversation_id


def _upsert_conversation(dialect_insert: Any) -> Any:
    """INSERT … ON CONFLICT (channel, sender) DO UPDATE SET updated_at … RETURNING id, with bound parameters."""
    table = Conversation.__table__
    statement = dialect_insert(table).values(
        {name: bindparam(name) for name in ("sender", "channel", "created_at", "updated_at")}
    )
    return statement.on_conflict_do_update(
        index_elements=["channel", "sender"], set_={"updated_at": statement.excluded.updated_at}
    ).returning(table.c.id)


_MESSAGES = Message.__table__
_INSERT_MESSAGE = insert(_MESSAGES).values(
    {name: bindparam(name) for name in
     ("conversation_id", "direction", "channel", "sender", "text", "payload", "client_message_id", "created_at")}
).returning(_MESSAGES.c.id)
_UPSERT_CONVERSATION = {
    "postgresql": _upsert_conversation(pg_insert),
    "sqlite": _upsert_conversation(sqlite_insert),
}


def alembic_config(connection: Connection | None = None) -> Any:
    """The Alembic config of alembic.ini; with `connection`, migrations run on it (the gateway's own engine)."""
    from alembic.config import Config

    config = Config(str(ALEMBIC_INI))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def adopt_unversioned(connection: Connection, config: Any) -> None:
    """Stamp a database made by `create_all` before the migrations existed, so `upgrade` does not re-create its
    tables: as head when it has every table, else as the first revision (what `create_all` made until then)."""
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    present = set(inspect(connection).get_table_names())
    ours = set(Base.metadata.tables)
    if "alembic_version" in present or not present & ours:
        return
    revision = "head" if ours <= present else INITIAL_REVISION
    MigrationContext.configure(connection).stamp(ScriptDirectory.from_config(config), revision)
