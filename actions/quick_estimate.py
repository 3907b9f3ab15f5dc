"""A rough figure for one amount asked about right after an answer on factors or the formula ("12萬度 這樣算多嗎"
after the electricity factor): the amount × the official factor of the latest published year, with the arithmetic
shown, how it compares with the carbon fee's threshold, and the way to a full inventory.

Only a question with one amount of one named source (electricity or a fuel) in a plain unit, per year or per
month, gets one; money, counts of items, several amounts or a refrigerant are left to the inventory, which asks
what it needs. Texts and topics: quick_estimate.yml; the threshold: knowledge/rules/carbon_fee.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from calc import SOURCES, CalcInputError, compute
from calc.factors import electricity_factors
from contracts.numbers import factor, number, tonnes
from knowledge.rules.params import parameters
from nlu.claim import Claim
from nlu.statements import interpret
from textdata import load_catalogue

ESTIMATE_FILE = Path(__file__).with_name("quick_estimate.yml")
FEE_PARAMS = "carbon_fee.yaml"
KG_PER_TONNE = Decimal(1000)


@dataclass(frozen=True)
class QuickEstimate:
    """The figure's text (lines to show) and the button that starts the whole inventory."""

    lines: tuple[str, ...]
    start_button: str


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return load_catalogue(ESTIMATE_FILE).data


def _say(key: str, **values: Any) -> str:
    return str(_data()["texts"][key]).format(**values)


def _the_one_amount(text: str, topic: str) -> tuple[Claim, str] | None:
    """The statement's only claim and its source, when it is a question about one amount of electricity or a
    fuel (a bare "12萬度" after the electricity factor is electricity: ``implied_source``)."""
    statement = interpret(text)
    if not statement.question or statement.start or len(statement.claims) != 1:
        return None
    if statement.money_mentioned or statement.unit_prices:
        return None  # "工業用電一度電費多少錢": a price, not an amount's emissions
    claim = statement.claims[0]
    source_id = claim.source or _data()["implied_source"].get(topic)
    source = SOURCES.get(source_id or "")
    if source is None or source.kind not in _data()["kinds"] or not claim.unit or claim.money:
        return None
    if claim.count is not None or claim.per_item or claim.period not in (None, "year", "month") or claim.bill_months:
        return None
    return claim, source.id


def quick_estimate(text: str, topic: str | None) -> QuickEstimate | None:
    """The rough figure for ``text`` after the answer ``topic``; None when it is not such a question."""
    if topic not in _data()["topics"]:
        return None
    found = _the_one_amount(text, topic)
    if found is None:
        return None
    claim, source_id = found
    written = sum(claim.readings, Decimal(0))
    if written <= 1:
        return None  # "台電一度收購價多少": one unit asks what a unit is worth, not what it emits
    months = 12 if claim.period == "month" else 1
    year = max(electricity_factors())
    activity = {"source": source_id, "amount": f"{written * months:f}", "unit": claim.unit, "usage": claim.usage}
    try:
        result = compute({"year": year, "activities": [activity]})
    except CalcInputError:
        return None  # a unit the source does not take ("12萬公斤的電"): the inventory asks for it
    line = result.lines[0]
    quantity, info = line.quantity, line.factor
    unit = quantity.unit_display or quantity.unit_as_written or ""
    lines = [_say("lead", year=year, roc_year=result.roc_year, amount=number(quantity.amount), unit=unit, source=line.source_name,
                  tonnes=tonnes(line.tco2e))]
    if quantity.interpreted_unit and quantity.unit_as_written:  # 天然氣 "度" is 立方公尺
        lines.append(_say("unit_read", source=line.source_name, written=quantity.unit_as_written, unit=unit))
    if months > 1:
        lines.append(_say("monthly", monthly=number(written), amount=number(quantity.amount), unit=unit))
    if SOURCES[line.source].kind == "electricity":
        value = next(iter(info.values.values()))
        lines.append(_say("electricity", amount=number(quantity.amount), unit=unit, factor=factor(value),
                          factor_unit=info.unit, kg=number(quantity.amount * value), tonnes=tonnes(line.tco2e)))
    else:
        factors = "、".join(f"{gas} {factor(value)}" for gas, value in info.values.items())
        lines.append(_say("fuel", amount=number(quantity.amount), unit=unit, factors=factors, factor_unit=info.unit,
                          tonnes=tonnes(line.tco2e)))
    version = "" if info.version in info.source else f"（{info.version}）"
    lines.append(_say("source", source=info.source + version))
    threshold = Decimal(parameters(FEE_PARAMS)["threshold_tco2e"])
    lines.append(_say("below_fee" if line.tco2e < threshold else "above_fee", threshold=number(threshold)))
    lines.append(_say("whole_year"))
    return QuickEstimate(tuple(lines), _say("button_start"))
