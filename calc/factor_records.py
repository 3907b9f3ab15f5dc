"""The rows of calc/data's factor tables as typed records (emission types, sources, fuel, electricity and fixed
factors, GWP entries, equipment); calc/factors.py loads and checks them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class EmissionType:
    """固定/移動/製程/逸散/外購電力/外購蒸汽 with its ISO 14064-1:2018 category and older 範疇 label."""

    id: str
    label: str
    long_label: str
    category: str
    category_label: str
    category_name: str
    scope_label: str


@dataclass(frozen=True)
class SourceInfo:
    """One emission source the programme's inventory table names."""

    id: str
    name: str
    kind: str  # fuel | electricity | steam | refrigerant | fixed
    emission_types: tuple[str, ...]
    default_emission_type: str
    quantity: str  # energy | volume | mass | time
    canonical_unit: str  # a unit alias of units.csv (kWh, m3, L, kg, t, h)
    unit_display: str  # zh-TW display of the canonical unit
    unit_overrides: Mapping[str, str]  # unit alias as written → unit alias meant (天然氣: 度 → 立方公尺)
    max_amount: Decimal  # above this (canonical unit) an amount is absurd
    aliases: tuple[str, ...]
    source: str
    version: str


@dataclass(frozen=True)
class FuelFactor:
    """6.0.4 table 1–3 row: kg of each gas per unit of fuel, with the heat value behind it."""

    source_id: str
    usage: str
    name: str
    official_name: str
    ipcc_name: str
    unit: str
    heat_value: Decimal
    heat_value_unit: str
    kg_per_tj: Mapping[str, Decimal]
    kg_per_unit: Mapping[str, Decimal]
    source: str
    version: str


@dataclass(frozen=True)
class ElectricityFactor:
    year: int
    roc_year: int
    kg_co2e_per_kwh: Decimal
    announcement: str
    source: str
    version: str


@dataclass(frozen=True)
class GwpEntry:
    """A gas or refrigerant with its GWP per IPCC assessment report; ``counted`` False for R-22."""

    gas: str
    name: str
    group: str
    formula: str
    composition: Mapping[str, Decimal]
    values: Mapping[str, Decimal]
    counted: bool
    note: str
    source: str
    version: str
    derived: tuple[str, ...] = field(default=())  # GWP sets computed from the composition

    def value(self, gwp_set: str) -> Decimal | None:
        return self.values.get(gwp_set)


@dataclass(frozen=True)
class Equipment:
    id: str
    name: str
    kind: str  # refrigeration | combustion
    usage: str | None
    leak_rate: Decimal | None
    leak_rate_note: str
    source: str
    version: str


@dataclass(frozen=True)
class FixedFactor:
    """Septic tanks, CO2 extinguishers, welding CO2, green power: one gas, kg per canonical unit."""

    source_id: str
    name: str
    unit: str
    gas: str
    kg_per_unit: Decimal
    factor_display: str
    derivation: str
    source: str
    version: str
