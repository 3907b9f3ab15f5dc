"""Answers to the question a pending amount waits for: one small reader per kind of question (period, bill
length, money, unit, count, work hours, usage, equipment, refrigerant, method, charge, cylinder size, steam
factor, source, implausible value, duplicate). A reader takes what it needs from the button pressed or the
statement typed; when the turn does not answer the question, nothing changes and the caller handles the turn
as new data and asks the question again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from actions.inventory_chat import amounts, catalogue, drafts, presenter
from actions.inventory_chat.catalogue import text
from actions.inventory_chat.drafts import Context
from actions.inventory_chat.presenter import Reply
from actions.inventory_chat.state import Draft, InventoryState
from calc import factors as calc_factors
from nlu import lexicon
from nlu.statements import Claim, Statement

YES, NO = "yes", "no"


@dataclass
class Reading:
    """The user's turn read as an answer to one draft's question."""

    state: InventoryState
    reply: Reply
    draft: Draft
    st: Statement
    choice: str | None  # the button's choice (inventory_answer{"choice": …})
    said: str | None  # yes / no, from the intent, the button or the words
    used: set[int] = field(default_factory=set)  # id() of the statement's claims the answer took
    dropped: bool = False

    @property
    def answers(self) -> dict:
        return self.draft.answers

    def drop(self, key: str) -> bool:
        self.state.pending.remove(self.draft)
        self.reply.note(text(key, subject=presenter.draft_subject(self.draft)))
        self.dropped = True
        return True


def answer(state: InventoryState, reply: Reply, draft: Draft, st: Statement, intent: str, choice: str | None,
           ctx: Context) -> set[int]:
    """Apply the turn to the pending draft's question. Returns the ids of the claims it used plus -1 when it
    answered (an empty set: not an answer, nothing changed)."""
    reading = Reading(state, reply, draft, st, choice, yes_no(intent, choice, st))
    if choice == "skip" or (intent == "skip" and draft.question != "septic_hours"):
        reading.drop("dropped")
        return {-1}
    reader = READERS.get(draft.question or "")
    if reader is None or not reader(reading):
        return set()
    if not reading.dropped:
        draft.asked = 0
        amounts.progress(state, reply, draft, ctx)
    return reading.used | {-1}


def yes_no(intent: str, choice: str | None, st: Statement) -> str | None:
    """yes / no from the intent, a button, or words that start with one ("好，就用…", "不是")."""
    if intent == "affirm" or choice == YES:
        return YES
    if intent == "deny" or choice == NO:
        return NO
    words = st.text.strip(" 。!！~～,，")
    no_words, yes_words = lexicon.words("no_words"), lexicon.words("yes_words")
    if words in no_words or any(words.startswith(w) for w in no_words):
        return NO
    if words in yes_words or any(
            words.startswith(w) and not st.correction for w in yes_words if len(w) > 1 or
            words[1:2] in ("", "，", ",", " ", "的", "啊", "喔", "！", "!", "。")):
        return YES
    return None


# ---------------------------------------------------------------- readers, one per question


def _period(r: Reading) -> bool:
    said_period = r.st.period if r.st.hours_per_day is None else None  # "一天做9小時": work hours, not a period
    period = _choice(r.choice, ("month", "bill", "year", "quarter", "week")) or said_period
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
    yes or no could mean either and is asked again."""
    decided = {YES: True, NO: False}.get(r.choice or "")
    said = r.st.extrapolate
    if decided is None and said is not None:
        decided = said
    if decided is None and (r.st.estimate or r.st.multiplier):
        decided = True  # "用半年乘2估全年"
    if decided is None:
        return False
    r.answers["extrapolate"] = decided
    months = r.answers.get("part_year_months") or r.draft.claim.part_year_months
    if months:
        r.state.part_year_choices[str(months)] = decided  # the same months later: the same answer
    r.used.update(id(c) for c in r.st.claims)
    return True


def _unit(r: Reading) -> bool:
    quantity = _restated(r)
    if quantity is not None:  # "90萬是錢啦，帳單上一年加起來是21萬度"
        r.used.update(id(c) for c in r.st.claims)
        replace_claim(r.draft, quantity)
        r.answers["quantity_given"] = True
    elif r.choice == "money" or r.st.money_mentioned:
        r.draft.claim.money = True
    elif r.choice == "unit" or r.said == YES:
        r.answers["unit"] = catalogue.source_unit(r.answers.get("source") or r.draft.claim.source or "")
    else:
        return False
    return True


