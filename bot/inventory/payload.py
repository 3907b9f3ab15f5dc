"""The `inventory_result` payload an action sends (calc's input and `calc.compute_json` output), validated.

The action and the gateway use the same calc; these models only check the parts the gateway reads (the
store, the workbook, the chart) and keep everything else (`extra="allow"`), so a newer calc field is not lost.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from contracts import payloads

PAYLOAD_TYPE = payloads.INVENTORY_RESULT

__all__ = [
    "PAYLOAD_TYPE",
    "CalcResult",
    "InventoryInput",
    "InventoryPayload",
    "ValidationError",
    "dec",
    "find_payload",
]


def dec(value: float) -> Decimal:
    """A JSON number as calc meant it: 20558.0639 → Decimal("20558.0639") (not the float's binary expansion)."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class GasLine(_Open):
    gas: str
    group: str
    factor_kg_per_unit: float
    tonnes: float
    gwp: float
    tco2e: float


class Factor(_Open):
    name: str
    unit: str
    source: str
    version: str
    heat_value: float | None = None
    heat_value_unit: str | None = None
    # electricity only
    announcement: str | None = None
    data_year: int | None = None
    stand_in: bool | None = None
    values: dict[str, float] = Field(default_factory=dict)


class Line(_Open):
    index: int
    source: str
    source_name: str
    source_alias: str
    emission_type: str
    emission_type_id: str
    category: str
    category_id: str
    scope: str = ""
    amount: float  # in `unit_display`, the unit calc's factors are per
    amount_as_written: float
    unit_as_written: str | None = None
    interpreted_unit: str | None = None
    unit_display: str
    gases: list[GasLine]
    gwp_set: str
    tco2e: float
    share_percent: float
    factor: Factor
    equipment: str | None = None
    refrigerant: str | None = None
    label: str | None = None
    estimate: bool = False
    explanation: str | None = None
    notes: list[str] = Field(default_factory=list)

    @property
    def unit(self) -> str:
        """The unit the amount is in, as the user wrote it (or as calc read it)."""
        return self.interpreted_unit or self.unit_as_written or self.unit_display


class Subtotal(_Open):
    label: str
    name: str
    tco2e: float
    share_percent: float
    category: str | None = None
    scope: str | None = None


class GasTotal(_Open):
    label: str
    tonnes: float
    tco2e: float
    share_percent: float


class CalcResult(_Open):
    year: int
    roc_year: int
    gwp: str
    gwp_default: bool = False
    total_tco2e: float
    by_category: dict[str, Subtotal]
    by_emission_type: dict[str, Subtotal]
    by_gas: dict[str, GasTotal]
    lines: list[Line]
    notes: list[str] = Field(default_factory=list)


class Activity(_Open):
    source: Any = None
    factor: Any = None


class InventoryInput(_Open):
    year: int | str
    gwp: str | None = None
    company: str | None = None
    site: str | None = None
    activities: list[Activity] = Field(default_factory=list)


class InventoryPayload(BaseModel):
    """`custom` of the message: {"type": "inventory_result", "inventory": …, "result": …}."""

    model_config = ConfigDict(extra="allow")

    inventory: InventoryInput
    result: CalcResult
    _raw: dict[str, Any] = PrivateAttr(default_factory=dict)

    @classmethod
    def parse(cls, custom: dict[str, Any]) -> InventoryPayload:
        """Validate, and keep the input and result exactly as sent (for storing them unchanged)."""
        payload = cls.model_validate(custom)
        payload._raw = {key: copy.deepcopy(custom[key]) for key in ("inventory", "result")}
        return payload

    def raw(self, key: str) -> dict[str, Any]:
        """"inventory" or "result" as sent (as validated, when the payload was not made by `parse`)."""
        if key in self._raw:
            return self._raw[key]
        return getattr(self, key).model_dump(mode="json", exclude_unset=True)


def find_payload(message: dict[str, Any]) -> dict[str, Any] | None:
    """The `custom` dict of a bot message when it is an inventory result, else None."""
    custom = message.get("custom")
    if isinstance(custom, dict) and custom.get("type") == PAYLOAD_TYPE:
        return custom
    return None
