"""Numbers as people type them → exact Decimals: "8,537", "８５３７", "5萬4千8百", "三千八百八十二", "1.2萬",
"896萬7500", and an English magnitude after the number ("1.25 million", "2k", "1.2M": calc/data/magnitudes.yaml).
Arabic and mixed forms are parsed here with exact Decimals (cn2an truncates "1.2345678萬"); pure Chinese numerals
go to cn2an. The one number parser of calc, knowledge's rules and the NLU (through
``calc.quantities.parse_number``, which re-exports it)."""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from calc._data import read_yaml
from calc.messages import input_error

PLAIN_RE = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+")
_COMMA_RE = re.compile(r"[\d,]+(?:\.\d+)?")
#: a comma after a decimal point ("3.000,5"): the European way of writing 3000.5 — refused, not guessed
_DECIMAL_COMMA_RE = re.compile(r"\d\.\d+,\d")
SCI_RE = re.compile(r"\d+(?:\.\d+)?e[+-]?\d+", re.IGNORECASE)
_CJK_DIGITS = "零〇一二三四五六七八九兩两壹貳贰參叁肆伍陸柒捌玖"
_CJK_UNITS = {
    "十": "十",
    "拾": "十",
    "百": "百",
    "佰": "百",
    "千": "千",
    "仟": "千",
    "萬": "萬",
    "万": "萬",
    "億": "億",
    "亿": "億",
}
NUMBER_CHARS = set("0123456789.,點点") | set(_CJK_DIGITS) | set(_CJK_UNITS)
# cn2an reads 參 as simplified 参, which it does not know; 叁 is the same financial numeral (3).
_VARIANTS = {"參": "叁"}
_NEGATIVE = ("-", "−", "﹣", "負", "负")
_NOT_FINITE = {"nan", "inf", "+inf", "infinity", "+infinity", "∞", "-nan"}
_LEVELS = (("億", 10**8), ("萬", 10**4), ("千", 1000), ("百", 100), ("十", 10))
_BIG = {"億", "萬"}


def normalize_text(text: str) -> str:
    """NFKC (full-width digits and punctuation → ASCII, m³ → m3) and no whitespace."""
    if text.isascii():  # NFKC leaves ASCII as it is
        return "".join(text.split())
    return "".join(unicodedata.normalize("NFKC", text).split())


def parse_number(value: object) -> Decimal:
    """A non-negative finite Decimal from a number or text; raises CalcInputError (Chinese message)."""
    if isinstance(value, bool):
        raise input_error("not_a_number", field="amount", text=str(value))
    if isinstance(value, (int, Decimal)):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise input_error("not_finite", field="amount", text=str(value))
        number = Decimal(repr(value))
    elif isinstance(value, str):
        number = parse_number_text(normalize_text(value), value.strip())
    else:
        raise input_error("not_a_number", field="amount", text=str(value))
    if not number.is_finite():
        raise input_error("not_finite", field="amount", text=str(value))
    if number < 0:
        raise input_error("negative_amount", field="amount", text=str(value).strip())
    return number


def parse_number_text(s: str, original: str) -> Decimal:
    if not s:
        raise input_error("empty_amount", field="amount")
    if s.casefold() in _NOT_FINITE:
        raise input_error("not_finite", field="amount", text=original)
    if s.startswith(_NEGATIVE) and len(s) > 1:
        parse_number_text(s[1:], original)  # a number after the sign: say "negative", not "not a number"
        raise input_error("negative_amount", field="amount", text=original)
    s = s.removeprefix("+")
    scaled = split_magnitude(s)
    if scaled is not None:  # "2.4million", "3k"
        value = parse_number_text(scaled[0], original) * scaled[1]
        return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    if PLAIN_RE.fullmatch(s):
        return Decimal(s.replace(",", ""))
    if SCI_RE.fullmatch(s):
        return Decimal(s)
    if "," in s and _COMMA_RE.fullmatch(s):
        raise input_error("bad_grouping", field="amount", text=original)
    if _DECIMAL_COMMA_RE.search(s) or s.count(".") > 1:
        raise input_error("decimal_comma", field="amount", text=original)  # 3.000,5 / 1.234.567
    if not s or any(ch not in NUMBER_CHARS for ch in s):
        raise input_error("not_a_number", field="amount", text=original)
    if not any(ch.isdigit() and ch.isascii() for ch in s) and not _has_decimal_with_multiplier(s):
        number = _cn2an("".join(_VARIANTS.get(ch, ch) for ch in s))
        if number is not None:
            return number
    try:
        return _parse_mixed(s)
    except (ValueError, InvalidOperation):
        raise input_error("not_a_number", field="amount", text=original) from None