def _money(r: Reading) -> bool:
    quantity = _restated(r)
    if quantity is not None:
        r.used.update(id(c) for c in r.st.claims if c is quantity or c.money)
        replace_claim(r.draft, quantity)
        r.answers["quantity_given"] = True
        return True
    if r.choice == "estimate" or r.st.estimate:
        r.answers["estimate"] = True
        return True
    if r.st.unknown:
        r.reply.note(text("money_unknown"))
    return False


def _count(r: Reading) -> bool:
    count = r.st.counts[0][0] if r.st.counts else (r.st.bare_numbers[0] if r.st.bare_numbers else None)
    if count is None:
        return False
    r.answers["count"] = str(count)
    r.used.update(id(c) for c in r.st.claims if c.source is None and c.unit is None)
    return True


def _septic_hours(r: Reading) -> bool:
    defaults = catalogue.config()["septic_defaults"]
    hours, days = r.st.hours_per_day, r.st.days_per_year
    if hours is None and days is None and r.said == YES:
        hours, days = Decimal(defaults["hours_per_day"]), Decimal(defaults["days_per_year"])
        r.answers["septic_defaults"] = True
    if hours is None and days is None:
        return False
    r.answers["hours_per_day"] = str(hours if hours is not None else defaults["hours_per_day"])
    r.answers["days_per_year"] = str(days if days is not None else defaults["days_per_year"])
    if hours is None or days is None:
        r.answers["septic_defaults"] = True
    r.used.update(id(c) for c in r.st.claims if c.unit_kind == "time" and c.source in (None, "septic_tank"))
    return True


def _days(r: Reading) -> bool:
    days = r.st.days_per_year or (r.st.bare_numbers[0] if r.st.bare_numbers else None)
    if days is None:
        return False
    r.answers["operating_days"] = str(days)
    return True


def _usage(r: Reading) -> bool:
    usage = _choice(r.choice, ("stationary", "mobile")) or r.st.usage or _usage_from_equipment(r.st)
    if usage is None:
        return False
    r.answers["usage"] = usage
    return True


def _equipment(r: Reading) -> bool:
    equipment = _prefixed(r.choice, "equipment") or next(
        (e for e in r.st.equipment if calc_factors.equipment()[e].kind == "refrigeration"), None)
    if equipment is None:
        return False
    r.answers["equipment"] = equipment
    if equipment in r.st.equipment:
        r.answers["equipment_text"] = r.st.equipment_texts[r.st.equipment.index(equipment)]
    return True


def _refrigerant(r: Reading) -> bool:
    gas = _prefixed(r.choice, "gas") or (r.st.refrigerants[0] if r.st.refrigerants else None)
    if gas is None and (r.st.unknown or r.choice == "unknown"):
        gas = drafts.typical_gas(r.answers.get("equipment") or r.draft.claim.equipment)
        if gas:
            r.answers.setdefault("assumption_notes", []).append({"key": "assume_typical_gas", "values": {"gas": gas}})
            r.answers["estimated"] = True
    if gas is None:
        return False
    r.answers["refrigerant"] = gas
    return True


def _method(r: Reading) -> bool:
    method = _choice(r.choice, ("charge", "refill")) or r.st.method
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
        if mass.method:
            r.answers["method"] = mass.method
        return True
    if r.st.unknown or r.choice == "unknown":
        return _typical_charge(r.draft)
    return False


def _per_item(r: Reading) -> bool:
    """"一桶20公斤", or the button 每桶 20 公斤."""
    kg = _prefixed(r.choice, "kg")
    claim = r.draft.claim
    if kg is not None:
        claim.readings, claim.unit, claim.unit_kind = [Decimal(kg)], "公斤", "mass"
        return True
    amount = next((c for c in r.st.claims if c.unit_kind is not None), None)
    if amount is None:
        return False
    r.used.add(id(amount))
    claim.readings, claim.unit, claim.unit_kind = amount.readings, amount.unit, amount.unit_kind
    return True


