"""SME eligibility of the counselling programme: a manufacturer with paid-in capital ≤ NT$1億 OR fewer than
200 regular employees (中小企業認定標準 第2條). Parameters: sme_eligibility.yaml."""

from __future__ import annotations

from decimal import Decimal

from contracts import numbers
from knowledge.rules import amounts
from knowledge.rules.params import parameters, say
from knowledge.rules.result import RuleAnswer, answer

PARAMS = "sme_eligibility.yaml"


def _not_manufacturer(text: str, p: dict) -> str | None:
    """The word saying the firm is no manufacturer (貿易, 沒有工廠), the first one said, unless the firm is exempt
    from registration."""
    if amounts.first_word(text, p["exempt_registration_words"]):
        return None
    folded = text.casefold()
    said = [(folded.find(w.casefold()), -len(w), w) for w in p["non_manufacturer_words"] if w.casefold() in folded]
    return min(said)[2] if said else None


def applies(text: str, topic: str | None) -> bool:
    """Numbers asked about eligibility, or a statement that the firm is no manufacturer asked about it ("我們是做
    貿易的 可以申請輔導嗎") — right after the eligibility answer, the statement alone ("我們是貿易公司耶")."""
    p = parameters(PARAMS)
    has_numbers = amounts.employees(text) is not None or amounts.capital(text) is not None
    after_answer = topic in (p["entry"], p["industry_entry"])
    asked = amounts.first_word(text, p["question_words"]) is not None or after_answer
    return (has_numbers and asked) or (asked and _not_manufacturer(text, p) is not None)


def asked_in_so_many_words(text: str) -> bool:
    """"可以申請輔導嗎": whether the firm is eligible, not how to apply ("那要怎麼申請")."""
    return amounts.first_word(text, parameters(PARAMS)["asks_eligibility"]) is not None


def evaluate(text: str) -> RuleAnswer | None:
    p = parameters(PARAMS)
    staff, money = amounts.employees(text), amounts.capital(text)
    not_manufacturer = _not_manufacturer(text, p)
    if staff is None and money is None and not_manufacturer is None:
        return None
    rule = say("sme.rule")
    what = say("sme.what")
    notice = say("sme.notice")
    if not_manufacturer:
        reason = say("sme.no_industry", word=not_manufacturer)
        return answer(p["rule"], p, p["industry_entry"], "no", what, reason, [rule, notice])
    capital_ok = None if money is None else money.value <= Decimal(p["capital_max_ntd"])
    below = Decimal(p["employees_below"])
    staff_ok = None if staff is None else staff.value < below
    if staff is not None and staff.up_to is not None and staff.value < below <= staff.up_to and not capital_ok:
        # "一百九到兩百一之間": either side of 200 — the twelve months' average decides
        reason = say("sme.depends_range", low=numbers.number(staff.value), high=numbers.number(staff.up_to))
        return answer(p["rule"], p, p["entry"], "depends", what, reason, [rule, notice])
    if staff is not None and staff.up_to is not None:
        staff_ok = True if staff.up_to < below else False if staff.value >= below else None  # a range's both ends
    values = {
        "employees": (numbers.number(staff.value) + (f"～{numbers.number(staff.up_to)}" if staff.up_to else ""))
        if staff else "",
        "capital": amounts.format_ntd(money.value) if money else "",
    }
    if capital_ok and staff_ok:
        decision, reason = "yes", say("sme.yes_both", **values)
    elif capital_ok and staff_ok is False:
        decision, reason = "yes", say("sme.yes_capital_not_staff", **values)
    elif staff_ok and capital_ok is False:
        decision, reason = "yes", say("sme.yes_staff_not_capital", **values)
    elif capital_ok:
        decision, reason = "yes", say("sme.yes_capital", **values)
    elif staff_ok:
        decision, reason = "yes", say("sme.yes_employees", **values)
    elif capital_ok is False and staff_ok is False:
        decision, reason = "no", say("sme.no_both", **values)
    elif staff_ok is False:
        decision, reason = "depends", say("sme.depends_employees", **values)
    else:
        decision, reason = "depends", say("sme.depends_capital", **values)
    details = [rule]
    if amounts.first_word(text, p["exempt_registration_words"]):
        details.append(say("sme.exempt_ok"))
    for found in (staff, money):
        if found is not None and found.approximate and found.up_to is None:
            details.append(say("sme.approximate", text=found.written, value=numbers.number(found.value)))
    details.append(notice)
    return answer(p["rule"], p, p["entry"], decision, what, reason, details)