@lru_cache(maxsize=1)
def magnitudes() -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """English magnitude words → factor: (any case, by lower-cased word; exact case)."""
    data = read_yaml("magnitudes.yaml")
    return ({str(w).casefold(): Decimal(str(f)) for w, f in data["any_case"].items()},
            {str(w): Decimal(str(f)) for w, f in data["exact_case"].items()})


def split_magnitude(s: str) -> tuple[str, Decimal] | None:
    """"2.4million" → ("2.4", 1000000): a number (ending in a digit) followed by a magnitude word; else None."""
    any_case, exact = magnitudes()
    folded = s.casefold()
    words = [(w, f) for w, f in exact.items() if s.endswith(w)] + [
        (w, f) for w, f in any_case.items() if folded.endswith(w)]
    for word, factor in sorted(words, key=lambda pair: -len(pair[0])):
        head = s[: len(s) - len(word)]
        if head and head[-1].isascii() and head[-1].isdigit():
            return head, factor
    return None


def magnitude_pattern() -> str:
    """A regular expression of the magnitude words as the lexer meets them after a number (any case ones inside
    an ignore-case pattern, exact ones not), never followed by a letter or digit ("MWh", "kL", "kg" are units)."""
    any_case, exact = magnitudes()
    words = [re.escape(w) for w in sorted(any_case, key=len, reverse=True)]
    kept = [f"(?-i:{re.escape(w)})" for w in sorted(exact, key=len, reverse=True)]
    return rf"(?:(?i:{'|'.join(words)})|{'|'.join(kept)})(?![A-Za-z0-9])"


def _has_decimal_with_multiplier(s: str) -> bool:
    """cn2an truncates decimals times a multiplier (一點二三四五萬), so such text is parsed here."""
    return ("點" in s or "点" in s) and any(ch in _CJK_UNITS for ch in s)


@lru_cache(maxsize=4096)
def _cn2an(s: str) -> Decimal | None:
    """Pure Chinese numerals (三千八百八十二, 二十五萬六千六百) via cn2an; None when it cannot."""
    import cn2an  # deferred: only Chinese numerals need it

    try:
        result = cn2an.cn2an(s, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return Decimal(str(result))


@lru_cache(maxsize=1)
def _digit_map() -> dict[str, str]:
    """Chinese digit → ASCII digit, by cn2an (零〇 → 0, 兩两 → 2, 壹 → 1…)."""
    import cn2an

    return {ch: str(int(cn2an.cn2an(_VARIANTS.get(ch, ch), "smart"))) for ch in _CJK_DIGITS}


def _parse_mixed(s: str) -> Decimal:
    """Arabic digits with 十百千萬億 (and stray Chinese digits): "5萬4千8百", "1.2萬", "896萬7500"."""
    s = s.replace(",", "").replace("點", ".").replace("点", ".")
    digits = _digit_map()
    s = "".join(digits.get(ch, _CJK_UNITS.get(ch, ch)) for ch in s)
    return _parse_level(s, 0)


def _parse_level(s: str, level: int) -> Decimal:
    if level == len(_LEVELS):
        if not PLAIN_RE.fullmatch(s) or "," in s:
            raise ValueError(s)
        return Decimal(s)
    unit, mult = _LEVELS[level]
    pos = s.find(unit)
    if pos < 0:
        return _parse_level(s, level + 1)
    head, tail = s[:pos], s[pos + 1 :]
    if unit in tail:
        raise ValueError(s)
    if not head:
        if unit != "十":
            raise ValueError(s)
        head_value = Decimal(1)
    elif unit in _BIG:
        head_value = _parse_level(head, level + 1)
    else:
        head_value = _parse_level(head, len(_LEVELS))  # 千/百/十 take plain digits: 3千, 2.5百
    return head_value * mult + _parse_tail(tail, mult, level)


def _parse_tail(tail: str, mult: int, level: int) -> Decimal:
    if not tail:
        return Decimal(0)
    if len(tail) == 1 and tail in "123456789" and mult >= 100:
        return Decimal(int(tail) * mult // 10)  # colloquial: 5萬4 = 54,000; 3千5 = 3,500
    value = _parse_level(tail, level + 1)
    if value >= mult:
        raise ValueError(tail)
    return value