def _factor(r: Reading) -> bool:
    """"係數是每噸蒸汽0.21公噸CO2e": the number is the factor, whatever unit it carries."""
    value = r.st.bare_numbers[0] if r.st.bare_numbers else next((c.amount for c in r.st.claims), None)
    if value is not None:
        r.answers["factor"] = str(value)
        r.used.update(id(c) for c in r.st.claims)
        return True
    if r.st.unknown:
        return r.drop("steam_later")
    return False


def _source(r: Reading) -> bool:
    source = _prefixed(r.choice, "source") or (r.st.sources[0] if r.st.sources else None)
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
    action = _choice(r.choice, ("add", "replace")) or ("replace" if r.st.correction else None)
    if action is None and r.said == YES:
        action = "add"
    if action is None:
        return False
    r.answers["duplicate"] = action
    return True


def _invalid(r: Reading) -> bool:
    replacement = next(iter(r.st.claims), None)
    if replacement is None:
        return False
    r.used.add(id(replacement))
    replace_claim(r.draft, replacement)
    return True


READERS: dict[str, Callable[[Reading], bool]] = {
    "period": _period, "bill_months": _bill_months, "extrapolate": _extrapolate, "unit": _unit, "money": _money,
    "count": _count, "septic_hours": _septic_hours, "days": _days, "usage": _usage, "equipment": _equipment,
    "refrigerant": _refrigerant, "method": _method, "charge": _charge, "cylinder_kg": _per_item,
    "per_item": _per_item, "factor": _factor, "source": _source, "confirm": _confirm, "duplicate": _duplicate,
    "invalid": _invalid,
}


# ---------------------------------------------------------------- helpers


def _restated(r: Reading) -> Claim | None:
    """The quantity a user gives for the pending amount (the kWh after the money): a physical amount whose
    source is unnamed or the same."""
    source = r.answers.get("source") or r.draft.claim.source
    return next((c for c in r.st.claims if not c.money and c.unit_kind not in (None, "money", "time")
                 and c.source in (None, source) and (source is None or drafts.unit_error(source, c.unit) is None)),
                None)


def bills_a_year_months(st: Statement) -> int | None:
    """"一年六張", "一年12期": so many bills a year → the months one bill covers (2, 1, 3…)."""
    bills = [n for n, counter in st.counts if counter in lexicon.grouped("counters")["bill"]]
    if st.period != "year" or len(bills) != 1 or bills[0] <= 0 or 12 % bills[0]:
        return None
    return 12 // int(bills[0])


def _choice(choice: str | None, allowed: tuple[str, ...]) -> str | None:
    return choice if choice in allowed else None


def _prefixed(choice: str | None, prefix: str) -> str | None:
    if choice and choice.startswith(prefix + ":"):
        return choice.split(":", 1)[1]
    return None


def _usage_from_equipment(st: Statement) -> str | None:
    for equipment in st.equipment:
        info = calc_factors.equipment().get(equipment)
        if info is not None and info.kind == "combustion" and info.usage:
            return info.usage
    if "mobile" in st.negated_categories:
        return "stationary"
    return None


def replace_claim(draft: Draft, claim: Claim) -> None:
    """A new statement of the same amount (the kWh after the money, a corrected value): what the old claim
    said about the source and the period stays unless the new one says otherwise."""
    old = draft.claim
    for key in ("source", "source_alias", "usage", "equipment", "equipment_text", "refrigerant", "method",
                "period", "bill_months"):
        if getattr(claim, key) is None:
            setattr(claim, key, getattr(old, key))
    draft.claim = claim
    for key in ("unit", "confirmed", "estimate"):
        draft.answers.pop(key, None)


def _typical_charge(draft: Draft) -> bool:
    equipment = draft.answers.get("equipment") or draft.claim.equipment
    found = drafts.typical_charge_note(equipment or "", draft.answers.get("equipment_text") or
                                       draft.claim.equipment_text)
    if found is None:
        return False
    kg, note = found
    claim = draft.claim
    claim.readings, claim.unit, claim.unit_kind = [kg], "公斤", "mass"
    if claim.count is not None or claim.count_label:
        claim.per_item = True
    draft.answers.setdefault("assumption_notes", []).append({"key": note.key, "values": note.values})
    draft.answers["estimated"] = True
    draft.answers.setdefault("method", "charge")
    return True
