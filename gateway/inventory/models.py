"""Stored inventory results: one `Inventory` per computation (a version within its conversation), its lines,
and the cached chart.

The complete calc input and result are kept as JSON (the export and the API read them back exactly); the
columns beside them (total, per-line tonnes per gas) are there for the staff console's lists and queries.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, LargeBinary, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from gateway.models import Base, Conversation, UTCDateTime, utcnow

#: The form's seven gas groups (calc's `group` of a gas) → the column of InventoryLine holding its tonnes.
GAS_GROUP_COLUMNS: dict[str, str] = {
    "CO2": "co2_tonnes",
    "CH4": "ch4_tonnes",
    "N2O": "n2o_tonnes",
    "HFCs": "hfcs_tonnes",
    "PFCs": "pfcs_tonnes",
    "SF6": "sf6_tonnes",
    "NF3": "nf3_tonnes",
}

TOKEN_MAX_CHARS = 64
# Tonnes and CO2e as the form rounds them: 4 decimals per line, 3 for totals; room for 10^15 tonnes.
_LINE_NUMBER = Numeric(20, 4)
_TOTAL_NUMBER = Numeric(20, 3)


class Inventory(Base):
    """One computed inventory of a conversation. Re-computing adds a new version; the highest is current."""

    __tablename__ = "inventories"
    __table_args__ = (
        UniqueConstraint("public_token"),
        UniqueConstraint("conversation_id", "version", name="uq_inventories_conversation_id_version"),
        Index("ix_inventories_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Random and unguessable: the download links carry it, nothing else identifies the inventory publicly.
    public_token: Mapped[str] = mapped_column(String(TOKEN_MAX_CHARS))
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(32))
    sender: Mapped[str] = mapped_column(String(128))
    version: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    company: Mapped[str | None] = mapped_column(String(200))
    site: Mapped[str | None] = mapped_column(String(200))
    gwp: Mapped[str] = mapped_column(String(16))
    total_tco2e: Mapped[Decimal] = mapped_column(_TOTAL_NUMBER)
    input_json: Mapped[dict[str, Any]] = deferred(mapped_column(JSON))
    result_json: Mapped[dict[str, Any]] = deferred(mapped_column(JSON))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    conversation: Mapped[Conversation] = relationship()
    lines: Mapped[list[InventoryLine]] = relationship(
        back_populates="inventory",
        order_by="InventoryLine.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    def __repr__(self) -> str:
        return f"Inventory(id={self.id!r}, conversation_id={self.conversation_id!r}, version={self.version!r})"


class InventoryLine(Base):
    """One calc line: the activity as the user gave it, the tonnes of each gas group, CO2e and share."""

    __tablename__ = "inventory_lines"
    __table_args__ = (UniqueConstraint("inventory_id", "position", name="uq_inventory_lines_inventory_id_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inventory_id: Mapped[int] = mapped_column(ForeignKey("inventories.id", ondelete="CASCADE"))
    #: calc's line index (0-based), the order of the user's activities
    position: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(64))  # calc source id: coal, electricity, …
    source_name: Mapped[str] = mapped_column(String(200))
    label: Mapped[str | None] = mapped_column(String(200))
    equipment: Mapped[str | None] = mapped_column(String(200))
    refrigerant: Mapped[str | None] = mapped_column(String(64))
    emission_type_id: Mapped[str] = mapped_column(String(32))
    emission_type: Mapped[str] = mapped_column(String(32))
    category_id: Mapped[str] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(32))
    amount: Mapped[Decimal] = mapped_column(Numeric(30, 6))
    unit: Mapped[str] = mapped_column(String(32))
    co2_tonnes: Mapped[Decimal] = mapped_column(_LINE_NUMBER, default=Decimal(0))
    ch4_tonnes: Mapped[Decimal] = mapped_column(_LINE_NUMBER, default=Decimal(0))
    n2o_tonnes: Mapped[Decimal] = mapped_column(_LINE_NUMBER, default=Decimal(0))
    hfcs_tonnes: Mapped[Decimal] = mapped_column(_LINE_NUMBER, default=Decimal(0))
    pfcs_tonnes: Mapped[Decimal] = mapped_column(_LINE_NUMBER, default=Decimal(0))
    sf6_tonnes: Mapped[Decimal] = mapped_column(_LINE_NUMBER, default=Decimal(0))
    nf3_tonnes: Mapped[Decimal] = mapped_column(_LINE_NUMBER, default=Decimal(0))
    tco2e: Mapped[Decimal] = mapped_column(_LINE_NUMBER)
    share_percent: Mapped[Decimal] = mapped_column(Numeric(7, 2))

    inventory: Mapped[Inventory] = relationship(back_populates="lines")

    def tonnes(self, group: str) -> Decimal:
        """Tonnes of a gas group (CO2, CH4, N2O, HFCs, PFCs, SF6, NF3) on this line."""
        return getattr(self, GAS_GROUP_COLUMNS[group])


class InventoryChart(Base):
    """The rendered chart of an inventory, per chart style (a new style renders again)."""

    __tablename__ = "inventory_charts"

    inventory_id: Mapped[int] = mapped_column(
        ForeignKey("inventories.id", ondelete="CASCADE"), primary_key=True
    )
    style: Mapped[str] = mapped_column(String(32), primary_key=True)
    png: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
