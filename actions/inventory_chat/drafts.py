"""A stated amount on its way to an inventory line: each check in the order a consultant would make it.

``advance(draft, ctx)`` returns the Line to record or the question still open (a ``Question``): which source,
money or quantity, stationary or mobile, which refrigerant / equipment / method, how many units, the period,
the supplier's steam factor, a value calc refuses, an implausible value, a second line for the same thing.
Every answer lands in ``draft.answers``; calling ``advance`` again continues where it stopped.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import calc
from actions.inventory_chat import annual, approximations, catalogue, money, segments, vehicles
from actions.inventory_chat.state import Draft, InventoryState, Line, Note
from calc import CalcInputError, estimates, parse_quantity
from calc import factors as calc_factors
from contracts.numbers import number

#: sources with two usages, and the one taken when nothing says which (with the assumption shown)
USAGE_DEFAULTS = {"gasoline": "mobile", "lpg": "stationary"}
ASK_USAGE = ("diesel",)
#: a number without a unit from this size on may be money as well as a quantity: the unit is asked
UNIT_QUESTION_FROM = Decimal(100)


@dataclass(frozen=True)
class Question:
    kind: str
    detail: str = ""  # e.g. calc's error message for "invalid"


@dataclass
class Context:
    state: InventoryState
    #: the category just asked (its question asks for a year's amount)
    step: str | None


def advance(draft: Draft, ctx: Context) -> Line | Question:
    claim, answers = draft.claim, draft.answers
    source = answers.get("source") or claim.source or _source_from_context(draft, ctx)
    if source is None or (answers.get("source") is None and ambiguous_name(draft)):
        return Question("source")  # unnamed, or "瓦斯 6 千塊": 桶裝瓦斯 or 天然氣?
    claim.source = source
    refused = unit_error(source, answers.get("unit") or claim.unit)
    if refused is not None and not claim.money:
        return Question("invalid", refused)  # "電用了56公升": said before anything else is asked
    if claim.money and not answers.get("quantity_given"):
        question = _from_money(draft, ctx)
        if question is not None:
            return question
    usage = _usage(draft, ctx)
    if isinstance(usage, Question):
        return usage
    step = catalogue.step_for(source, usage)
    answers["step"] = step.id if step else ctx.step
    if source == "refrigerant":
        question = _refrigerant(draft)
        if question is not None:
            return question
    if claim.per_item and not claim.readings:
        return Question("cylinder_kg" if source == "lpg" else "per_item")  # "一個月4桶": how much is one?
    if source == "steam" and answers.get("factor") is None and claim.supplier_factor is not None:
        answers["factor"] = str(claim.supplier_factor)  # said with the amount
    if source == "steam" and answers.get("factor") is None:
        return Question("factor")
    answering = step is not None and ctx.step == step.id
    if claim.unit is None and not answers.get("unit") and claim.people is None and claim.readings:
        always = source in catalogue.config().get("unit_always_asked", ())
        # the question just asked says the unit only for some sources (一年用了多少度電？); a fuel's does not
        named = answering and source in catalogue.config().get("unit_named_by_question", ())
        if (not named and claim.amount >= UNIT_QUESTION_FROM) or always:
            return Question("unit")  # "電一年90萬": 90萬度 or NT$90萬? "柴油大概3000": 公升 or 元?
        answers["unit"] = _default_unit(source)
        answers.setdefault("assumption_notes", []).append(
            {"key": "assume_unit", "values": {"unit": answers["unit"]}})
    unit = answers.get("unit") or claim.unit or _default_unit(source)
    _count_from_earlier_line(draft, ctx)
    segments.bounded(draft, ctx.state.year)  # "8月才開工": those months; "2019年3月設廠" in 2024: the whole year
    result = annual.annualize(draft, unit, answering_step=answering, bill_months=ctx.state.bill_months,
                              part_year_choices=ctx.state.part_year_choices,
                              default_period=ctx.state.default_period)
    if isinstance(result, annual.Question):
        return Question(result.kind)
    if result.part_year_choice is not None:
        months, extrapolate = result.part_year_choice
        ctx.state.part_year_choices[str(months)] = extrapolate
    amount = result.amount.normalize() if result.amount == result.amount.to_integral() else result.amount
    try:
        quantity = parse_quantity(f"{amount:f}{unit}", source)
    except (CalcInputError, InvalidOperation) as exc:
        return Question("invalid", getattr(exc, "message", ""))
    if not answers.get("confirmed"):
        bounds = catalogue.plausible(source)
        value = float(quantity.amount)
        if bounds and value != 0 and not bounds[0] <= value <= bounds[1]:
            answers["direction"] = "low" if value < bounds[0] else "high"
            answers["annual_text"] = f"{number(amount)} {unit}"
            return Question("confirm")
    line = Line(
        id=0, source=source, amount=f"{amount:f}", unit=unit, step=answers["step"] or "",
        usage=usage if len(calc.SOURCES[source].emission_types) > 1 else None,
        refrigerant=answers.get("refrigerant") or claim.refrigerant,
        equipment=answers.get("equipment") or claim.equipment,
        equipment_text=answers.get("equipment_text") or claim.equipment_text,
        method=answers.get("method") or claim.method, factor=answers.get("factor"),
        label=_label(draft), as_given=str(claim.readings[0]) if claim.readings else None,
        derivation=list(answers.get("derivation_before", [])) + result.derivation,
        assumptions=[Note(n["key"], n["values"]) for n in answers.get("assumption_notes", [])] + result.assumptions
        + approximations.notes(claim, unit),
        estimate=result.estimate or bool(answers.get("estimated")),
        calc_notes=list(quantity.notes),
    )
    line.derivation = [n if isinstance(n, Note) else Note(n["key"], n["values"]) for n in line.derivation]
    if draft.replaces is None and not answers.get("duplicate"):
        same = _same_line(ctx.state, line)
        if same is not None:
            answers["duplicate_of"] = same.id
            return Question("duplicate")
    return line


def ambiguous_name(draft: Draft) -> list[str]:
    """The sources a name may mean when neither its unit nor the user says which ("瓦斯" by money or without a
    unit: 天然氣 or 桶裝瓦斯); empty when the name is clear."""
    claim = draft.claim
    if claim.unit_kind not in (None, "money") or not claim.source_alias:
        return []
    return list(catalogue.config()["ambiguous_names"].get(claim.source_alias, []))


def _source_from_context(draft: Draft, ctx: Context) -> str | None:
    """A bare amount ("15萬度", "1200") belongs to the category just asked when only one of its sources takes
    that kind of unit."""
    step = catalogue.step(ctx.step)
    claim = draft.claim
    if step is None or vehicles.foreign_to_step(claim, step.id):
        return None  # "貨車一台 油錢一個月8000" at the welding question: the truck's fuel, which one is asked
    candidates = [s for s in step.sources if _takes(s, claim.unit)]
    if claim.unit is None:
        candidates = list(step.sources[:1]) if len(step.sources) == 1 else []
    if claim.source is None and len(candidates) > 1 and claim.unit_kind == "energy":
        candidates = [s for s in candidates if s != "green_electricity"]
    return candidates[0] if len(candidates) == 1 else None


def unit_error(source: str, unit: str | None) -> str | None:
    """calc's message when ``unit`` is not one ``source`` can take (公升 for electricity), else None."""
    if unit is None or unit in ("元",):
        return None
    try:
        parse_quantity(f"1{unit}", source)
    except CalcInputError as exc:
        return exc.message if exc.code in ("unit_mismatch", "unknown_unit", "unit_phase_lpg",
                                            "unit_phase_lng") else None
    return None


