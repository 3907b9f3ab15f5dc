"""What-if reductions: each rewrites the activity list, recomputes with the same year, GWP set and rounding,
and returns the tCO2e saved with its assumptions.

- fuel_switch: coal, sub-bituminous coal or heavy oil (stationary) → natural gas at equal heat content
  (6.0.4 heat values: 燃料煤 6,080 kcal/kg, 燃料油 9,600 kcal/L, 天然氣 8,000 kcal/m³);
- green_power: a share of purchased electricity from renewable power (電證合一, factor 0);
- refrigerant_swap: a refrigerant replaced by a lower-GWP one at the same charge and leak rate.

What the scenarios share (their result, the saving, shares, a line's usage) is calc/whatif_result.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from calc import factors as F
from calc._data import catalogue
from calc.aliases import resolve_refrigerant, resolve_source
from calc.engine import compute
from calc.errors import CalcInputError
from calc.messages import input_error, message
from calc.model import Activity, Inventory, InventoryResult
from calc.quantities import parse_quantity
from calc.whatif_result import (
    WhatIfResult, as_inventory, line_usage, parse_share, percent_text, scenario_result,
)
from contracts import numbers

SWITCHABLE_FUELS = ("coal", "sub_bituminous_coal", "fuel_oil", "diesel", "lpg")
DEFAULT_SWITCH_FROM = ("coal", "sub_bituminous_coal", "fuel_oil")


def fuel_switch(
    inventory: Inventory | Mapping[str, object],
    from_sources: str | Iterable[str] | None = None,
    share: object = 1,
    to: str = "natural_gas",
    *,
    before: InventoryResult | None = None,
) -> WhatIfResult:
    """Replace stationary coal / heavy oil (or the given fuels) by natural gas of equal heat content."""
    inv = as_inventory(inventory)
    if resolve_source(to).source != "natural_gas":
        raise input_error("whatif_only_gas")
    if from_sources is None:
        wanted = set(DEFAULT_SWITCH_FROM)
    else:
        names = [from_sources] if isinstance(from_sources, str) else list(from_sources)
        wanted = set()
        for name in names:
            sid = resolve_source(name).source
            if sid not in SWITCHABLE_FUELS:
                raise input_error("whatif_bad_fuel", text=name)
            wanted.add(sid)
    fraction = parse_share(share)
    gas = F.fuel_factor("natural_gas", "stationary")
    assert gas is not None
    activities: list[Activity] = []
    heat_total = m3_total = Decimal(0)
    switched: dict[str, str] = {}
    for index, act in enumerate(inv.activities):
        try:
            sid, usage = line_usage(act, index)
        except CalcInputError as err:
            raise err.at_activity(index) from None
        if sid not in wanted or (usage or F.sources()[sid].default_emission_type) != "stationary":
            activities.append(act)
            continue
        fuel = F.fuel_factor(sid, "stationary")
        assert fuel is not None
        info = F.sources()[sid]
        try:
            q = parse_quantity(act.amount, info, unit=act.unit)
        except CalcInputError as err:
            raise err.at_activity(index) from None
        heat = q.amount * fuel.heat_value * fraction
        m3 = heat / gas.heat_value
        heat_total += heat
        m3_total += m3
        switched[sid] = f"{fuel.name} {numbers.exact(fuel.heat_value)} {fuel.heat_value_unit}"
        if fraction < 1:
            activities.append(replace(act, amount=q.amount * (1 - fraction), unit=info.canonical_unit))
        activities.append(
            Activity(
                source="natural_gas",
                amount=m3,
                unit="m3",
                usage="stationary",
                label=message("whatif_switched_label", label=act.label or info.name),
            )
        )
    if not switched:
        raise input_error("whatif_no_fuel")
    names = "、".join(F.sources()[s].name for s in switched)
    assumptions = [
        message(
            "whatif_fuel_switch_heat", details="；".join(switched.values()), gas_heat=numbers.exact(gas.heat_value)
        ),
        message("whatif_fuel_switch_efficiency"),
    ]
    if fraction < 1:
        assumptions.append(message("whatif_fuel_switch_share", share=percent_text(fraction)))
    details = {
        "heat_kcal": heat_total.quantize(Decimal(1), ROUND_HALF_UP),
        "natural_gas_m3": m3_total.quantize(Decimal("0.01"), ROUND_HALF_UP),
        "share": fraction,
    }
    return scenario_result(
        "fuel_switch",
        message("whatif_fuel_switch_label", sources=names),
        inv,
        replace(inv, activities=tuple(activities)),
        assumptions,
        details,
        before,
    )


def green_power(
    inventory: Inventory | Mapping[str, object], share: object, *, before: InventoryResult | None = None
) -> WhatIfResult:
    """Buy ``share`` (0–1 or "30%") of the purchased electricity as renewable power (factor 0)."""
    inv = as_inventory(inventory)
    fraction = parse_share(share)
    activities: list[Activity] = []
    kwh = Decimal(0)
    for index, act in enumerate(inv.activities):
        try:
            sid = resolve_source(act.source).source
            if sid != "electricity":
                activities.append(act)
                continue
            q = parse_quantity(act.amount, F.sources()[sid], unit=act.unit)
        except CalcInputError as err:
            raise err.at_activity(index) from None
        green = q.amount * fraction
        kwh += green
        activities.append(replace(act, amount=q.amount - green, unit="kWh"))
        activities.append(
            Activity(
                source="green_electricity",
                amount=green,
                unit="kWh",
                label=message("whatif_green_line_label", label=act.label or F.sources()["electricity"].name),
            )
        )
    if not any(resolve_source(a.source).source == "electricity" for a in inv.activities):
        raise input_error("whatif_no_electricity")
    assumptions = [message("whatif_green_power_assume", year=inv.year)]
    return scenario_result(
        "green_power",
        message("whatif_green_power_label", share=percent_text(fraction)),
        inv,
        replace(inv, activities=tuple(activities)),
        assumptions,
        {"green_kwh": kwh, "share": fraction},
        before,
    )


def refrigerant_swap(
    inventory: Inventory | Mapping[str, object],
    to: str,
    from_refrigerants: str | Iterable[str] | None = None,
    *,
    before: InventoryResult | None = None,
) -> WhatIfResult:
    """Replace refrigerants (all, or the given ones) by ``to`` at the same charge and leak rate."""
    inv = as_inventory(inventory)
    target = resolve_refrigerant(to)
    wanted = None
    if from_refrigerants is not None:
        names = [from_refrigerants] if isinstance(from_refrigerants, str) else list(from_refrigerants)
        wanted = {resolve_refrigerant(n) for n in names}
    activities: list[Activity] = []
    swapped: list[str] = []
    for index, act in enumerate(inv.activities):
        try:
            match = resolve_source(act.source)
            gas = resolve_refrigerant(act.refrigerant) if act.refrigerant else match.refrigerant
        except CalcInputError as err:
            raise err.at_activity(index) from None
        if match.source != "refrigerant" or gas is None or gas == target or (wanted and gas not in wanted):
            activities.append(act)
            continue
        swapped.append(gas)
        activities.append(replace(act, source="refrigerant", refrigerant=target))
    if not swapped:
        raise input_error("whatif_no_refrigerant")
    gwp_set = compute(replace(inv, activities=())).gwp_set
    table = F.gwp_table()
    olds = list(dict.fromkeys(swapped))
    from_gwp = "、".join(
        f"{table[g].name} {numbers.exact(table[g].value(gwp_set) if table[g].counted else 0, grouping=False)}"
        for g in olds
    )
    assumptions = [
        message(
            "whatif_refrigerant_swap_assume",
            gwp_set=gwp_set,
            from_gwp=from_gwp,
            to_gwp=f"{table[target].name} {numbers.exact(table[target].value(gwp_set), grouping=False)}",
        )
    ]
    label = message(
        "whatif_refrigerant_swap_label",
        from_names="、".join(table[g].name for g in olds),
        to_name=table[target].name,
    )
    return scenario_result(
        "refrigerant_swap",
        label,
        inv,
        replace(inv, activities=tuple(activities)),
        assumptions,
        {"to": target, "from": olds},
        before,
    )


@lru_cache(maxsize=1)
def _scenario_names() -> dict[str, str]:
    """The Chinese names a scenario's type may be given by (calc/data/whatif_names.yaml) → its code."""
    return {str(name): str(code) for name, code in catalogue("whatif_names.yaml").data.items()}


def run(
    inventory: Inventory | Mapping[str, object], spec: object, *, before: InventoryResult | None = None
) -> WhatIfResult:
    """One scenario from its JSON form: {"type": "fuel_switch", "from": "燃料煤", "share": 1},
    {"type": "green_power", "share": "30%"}, {"type": "refrigerant_swap", "to": "R-32", "from": "R-410A"}."""
    if not isinstance(spec, Mapping):
        raise input_error("whatif_bad", detail=message("whatif_detail_object"))
    kind = str(spec.get("type", "")).strip()
    scenario = _scenario_names().get(kind, kind)
    if scenario == "fuel_switch":
        return fuel_switch(
            inventory, spec.get("from"), spec.get("share", 1), spec.get("to", "natural_gas"), before=before
        )
    if scenario == "green_power":
        if spec.get("share") is None:
            raise input_error("whatif_bad_share", text=message("whatif_share_missing"))
        return green_power(inventory, spec["share"], before=before)
    if scenario == "refrigerant_swap":
        if not spec.get("to"):
            raise input_error("whatif_bad", detail=message("whatif_detail_swap_to"))
        return refrigerant_swap(inventory, str(spec["to"]), spec.get("from"), before=before)
    raise input_error("whatif_unknown", text=kind)
