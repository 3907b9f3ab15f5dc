"""The readers, one per kind of question a pending amount waits for (period, bill length, money, unit, count, work
hours, usage, equipment, refrigerant, method, charge, cylinder size, steam factor, source, implausible value,
duplicate). A reader takes what it needs from the Reading and returns True when the turn answered."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal

from actions.inventory_chat import (
    approximations, catalogue, drafts, item_sizes, missing_months, refinements, segment_answers,
)
from actions.inventory_chat.reading import (
    NO, YES, Reading, apply_typical_charge, bills_a_year_months, choice_of, prefixed, replace_claim, restated,
    usage_from_equipment,
)
from calc import factors as calc_factors
from nlu import lexicon
from nlu.claim import Claim

#: the kinds of unit word a typed unit answer may be (not money, counters or months)
QUANTITY_KINDS = ("energy", "volume", "mass")


def _period(r: Reading) -> bool:
    said_period = r.st.period if r.st.hours_per_day is None else None  # "一天做9小時": work hours, not a period
    period = choice_of(r.choice, ("month", "bill", "year", "quarter", "week")) or said_period
    bill_months = r.st.bill_months or bills_a_year_months(r.st)
    if bill_months:
        r.answers["bill_months"], period = bill_months, "bill"
    if r.st.part_year_months:
        r.answers["part_year_months"] = r.st.part_year_months
        period = period or "year"
    if period is None:
        return False  # a bare 對 to "一個月、一期，還是一整年？" is no answer: asked again
    r.answers["period"] = period
    return True


def _bill_months(r: Reading) -> bool:
    months = {"bill_2": 2, "bill_1": 1}.get(r.choice or "") or r.st.bill_months or bills_a_year_months(r.st) or (
        1 if r.st.period == "month" else None)
    if months is None:
        return False
    r.answers["bill_months"] = months
    if r.draft.claim.source == "electricity":
        r.state.bill_months = months  # this user's bills: not asked again
    return True


def _extrapolate(r: Reading) -> bool:
    """A choice between two answers: the buttons or words that say which ("推估全年", "照這個算"); a bare
    yes or no could mean either and is asked again. The months left out, given, join the amount
    (actions/inventory_chat/missing_months.py)."""
    if r.choice is None and missing_months.read(r):
        return True
    decided = {YES: True, NO: False}.get(r.choice or "")
    said = r.st.extrapolate
    if decided is None and said is not None:
        decided = said
    if decided is None and (r.st.estimate or r.st.multiplier):
        decided = True  # "用半年乘2估全年"
    if decided is None:
        return False
    r.answers["extrapolate"] = decided  # remembered for the same months when the line is derived (annual.py)
    r.used.update(id(c) for c in r.st.claims)
    return True


def _unit(r: Reading) -> bool:
    quantity = restated(r)
    if quantity is not None:  # "90萬是錢啦，帳單上一年加起來是21萬度"
        r.used.update(id(c) for c in r.st.claims)
        replace_claim(r.draft, quantity)
        r.answers["quantity_given"] = True
    elif r.choice == "money" or r.st.money_mentioned:
        r.draft.claim.money = True
    elif (r.choice or "").startswith("unit:") or _named_unit(r) is not None:
        r.answers["unit"] = (r.choice or "").removeprefix("unit:") or _named_unit(r)
    elif r.choice == "unit" or r.said == YES:
        r.answers["unit"] = catalogue.source_unit(r.answers.get("source") or r.draft.claim.source or "")
    else:
        return False
    return True


def _named_unit(r: Reading) -> str | None:
    """"公斤啦", "是公升": one of the units offered for this source (or its usual one), typed."""
    source = r.answers.get("source") or r.draft.claim.source or ""
    said = r.st.text
    offered = catalogue.config().get("unit_choices", {}).get(source) or [catalogue.source_unit(source)]
    found = next((u for u in sorted(offered, key=len, reverse=True) if u and u in said), None)
    if found is None and source:  # "度啦" for the gas asked in 立方公尺: any unit the source takes
        taken = [w.text for w in lexicon.unit_words().values() if w.kind in QUANTITY_KINDS and w.text in said
                 and drafts.unit_error(source, w.text) is None]
        found = max(taken, key=len) if taken else None
    return found


def _money(r: Reading) -> bool:
    """The quantity on the bill; or the estimate from the money, asked for (用金額估算) or agreed to when it was
    offered; or "不知道公升數", which offers that estimate (or says what else can be done without a price)."""
    quantity = restated(r) or _asked_quantity(r)
    if quantity is not None:
        r.used.update(id(c) for c in r.st.claims if c is quantity or c.money or c.source is None)
        replace_claim(r.draft, quantity)
        r.answers["quantity_given"] = True
        return True
    price = _own_price(r)
    if price is not None:  # "一公升大概30塊": the money ÷ the user's own price
        r.answers["unit_price"] = [str(price[0]), price[1]]
        r.answers["estimate"] = True
        return True
    offered = r.draft.question == "estimate_offer"
    if r.choice == "estimate" or r.st.estimate or (offered and r.said == YES):
        r.answers["estimate"] = True
        return True
    if r.st.unknown or r.choice == "unknown":
        r.answers["offer_estimate"] = r.answers["quantity_unknown"] = True
        return True
    if offered and r.said == NO:
        return r.drop("dropped")
    return False


def _asked_quantity(r: Reading) -> Claim | None:
    """"1500" to "請看加油單據上的「公升數」": a bare number answering the money question is the quantity it asked
    for, in the unit it named (not the money said again, nor a second amount to ask about)."""
    source = r.answers.get("source") or r.draft.claim.source
    if source is None or len(r.st.claims) != 1 or r.st.question:
        return None
    said = r.st.claims[0]
    if said.source is not None or said.unit is not None or said.money or said.per_item or said.people is not None \
            or said.amount == r.draft.claim.amount or len(said.readings) != 1:
        return None
    unit = catalogue.source_unit(source)
    word = lexicon.unit_words().get(unit.lower())
    return dataclasses.replace(said, unit=unit, unit_kind=word.kind if word else None)


def _own_price(r: Reading) -> tuple[Decimal, str] | None:
    """The user's unit price for the pending money's source (its unit one the source takes)."""
    source = r.answers.get("source") or r.draft.claim.source
    for price, unit, named in r.st.unit_prices:
        if named in (None, source) and price > 0 and (source is None or drafts.unit_error(source, unit) is None):
            return price, unit
    return None


def _count(r: Reading) -> bool:
    count = r.st.counts[0][0] if r.st.counts else (r.st.bare_numbers[0] if r.st.bare_numbers else None)
    if count is None:
        return False
    r.answers["count"] = str(count)
    approximations.answered(r.st, count, _counter_word(r), r.answers)  # "三十幾台": 先以 30 台計
    r.used.update(id(c) for c in r.st.claims if c.source is None and c.unit is None)
    return True


def _counter_word(r: Reading) -> str:
    """The counter the count question asked in (台, 瓶), for a count answered without one ("三十幾")."""
    word = r.draft.claim.counter_word or ""
    return word if word and not word.isascii() else ""


def _septic_hours(r: Reading) -> bool:
    defaults = catalogue.config()["septic_defaults"]
    hours, days = r.st.hours_per_day, r.st.days_per_year
    if hours is None and days is None and r.said != YES:
        return False
    said = {"hours_per_day": hours, "days_per_year": days}
    r.answers["septic_defaults"] = [part for part, value in said.items() if value is None]  # which were assumed
    for part, value in said.items():
        r.answers[part] = str(value if value is not None else defaults[part])
        if value is not None:
            approximations.answered(r.st, value, "", r.answers)  # "一年大概兩百多天"
    r.used.update(id(c) for c in r.st.claims if c.unit_kind == "time" and c.source in (None, "septic_tank"))
    return True


def _days(r: Reading) -> bool:
    days = r.st.days_per_year or (r.st.bare_numbers[0] if r.st.bare_numbers else None)
    if days is None:
        return False
    r.answers["operating_days"] = str(days)
    approximations.answered(r.st, days, "", r.answers)
    return True


def _usage(r: Reading) -> bool:
    usage = choice_of(r.choice, ("stationary", "mobile")) or r.st.usage or usage_from_equipment(r.st)
    if usage is None:
        return False
    r.answers["usage"] = usage
    return True


def _equipment(r: Reading) -> bool:
    equipment = prefixed(r.choice, "equipment") or next(
        (e for e in r.st.equipment if calc_factors.equipment()[e].kind == "refrigeration"), None)
    if equipment is None:
        return False
    r.answers["equipment"] = equipment
    if equipment in r.st.equipment:
        r.answers["equipment_text"] = r.st.equipment_texts[r.st.equipment.index(equipment)]
    return True


def _refrigerant(r: Reading) -> bool:
    gas = prefixed(r.choice, "gas") or (r.st.refrigerants[0] if r.st.refrigerants else None)
    if gas is None and (r.st.unknown or r.choice == "unknown"):
        gas = drafts.typical_gas(r.answers.get("equipment") or r.draft.claim.equipment)
        if gas:
            r.answers.setdefault("assumption_notes", []).append({"key": "assume_typical_gas", "values": {"gas": gas}})
            r.answers["estimated"] = True
    if gas is None:
        return False
    r.answers["refrigerant"] = gas
    if r.answers.get("charge_unknown") and not r.draft.claim.readings:
        apply_typical_charge(r.draft)  # "不知道冷媒多少" was said with the equipment: not asked again
    return True


def _method(r: Reading) -> bool:
    method = choice_of(r.choice, ("charge", "refill")) or r.st.method
    if method is None:
        return False
    r.answers["method"] = method
    return True


def _charge(r: Reading) -> bool:
    mass = next((c for c in r.st.claims if c.unit_kind == "mass"), None)
    if mass is not None:
        r.used.add(id(mass))
        claim = r.draft.claim
        claim.readings, claim.unit, claim.unit_kind = mass.readings, mass.unit, "mass"
        claim.per_item = claim.per_item or mass.per_item
        claim.approximate += mass.approximate  # "每台一百多公斤": said with the line
        if mass.method:
            r.answers["method"] = mass.method
        return True
    if r.st.unknown or r.choice == "unknown" or (r.said == YES and r.answers.get("charge_unknown")):
        return apply_typical_charge(r.draft)  # 好 to "要先用常見填充量估算嗎？"
    return False


def _per_item(r: Reading) -> bool:
    """"一桶20公斤", or the button 每桶 20 公斤."""
    kg = prefixed(r.choice, "kg")
    claim = r.draft.claim
    if kg is not None:
        claim.readings, claim.unit, claim.unit_kind = [Decimal(kg)], "公斤", "mass"
        return True
    amount = next((c for c in r.st.claims if c.unit_kind is not None), None)
    if amount is None:
        return False
    r.used.add(id(amount))
    claim.readings, claim.unit, claim.unit_kind = amount.readings, amount.unit, amount.unit_kind
    claim.approximate += amount.approximate
    return True


#: the largest supplier steam factor taken as an answer (calc refuses more than 2 tCO2e per tonne of steam)
MAX_STEAM_FACTOR = 2


def _factor(r: Reading) -> bool:
    """"係數是每噸蒸汽0.21公噸CO2e": the number is the factor, whatever unit it carries."""
    # an amount of another source ("電是高壓每月 31萬度") is data, not this factor; a factor is a small number
    value = r.st.bare_numbers[0] if r.st.bare_numbers else next(
        (c.amount for c in r.st.claims if c.source in (None, "steam") and not c.money), None)
    if value is not None and value > MAX_STEAM_FACTOR:
        value = None
    if value is not None:
        r.answers["factor"] = str(value)
        approximations.answered(r.st, value, "", r.answers)
        r.used.update(id(c) for c in r.st.claims)
        return True
    if r.st.unknown:
        return r.drop("steam_later")
    return False


def _source(r: Reading) -> bool:
    source = prefixed(r.choice, "source") or (r.st.sources[0] if r.st.sources else None)
    if source is None:
        return False
    r.answers["source"] = source
    return True


def _confirm(r: Reading) -> bool:
    if r.said == YES:
        r.answers["confirmed"] = True
        return True
    if r.said == NO:
        return r.drop("confirm_again")
    return False


def _duplicate(r: Reading) -> bool:
    action = choice_of(r.choice, ("add", "replace")) or ("replace" if r.st.correction else None)
    if action is None and r.said == YES:
        action = "add"
    if action is None:
        return False
    r.answers["duplicate"] = action
    return True


def _item_sizes(r: Reading) -> bool:
    return item_sizes.read(r.draft, r.st, r.choice, r.used, yes=r.said == YES)


def _invalid(r: Reading) -> bool:
    replacement = next(iter(r.st.claims), None)
    if replacement is None:
        return False
    r.used.add(id(replacement))
    replace_claim(r.draft, replacement)
    return True
READERS: dict[str, Callable[[Reading], bool]] = {
    "period": _period, "bill_months": _bill_months, "extrapolate": _extrapolate, "unit": _unit, "money": _money,
    "estimate_offer": _money, "no_price": _money,
    "count": _count, "septic_hours": _septic_hours, "days": _days, "usage": _usage, "equipment": _equipment,
    "refrigerant": _refrigerant, "method": _method, "charge": _charge, "cylinder_kg": _per_item,
    "per_item": _per_item, "factor": _factor, "source": _source, "confirm": _confirm, "duplicate": _duplicate,
    "invalid": _invalid, "item_sizes": _item_sizes, "segment_per": segment_answers.read, "refine": refinements.read,
}
