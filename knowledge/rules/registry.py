"""Who must register last year's inventory with the Ministry of Environment (溫室氣體排放量盤查登錄及查驗管理
辦法): listed industries whatever their size, and manufacturers ≥ 25,000 tCO2e a year. Parameters:
registry.yaml."""

from __future__ import annotations

from decimal import Decimal

from contracts import numbers
from knowledge.rules import amounts
from knowledge.rules.params import parameters, say
from knowledge.rules.result import RuleAnswer, answer

PARAMS = "registry.yaml"


def topics() -> tuple[str, str]:
    p = parameters(PARAMS)
    return p["entry"], p["expansion_entry"]


def asked_about(text: str) -> bool:
    return amounts.first_word(text, parameters(PARAMS)["question_words"]) is not None


def listed_industry(text: str) -> str | None:
    for industry in parameters(PARAMS)["listed_industries"]:
        if amounts.first_word(text, industry["words"]):
            return str(industry["name"])
    return None


def evaluate(text: str, bare: bool = False) -> RuleAnswer | None:
    """``bare``: a number with no unit is an amount in tonnes (a follow-up of the registry's answer)."""
    p = parameters(PARAMS)
    fmt = numbers.number
    industry = listed_industry(text)
    found = amounts.emissions(text, bare=bare)
    deadlines = say("registry.deadlines", register_by=p["register_by"], verify_by=p["verify_by"])
    what = say("registry.what")
    if industry is not None:
        return answer(p["rule"], p, p["entry"], "yes", what, say("registry.yes_industry", industry=industry),
                      [deadlines])
    if not found:
        return None
    said, threshold = found[0], Decimal(p["threshold_tco2e"])
    tonnes = said.tonnes
    details = [say("fee.monthly", monthly=fmt(e.monthly), emissions=fmt(e.tonnes)) for e in found[:1] if e.monthly]
    details += amounts.reading_notes(found[:1], threshold)
    if amounts.straddles(said, threshold):
        reason = say("registry.depends_approx", written=said.written, low=fmt(tonnes), high=fmt(tonnes + said.more_by))
        return answer(p["rule"], p, p["entry"], "depends", what, reason, details + [deadlines])
    if tonnes >= threshold:
        return answer(p["rule"], p, p["entry"], "yes", what, say("registry.yes_emissions", emissions=fmt(tonnes)),
                      details + [deadlines])
    near = tonnes >= Decimal(p["expansion_threshold_tco2e"])
    details.append(say("registry.expansion_near" if near else "registry.expansion_far", emissions=fmt(tonnes)))
    return answer(p["rule"], p, p["entry"], "no", what, say("registry.no_emissions", emissions=fmt(tonnes)), details)