def _takes(source: str, unit: str | None) -> bool:
    if unit is None:
        return True
    try:
        parse_quantity(f"1{unit}", source)
    except CalcInputError:
        return False
    return True


def _default_unit(source: str) -> str:
    return calc.SOURCES[source].unit_display


def _usage(draft: Draft, ctx: Context) -> str | None | Question:
    claim, answers = draft.claim, draft.answers
    source = claim.source
    types = calc.SOURCES[source].emission_types
    if len(types) == 1:
        return types[0]
    usage = answers.get("usage") or claim.usage
    if usage is None and claim.equipment:
        info = calc_factors.equipment().get(claim.equipment)
        if info is not None and info.usage in types:
            usage = info.usage
    current = catalogue.step(ctx.step)
    if usage is None and current is not None and current.usage in types and source in current.sources:
        usage = current.usage
        if source in ASK_USAGE:  # "柴油一年 5000 升" at the stationary step: said so, easy to change
            answers.setdefault("assumption_notes", []).append(
                {"key": f"assume_usage_{usage}_by_step", "values": {"source": catalogue.source_name(source)}})
    if usage is None and source in ASK_USAGE:
        return Question("usage")
    if usage is None:
        usage = USAGE_DEFAULTS.get(source, calc.SOURCES[source].default_emission_type)
        answers.setdefault("assumption_notes", []).append(
            {"key": f"assume_usage_{usage}", "values": {"source": catalogue.source_name(source)}})
    answers["usage"] = usage
    return usage


