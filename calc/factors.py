"""The factor tables of calc/data, loaded and checked once per process.

Every factor row carries its ``source`` (document) and ``version``. Numbers are read as exact Decimals:
the official spreadsheets compute kg/unit as IPCC kg/TJ × heat value × 4.1868×10⁻⁹, which is exact in
decimal, so the engine reproduces the Ministry's form digit for digit. The record types are
calc/factor_records.py (re-exported here).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from types import MappingProxyType

from calc import aliases as _aliases
from calc._data import read_csv
from calc.factor_records import (
    ElectricityFactor, EmissionType, Equipment, FixedFactor, FuelFactor, GwpEntry, SourceInfo,
)
from contracts import years

GASES = ("CO2", "CH4", "N2O")
GWP_SETS = ("AR4", "AR5", "AR6")

__all__ = [
    "GASES", "GWP_SETS", "ElectricityFactor", "EmissionType", "Equipment", "FixedFactor", "FuelFactor", "GwpEntry",
    "SourceInfo", "electricity_factor", "electricity_factors", "emission_types", "equipment", "fixed_factors",
    "fuel_factor", "fuel_factors", "gas_groups", "gwp_table", "load_all", "sources",
]


def _dec(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _require(row: dict[str, str], table: str) -> None:
    if not row.get("source") or not row.get("version"):
        raise ValueError(f"{table}: row without source/version: {row}")


@lru_cache(maxsize=1)
def emission_types() -> Mapping[str, EmissionType]:
    out = {}
    for row in read_csv("emission_types.csv"):
        out[row["id"]] = EmissionType(
            row["id"],
            row["label"],
            row["long_label"],
            row["category"],
            row["category_label"],
            row["category_name"],
            row["scope_label"],
        )
    return MappingProxyType(out)


@lru_cache(maxsize=1)
def sources() -> Mapping[str, SourceInfo]:
    from calc import units  # local: units is only needed to check and display unit aliases

    by_source: dict[str, list[str]] = {}
    for alias, target in _aliases.source_aliases().items():
        by_source.setdefault(target, []).append(alias)
    out = {}
    for row in read_csv("sources.csv"):
        _require(row, "sources.csv")
        overrides = dict(pair.split("=", 1) for pair in row["unit_overrides"].split("|") if pair)
        for written, meant in [(row["canonical_unit"], row["canonical_unit"]), *overrides.items()]:
            if units.lookup(written) is None or units.lookup(meant) is None:
                raise ValueError(f"sources.csv: {row['id']}: unknown unit {written!r} or {meant!r}")
        types = tuple(row["emission_types"].split("|"))
        if not set(types) <= set(emission_types()) or row["default_emission_type"] not in types:
            raise ValueError(f"sources.csv: {row['id']}: bad emission types {types}")
        canonical = units.lookup(row["canonical_unit"])
        assert canonical is not None
        out[row["id"]] = SourceInfo(
            id=row["id"],
            name=row["name"],
            kind=row["kind"],
            emission_types=types,
            default_emission_type=row["default_emission_type"],
            quantity=row["quantity"],
            canonical_unit=canonical.alias,
            unit_display=canonical.display,
            unit_overrides=MappingProxyType(overrides),
            max_amount=_dec(row["max_amount"]),
            aliases=tuple(by_source.get(row["id"], ())),
            source=row["source"],
            version=row["version"],
        )
    return MappingProxyType(out)


@lru_cache(maxsize=1)
def fuel_factors() -> Mapping[tuple[str, str], FuelFactor]:
    """(source id, usage) → FuelFactor."""
    out = {}
    for row in read_csv("fuels.csv"):
        _require(row, "fuels.csv")
        key = (row["source_id"], row["usage"])
        if key in out:
            raise ValueError(f"fuels.csv: duplicate row {key}")
        out[key] = FuelFactor(
            source_id=row["source_id"],
            usage=row["usage"],
            name=row["name"],
            official_name=row["official_name"],
            ipcc_name=row["ipcc_name"],
            unit=row["unit"],
            heat_value=_dec(row["heat_value"]),
            heat_value_unit=row["heat_value_unit"],
            kg_per_tj=MappingProxyType({g: _dec(row[f"{g.lower()}_kg_per_tj"]) for g in GASES}),
            kg_per_unit=MappingProxyType({g: _dec(row[f"{g.lower()}_kg_per_unit"]) for g in GASES}),
            source=row["source"],
            version=row["version"],
        )
    return MappingProxyType(out)


def fuel_factor(source_id: str, usage: str) -> FuelFactor | None:
    return fuel_factors().get((source_id, usage))


@lru_cache(maxsize=1)
def electricity_factors() -> Mapping[int, ElectricityFactor]:
    out = {}
    for row in read_csv("electricity.csv"):
        _require(row, "electricity.csv")
        year = int(row["year"])
        if int(row["roc_year"]) != years.roc(year):
            raise ValueError(f"electricity.csv: {year} is not 民國{row['roc_year']}年")
        out[year] = ElectricityFactor(
            year,
            int(row["roc_year"]),
            _dec(row["kg_co2e_per_kwh"]),
            row["announcement"],
            row["source"],
            row["version"],
        )
    return MappingProxyType(dict(sorted(out.items())))


def electricity_factor(year: int) -> tuple[ElectricityFactor, bool]:
    """The factor for data year ``year``, and whether it is a stand-in (the latest published one, for a
    year not yet published). Years before the table raise KeyError."""
    table = electricity_factors()
    if year in table:
        return table[year], False
    latest = max(table)
    if year > latest:
        return table[latest], True
    raise KeyError(year)


@lru_cache(maxsize=1)
def gwp_table() -> Mapping[str, GwpEntry]:
    rows = read_csv("gwp.csv")
    raw: dict[str, dict[str, str]] = {}
    for row in rows:
        _require(row, "gwp.csv")
        raw[row["gas"]] = row
    out: dict[str, GwpEntry] = {}
    for gas, row in raw.items():
        composition = {
            part.split(":")[0]: _dec(part.split(":")[1]) / 100
            for part in row["composition"].split("|")
            if part
        }
        values: dict[str, Decimal] = {}
        derived = []
        for gwp_set in GWP_SETS:
            cell = row[gwp_set.lower()]
            if cell:
                values[gwp_set] = _dec(cell)
            elif composition and all(raw[c][gwp_set.lower()] for c in composition):
                # A blend's GWP is the mass-weighted mean of its components (IPCC; as 6.0.4 table 4 does).
                values[gwp_set] = sum(
                    (share * _dec(raw[c][gwp_set.lower()]) for c, share in composition.items()), Decimal(0)
                ).normalize()
                derived.append(gwp_set)
        out[gas] = GwpEntry(
            gas=gas,
            name=row["name"],
            group=row["group"],
            formula=row["formula"],
            composition=MappingProxyType(composition),
            values=MappingProxyType(values),
            counted=row["counted"] == "yes",
            note=row["note"],
            source=row["source"],
            version=row["version"],
            derived=tuple(derived),
        )
    return MappingProxyType(out)


@lru_cache(maxsize=1)
def equipment() -> Mapping[str, Equipment]:
    out = {}
    for row in read_csv("equipment.csv"):
        _require(row, "equipment.csv")
        out[row["id"]] = Equipment(
            row["id"],
            row["name"],
            row["kind"],
            row["usage"] or None,
            _dec(row["leak_rate"]) if row["leak_rate"] else None,
            row["leak_rate_note"],
            row["source"],
            row["version"],
        )
    return MappingProxyType(out)


@lru_cache(maxsize=1)
def fixed_factors() -> Mapping[str, FixedFactor]:
    out = {}
    for row in read_csv("other_factors.csv"):
        _require(row, "other_factors.csv")
        out[row["source_id"]] = FixedFactor(
            row["source_id"],
            row["name"],
            row["unit"],
            row["gas"],
            _dec(row["kg_per_unit"]),
            row["factor_display"],
            row["derivation"],
            row["source"],
            row["version"],
        )
    return MappingProxyType(out)


@lru_cache(maxsize=1)
def gas_groups() -> Mapping[str, str]:
    """The Ministry's seven gas groups (表八) → zh-TW label, in the form's order."""
    return MappingProxyType({row["id"]: row["label"] for row in read_csv("gas_groups.csv")})


def load_all() -> None:
    """Load and cross-check every table (import-time cost ~ms; raises ValueError on bad data)."""
    srcs = sources()
    fuel_factors()
    electricity_factors()
    gwp_table()
    equipment()
    fixed_factors()
    gas_groups()
    for sid, info in srcs.items():
        if info.kind == "fuel":
            for usage in info.emission_types:
                if fuel_factor(sid, usage) is None:
                    raise ValueError(f"fuels.csv: no {usage} row for {sid}")
        if info.kind == "fixed" and sid not in fixed_factors():
            raise ValueError(f"other_factors.csv: no row for {sid}")
