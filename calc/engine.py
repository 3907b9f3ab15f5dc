"""compute(): activity lines → emissions per gas, per line, per category, with the Ministry's rounding.

Rounding as the Ministry's inventory form (溫室氣體排放量清冊表單 表五/表八): each gas in tonnes rounded to
4 decimals before × GWP, CO2e rounded to 4 decimals, totals to 3 (ROUND_HALF_UP, as Excel's ROUND).
Decimals throughout; what does not depend on the amount (factor × GWP per gas) is built once per
(source, usage, year, GWP set, refrigerant, equipment…) and cached, so 10,000 lines take well under a second.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from calc import factors as F
from calc.aliases import (
    find_equipment,
    resolve_emission_type,
    resolve_equipment,
    resolve_method,
    resolve_refrigerant,
    resolve_source,
)
from calc.errors import CalcInputError
from calc.gwp import default_policy
from calc.messages import input_error, message
from calc.model import (
    Activity,
    FactorInfo,
    GasEmission,
    GasTotal,
    Inventory,
    InventoryResult,
    LineResult,
    Subtotal,
)
from calc.quantities import normalize_text, parse_number, parse_quantity

Q4 = Decimal("0.0001")
Q3 = Decimal("0.001")
Q2 = Decimal("0.01")
KG_PER_T = Decimal(1000)
ZERO = Decimal(0)
# Supplier factors above these are a unit mistake (kg entered as t), not a factor.
MAX_STEAM_FACTOR = Decimal(2)  # 公噸CO2e/公噸蒸汽
MAX_ELECTRICITY_FACTOR = Decimal(2)  # 公斤CO2e/度


@dataclass(frozen=True)
class _GasStep:
    gas: str
    group: str
    factor_kg: Decimal  # kg gas per canonical unit (shown)
    t_per_unit: Decimal  # tonnes gas per canonical unit (computed with)
    gwp: Decimal


@dataclass(frozen=True)
class _Recipe:
    """Everything about a line that does not depend on its amount."""

    source: F.SourceInfo
    emission_type: F.EmissionType
    steps: tuple[_GasStep, ...]
    factor: FactorInfo
    notes: tuple[str, ...]
    top_notes: tuple[str, ...]  # notes that belong to the whole result (electricity stand-in year…)
    equipment: str | None
    refrigerant: str | None


def _q4(value: Decimal) -> Decimal:
    return value.quantize(Q4, rounding=ROUND_HALF_UP)


def _q3(value: Decimal) -> Decimal:
    return value.quantize(Q3, rounding=ROUND_HALF_UP)


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    if whole == 0:
        return ZERO
    return (part * 100 / whole).quantize(Q2, rounding=ROUND_HALF_UP)


def _gwp(gas: str, gwp_set: str) -> Decimal:
    entry = F.gwp_table()[gas]
    value = entry.value(gwp_set)
    if value is None:
        available = "、".join(s for s in F.GWP_SETS if entry.value(s) is not None)
        raise input_error(
            "gwp_missing_for_gas", field="gwp", gwp_set=gwp_set, gas=entry.name, available=available
        )
    return value


def _rate(value: object, error_key: str, **kw: object) -> Decimal:
    """A rate as a Decimal fraction in [0, 1]: 0.03 (a JSON number is a fraction), "3%", "0.3 %", "3" (text
    above 1 is percent). Text in (0, 1] without "%" is ambiguous — "0.3" may mean 0.3 % or 30 % — and is
    refused with a question rather than guessed (error ``ambiguous_rate``)."""
    text = normalize_text(str(value)) if not isinstance(value, (int, float, Decimal)) else None
    try:
        if text is not None and text.endswith(("%", "％")):
            rate = parse_number(text[:-1]) / 100
        else:
            rate = parse_number(value)
            if text is not None and 0 < rate <= 1:
                raise input_error("ambiguous_rate", field="leak_rate", text=str(value).strip(),
                                  low=f"{rate:f}", high=f"{(rate * 100).normalize():f}")
            if rate > 1 and rate <= 100 and text is not None:
                rate = rate / 100  # "3" written for 3 %
    except CalcInputError as err:
        if err.code == "ambiguous_rate":
            raise
        raise input_error(error_key, text=str(value), **kw) from None
    if not 0 <= rate <= 1:
        raise input_error(error_key, text=str(value), **kw)
    return rate


def _supplier_factor(value: object, unit: str, limit: Decimal) -> Decimal:
    if isinstance(value, str):
        value = normalize_text(value)
    try:
        factor = parse_number(value)
    except CalcInputError:
        raise input_error("bad_factor", field="factor", text=str(value), unit=unit) from None
    if factor > limit:
        raise input_error("factor_too_large", field="factor", value=f"{factor}", unit=unit, limit=f"{limit}")
    return factor


def _emission_type(
    info: F.SourceInfo, activity: Activity, hint: str | None, equipment_id: str | None, notes: list[str]
) -> str:
    types = F.emission_types()
    if activity.usage is not None and activity.usage.strip():
        etype = resolve_emission_type(activity.usage)
    elif hint is not None:
        etype = hint
    elif equipment_id is not None and F.equipment()[equipment_id].usage in info.emission_types:
        etype = F.equipment()[equipment_id].usage  # type: ignore[assignment]
        if etype != info.default_emission_type:
            notes.append(
                message(
                    "note_usage_from_equipment", equipment=activity.equipment, label=types[etype].long_label
                )
            )
    else:
        etype = info.default_emission_type
        if len(info.emission_types) > 1:
            other = [types[t].long_label for t in info.emission_types if t != etype]
            notes.append(
                message(
                    "note_default_usage",
                    source=info.name,
                    label=types[etype].long_label,
                    other="、".join(other),
                )
            )
    if etype not in info.emission_types:
        raise input_error(
            "usage_not_available",
            field="usage",
            source=info.name,
            usage=types[etype].long_label,
            available="、".join(types[t].long_label for t in info.emission_types),
        )
    return etype


@lru_cache(maxsize=4096)
def _recipe(
    source_id: str,
    etype: str,
    year: int,
    gwp_set: str,
    refrigerant: str | None,
    equipment_id: str | None,
    method: str | None,
    leak_rate: Decimal | None,
    factor: Decimal | None,
) -> _Recipe:
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
            _GasStep(
                gas,
                gas,
                fuel.kg_per_unit[gas],
                fuel.kg_per_unit[gas] / KG_PER_T,
                _gwp(ch4 if gas == "CH4" else gas, gwp_set),
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
                    roc_year=year - 1911,
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
        steps = (_GasStep("CO2", "CO2", kg, kg / KG_PER_T, Decimal(1)),)
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
        steps = (_GasStep("CO2", "CO2", factor * KG_PER_T, factor, Decimal(1)),)
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
            _GasStep(
                fixed.gas,
                gas_group,
                fixed.kg_per_unit,
                fixed.kg_per_unit / KG_PER_T,
                _gwp(fixed.gas, gwp_set),
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
        steps, info_factor = _refrigerant(refrigerant, equipment_id, method, leak_rate, gwp_set, notes)
    else:  # pragma: no cover - sources.csv is checked on load
        raise ValueError(f"unknown source kind {info.kind}")
    return _Recipe(
        info, emission_type, steps, info_factor, tuple(notes), tuple(top), equipment_id, refrigerant
    )


def _refrigerant(
    gas: str | None,
    equipment_id: str | None,
    method: str | None,
    leak_rate: Decimal | None,
    gwp_set: str,
    notes: list[str],
) -> tuple[tuple[_GasStep, ...], FactorInfo]:
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
                rate=f"{(rate * 100).normalize():f}%",
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
    gwp = _gwp(gas, gwp_set)
    if gwp_set in entry.derived:
        extra["gwp_note"] = entry.note
    kg = rate  # kg refrigerant emitted per kg charged (or refilled)
    step = _GasStep(gas, entry.group, kg, kg / KG_PER_T, gwp)
    return (step,), FactorInfo(
        name=message("factor_refrigerant_name", name=entry.name),
        values={gas: kg},
        unit=message("unit_kg_per", unit=F.sources()["refrigerant"].unit_display),
        source=entry.source,
        version=entry.version,
        extra=extra,
    )


@dataclass(frozen=True)
class _Context:
    year: int
    gwp_set: str


def _line(index: int, activity: Activity, ctx: _Context) -> tuple[LineResult, _Recipe]:
    match = resolve_source(activity.source)
    info = F.sources()[match.source]
    notes: list[str] = [match.note] if match.note else []

    refrigerant = equipment_id = method = None
    leak_rate = factor = None
    if info.kind == "refrigerant":
        refrigerant = resolve_refrigerant(activity.refrigerant) if activity.refrigerant else match.refrigerant
        if activity.equipment:
            equipment_id = resolve_equipment(activity.equipment)
        if activity.method:
            method = resolve_method(activity.method)
        if activity.leak_rate is not None and method != "refill":
            leak_rate = _rate(activity.leak_rate, "bad_leak_rate")
    elif activity.equipment:
        equipment_id = find_equipment(activity.equipment)
    if activity.amount is None or (isinstance(activity.amount, str) and not activity.amount.strip()):
        raise input_error("missing_amount", field="amount", source=info.name)
    if activity.factor is not None and str(activity.factor).strip():
        if info.kind not in ("steam", "electricity"):
            raise input_error("factor_not_allowed", field="factor", source=info.name)
        unit, limit = (
            (message("unit_steam_factor"), MAX_STEAM_FACTOR)
            if info.kind == "steam"
            else (message("unit_electricity_factor"), MAX_ELECTRICITY_FACTOR)
        )
        factor = _supplier_factor(activity.factor, unit, limit)

    etype = _emission_type(info, activity, match.emission_type, equipment_id, notes)
    quantity = parse_quantity(activity.amount, info, unit=activity.unit)
    notes.extend(quantity.notes)
    recipe = _recipe(
        info.id, etype, ctx.year, ctx.gwp_set, refrigerant, equipment_id, method, leak_rate, factor
    )
    for note in recipe.notes:
        notes.append(note.replace("{charge}", f"{quantity.amount:,f}") if "{charge}" in note else note)

    amount = quantity.amount
    gases = []
    total = ZERO
    for step in recipe.steps:
        tonnes = _q4(amount * step.t_per_unit)
        tco2e = _q4(tonnes * step.gwp)
        total += tco2e
        gases.append(GasEmission(step.gas, step.group, step.factor_kg, tonnes, step.gwp, tco2e))
    if total == 0 and recipe.steps:
        exact = sum((amount * s.t_per_unit * s.gwp for s in recipe.steps), ZERO)
        if exact > 0:
            notes.append(message("note_rounded_to_zero", exact=f"{exact:.6f}"))
        elif amount == 0:
            notes.append(message("note_zero_amount"))
    et = recipe.emission_type
    line = LineResult(
        index=index,
        source=info.id,
        source_name=info.name,
        source_alias=info.name if activity.source.strip() == info.id else activity.source.strip(),
        emission_type_id=et.id,
        emission_type=et.label,
        category_id=et.category,
        category=et.category_label,
        scope=et.scope_label,
        quantity=quantity,
        gases=gases,
        gwp_set=ctx.gwp_set,
        tco2e=total,
        factor=recipe.factor,
        notes=notes,
        equipment=activity.equipment,
        refrigerant=refrigerant,
        label=activity.label,
        equipment_id=recipe.equipment,
        estimate=activity.estimate,
        explanation=activity.explanation,
    )
    return line, recipe


def compute(inventory: Inventory | Mapping[str, object]) -> InventoryResult:
    """Emissions of an inventory (an Inventory, or its JSON-like dict). Raises CalcInputError."""
    inv = inventory if isinstance(inventory, Inventory) else Inventory.from_dict(inventory)
    policy = default_policy(inv.year)
    gwp_set = inv.gwp or policy.gwp_set
    ctx = _Context(inv.year, gwp_set)
    notes: list[str] = []
    if inv.gwp is None:
        notes.append(message("note_gwp_default", gwp_set=gwp_set, basis=policy.basis))

    lines: list[LineResult] = []
    top_notes: dict[str, None] = {}
    any_fuel = False
    for index, activity in enumerate(inv.activities):
        try:
            line, recipe = _line(index, activity, ctx)
        except CalcInputError as err:
            raise err.at_activity(index) from None
        except (InvalidOperation, ArithmeticError):
            raise input_error("not_a_number", index, field="amount", text=str(activity.amount)) from None
        lines.append(line)
        for note in recipe.top_notes:
            top_notes[note] = None
        any_fuel = any_fuel or recipe.source.kind == "fuel"
    notes.extend(top_notes)
    if any_fuel and inv.year >= 2024:
        notes.append(message("note_notice_2024"))
    return _totals(inv.year, gwp_set, inv.gwp is None, lines, notes)


def _totals(
    year: int, gwp_set: str, gwp_default: bool, lines: list[LineResult], notes: list[str]
) -> InventoryResult:
    groups = F.gas_groups()
    gas_t: dict[str, Decimal] = dict.fromkeys(groups, ZERO)
    gas_e: dict[str, Decimal] = dict.fromkeys(groups, ZERO)
    types = F.emission_types()
    by_type: dict[str, Decimal] = dict.fromkeys(types, ZERO)
    total = ZERO
    for line in lines:
        total += line.tco2e
        by_type[line.emission_type_id] += line.tco2e
        for g in line.gases:
            gas_t[g.group] += g.tonnes
            gas_e[g.group] += g.tco2e
    by_cat: dict[str, Decimal] = {}
    for et in types.values():
        by_cat[et.category] = by_cat.get(et.category, ZERO) + by_type[et.id]
    for line in lines:
        line.share_percent = _percent(line.tco2e, total)
    first_of_category = {}
    for et in types.values():
        first_of_category.setdefault(et.category, et)
    return InventoryResult(
        year=year,
        roc_year=year - 1911,
        gwp_set=gwp_set,
        gwp_default=gwp_default,
        lines=lines,
        by_gas={
            g: GasTotal(g, label, _q3(gas_t[g]), _q3(gas_e[g]), _percent(gas_e[g], total))
            for g, label in groups.items()
        },
        by_category={
            cid: Subtotal(
                cid,
                et.category_label,
                et.category_name,
                _q3(by_cat[cid]),
                _percent(by_cat[cid], total),
                scope=et.scope_label,
            )
            for cid, et in first_of_category.items()
        },
        by_emission_type={
            tid: Subtotal(
                tid,
                et.label,
                et.long_label,
                _q3(by_type[tid]),
                _percent(by_type[tid], total),
                category=et.category_label,
                scope=et.scope_label,
            )
            for tid, et in types.items()
        },
        total_tco2e=_q3(total),
        notes=notes,
    )