def _count_from_earlier_line(draft: Draft, ctx: Context) -> None:
    """"冷凍車 2 台 柴油…" then "冷凍車的冷媒每台 4 公斤": the count of that equipment said before, said so."""
    claim, answers = draft.claim, draft.answers
    if not claim.per_item or claim.count is not None or "count" in answers or not claim.equipment:
        return
    for line in reversed(ctx.state.lines):
        origin = (line.origin or {}).get("claim") or {}
        count = (line.origin or {}).get("answers", {}).get("count") or origin.get("count") or origin.get("units_each")
        if line.equipment == claim.equipment and origin.get("per_item") and count is not None:
            answers["count"] = str(count)
            answers.setdefault("assumption_notes", []).append({"key": "assume_count_from_line", "values": {
                "equipment": claim.equipment_text or line.equipment_text or "", "count": str(count),
                "counter_word": origin.get("counter_word") or ""}})
            return


def _refrigerant(draft: Draft) -> Question | None:
    claim, answers = draft.claim, draft.answers
    equipment = answers.get("equipment") or claim.equipment
    info = calc_factors.equipment().get(equipment or "")
    if info is None or info.kind != "refrigeration":
        return Question("equipment")
    if not (answers.get("refrigerant") or claim.refrigerant):
        return Question("refrigerant")
    if not (answers.get("method") or claim.method):
        # an amount without 補/灌/填充量: a nameplate charge (how inventories usually give it), said so
        answers["method"] = "charge"
        if not claim.per_item:
            answers.setdefault("assumption_notes", []).append({"key": "assume_charge", "values": {}})
    if not claim.readings:
        return Question("charge")
    return None


def _from_money(draft: Draft, ctx: Context) -> Question | None:
    """採購金額回推用量: money ÷ the year's average price — when the user asked for it, or offered (to be
    confirmed) when the user does not know the quantity; always marked 估算."""
    answers = draft.answers
    if draft.claim.quantity_unknown:  # said with the money: as if answered "不知道公升數"
        answers.setdefault("offer_estimate", True)
        answers.setdefault("quantity_unknown", True)
    own = answers.get("unit_price") or draft.claim.unit_price
    if own and unit_error(draft.claim.source or "", own[1]) is None:  # "一公升大概30塊": the user's price
        priced = money.at_own_price(draft, Decimal(str(own[0])), own[1])
        if priced is None:
            return Question("segment_per")
        money.apply(draft, priced)
        return None
    if not answers.get("estimate") and not answers.get("offer_estimate"):
        return Question("money")
    if money.needs_segment_per(draft):
        return Question("segment_per")  # "上半年大概18萬": each month's or the half year's, before the price
    found = money.estimate(draft, ctx.state.year or 0)
    if found is None:
        answers["estimate"] = answers["offer_estimate"] = False
        return Question("no_price")
    if not answers.get("estimate"):  # "不知道公升數": the estimate is shown, and recorded only when agreed
        answers["offer"] = {"step": found.step, "assumption": found.assumption, "before": found.before}
        return Question("estimate_offer")
    money.apply(draft, found)
    return None


def _label(draft: Draft) -> str | None:
    claim = draft.claim
    parts = [p for p in (draft.answers.get("equipment_text") or claim.equipment_text, claim.count_label) if p]
    return " ".join(parts) if parts else None


def line_key(line: Line) -> tuple:
    return (line.source, line.usage, (line.refrigerant or "").upper().replace("-", ""), line.equipment, line.method)


def _same_line(state: InventoryState, line: Line) -> Line | None:
    """A recorded line this one may restate: same source, usage, gas, equipment type and what the user called
    it (a water dispenser and a fridge of the same type are two lines, not a correction)."""
    key = line_key(line) + (line.equipment_text or "",)
    return next((old for old in state.lines if line_key(old) + (old.equipment_text or "",) == key), None)


def typical_charge_note(equipment: str, said: str | None) -> tuple[Decimal, Note] | None:
    charge = estimates.typical_charge(equipment, said)
    if charge is None:
        return None
    key = "assume_typical_charge" if charge.range_own else "assume_typical_charge_class"  # no 0.5–100 kg
    return charge.kg, Note(key, {"kg": number(charge.kg), "name": charge.name,
                                 "low": number(charge.low_kg), "high": number(charge.high_kg)})


def typical_gas(equipment: str | None) -> str | None:
    """The refrigerant usually found in a type of equipment (typical_charges.csv), for an estimate."""
    charge = estimates.typical_charge(equipment or "")
    if charge is None:
        return None
    gas = charge.refrigerant
    return {"HFC-134a": "R-134a", "HFC-32": "R-32"}.get(gas, gas)
