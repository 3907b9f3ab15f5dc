"""Carbon-fee liability and amount (碳費收費辦法): a site emitting ≥ 25,000 tCO2e a year pays
(emissions − K) × adjustment × rate; K = 25,000 t at the general rate, 0 at the preferential rates and for
high carbon-leakage payers. Parameters: carbon_fee.yaml."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

from contracts import numbers
from knowledge.rules import amounts
from knowledge.rules.params import parameters, say
from knowledge.rules.result import RuleAnswer, answer

PARAMS = "carbon_fee.yaml"


def topics() -> tuple[str, str]:
    p = parameters(PARAMS)
    return p["who_entry"], p["rate_entry"]


def asked_about(text: str) -> bool:
    return amounts.first_word(text, parameters(PARAMS)["question_words"]) is not None


def _fee(emissions: Decimal, k: Decimal, rate: Decimal, factor: Decimal = Decimal(1)) -> Decimal:
    chargeable = max(emissions - k, Decimal(0)) * factor
    return (chargeable * rate).to_integral_value(rounding=ROUND_DOWN)  # truncated to whole NT$


def _named_rates(text: str, p: dict[str, Any]) -> list[dict[str, Any]]:
    """The preferential rates a text names: the one it names, both of them for "自主減量計畫", else none."""
    named = [r for r in p["rates"] if amounts.first_word(text, r.get("words") or [])]
    if named:
        return named
    if amounts.first_word(text, p["preferential_words"]):
        return [r for r in p["rates"] if r["id"] != "general"]
    return []


def _general(p: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in p["rates"] if r["id"] == "general")


def _leakage_formulas(tonnes: Decimal, p: dict[str, Any]) -> list[str]:
    fmt = numbers.number
    k = Decimal(p["high_leakage"]["k_tco2e"])
    general = Decimal(_general(p)["ntd_per_tco2e"])
    return [
        say("fee.formula_leakage", period=period, emissions=fmt(tonnes), k=fmt(k), factor=factor,
            fee=fmt(_fee(tonnes, k, general, Decimal(str(factor)))))
        for period, factor in p["high_leakage"]["adjustment_by_period"]
    ]


def _formulas(tonnes: Decimal, text: str, said_before: str, p: dict[str, Any]) -> list[str]:
    fmt = numbers.number
    leakage_words = p["high_leakage"]["words"]
    if amounts.first_word(text, leakage_words):
        return _leakage_formulas(tonnes, p)
    # the rates the message names; else those the user named before it (目標B, then 一年4萬噸要繳多少) with the
    # general rate beside them, since an earlier mention may have been a question rather than the firm's status
    named = _named_rates(text, p)
    rates = named or [*_named_rates(said_before, p), _general(p)]
    lines = []
    earlier = amounts.first_word(said_before, leakage_words) if not named else None
    if earlier is not None:  # "我們是高碳洩漏的" before: those periods, then the general rate
        lines += [say("fee.from_earlier", said=earlier), *_leakage_formulas(tonnes, p)]
    elif len(rates) > 1 and not named:
        lines.append(say("fee.from_earlier", said=_rate_word(said_before, p)))
    for rate in rates:
        k, per_t = Decimal(rate["k_tco2e"]), Decimal(rate["ntd_per_tco2e"])
        lines.append(say("fee.formula", label=rate["label"], emissions=fmt(tonnes), k=fmt(k), rate=fmt(per_t),
                         fee=fmt(_fee(tonnes, k, per_t))))
    if any(r["id"] != "general" for r in rates):
        lines.append(say("fee.preferential_note"))
    return lines


def _rate_word(text: str, p: dict[str, Any]) -> str:
    """The words by which the user named a rate ("目標B", "自主減量計畫"), as they wrote them."""
    letters = [w for r in p["rates"] for w in r.get("words") or []]
    return amounts.first_word(text, letters) or amounts.first_word(text, p["preferential_words"]) or ""


def states_total(text: str, named_source: bool) -> bool:
    """The (normalised) message gives the firm's total emissions ("去年排放大概3000噸"), not an amount of a fuel
    (``named_source``: the message names one, as 燃料煤一年3000噸 does)."""
    return (not named_source and bool(amounts.emissions(text))
            and amounts.first_word(text, parameters(PARAMS)["emission_words"]) is not None)


def wants_amount(text: str, topic: str | None = None) -> bool:
    """The message asks how much ("要繳多少"), or follows the fee's computation ("碳費怎麼算" → "一年4萬噸呢")
    without asking whether it is due at all ("要繳嗎")."""
    p = parameters(PARAMS)
    if amounts.first_word(text, p["amount_words"]) is not None:
        return True
    return topic == p["rate_entry"] and amounts.first_word(text, p["liability_words"]) is None


def evaluate(text: str, topic: str | None = None, said_before: str = "") -> RuleAnswer | None:
    """The verdict for the (normalised) message; ``topic``: the entry answered before it, if any;
    ``said_before``: the user's earlier turns, read only for the rate they named (目標B, 自主減量計畫, 高碳洩漏)."""
    p = parameters(PARAMS)
    found = amounts.emissions(text, bare=topic in topics())
    if not found:
        return None
    fmt = numbers.number
    threshold = Decimal(p["threshold_tco2e"])
    wants = wants_amount(text, topic)
    entry = p["rate_entry"] if wants else p["who_entry"]
    what = say("fee.what_amount" if wants else "fee.what_liable")
    details = [say("fee.monthly", monthly=fmt(e.monthly), emissions=fmt(e.tonnes)) for e in found if e.monthly]
    details += amounts.reading_notes(found, threshold)
    several_sites = len(found) > 1 and amounts.first_word(text, p["site_words"]) is not None
    if several_sites:
        sites = "、".join(say("fee.site", n=i + 1, emissions=fmt(e.tonnes)) for i, e in enumerate(found))
        liable = [e for e in found if e.tonnes >= threshold]
        key = "fee.yes_sites" if liable else "fee.no_sites"
        reason = say(key, sites=sites)
    else:
        said = found[0]
        if amounts.straddles(said, threshold):  # "兩萬多噸": 20,000–29,999, either side
            reason = say("fee.depends_approx", written=said.written, low=fmt(said.tonnes),
                         high=fmt(said.tonnes + said.more_by))
            details += [say("fee.rule", first_payment=p["first_payment"]), say("fee.basis")]
            return answer(p["rule"], p, p["who_entry"], "depends", what, reason, details)
        liable = [said] if said.tonnes >= threshold else []
        key = "fee.yes_liable" if liable else "fee.no_liable"
        reason = say(key, emissions=fmt(said.tonnes))
    for site in liable:
        details += _formulas(site.tonnes, text, said_before, p)
        if site.tonnes == threshold and not _named_rates(text, p):
            details.append(say("fee.zero_fee"))
    details += [say("fee.rule", first_payment=p["first_payment"]), say("fee.basis")]
    return answer(p["rule"], p, entry, "yes" if liable else "no", what, reason, details)
