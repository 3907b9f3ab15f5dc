"""An amount given as money (元, 萬元, 花了): the quantity is asked for; only when the user asks — or says the
quantity is not known and then agrees — is it back-calculated from the year's average price
(calc/data/prices.csv), always shown with the price used and marked 估算. Money by month segments ("電費1到6月
每個月大概3萬 7到12月每個月4萬5") is added up by its months first (actions/inventory_chat/segments.py), shown, and
that sum is what the price divides."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from actions.inventory_chat import catalogue, segments
from actions.inventory_chat.state import Draft, Note
from calc import estimates
from contracts.numbers import number


@dataclass(frozen=True)
class Estimate:
    """Money ÷ the average price: the quantity and the notes that show how (the arithmetic, the price)."""

    quantity: Decimal
    unit: str
    step: dict[str, Any]
    assumption: dict[str, Any]
    #: the steps before the division: the money of the month segments added up
    before: list[dict[str, Any]] = field(default_factory=list)

    @property
    def steps(self) -> list[dict[str, Any]]:
        return [*self.before, self.step]


def needs_segment_per(draft: Draft) -> bool:
    """Money by month segments of which it is not said whether an amount is each month's or the months' total."""
    return bool(segments.open_segments(draft))


def _money_said(draft: Draft) -> tuple[Decimal, list[dict[str, Any]]] | None:
    """The draft's money and the notes of its arithmetic: by month segments, their sum (None while it is not
    known whether a segment's amount is each month's or the months' total)."""
    claim = draft.claim
    if not claim.segments:
        return claim.amount, []
    added: list[Note] = []
    summed = segments.year_value(draft, catalogue.text("money_unit"), added)
    if summed is None:
        return None
    return summed, [{"key": n.key, "values": n.values} for n in added]


def estimate(draft: Draft, year: int) -> Estimate | None:
    """The quantity the draft's money buys at the year's average price; None when no price is known (or the
    segments' money is not known yet: ``needs_segment_per``)."""
    found = estimates.average_price(draft.claim.source or "", year)
    if found is None:
        return None
    price, older = found
    said = _money_said(draft)
    if said is None:
        return None
    money, before = said
    quantity = (money / price.price).quantize(Decimal(1))
    step = {"key": "step_money", "values": {
        "money": number(money), "price": number(price.price), "price_unit": price.unit,
        "total": number(quantity), "unit": price.quantity_unit}}
    assumption = {"key": "assume_price", "values": {
        "price": number(price.price), "price_unit": price.unit, "year": str(price.year), "source": price.citation,
        "older": catalogue.text("assume_price_older") if older else ""}}
    return Estimate(quantity, price.quantity_unit, step, assumption, before)


def at_own_price(draft: Draft, price: Decimal, unit: str) -> Estimate | None:
    """The quantity the draft's money buys at the user's own unit price ("一公升大概30塊"): money ÷ price, shown,
    with the price noted as the user's (估算); None while the segments' money is not known yet."""
    said = _money_said(draft)
    if said is None:
        return None
    money, before = said
    exact = money / price
    quantity = exact.quantize(Decimal(1))
    step = {"key": "step_money_own_price" if quantity == exact else "step_money_own_price_about", "values": {
        "money": number(money), "price": number(price), "unit": unit, "total": number(quantity)}}
    assumption = {"key": "assume_own_price", "values": {"price": number(price), "unit": unit}}
    return Estimate(quantity, unit, step, assumption, before)


def apply(draft: Draft, found: Estimate) -> None:
    """The estimate becomes the draft's quantity, its arithmetic and price kept for the line (估算)."""
    answers, claim = draft.answers, draft.claim
    answers.setdefault("derivation_before", []).extend(found.steps)
    answers.setdefault("assumption_notes", []).append(found.assumption)
    answers["estimated"] = True
    answers["quantity_given"] = True
    answers["unit"] = found.unit
    claim.readings = [found.quantity]
    claim.money = False
    if claim.segments:  # the segments' money is the year's (or their months'): the quantity is of the same months
        claim.segments, claim.period = [], "year"
