"""The numbers a rule needs, found in what the user typed: employees, paid-in capital, yearly emissions.

Texts arrive normalised (``knowledge.normalize_text``: half-width, Traditional). Every number is parsed by
calc's one number parser (``calc.quantities.parse_number``: 8,000萬, 1.5億, 三萬, 2萬5千); this module only
finds where the numbers are and what they count. "300多人" is read as 300 and marked approximate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from calc.errors import CalcInputError
from calc.quantities import parse_number
from contracts import numbers
from knowledge.rules.params import parameters, say

#: the grammar's word lists (knowledge/rules/amount_words.yaml)
WORDS = "amount_words.yaml"

_NUM = r"(?P<num>\d[\d,]*(?:\.\d+)?(?:[萬億千百][零〇]?\d*)*|[零〇一二兩三四五六七八九十百千萬億]+)(?P<approx>多|餘|幾)?"
#: between a keyword and its number: a few words, never a comma or another amount's keyword
_GAP = r"[^\d零〇一二兩三四五六七八九十,，、;；。資本億萬]{0,4}"
#: a number of months, years or money is not a head count ("勞保12個月平均200人")
_NOT_HEADS = r"(?![\d.,零〇一二兩三四五六七八九十百千萬億])(?!\s*個?(?:月|年|天|週|禮拜|小時|%|元))"
_EMPLOYEE_BEFORE = re.compile(r"(?:員工|勞保人數|勞保|投保人數|人數|僱用|雇用|員工數|headcount|employees)" + _GAP + _NUM + _NOT_HEADS
                              + r"\s*(?:個|位|名)?(?:人|員工)?")
_EMPLOYEE_RANGE = re.compile(r"(?:員工|勞保人數|勞保|投保人數|人數|僱用|雇用|員工數|headcount|employees)" + _GAP
                             + _NUM.replace("?P<num>", "?P<low>").replace("?P<approx>", "?P<low_approx>")
                             + r"\s*(?:人|個|位)?\s*(?:到|~|～|-|至)\s*" + _NUM + _NOT_HEADS)
_EMPLOYEE_AFTER = re.compile(_NUM + r"\s*(?:個|位|名)?\s*(?:人|員工|名員工|位員工)(?!民幣)")
_CAPITAL = re.compile(r"(?:實收資本額|資本額|資本|增資到|增資至|減資到|減資至)" + _GAP + _NUM + r"\s*(?P<unit>億|萬|元)?")
_EMISSIONS = re.compile(_NUM + r"\s*(?P<unit>公噸|噸|tonnes?\b|tons?\b|t(?:co2e?)?\b)", re.IGNORECASE)
#: "兩萬四到兩萬六噸", "24000~26000噸": a range of yearly emissions
_EMISSION_RANGE = re.compile(_NUM.replace("?P<num>", "?P<low>").replace("?P<approx>", "?P<low_approx>")
                             + r"\s*(?:公噸|噸)?\s*(?:到|~|～|-|至)\s*" + _NUM
                             + r"\s*(?P<unit>公噸|噸|tonnes?\b|tons?\b|t(?:co2e?)?\b)",
                             re.IGNORECASE)
#: a number with no unit after it: not a count of people, months, money or anything else ("排放兩萬四左右")
_NO_UNIT = r"(?![\d.,零〇一二兩三四五六七八九十百千萬億多餘幾])(?!\s*(?:[年月日天週度元塊%％個台支瓶桶人位名家廠噸kKlLmMtT]|公))"
_BARE = re.compile(_NUM + _NO_UNIT)
#: "3.2 萬 ton": a space between a number and its 萬 or 億 (typed so in English-mixed messages)
_SPACED_MYRIAD = re.compile(r"(?<=\d)\s+(?=[萬億])")
_PER_MONTH = re.compile(r"(?:每個月|每月|一個月|月排|單月)[^。，,；]{0,8}$")


@dataclass(frozen=True)
class Amount:
    value: Decimal
    written: str
    approximate: bool = False
    #: a range ("一百九到兩百一之間"): ``value`` is its low end, this its high end
    up_to: Decimal | None = None


@dataclass(frozen=True)
class Emission:
    """A yearly emission in tCO2e; ``monthly`` is the per-month figure when the user gave one."""

    tonnes: Decimal
    written: str
    monthly: Decimal | None = None
    #: said approximately ("兩萬多噸", "300多噸"): the amount may be up to this much more
    more_by: Decimal = Decimal(0)
    #: given with no unit ("排放兩萬四左右"): read as tonnes, which the answer says
    unit_assumed: bool = False


def _number(match: re.Match[str]) -> Decimal | None:
    try:
        return parse_number(match.group("num"))
    except CalcInputError:
        return None


def _amount(match: re.Match[str] | None, multiplier: int = 1) -> Amount | None:
    if match is None:
        return None
    value = _number(match)
    if value is None:
        return None
    return Amount(value * multiplier, match.group(0).strip(), bool(match.group("approx")))


def employees(text: str) -> Amount | None:
    """The number of employees ("員工250人", "200個員工", "勞保人數220人", "250 人"), or a range of it
    ("人數大概在一百九到兩百一之間": from 190 up to 210)."""
    text = text.casefold()
    for match in _EMPLOYEE_RANGE.finditer(text):
        bounds = _bounds(match)
        if bounds is not None:
            return Amount(bounds[0], match.group(0).strip(), True, up_to=bounds[1])
    for pattern in (_EMPLOYEE_BEFORE, _EMPLOYEE_AFTER):
        for match in pattern.finditer(text):
            found = _amount(match)
            if found is not None and found.value == found.value.to_integral_value():
                return found
    return None


def capital(text: str) -> Amount | None:
    """Paid-in capital in NT$ ("資本額2億", "實收資本額剛好一億", "資本額8000萬"). A bare number is in 元."""
    for match in _CAPITAL.finditer(text):
        unit = match.group("unit")
        number = match.group("num")
        if unit is None and not any(ch in number for ch in "萬億"):
            continue  # "資本額3" is not an amount anyone means
        found = _amount(match, {"億": 10**8, "萬": 10**4}.get(unit or "", 1))
        if found is not None:
            return found
    return None


def emissions(text: str, bare: bool = False) -> list[Emission]:
    """Every emission amount, in tonnes a year; a per-month amount (每個月2500噸) is multiplied by 12.
    A number with no unit counts too (``unit_assumed``) right after an emission word ("一年排放兩萬四左右"), and
    anywhere when ``bare`` (a follow-up of a fee or registry answer: "明年可能到25000 那時候呢"), unless it could be
    a year (2025, 113)."""
    p = parameters(WORDS)
    text = _SPACED_MYRIAD.sub("", text)
    ranges = [r for r in (_range(m) for m in _EMISSION_RANGE.finditer(text)) if r is not None]
    if ranges:  # "兩萬四到兩萬六噸": from its low end, up to its high end
        return ranges
    found = [(m, False) for m in _EMISSIONS.finditer(text)]
    with_unit = [(m.start(), m.end()) for m, _ in found]
    for match in _BARE.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in with_unit):
            continue  # "兩萬多噸": the 兩萬 of an amount with its unit
        value = _number(match)
        if value is None or _year_like(value) or value < p["bare_min_tonnes"]:
            continue
        before = text[max(0, match.start() - p["bare_gap"] - 3): match.start()]
        if any(w in before for w in p["bare_not_after"]):
            continue
        if bare or any(w in before for w in p["bare_after"]):
            found.append((match, True))
    out = []
    for match, assumed in sorted(found, key=lambda pair: pair[0].start()):
        value = _number(match)
        if value is None or value == 0 and match.group("num") in "一":
            continue
        if value == 1 and match.group("num") in ("一", "1"):
            continue  # "碳費一噸是收幾元": a price per tonne, not a firm's yearly emissions
        before = text[max(0, match.start() - 12): match.start()]
        more = _approximate_step(match)
        if _PER_MONTH.search(before) and not any(w in before for w in p["per_year"]):
            out.append(Emission(value * 12, match.group(0), monthly=value, more_by=more * 12, unit_assumed=assumed))
        else:
            out.append(Emission(value, match.group(0), more_by=more, unit_assumed=assumed))
    return out


def reading_notes(found: list[Emission], threshold: Decimal) -> list[str]:
    """What the answer says of how it read the amounts: a unit it assumed, an approximate amount over the
    threshold taken at its lower end ("3萬多噸": 30,000 at least)."""
    fmt = numbers.number
    notes = [say("reading.unit_assumed", written=e.written, emissions=fmt(e.tonnes)) for e in found if e.unit_assumed]
    notes += [say("reading.at_least", written=e.written, emissions=fmt(e.tonnes))
              for e in found if e.more_by and e.tonnes >= threshold]
    return notes


def straddles(said: Emission, threshold: Decimal) -> bool:
    """An approximate amount whose range holds the threshold ("兩萬多噸": 20,000–29,999 around 25,000)."""
    return said.tonnes < threshold < said.tonnes + said.more_by


def _bounds(match: re.Match[str]) -> tuple[Decimal, Decimal] | None:
    """(low, high) of a range match ("兩萬四到兩萬六", "一百九到兩百一"), or None when it is no range."""
    try:
        low, high = parse_number(match.group("low")), parse_number(match.group("num"))
    except CalcInputError:
        return None
    return (low, high) if low < high else None


def _range(match: re.Match[str]) -> Emission | None:
    bounds = _bounds(match)
    return None if bounds is None else Emission(bounds[0], match.group(0), more_by=bounds[1] - bounds[0])


def _year_like(value: Decimal) -> bool:
    """2025 or 113 may be a year (西元 or 民國), never read as tonnes without a unit."""
    return Decimal(1990) <= value <= Decimal(2050) or Decimal(100) <= value <= Decimal(130)


#: the place value a number's last magnitude word stands for ("兩萬多": up to 10,000 more)
_PLACES = {"萬": 10**4, "千": 10**3, "百": 10**2, "十": 10}


def _approximate_step(match: re.Match[str]) -> Decimal:
    """How much more an approximate number ("兩萬多", "300多", "幾千") may be: one unit of its last place."""
    if not match.group("approx"):
        return Decimal(0)
    number = match.group("num")
    if number[-1] in _PLACES:
        return Decimal(_PLACES[number[-1]])
    zeros = len(number) - len(number.rstrip("0"))
    return Decimal(10) ** zeros if number[-1].isdigit() else Decimal(1)


def first_word(text: str, words: list[str] | tuple[str, ...]) -> str | None:
    """The longest of ``words`` found in ``text`` (case-insensitive), or None."""
    folded = text.casefold()
    found = [w for w in words if w.casefold() in folded]
    return max(found, key=len) if found else None


def format_ntd(value: Decimal) -> str:
    """A capital or fee in NT$ as Taiwanese write it: 2億 → "2 億元", 8,000萬 → "8,000 萬元"."""
    if value >= 10**8 and value % 10**6 == 0:
        return say("ntd.yi", value=numbers.number(value / 10**8))
    if value >= 10**4 and value % 10**4 == 0:
        return say("ntd.wan", value=numbers.number(value / 10**4))
    return say("ntd.plain", value=numbers.number(value))
