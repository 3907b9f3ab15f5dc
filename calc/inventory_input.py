"""What the engine is given: an Inventory (year, GWP set, activity lines) and its Activity lines, read from
their JSON form with a Chinese message for anything that cannot be used."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from calc.gwp import normalize_gwp_set
from calc.messages import input_error
from contracts import years


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
        raise input_error("year_out_of_range", field="year", year=year, first=years.FIRST_YEAR, last=last)
    return year
