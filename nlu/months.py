"""Which months a phrase names — the one parser of month spans: a range (7到9月, 7-9月, 1–6月), a list (7、8、9月,
7月跟8月), a list of ranges and months (3到5月跟10到12月, 6到8月和12月), one month (2月, 十一月份) or a half of the
year (上半年 → 1–6); a range across the new year (11到2月, up to six months) is those months of the same year, in the order said. The lexer (nlu/mentions.py) finds the ranges and lists as PART_YEAR mentions (one month is a
number with the unit 月, a month label); the month segments (nlu/month_segments.py) read their months here."""

from __future__ import annotations

import re
from functools import lru_cache

from calc import CalcInputError
from calc.quantities import parse_number
from nlu import lexicon

_NUM = r"\d{1,2}|[一二兩两三四五六七八九十]{1,3}"
RANGE = re.compile(rf"(?<!\d)(?P<a>{_NUM})\s*(?:月份?\s*)?[-–—~～到至]\s*(?P<b>{_NUM})\s*月")
_TO = r"\s*(?:月份?\s*)?[-–—~～到至]\s*"
#: one item of a list: a month or a range of months (the range's own 月 may be said or not: "3到5月跟10到12月")
_PIECE = rf"(?:{_NUM})(?:{_TO}(?:{_NUM}))?"
_JOIN = r"\s*[、跟和及與]\s*"
#: "7、8、9月", "7月、8月跟9月", "3到5月跟10到12月": two or more items, the last followed by 月 — not the tail of
#: an amount ("9月4萬5、10月5萬": 45,000, then October)
LIST = re.compile(rf"(?<![\d萬万千百])(?:{_PIECE})(?:\s*月份?)?(?:{_JOIN}(?:{_PIECE})(?:\s*月份?)?)*{_JOIN}(?:{_PIECE})\s*月")
_ITEM = re.compile(rf"(?P<a>{_NUM})(?:{_TO}(?P<b>{_NUM}))?")
#: one month: "2月", "十一月份"
ONE = re.compile(rf"(?P<a>{_NUM})\s*月份?")


def spans(text: str) -> list[tuple[int, int, tuple[int, ...]]]:
    """(start, end, months) of every range or list of months in ``text``: where two overlap, the longer (a list of
    ranges over its first range), a range over a list of the same length."""
    found = [match for pattern in (RANGE, LIST) for match in pattern.finditer(text)]
    out: list[tuple[int, int, tuple[int, ...]]] = []
    for match in sorted(found, key=lambda m: m.start() - m.end()):  # stable: a range before a list
        months = months_of(match.group(0))
        if months and not any(s < match.end() and match.start() < e for s, e, _ in out):
            out.append((match.start(), match.end(), months))
    return sorted(out)


def months_of(phrase: str) -> tuple[int, ...] | None:
    """The months of a range, a list or a half of the year, in order; None when it names no months (半年)."""
    phrase = phrase.strip()
    half = _halves().get(phrase)
    if half is not None:
        return half
    found = RANGE.fullmatch(phrase)
    if found:
        first, last = _month(found.group("a")), _month(found.group("b"))
        return None if first is None or last is None else _through(first, last)
    found = ONE.fullmatch(phrase)
    if found:
        month = _month(found.group("a"))
        return (month,) if month is not None else None
    if LIST.fullmatch(phrase):
        items: list[int] = []
        wraps = False
        for item in _ITEM.finditer(phrase):
            first, last = _month(item.group("a")), _month(item.group("b") or item.group("a"))
            months = None if first is None or last is None else _through(first, last)
            if months is None:
                return None
            wraps = wraps or first > last
            items += months
        if len(set(items)) != len(items) or (items != sorted(items) and not wraps):
            return None
        return tuple(items)
    return None


#: the most months a range across the new year may span (a season: 10到3月); "5到3月" is no range but a slip
WRAPPED_MAX = 6


def _through(first: int, last: int) -> tuple[int, ...] | None:
    """The months from ``first`` to ``last`` in the order said: across the new year when ``last`` comes before
    it (11到2月 → 11, 12, 1, 2: the winter months of the same inventory year), up to a season's length."""
    if first <= last:
        return tuple(range(first, last + 1))
    months = tuple(range(first, 13)) + tuple(range(1, last + 1))
    return months if len(months) <= WRAPPED_MAX else None


def except_of(months: tuple[int, ...]) -> tuple[int, ...]:
    """The months of the year but these ("除了7、8月以外" → 1–6, 9–12)."""
    return tuple(m for m in range(1, 13) if m not in months)


def _month(text: str) -> int | None:
    try:
        value = int(parse_number(text))
    except (CalcInputError, ValueError):
        return None
    return value if 1 <= value <= 12 else None


@lru_cache(maxsize=1)
def _halves() -> dict[str, tuple[int, ...]]:
    out: dict[str, tuple[int, ...]] = {}
    for span, words in lexicon.grouped("half_years").items():
        first, last = (int(x) for x in span.split("-"))
        for word in words:
            out[word] = tuple(range(first, last + 1))
    return out
