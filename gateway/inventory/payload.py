"""The `inventory_result` payload an action sends (calc's input and `calc.compute_json` output), validated.

The result is validated against calc's own description of its JSON (calc/result_json.py) with pydantic's
`TypeAdapter`, so its shape is declared once, by calc. The input's envelope (company, site) is the
conversation's, not calc's: it is declared here, and only the parts the gateway reads. Both are stored
exactly as sent (`raw`), so a newer calc field is not lost.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, TypeAdapter, ValidationError

from calc.result_json import LineJSON, ResultJSON
from contracts import payloads

PAYLOAD_TYPE = payloads.INVENTORY_RESULT

__all__ = [
    "PAYLOAD_TYPE",
    "InventoryInput",
    "InventoryPayload",
    "LineJSON",
    "ResultJSON",
    "ValidationError",
    "dec",
    "find_payload",
    "parse_input",
    "parse_result",
]

_RESULT = TypeAdapter(ResultJSON)


def dec(value: float) -> Decimal:
    """A JSON number as calc meant it: 20558.0639 → Decimal("20558.0639") (not the float's binary expansion)."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def parse_result(data: object) -> ResultJSON:
    """A stored or sent result (calc's JSON) → calc's typed record of it; raises ValidationError."""
    return _RESULT.validate_python(data)


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Activity(_Open):
    source: Any = None
    factor: Any = None


class InventoryInput(_Open):
    year: int | str
    gwp: str | None = None
    company: str | None = None
    site: str | None = None
    activities: list[Activity] = Field(default_factory=list)


def parse_input(data: object) -> InventoryInput:
    """A stored or sent calc input with the conversation's envelope → its record; raises ValidationError."""
    return InventoryInput.model_validate(data)


class InventoryPayload(BaseModel):
    """`custom` of the message: {"type": "inventory_result", "inventory": …, "result": …}."""

    model_config = ConfigDict(extra="allow")

    inventory: InventoryInput
    result: ResultJSON
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
        if key == "result":
            return _RESULT.dump_python(self.result, mode="json")
        return self.inventory.model_dump(mode="json", exclude_unset=True)


def find_payload(message: dict[str, Any]) -> dict[str, Any] | None:
    """The `custom` dict of a bot message when it is an inventory result, else None."""
    custom = message.get("custom")
    if isinstance(custom, dict) and custom.get("type") == PAYLOAD_TYPE:
        return custom
    return None
