"""Typed inputs and results of the engine (dataclasses), and their JSON form. The inputs (Activity, Inventory)
are calc/inventory_input.py, re-exported here; the results are defined here.

Decimals inside; ``to_dict()`` gives JSON-ready dicts with floats (the gateway returns them as JSON).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from calc.errors import CalcInputError
from calc.inventory_input import Activity, Inventory, parse_year
from calc.messages import message as _message
from calc.quantities import Quantity

TCO2E_UNIT = _message("unit_tco2e")


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class FactorInfo:
    """The factor a line used, where it comes from and which version."""

    name: str
    values: Mapping[str, Decimal]  # gas → factor in ``unit``
    unit: str  # zh-TW, e.g. 公斤/立方公尺
    source: str
    version: str
    display: str = ""  # how the official document writes it, when that differs (septic: 公噸CH4/人時)
    heat_value: Decimal | None = None
    heat_value_unit: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        # Many lines share one FactorInfo (recipes are cached): build its dict once, hand out copies.
        cached = self.__dict__.get("_dict")
        if cached is None:
            cached = self._build_dict()
            object.__setattr__(self, "_dict", cached)
        return {**cached, "values": dict(cached["values"])}

    def _build_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "values": {gas: float(v) for gas, v in self.values.items()},
            "unit": self.unit,
            "source": self.source,
            "version": self.version,
        }
        if self.display:
            out["display"] = self.display
        if self.heat_value is not None:
            out["heat_value"] = float(self.heat_value)
            out["heat_value_unit"] = self.heat_value_unit
        for key, value in self.extra.items():
            out[key] = float(value) if isinstance(value, Decimal) else value
        return out


@dataclass(slots=True)
class GasEmission:
    """One gas of one line: tonnes rounded to 4 decimals before × GWP, CO2e rounded to 4 (the form's rule)."""

    gas: str  # CO2, CH4, N2O, HFC-134a, R-410A…
    group: str  # the form's gas group: CO2, CH4, N2O, HFCs, PFCs, SF6, NF3
    factor: Decimal  # kg of gas per unit of activity
    tonnes: Decimal
    gwp: Decimal
    tco2e: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {
            "gas": self.gas,
            "group": self.group,
            "factor_kg_per_unit": float(self.factor),
            "tonnes": float(self.tonnes),
            "gwp": float(self.gwp),
            "tco2e": float(self.tco2e),
        }


@dataclass(slots=True)
class LineResult:
    index: int
    source: str
    source_name: str
    source_alias: str
    emission_type_id: str
    emission_type: str  # 固定/移動/製程/逸散/外購電力/外購蒸汽
    category_id: str  # category_1 / category_2
    category: str  # 類別1 / 類別2 (ISO 14064-1:2018)
    scope: str  # 範疇一 / 範疇二 (the older label)
    quantity: Quantity
    gases: list[GasEmission]
    gwp_set: str
    tco2e: Decimal
    factor: FactorInfo
    notes: list[str]
    equipment: str | None = None  # as the user wrote it
    refrigerant: str | None = None
    label: str | None = None
    equipment_id: str | None = None  # calc/data/equipment.csv id, when recognised
    share_percent: Decimal = Decimal(0)
    estimate: bool = False
    explanation: str | None = None

    def to_dict(self) -> dict[str, Any]:
        q = self.quantity
        return {
            "index": self.index,
            "source": self.source,
            "source_name": self.source_name,
            "source_alias": self.source_alias,
            "emission_type": self.emission_type,
            "emission_type_id": self.emission_type_id,
            "category": self.category,
            "category_id": self.category_id,
            "scope": self.scope,
            "amount": float(q.amount),
            "unit": q.unit,
            "unit_display": q.unit_display,
            "amount_as_written": float(q.value),
            "unit_as_written": q.unit_as_written,
            "interpreted_unit": q.interpreted_unit,
            "gases": [g.to_dict() for g in self.gases],
            "gwp_set": self.gwp_set,
            "tco2e": float(self.tco2e),
            "tco2e_unit": TCO2E_UNIT,
            "share_percent": float(self.share_percent),
            "factor": self.factor.to_dict(),
            "equipment": self.equipment,
            "equipment_id": self.equipment_id,
            "refrigerant": self.refrigerant,
            "label": self.label,
            "estimate": self.estimate,
            "explanation": self.explanation,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class GasTotal:
    gas: str
    label: str
    tonnes: Decimal  # 3 decimals
    tco2e: Decimal  # 3 decimals
    share_percent: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "tonnes": float(self.tonnes),
            "tco2e": float(self.tco2e),
            "share_percent": float(self.share_percent),
        }


@dataclass(frozen=True)
class Subtotal:
    """A category (類別1/2) or an emission type (固定…) total."""

    id: str
    label: str
    name: str
    tco2e: Decimal  # 3 decimals
    share_percent: Decimal
    category: str | None = None
    scope: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "label": self.label,
            "name": self.name,
            "tco2e": float(self.tco2e),
            "share_percent": float(self.share_percent),
        }
        if self.category is not None:
            out["category"] = self.category
        if self.scope is not None:
            out["scope"] = self.scope
        return out


@dataclass(frozen=True)
class InventoryResult:
    year: int
    roc_year: int
    gwp_set: str
    gwp_default: bool
    lines: list[LineResult]
    by_gas: Mapping[str, GasTotal]
    by_category: Mapping[str, Subtotal]
    by_emission_type: Mapping[str, Subtotal]
    total_tco2e: Decimal  # 3 decimals
    notes: list[str]
    unit: str = TCO2E_UNIT

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "roc_year": self.roc_year,
            "gwp": self.gwp_set,
            "gwp_default": self.gwp_default,
            "total_tco2e": float(self.total_tco2e),
            "unit": self.unit,
            "by_category": {k: v.to_dict() for k, v in self.by_category.items()},
            "by_emission_type": {k: v.to_dict() for k, v in self.by_emission_type.items()},
            "by_gas": {k: v.to_dict() for k, v in self.by_gas.items()},
            "lines": [line.to_dict() for line in self.lines],
            "notes": list(self.notes),
        }


__all__ = [
    "TCO2E_UNIT",
    "Activity",
    "CalcInputError",
    "FactorInfo",
    "GasEmission",
    "GasTotal",
    "Inventory",
    "InventoryResult",
    "LineResult",
    "Subtotal",
    "parse_year",
]
