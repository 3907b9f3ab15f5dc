"""A unit price the user gives: "一公升大概30塊", "柴油每公升27元", "30元一公升", "一度電差不多4塊", "30元/公升".
It is money per one unit of a quantity — not an amount of 1 公升 and not 30 元 spent — so the numbers it is made
of are no claims; the Statement keeps it (``unit_prices``) and a money claim of the same message knows it
(``Claim.unit_price``): the dialogue then divides the money by the user's own price, and shows it.

A price is a money number beside (in the same clause, only a source name or a filler word such as 大概 between)
either a quantity of one unit (一公升, 1度) or a per-unit word (每公升, /度, per liter)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from nlu import lexicon
from nlu.claim import Claim
from nlu.mentions import Mention

_QUANTITY_KINDS = ("energy", "volume", "mass")
#: what may be left of the gap once source names and filler words are taken out ("一公升30塊啦": nothing)
_LEFT_CHARS = 1


@dataclass(frozen=True)
class UnitPrice:
    price: Decimal
    unit: str  # as written (公升, 度, L)
    source: str | None  # the source named with it, if any
    start: int
    end: int


def find(text: str, mentions: list[Mention], clauses: dict[int, int]) -> list[UnitPrice]:
    out: list[UnitPrice] = []
    for i, money in enumerate(mentions):
        if money.label != "NUM" or money.unit_kind != "money":
            continue
        for step in (-1, 1):
            found = _beside(text, mentions, clauses, i, step)
            if found is not None:
                unit, source, other = found
                source = source or _source_of_clause(mentions, clauses, money)  # "柴油每公升27元"
                out.append(UnitPrice(money.value, unit, source, min(money.start, other.start),
                                     max(money.end, other.end)))
                break
    return out


def _beside(text: str, mentions: list[Mention], clauses: dict[int, int], i: int,
            step: int) -> tuple[str, str | None, Mention] | None:
    money = mentions[i]
    j, source = i + step, None
    while 0 <= j < len(mentions) and mentions[j].label == "SOURCE":
        value = mentions[j].value
        source = value.get("source") if isinstance(value, dict) else None
        j += step
    if not 0 <= j < len(mentions):
        return None
    other = mentions[j]
    if clauses.get(other.start) != clauses.get(money.start):
        return None
    if other.label == "PER_UNIT":
        unit = str(other.value)
    elif other.label == "NUM" and other.unit_kind in _QUANTITY_KINDS and other.value == 1 and other.unit:
        unit = other.unit
    else:
        return None
    first, last = (other, money) if step < 0 else (money, other)
    gap = text[first.end:last.start]
    for m in mentions:
        if m.label == "SOURCE" and first.end <= m.start and m.end <= last.start:
            gap = gap.replace(m.text, "")
    for word in lexicon.words("price_gap_words"):
        gap = gap.replace(word, "")
    if len(gap.strip()) > _LEFT_CHARS:
        return None
    return unit, source, other


def _source_of_clause(mentions: list[Mention], clauses: dict[int, int], money: Mention) -> str | None:
    named = [m.value.get("source") for m in mentions if m.label == "SOURCE" and isinstance(m.value, dict)
             and clauses.get(m.start) == clauses.get(money.start)]
    return named[0] if len(named) == 1 else None


def apply(prices: list[UnitPrice], claims: list[Claim]) -> list[Claim]:
    """The claims without the numbers the prices are made of; each money claim knows a price of its source."""
    kept = [c for c in claims if not any(p.start <= c.start < p.end for p in prices)]
    for claim in kept:
        if not claim.money:
            continue
        price = next((p for p in prices if p.source in (None, claim.source)), None)
        if price is not None:
            claim.unit_price = (price.price, price.unit)
    return kept
