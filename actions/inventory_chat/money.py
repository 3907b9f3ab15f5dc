"""An amount given as money (元, 萬元, 花了): the quantity is asked for; only when the user asks — or says the
quantity is not known and then agrees — is it back-calculated from the year's average price
(calc/data/prices.csv), always shown with the price used and marked 估算."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from actions.inventory_chat import catalogue
from actions.inventory_chat.state import Draft
from calc import estimates
from contracts.numbers import number


@dataclass(frozen=True)
class Estimate:
    """Money ÷ the average price: the quantity and the notes that show how (the arithmetic, the price)."""

    quantity: Decimal
    unit: str
    step: dict[str, Any]
    assumption: dict[str, Any]


def estimate(draft: Draft, year: int) -> Estimate | None:
    """The quantity the draft's money buys at the year's average price; None when no price is known."""
    claim = draft.claim
    found = estimates.average_price(claim.source or "", year)
    if found is None:
        return None
    price, older = found
    money = claim.amount
    quantity = (money / price.price).quantize(Decimal(1))
    step = {"key": "step_money", "values": {
        "money": number(money), "price": number(price.price), "price_unit": price.unit,
        "total": number(quantity), "unit": price.quantity_unit}}
    assumption = {"key": "assume_price", "values": {
        "price": number(price.price), "price_unit": price.unit, "year": str(price.year), "source": price.citation,
        "older": catalogue.text("assume_price_older") if older else ""}}
    return Estimate(quantity, price.quantity_unit, step, assumption)


def apply(draft: Draft, found: Estimate) -> None:
    """The estimate becomes the draft's quantity, its arithmetic and price kept for the line (估算)."""
    answers, claim = draft.answers, draft.claim
    answers.setdefault("derivation_before", []).append(found.step)
    answers.setdefault("assumption_notes", []).append(found.assumption)
    answers["estimated"] = True
    answers["quantity_given"] = True
    answers["unit"] = found.unit
    claim.readings = [found.quantity]
    claim.money = False
