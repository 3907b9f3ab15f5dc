"""The one number formatter: every number a user reads goes through here (chat, LINE, Excel, chart).

Thousands separators, no scientific notation, no trailing zeros, and one precision per kind of number:

    number(420000) → "420,000"      number(74.4) → "74.4"         number(1/3) → "0.3333"
    tonnes(27239.794) → "27,239.8"  tonnes(0.0433) → "0.04"      tonnes(27239.794, 3) → "27,239.794"
    factor(2.11015e-05) → "0.0000211015"                           percent(12.345) → "12.3%"
    fixed(27239.8, 3) → "27,239.800" (a set number of decimals, as the form prints them)
    exact(Decimal("8000.0")) → "8,000.0" (every digit a value has: a factor table's value as published)
    share(Decimal("0.125")) → "12.5%" (a fraction as a percent, every digit kept)
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Iterable, Union

Number = Union[int, float, Decimal, str]

#: amounts as given: at most this many decimals
AMOUNT_DECIMALS = 4
#: tCO2e in running text and charts: one decimal, more only for values too small to show with one
TONNES_DECIMALS = 1
#: factors: significant digits
FACTOR_DIGITS = 6


def _dec(value: Number) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(str(value).replace(",", ""))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def _plain(dec: Decimal, decimals: int, grouping: bool = True) -> str:
    quantum = Decimal(1).scaleb(-decimals)
    rounded = dec.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    text = f"{rounded:,f}" if grouping else f"{rounded:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def number(value: Number, decimals: int = AMOUNT_DECIMALS) -> str:
    """An amount: 8537 → "8,537"; 74.40 → "74.4"; 11295600 → "11,295,600"."""
    return _plain(_dec(value), decimals)


def tonnes(value: Number, decimals: int | None = None) -> str:
    """tCO2e: one decimal by default; a small non-zero value keeps its first significant digit (0.04)."""
    dec = _dec(value)
    if decimals is None:
        decimals = decimals_for([dec])
    return _plain(dec, decimals)


def decimals_for(values: Iterable[Number], base: int = TONNES_DECIMALS, max_decimals: int = 4) -> int:
    """One precision for a set of values shown together: enough decimals that the smallest non-zero one
    does not read as 0 (0.04 next to 71.1 → 2 decimals for both), at most ``max_decimals``."""
    decimals = base
    for value in values:
        dec = abs(_dec(value))
        if dec == 0:
            continue
        while decimals < max_decimals and dec.quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP) == 0:
            decimals += 1
    return decimals


def percent(value: Number, decimals: int = 1) -> str:
    """12.345 → "12.3%" (the value is already in percent)."""
    return _plain(_dec(value), decimals) + "%"


def factor(value: Number, digits: int = FACTOR_DIGITS) -> str:
    """An emission factor with ``digits`` significant digits and no exponent: 2.11015e-05 → "0.0000211015"."""
    dec = _dec(value)
    if dec == 0:
        return "0"
    exponent = dec.adjusted()
    decimals = max(0, digits - 1 - exponent)
    return _plain(dec, decimals, grouping=exponent >= 4)


def quantity(value: Number, unit: str | None, decimals: int = AMOUNT_DECIMALS) -> str:
    """An amount with its unit: "420,000 度"."""
    text = number(value, decimals)
    return f"{text} {unit}" if unit else text


def fixed(value: Number, decimals: int, grouping: bool = True) -> str:
    """Exactly ``decimals`` decimals, trailing zeros kept: fixed(12.3, 3) → "12.300" (tCO2e as the carbon fee
    is reckoned, 3 decimals)."""
    quantum = Decimal(1).scaleb(-decimals)
    rounded = _dec(value).quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    return f"{rounded:,f}" if grouping else f"{rounded:f}"


def exact(value: Number, grouping: bool = True) -> str:
    """Every digit the value has, no rounding and no exponent: Decimal("8000.0") → "8,000.0", Decimal("1E+3") →
    "1,000" (a published heat value or GWP, an amount as calc holds it)."""
    dec = _dec(value)
    return f"{dec:,f}" if grouping else f"{dec:f}"


def share(fraction: Number) -> str:
    """A fraction as a percent with every digit it has: 0.125 → "12.5%", 0.05 → "5%" (a leak rate, a what-if
    share)."""
    return exact((_dec(fraction) * 100).normalize(), grouping=False) + "%"
