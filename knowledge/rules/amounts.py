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
_EMPLOYEE_BEFORE = re.compile(r"(?:員工|勞保人數|勞保|投保人數|人數|僱用|雇用|員工數)" + _GAP + _NUM + _NOT_HEADS
                              + r"\s*(?:個|位|名)?(?:人|員工)?")
_EMPLOYEE_AFTER = re.compile(_NUM + r"\s*(?:個|位|名)?\s*(?:人|員工|名員工|位員工)(?!民幣)")
_CAPITAL = re.compile(r"(?:實收資本額|資本額|資本|增資到|增資至|減資到|減資至)" + _GAP + _NUM + r"\s*(?P<unit>億|萬|元)?")
_EMISSIONS = re.compile(_NUM + r"\s*(?P<unit>公噸|噸|t(?:co2e?)?\b)", re.IGNORECASE)
_PER_MONTH = re.compile(r"(?:每個月|每月|一個月|月排|單月)[^。，,；]{0,8}$")


@dataclass(frozen=True)
class Amount:
    value: Decimal
    written: str
    approximate: bool = False


@dataclass(frozen=True)
class Emission:
    """A yearly emission in tCO2e; ``monthly`` is the per-month figure when the user gave one."""

    tonnes: Decimal
    written: str
    monthly: Decimal | None = None
    #: said approximately ("兩萬多噸", "300多噸"): the amount may be up to this much more
    more_by: Decimal = Decimal(0)


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
    """The number of employees ("員工250人", "200個員工", "勞保人數220人", "250 人")."""
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


def emissions(text: str) -> list[Emission]:
    """Every emission amount, in tonnes a year; a per-month amount (每個月2500噸) is multiplied by 12."""
    out = []
    for match in _EMISSIONS.finditer(text):
        value = _number(match)
        if value is None or value == 0 and match.group("num") in "一":
            continue
        before = text[max(0, match.start() - 12): match.start()]
        more = _approximate_step(match)
        if _PER_MONTH.search(before) and not any(w in before for w in parameters(WORDS)["per_year"]):
            out.append(Emission(value * 12, match.group(0), monthly=value, more_by=more * 12))
        else:
            out.append(Emission(value, match.group(0), more_by=more))
    return out


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
