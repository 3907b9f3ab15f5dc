"""The one year parser: inventory years as people write them → Western years.

"2021", "2021年", "110年", "民國110年", "113年度", "去年", "2023 一整年", "民國一百一十一年", "一一二年度",
"二〇二三年" — inside a sentence (``find_years``) or as a whole value (``parse_year``). ROC years (民國) are +1911. ``FIRST_YEAR`` is the first year with an
electricity factor and a GWP default in calc/data; the last valid year is the current one.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

FIRST_YEAR = 2016
ROC_OFFSET = 1911
#: relative year words → offset from the current year (contracts/year_words.json: data, not code)
RELATIVE_YEARS: dict[str, int] = json.loads(
    (Path(__file__).with_name("year_words.json")).read_text(encoding="utf-8"))["relative_years"]
#: the relative words as a regular-expression alternation, longest first (去年度 before 去年)
_RELATIVE = "|".join(re.escape(w) for w in sorted(RELATIVE_YEARS, key=len, reverse=True))

_WHOLE = re.compile(r"(?:民國|民国)?\s*(\d{2,4})\s*(?:年度?|年)?")
#: a year in Chinese numerals (一百一十一, 一一二, 二〇二三): always followed by 年 to be a year
_CN_YEAR = r"[零〇一二三四五六七八九十百]{3,6}"
_IN_TEXT = re.compile(
    rf"(?P<rel>{_RELATIVE})"
    rf"|(?:民國|民国)?\s*(?P<cn>{_CN_YEAR})\s*年度?"
    r"|(?:民國|民国)\s*(?P<roc1>\d{2,3})\s*年?度?"
    r"|(?:年度|年份)\s*(?:是|為|:|：)?\s*(?P<after>20[1-4]\d|1[01]\d)(?!\d)"
    r"|(?<!\d)(?<!\d[.,])(?P<roc2>1[01]\d)\s*年度?(?:(?!\d)|(?=(?:1[0-2]|0?[1-9])\s*月))"  # 113年1月: a year, then its month
    r"|(?<!\d)(?<!\d[.,])(?P<ad>20[1-4]\d)\s*(?:年度?|(?=\s*(?:一?整年|全年|一年)))"
)


@dataclass(frozen=True)
class YearMention:
    """A year found in a text: the Western year, whether it was relative (去年), and where."""

    year: int
    relative: bool
    start: int
    end: int
    text: str


def to_western(number: int) -> int:
    """110 → 2021 (ROC); 2021 → 2021."""
    return number + ROC_OFFSET if 0 < number < ROC_OFFSET else number


def roc(year: int) -> int:
    return year - ROC_OFFSET


def last_year(today: datetime.date | None = None) -> int:
    """The latest inventory year that can be taken (the current year)."""
    return (today or datetime.date.today()).year


def in_range(year: int, today: datetime.date | None = None, *, allow_next: bool = False) -> bool:
    last = last_year(today) + (1 if allow_next else 0)
    return FIRST_YEAR <= year <= last


def parse_year(value: object) -> int | None:
    """A whole value that is a year ("2021", "110年", 2021, "民國110年度") → the Western year, else None.

    No range check here (callers say what range they accept and how to say so)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return to_western(value) if value > 0 else None
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFKC", value).strip()
    match = _WHOLE.fullmatch(text)
    if not match:
        return None
    number = int(match.group(1))
    if number >= 1000 and not 1900 <= number <= 2200:
        return None
    return to_western(number)


def find_years(text: str, today: datetime.date | None = None) -> list[YearMention]:
    """Every year a sentence names, in order ("去年加了三次" → the previous year, relative)."""
    today = today or datetime.date.today()
    out = []
    for match in _IN_TEXT.finditer(unicodedata.normalize("NFKC", text)):
        if match.group("rel"):
            year, relative = today.year + RELATIVE_YEARS[match.group("rel")], True
        elif match.group("cn"):
            number = _chinese_number(match.group("cn"))
            if number is None or not (100 <= number <= 199 or 2000 <= number <= 2100):
                continue
            year, relative = to_western(number), False
        else:
            number = int(match.group("roc1") or match.group("roc2") or match.group("ad") or match.group("after"))
            year, relative = to_western(number), False
        out.append(YearMention(year, relative, match.start(), match.end(), match.group(0)))
    return out


def _chinese_number(text: str) -> int | None:
    """一百一十一 → 111, 一一二 → 112, 二〇二三 → 2023 (cn2an, as calc's number parser uses)."""
    import cn2an  # deferred: only Chinese-numeral years need it

    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, TypeError, IndexError):
        return None
    return int(value) if float(value).is_integer() and value > 0 else None


_BARE = re.compile(r"\s*(?:民國)?\s*(\d{3,4})\s*(?:年度?)?\s*(?:的|的資料|整年)?\s*[。.!！]?\s*")


def bare_year(text: str) -> int | None:
    """A whole message that may be a year ("2023", "113", "民國112年的"): a candidate the caller accepts when a
    year is what it asked for (a bare 150 is a count elsewhere)."""
    normalized = unicodedata.normalize("NFKC", text or "")
    match = _BARE.fullmatch(normalized)
    if not match:
        found = find_years(normalized)
        whole = [y for y in found if not y.relative and normalized.strip(" 。.!！的") == y.text.strip()]
        return whole[0].year if whole else None
    number = int(match.group(1))
    if 100 <= number <= 199:
        return number + ROC_OFFSET
    if 2000 <= number <= 2100:
        return number
    return None
