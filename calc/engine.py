"""compute(): activity lines → emissions per gas, per line, per category, with the Ministry's rounding.

Rounding as the Ministry's inventory form (溫室氣體排放量清冊表單 表五/表八): each gas in tonnes rounded to
4 decimals before × GWP, CO2e rounded to 4 decimals, totals to 3 (ROUND_HALF_UP, as Excel's ROUND).
Decimals throughout; what does not depend on the amount (factor × GWP per gas, calc/recipes.py) is built once
per (source, usage, year, GWP set, refrigerant, equipment…) and cached, so 10,000 lines take well under a second.
The inputs of a line other than its amount (leak rate, supplier factor, usage) are read by calc/line_inputs.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from calc import factors as F
from calc import recipes
from calc.aliases import (
    find_equipment,
    resolve_equipment,
    resolve_method,
    resolve_refrigerant,
    resolve_source,
)
from calc.errors import CalcInputError
from calc.gwp import default_policy
from calc.line_inputs import (
    MAX_ELECTRICITY_FACTOR,
    MAX_STEAM_FACTOR,
    emission_type_of,
    parse_rate,
    supplier_factor,
)
from calc.messages import input_error, message
from calc.model import (
    Activity,
    GasEmission,
    GasTotal,
    Inventory,
    InventoryResult,
    LineResult,
    Subtotal,
)
from calc.quantities import parse_quantity
from calc.recipes import Recipe
from contracts import numbers, years

Q4 = Decimal("0.0001")
Q3 = Decimal("0.001")
Q2 = Decimal("0.01")
ZERO = Decimal(0)


def _q4(value: Decimal) -> Decimal:
    return value.quantize(Q4, rounding=ROUND_HALF_UP)


def _q3(value: Decimal) -> Decimal:
    return value.quantize(Q3, rounding=ROUND_HALF_UP)


def _percent(part: Decimal, whole: Decimal) -> Decimal:
    if whole == 0:
        return ZERO
    return (part * 100 / whole).quantize(Q2, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class _Context:
    year: int
    gwp_set: str


def _line(index: int, activity: Activity, ctx: _Context) -> tuple[LineResult, Recipe]:
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
            leak_rate = parse_rate(activity.leak_rate, "bad_leak_rate")
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
        factor = supplier_factor(activity.factor, unit, limit)

    etype = emission_type_of(info, activity, match.emission_type, equipment_id, notes)
    quantity = parse_quantity(activity.amount, info, unit=activity.unit)
    notes.extend(quantity.notes)
    recipe = recipes.recipe(
        info.id, etype, ctx.year, ctx.gwp_set, refrigerant, equipment_id, method, leak_rate, factor
    )
    for note in recipe.notes:
        notes.append(note.replace("{charge}", numbers.exact(quantity.amount)) if "{charge}" in note else note)

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
            notes.append(message("note_rounded_to_zero", exact=numbers.fixed(exact, 6, grouping=False)))
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
        roc_year=years.roc(year),
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
