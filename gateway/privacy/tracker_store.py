"""Rasa's SQL tracker store, as far as deletion needs it: every event of a conversation is one row of Rasa's
``events`` table (``sender_id``, ``timestamp``, ``data`` with the typed text, slots, …).

Rasa 3.6 offers no way to delete a tracker (not over its REST channel, not over its HTTP API), so the gateway
deletes the rows itself, in the database Rasa writes to (TRACKER_STORE_URL: the SQLite file of `make run`, the
PostgreSQL database of docker-compose.yml). Rasa reads a tracker from the database on every turn, so the next
message of that sender starts a fresh conversation.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import Column, Engine, Float, Integer, MetaData, String, Table, Text, delete, func, inspect, select

from gateway.db import make_engine

log = logging.getLogger(__name__)

#: Rasa's table (rasa.core.tracker_store.SQLTrackerStore.SQLEvent), only the columns the gateway touches are
#: needed, but all are declared so that tests can create it as Rasa does.
EVENTS = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


class TrackerStore:
    """Deletes conversations from Rasa's SQL tracker store. One per app (`Services.tracker_store`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def from_url(cls, url: str) -> TrackerStore:
        return cls(make_engine(url))

    def _has_events_table(self) -> bool:
        """False until Rasa wrote its first event (it creates the table then): nothing to delete."""
        return inspect(self.engine).has_table(EVENTS.name)

    def delete_conversation(self, sender_id: str) -> int:
        """Delete every event of one conversation; how many rows went."""
        if not self._has_events_table():
            return 0
        with self.engine.begin() as connection:
            return connection.execute(delete(EVENTS).where(EVENTS.c.sender_id == sender_id)).rowcount or 0

    def purge_idle(self, cutoff: datetime) -> int:
        """Delete the conversations whose newest event is older than `cutoff` (whatever the gateway knows of
        them: also trackers made before the conversation ids carried their channel); how many rows went."""
        if not self._has_events_table():
            return 0
        idle = (
            select(EVENTS.c.sender_id)
            .group_by(EVENTS.c.sender_id)
            .having(func.max(EVENTS.c.timestamp) < cutoff.timestamp())
        )
        with self.engine.begin() as connection:
            return connection.execute(delete(EVENTS).where(EVENTS.c.sender_id.in_(idle))).rowcount or 0

    def count(self, sender_id: str) -> int:
        if not self._has_events_table():
            return 0
        with self.engine.connect() as connection:
            return connection.scalar(select(func.count()).where(EVENTS.c.sender_id == sender_id)) or 0

    def dispose(self) -> None:
        self.engine.dispose()
