"""Saving computed inventories (a new version per computation) and reading them back by token or conversation.

Synchronous SQLAlchemy on the conversation store's engine; async callers go through the thread pool.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker, undefer

from gateway.db import make_sessionmaker
from gateway.inventory.models import GAS_GROUP_COLUMNS, Inventory, InventoryChart, InventoryLine
from gateway.inventory.payload import InventoryPayload, LineJSON, dec
from gateway.models import Conversation, utcnow

#: Attempts at taking the next version number when two saves of one conversation race.
_VERSION_ATTEMPTS = 5


def new_token() -> str:
    """32 URL-safe characters from 24 random bytes (192 bits)."""
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class InventorySummary:
    """One inventory in a list (no input/result JSON): what the staff console shows per row."""

    id: int
    token: str
    conversation_id: int
    channel: str
    sender: str
    version: int
    is_current: bool
    year: int
    company: str | None
    site: str | None
    gwp: str
    total_tco2e: Decimal
    line_count: int
    created_at: datetime


class InventoryStore:
    """One instance per app (`Services.inventories`); safe to share between threads."""

    def __init__(self, engine: Engine, session_factory: sessionmaker[Session] | None = None) -> None:
        self.engine = engine
        self._sessions = session_factory or make_sessionmaker(engine)

    # -- writing --------------------------------------------------------------------------------------------

    def save(self, channel: str, sender: str, payload: InventoryPayload) -> Inventory:
        """Store a computed inventory as the next version of the (channel, sender) conversation."""
        for attempt in range(_VERSION_ATTEMPTS):
            try:
                with self._sessions.begin() as session:
                    inventory = self._new_version(session, channel, sender, payload)
                    session.add(inventory)
                    session.flush()
                    session.refresh(inventory, ["version"])  # computed by the database in the INSERT
                return inventory
            except IntegrityError:
                if attempt == _VERSION_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def _new_version(self, session: Session, channel: str, sender: str, payload: InventoryPayload) -> Inventory:
        conversation_id = session.scalar(
            select(Conversation.id)
            .where(Conversation.channel == channel, Conversation.sender == sender)
            .with_for_update()  # serialises versions of one conversation on PostgreSQL
        )
        if conversation_id is None:  # the conversation service records the message first; kept for other callers
            conversation = Conversation(channel=channel, sender=sender)
            session.add(conversation)
            session.flush()
            conversation_id = conversation.id
        # The next version is computed inside the INSERT, so that one statement reads and writes it: on SQLite
        # (one writer at a time) two saves cannot take the same number; on PostgreSQL the row lock above
        # serialises them, and the unique constraint with the retry in `save` is the last guard.
        next_version = (
            select(func.coalesce(func.max(Inventory.version), 0) + 1)
            .where(Inventory.conversation_id == conversation_id)
            .scalar_subquery()
        )
        result = payload.result
        given = payload.inventory
        return Inventory(
            public_token=new_token(),
            conversation_id=conversation_id,
            channel=channel,
            sender=sender,
            version=next_version,
            year=result.year,
            company=_clip(given.company, 200),
            site=_clip(given.site, 200),
            gwp=result.gwp,
            total_tco2e=dec(result.total_tco2e),
            input_json=payload.raw("inventory"),
            result_json=payload.raw("result"),
            created_at=utcnow(),
            lines=[_line_row(line) for line in result.lines],
        )

    def save_chart(self, inventory_id: int, style: str, png: bytes) -> None:
        """Cache a rendered chart; a concurrent render that saved first wins (same picture)."""
        try:
            with self._sessions.begin() as session:
                session.add(InventoryChart(inventory_id=inventory_id, style=style, png=png, created_at=utcnow()))
        except IntegrityError:
            pass

    # -- reading --------------------------------------------------------------------------------------------

    def by_token(self, token: str) -> Inventory | None:
        """The inventory with this public token, its lines and JSON loaded."""
        with self._sessions() as session:
            return session.scalar(
                select(Inventory)
                .where(Inventory.public_token == token)
                .options(undefer(Inventory.input_json), undefer(Inventory.result_json), selectinload(Inventory.lines))
            )

    def is_current(self, inventory: Inventory) -> bool:
        """True when no newer version of its conversation exists."""
        with self._sessions() as session:
            newest = session.scalar(
                select(func.max(Inventory.version)).where(Inventory.conversation_id == inventory.conversation_id)
            )
        return newest == inventory.version

    def current(self, channel: str, sender: str) -> Inventory | None:
        """The newest inventory of a conversation (lines and JSON loaded), or None."""
        with self._sessions() as session:
            return session.scalar(
                select(Inventory)
                .where(Inventory.channel == channel, Inventory.sender == sender)
                .order_by(Inventory.version.desc())
                .limit(1)
                .options(undefer(Inventory.input_json), undefer(Inventory.result_json), selectinload(Inventory.lines))
            )

    def list_inventories(
        self,
        *,
        conversation_id: int | None = None,
        channel: str | None = None,
        sender: str | None = None,
        current_only: bool = False,
        limit: int = 50,
        offset: int = 0,
    ) -> list[InventorySummary]:
        """Inventories newest first, optionally of one conversation (by id or by channel and sender) and/or only
        each conversation's current version. For the staff console."""
        newest = (
            select(Inventory.conversation_id, func.max(Inventory.version).label("newest"))
            .group_by(Inventory.conversation_id)
            .subquery()
        )
        line_count = (
            select(func.count(InventoryLine.id))
            .where(InventoryLine.inventory_id == Inventory.id)
            .correlate(Inventory)
            .scalar_subquery()
        )
        statement = (
            select(Inventory, newest.c.newest, line_count)
            .join(newest, newest.c.conversation_id == Inventory.conversation_id)
            .order_by(Inventory.created_at.desc(), Inventory.id.desc())
            .limit(limit)
            .offset(offset)
        )
        if conversation_id is not None:
            statement = statement.where(Inventory.conversation_id == conversation_id)
        if channel is not None:
            statement = statement.where(Inventory.channel == channel)
        if sender is not None:
            statement = statement.where(Inventory.sender == sender)
        if current_only:
            statement = statement.where(Inventory.version == newest.c.newest)
        with self._sessions() as session:
            return [
                InventorySummary(
                    id=row.id,
                    token=row.public_token,
                    conversation_id=row.conversation_id,
                    channel=row.channel,
                    sender=row.sender,
                    version=row.version,
                    is_current=row.version == newest_version,
                    year=row.year,
                    company=row.company,
                    site=row.site,
                    gwp=row.gwp,
                    total_tco2e=row.total_tco2e,
                    line_count=count,
                    created_at=row.created_at,
                )
                for row, newest_version, count in session.execute(statement)
            ]

    def chart(self, inventory_id: int, style: str) -> bytes | None:
        with self._sessions() as session:
            return session.scalar(
                select(InventoryChart.png).where(
                    InventoryChart.inventory_id == inventory_id, InventoryChart.style == style
                )
            )


def _line_row(line: LineJSON) -> InventoryLine:
    tonnes: dict[str, Decimal] = {column: Decimal(0) for column in GAS_GROUP_COLUMNS.values()}
    for gas in line.gases:
        column = GAS_GROUP_COLUMNS.get(gas.group)
        if column is not None:
            tonnes[column] += dec(gas.tonnes)
    return InventoryLine(
        position=line.index,
        source=line.source,
        source_name=_clip(line.source_name, 200) or line.source,
        label=_clip(line.label, 200),
        equipment=_clip(line.equipment, 200),
        refrigerant=_clip(line.refrigerant, 64),
        emission_type_id=line.emission_type_id,
        emission_type=line.emission_type,
        category_id=line.category_id,
        category=line.category,
        amount=dec(line.amount_as_written),
        unit=_clip(line.written_unit, 32) or "",
        tco2e=dec(line.tco2e),
        share_percent=dec(line.share_percent),
        **tonnes,
    )


def _clip(value: str | None, length: int) -> str | None:
    """User-given text for a sized column: stripped, blank → None, cut to the column (the JSON keeps it whole)."""
    if not isinstance(value, str):
        return None
    return value.strip()[:length] or None
