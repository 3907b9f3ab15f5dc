"""What a line's emissions are made of, apart from its amount: the gas steps (factor per canonical unit and GWP)
and the factor shown, per kind of source (fuel, electricity, steam, fixed factors, refrigerants). Built once per
(source, usage, year, GWP set, refrigerant, equipment, method, leak rate, supplier factor) and cached."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from calc import factors as F
from calc.messages import input_error, message
from calc.model import FactorInfo
from contracts import numbers, years

KG_PER_T = Decimal(1000)


@dataclass(frozen=True)
class GasStep:
    gas: str
    group: str
    factor_kg: Decimal  # kg gas per canonical unit (shown)
    t_per_unit: Decimal  # tonnes gas per canonical unit (computed with)
    gwp: Decimal


@dataclass(frozen=True)
class Recipe:
    """Everything about a line that does not depend on its amount."""

    source: F.SourceInfo
    emission_type: F.EmissionType
    steps: tuple[GasStep, ...]
    factor: FactorInfo
    notes: tuple[str, ...]
    top_notes: tuple[str, ...]  # notes that belong to the whole result (electricity stand-in year…)
    equipment: str | None
    refrigerant: str | None


def gwp_value(gas: str, gwp_set: str) -> Decimal:
    entry = F.gwp_table()[gas]
    value = entry.value(gwp_set)
    if value is None:
        available = "、".join(s for s in F.GWP_SETS if entry.value(s) is not None)
        raise input_error(
            "gwp_missing_for_gas", field="gwp", gwp_set=gwp_set, gas=entry.name, available=available
        )
    return value


@lru_cache(maxsize=4096)
def recipe(
    source_id: str,
    etype: str,
    year: int,
    gwp_set: str,
    refrigerant: str | None,
    equipment_id: str | None,
    method: str | None,
    leak_rate: Decimal | None,
    factor: Decimal | None,
) -> Recipe:
    info = F.sources()[source_id]
    emission_type = F.emission_types()[etype]
    notes: list[str] = []
    top: list[str] = []
    unit = info.unit_display
    kg_per_unit = message("unit_kg_per", unit=unit)
    if factor is not None and info.kind not in ("steam", "electricity"):
        raise input_error("factor_not_allowed", field="factor", source=info.name)

    if info.kind == "fuel":
        fuel = F.fuel_factor(source_id, etype)
        assert fuel is not None  # _emission_type checked the source offers this usage
        ch4 = "CH4_fossil"
        steps = tuple(
            GasStep(
                gas,
                gas,
                fuel.kg_per_unit[gas],
                fuel.kg_per_unit[gas] / KG_PER_T,
                gwp_value(ch4 if gas == "CH4" else gas, gwp_set),
            )
            for gas in F.GASES
        )
        info_factor = FactorInfo(
            name=message("factor_fuel_name", fuel=fuel.name, usage=emission_type.long_label),
            values=dict(fuel.kg_per_unit),
            unit=kg_per_unit,
            source=fuel.source,
            version=fuel.version,
            heat_value=fuel.heat_value,
            heat_value_unit=fuel.heat_value_unit,
            extra={"official_name": fuel.official_name, "ipcc_name": fuel.ipcc_name},
        )
    elif info.kind == "electricity":
        try:
            official, stand_in = F.electricity_factor(year)
        except KeyError:
            raise input_error(
                "year_before_electricity", field="year", year=year, first=min(F.electricity_factors())
            ) from None
        if stand_in:
            top.append(
                message(
                    "note_electricity_fallback",
                    year=year,
                    roc_year=years.roc(year),
                    latest=official.year,
                    latest_roc=official.roc_year,
                    factor=official.kg_co2e_per_kwh,
                )
            )
        kg = official.kg_co2e_per_kwh
        source, version = official.source, official.version
        name = message("factor_electricity_name", roc_year=official.roc_year)
        if factor is not None:
            notes.append(message("note_custom_electricity", factor=factor, official=official.kg_co2e_per_kwh))
            kg, source = factor, message("factor_custom_electricity_source")
            version, name = message("factor_custom_version"), message("factor_custom_electricity_name")
        steps = (GasStep("CO2", "CO2", kg, kg / KG_PER_T, Decimal(1)),)
        info_factor = FactorInfo(
            name=name,
            values={"CO2e": kg},
            unit=message("unit_electricity_factor"),
            source=source,
            version=version,
            extra={"announcement": official.announcement, "data_year": official.year, "stand_in": stand_in},
        )
    elif info.kind == "steam":
        if factor is None:
            raise input_error("steam_needs_factor", field="factor")
        notes.append(message("note_steam_factor", factor=factor))
        steps = (GasStep("CO2", "CO2", factor * KG_PER_T, factor, Decimal(1)),)
        info_factor = FactorInfo(
            name=message("factor_steam_name"),
            values={"CO2e": factor},
            unit=message("unit_steam_factor"),
            source=message("factor_steam_source"),
            version=message("factor_custom_version"),
        )
    elif info.kind == "fixed":
        fixed = F.fixed_factors()[source_id]
        gas_group = F.gwp_table()[fixed.gas].group
        steps = (
            GasStep(
                fixed.gas,
                gas_group,
                fixed.kg_per_unit,
                fixed.kg_per_unit / KG_PER_T,
                gwp_value(fixed.gas, gwp_set),
            ),
        )
        if source_id == "green_electricity":
            notes.append(message("note_green_power"))
        info_factor = FactorInfo(
            name=fixed.name,
            values={fixed.gas: fixed.kg_per_unit},
            unit=kg_per_unit,
            source=fixed.source,
            version=fixed.version,
            display=fixed.factor_display,
            extra={"derivation": fixed.derivation},
        )
    elif info.kind == "refrigerant":
        steps, info_factor = refrigerant_steps(refrigerant, equipment_id, method, leak_rate, gwp_set, notes)
    else:  # pragma: no cover - sources.csv is checked on load
        raise ValueError(f"unknown source kind {info.kind}")
    return Recipe(
        info, emission_type, steps, info_factor, tuple(notes), tuple(top), equipment_id, refrigerant
    )


def refrigerant_steps(
    gas: str | None,
    equipment_id: str | None,
    method: str | None,
    leak_rate: Decimal | None,
    gwp_set: str,
    notes: list[str],
) -> tuple[tuple[GasStep, ...], FactorInfo]:
    if gas is None:
        raise input_error("missing_refrigerant", field="refrigerant")
    entry = F.gwp_table()[gas]
    if method == "refill":
        rate, basis = Decimal(1), message("leak_basis_refill")
        notes.append(message("note_refrigerant_refill"))
    elif equipment_id is not None or leak_rate is not None:
        eq = F.equipment()[equipment_id] if equipment_id is not None else None
        if eq is not None and eq.kind != "refrigeration":
            raise input_error("equipment_not_refrigeration", field="equipment", text=eq.name)
        default = eq.leak_rate if eq is not None else None
        rate = leak_rate if leak_rate is not None else default
        assert rate is not None
        basis = eq.leak_rate_note if eq is not None and leak_rate is None else message("leak_basis_custom")
        if leak_rate is not None and eq is not None:
            notes.append(
                message(
                    "note_custom_leak_rate",
                    rate=f"{leak_rate:.2%}",
                    equipment=eq.name,
                    default=f"{default:.1%}" if default is not None else "—",
                )
            )
        notes.append(
            message(
                "note_refrigerant_charge",
                charge="{charge}",
                rate=numbers.share(rate),
                equipment=eq.name if eq is not None else message("equipment_unspecified"),
                basis=basis,
            )
        )
    else:
        raise input_error("refrigerant_needs_method", field="method")
    extra: dict[str, object] = {"leak_rate": rate, "leak_rate_basis": basis}
    if not entry.counted:
        notes.append(message("note_r22", name=entry.name))
        return (), FactorInfo(
            name=entry.name, values={}, unit="", source=entry.source, version=entry.version, extra=extra
        )
    gwp = gwp_value(gas, gwp_set)
    if gwp_set in entry.derived:
        extra["gwp_note"] = entry.note
    kg = rate  # kg refrigerant emitted per kg charged (or refilled)
    step = GasStep(gas, entry.group, kg, kg / KG_PER_T, gwp)
    return (step,), FactorInfo(
        name=message("factor_refrigerant_name", name=entry.name),
        values={gas: kg},
        unit=message("unit_kg_per", unit=F.sources()["refrigerant"].unit_display),
        source=entry.source,
        version=entry.version,
        extra=extra,
    )
