"""Estimates a user may ask for when the real figure is not at hand — always marked 估算, never the default.

- ``average_price``: a year's average price of a source (calc/data/prices.csv, with its source and date), to
  back-calculate a quantity from money (採購金額回推用量). Electricity: the high-voltage (factory) class when
  published for the year, else the national average; the nearest earlier year when the year has none.
- ``typical_charge``: a typical refrigerant charge per piece of equipment (calc/data/typical_charges.csv:
  IPCC 2006 Vol. 3 Table 7.9 ranges and public manufacturer figures), when the nameplate cannot be found.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from calc._data import read_csv

#: electricity classes in order of preference for a manufacturing site
ELECTRICITY_CLASSES = ("high_voltage", "all")


@dataclass(frozen=True)
class Price:
    source_id: str
    customer_class: str
    year: int
    price: Decimal
    unit: str  # 元/度, 元/公升, 元/公斤
    quantity_unit: str  # the unit the price is per: 度, 公升, 公斤
    basis: str
    citation: str  # the short public citation shown in the chat
    source: str  # the full sources (Excel, report)
    as_of: str


@dataclass(frozen=True)
class TypicalCharge:
    equipment: str
    name: str
    kg: Decimal
    low_kg: Decimal
    high_kg: Decimal
    refrigerant: str
    basis: str
    source: str
    as_of: str
    default: bool  # the row used when the user names no finer type (未分類時)
    #: the range is of this equipment (True), or the IPCC application class's, far wider than it (a split
    #: air-conditioner's class runs 0.5–100 kg): not a range to show for it
    range_own: bool = True


@lru_cache(maxsize=1)
def _prices() -> tuple[Price, ...]:
    out = []
    for row in read_csv("prices.csv"):
        out.append(Price(row["source_id"], row["customer_class"], int(row["year"]), Decimal(row["price"]),
                         row["unit"], row["unit"].split("/", 1)[1], row["basis"], row["citation"], row["source"],
                         row["as_of"]))
    return tuple(out)


def average_price(source_id: str, year: int) -> tuple[Price, bool] | None:
    """The price to estimate with and whether it is of an earlier year than asked; None when there is none."""
    classes = ELECTRICITY_CLASSES if source_id == "electricity" else ("retail",)
    rows = [p for p in _prices() if p.source_id == source_id]
    for customer_class in classes:
        candidates = sorted((p for p in rows if p.customer_class == customer_class and p.year <= year),
                            key=lambda p: p.year)
        exact = [p for p in candidates if p.year == year]
        if exact:
            return exact[0], False
    for customer_class in classes:
        earlier = sorted((p for p in rows if p.customer_class == customer_class and p.year < year),
                         key=lambda p: p.year)
        if earlier:
            return earlier[-1], True
    later = sorted((p for p in rows if p.year > year), key=lambda p: p.year)
    return (later[0], True) if later else None


@lru_cache(maxsize=1)
def _charges() -> tuple[TypicalCharge, ...]:
    out = []
    for row in read_csv("typical_charges.csv"):
        out.append(TypicalCharge(row["equipment"], row["equipment_name"], Decimal(row["typical_charge_kg"]),
                                 Decimal(row["range_low_kg"]), Decimal(row["range_high_kg"]),
                                 row["typical_refrigerant"], row["basis"], row["source"], row["as_of"],
                                 row["default"] == "yes", row.get("range_scope", "own") != "class"))
    return tuple(out)


def typical_charge(equipment_id: str, said: str | None = None) -> TypicalCharge | None:
    """The typical charge of one piece of ``equipment_id``: the row whose name contains what the user said
    (飲水機, 窗型冷氣), else the type's default row."""
    rows = [c for c in _charges() if c.equipment == equipment_id]
    if said:
        named = [c for c in rows if said in c.name]
        if named:
            return named[0]
    defaults = [c for c in rows if c.default]
    return (defaults or rows or [None])[0]
