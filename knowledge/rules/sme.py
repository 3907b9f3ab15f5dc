"""SME eligibility of the counselling programme: a manufacturer with paid-in capital ≤ NT$1億 OR fewer than
200 regular employees (中小企業認定標準 第2條). Parameters: sme_eligibility.yaml."""

from __future__ import annotations

from decimal import Decimal

from contracts import numbers
from knowledge.rules import amounts
from knowledge.rules.params import parameters, say
from knowledge.rules.result import RuleAnswer, answer

PARAMS = "sme_eligibility.yaml"


def applies(text: str, topic: str | None) -> bool:
    p = parameters(PARAMS)
    has_numbers = amounts.employees(text) is not None or amounts.capital(text) is not None
    asked = amounts.first_word(text, p["question_words"]) is not None or topic in (p["entry"], p["industry_entry"])
    return has_numbers and asked


def evaluate(text: str) -> RuleAnswer | None:
    p = parameters(PARAMS)
    staff, money = amounts.employees(text), amounts.capital(text)
    if staff is None and money is None:
        return None
    rule = say("sme.rule")
    what = say("sme.what")
    notice = say("sme.notice")
    not_manufacturer = amounts.first_word(text, p["non_manufacturer_words"])
    if not_manufacturer and not amounts.first_word(text, p["exempt_registration_words"]):
        reason = say("sme.no_industry", word=not_manufacturer)
        return answer(p["rule"], p, p["industry_entry"], "no", what, reason, [rule, notice])
    capital_ok = None if money is None else money.value <= Decimal(p["capital_max_ntd"])
    staff_ok = None if staff is None else staff.value < Decimal(p["employees_below"])
    values = {
        "employees": numbers.number(staff.value) if staff else "",
        "capital": amounts.format_ntd(money.value) if money else "",
    }
    if capital_ok:
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
        if found is not None and found.approximate:
            details.append(say("sme.approximate", text=found.written, value=numbers.number(found.value)))
    details.append(notice)
    return answer(p["rule"], p, p["entry"], decision, what, reason, details)
