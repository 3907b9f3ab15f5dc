"""Typed inputs and results of the engine (dataclasses), and their JSON form.

Decimals inside; ``to_dict()`` gives JSON-ready dicts with floats (the gateway returns them as JSON).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from calc.errors import CalcInputError
from calc.gwp import normalize_gwp_set
from calc.messages import input_error
from calc.messages import message as _message
from calc.quantities import Quantity
from contracts import years

TCO2E_UNIT = _message("unit_tco2e")
FIRST_YEAR = years.FIRST_YEAR


# ---------------------------------------------------------------- input


@dataclass(frozen=True)
class Activity:
    """One activity line as the user gave it (validated by the engine, which knows the source).

    ``usage``: stationary/mobile (or 固定/移動); ``equipment``: e.g. 飲水機 (refrigerant leak rate) or
    緊急發電機 (implies stationary); ``refrigerant``: R-134a… with source 冷媒; ``factor``: the supplier's
    factor (steam: 公噸CO2e/公噸蒸汽; electricity: 公斤CO2e/度); ``method``: charge | refill (refrigerant);
    ``leak_rate``: overrides the equipment's default (e.g. "5%"); ``label``: free text kept for display.
    """

    source: str
    amount: str | int | float | Decimal
    unit: str | None = None
    usage: str | None = None
    equipment: str | None = None
    refrigerant: str | None = None
    factor: str | int | float | Decimal | None = None
    method: str | None = None
    leak_rate: str | int | float | Decimal | None = None
    label: str | None = None
    #: the amount is an estimate (from money, a typical charge, default hours): shown as 估算 with the result
    estimate: bool = False
    #: how the amount was obtained and what was assumed (the conversation's arithmetic), shown with the line
    explanation: str | None = None

    FIELDS = (
        "source",
        "amount",
        "unit",
        "usage",
        "equipment",
        "refrigerant",
        "factor",
        "method",
        "leak_rate",
        "label",
        "estimate",
        "explanation",
    )

    @classmethod
    def from_dict(cls, data: object, index: int | None = None) -> Activity:
        if not isinstance(data, Mapping):
            raise input_error("bad_activity", index, number=(index or 0) + 1)
        values = {k: data.get(k) for k in cls.FIELDS}
        if values["source"] is None or (isinstance(values["source"], str) and not values["source"].strip()):
            raise input_error("missing_source", index, field="source")
        if not isinstance(values["source"], str):
            from calc.aliases import examples

            raise input_error(
                "unknown_source",
                index,
                field="source",
                text=str(values["source"]),
                examples=examples("source"),
            )
        for key in ("unit", "usage", "equipment", "refrigerant", "method", "label", "explanation"):
            if values[key] is not None and not isinstance(values[key], str):
                values[key] = str(values[key])
        values["estimate"] = values["estimate"] is True
        return cls(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Inventory:
    """A year's activity data. ``gwp`` None means the documented default for ``year``."""

    year: int
    activities: Sequence[Activity]
    gwp: str | None = None

    @classmethod
    def from_dict(cls, payload: object) -> Inventory:
        if not isinstance(payload, Mapping):
            raise input_error("bad_payload")
        year = parse_year(payload.get("year"))
        gwp = payload.get("gwp")
        gwp_set = normalize_gwp_set(gwp) if gwp not in (None, "") else None
        raw = payload.get("activities", [])
        if not isinstance(raw, (list, tuple)):
            raise input_error("bad_activities", field="activities")
        return cls(year, tuple(Activity.from_dict(item, i) for i, item in enumerate(raw)), gwp_set)


def parse_year(value: object) -> int:
    """2021, "2021", "2021年", 110, "110年", "民國110年" → 2021 (contracts.years reads it; calc checks the range:
    a year with an electricity factor and a GWP default, up to next year)."""
    if value is None or value == "":
        raise input_error("missing_year", field="year")
    year = years.parse_year(value)
    if year is None:
        raise input_error("bad_year", field="year", text=str(value))
    if not years.in_range(year, allow_next=True):
        last = years.last_year() + 1
        raise input_error("year_out_of_range", field="year", year=year, first=FIRST_YEAR, last=last)
    return year


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
