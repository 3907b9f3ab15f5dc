"""Amounts and units as people type them → exact quantities in a source's canonical unit.

This is the one place that normalises numbers: "8,537", "８５３７", "5萬4千8百", "三千八百八十二", "1.2萬",
"896萬7500", "11,295.6 千度", "74.4千立方公尺", "1,250 MWh". Arabic and mixed forms are parsed here with
exact Decimals (cn2an truncates "1.2345678萬"); pure Chinese numerals go to cn2an. Units are looked up in
calc/data/units.csv and converted by pint (calc.units). "度" is resolved by the source: kWh for electricity,
m³ for natural gas (sources.csv ``unit_overrides``), and the Quantity says which unit it took.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from calc import unit_rules, units
from calc.errors import CalcInputError
from calc.factors import SourceInfo, sources
from calc.messages import input_error, message

# Without a source, an amount is expressed in the SI-ish unit of its kind.
DEFAULT_CANONICAL = {"energy": "kWh", "volume": "m3", "mass": "kg", "time": "h"}
# Beyond any single firm's yearly activity in any unit: a typo or a wrong unit, not an amount.
GENERIC_MAX = Decimal("1E15")

_PLAIN_RE = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+")
_COMMA_RE = re.compile(r"[\d,]+(?:\.\d+)?")
#: a comma after a decimal point ("3.000,5"): the European way of writing 3000.5 — refused, not guessed
_DECIMAL_COMMA_RE = re.compile(r"\d\.\d+,\d")
_SCI_RE = re.compile(r"\d+(?:\.\d+)?e[+-]?\d+", re.IGNORECASE)
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
_NUMBER_CHARS = set("0123456789.,點点") | set(_CJK_DIGITS) | set(_CJK_UNITS)
# cn2an reads 參 as simplified 参, which it does not know; 叁 is the same financial numeral (3).
_VARIANTS = {"參": "叁"}
_NEGATIVE = ("-", "−", "﹣", "負", "负")
_NOT_FINITE = {"nan", "inf", "+inf", "infinity", "+infinity", "∞", "-nan"}
_LEVELS = (("億", 10**8), ("萬", 10**4), ("千", 1000), ("百", 100), ("十", 10))
_BIG = {"億", "萬"}


@dataclass(frozen=True)
class Quantity:
    """A parsed amount. ``amount`` is in ``unit`` (the source's canonical unit alias, e.g. ``kWh``),
    ``unit_display`` its zh-TW name (度); ``value``/``unit_as_written`` are what the user wrote;
    ``interpreted_unit`` is how the written unit was understood (天然氣 "度" → 立方公尺)."""

    text: str
    value: Decimal
    unit_as_written: str | None
    unit: str | None
    unit_display: str | None
    amount: Decimal
    interpreted_unit: str | None = None
    source: str | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "value": float(self.value),
            "unit_as_written": self.unit_as_written,
            "interpreted_unit": self.interpreted_unit,
            "amount": float(self.amount),
            "unit": self.unit,
            "unit_display": self.unit_display,
            "source": self.source,
            "notes": list(self.notes),
        }


def normalize_text(text: str) -> str:
    """NFKC (full-width digits and punctuation → ASCII, m³ → m3) and no whitespace."""
    if text.isascii():  # NFKC leaves ASCII as it is
        return "".join(text.split())
    return "".join(unicodedata.normalize("NFKC", text).split())


# ---------------------------------------------------------------- numbers


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
        number = _parse_number_text(normalize_text(value), value.strip())
    else:
        raise input_error("not_a_number", field="amount", text=str(value))
    if not number.is_finite():
        raise input_error("not_finite", field="amount", text=str(value))
    if number < 0:
        raise input_error("negative_amount", field="amount", text=str(value).strip())
    return number


def _parse_number_text(s: str, original: str) -> Decimal:
    if not s:
        raise input_error("empty_amount", field="amount")
    if s.casefold() in _NOT_FINITE:
        raise input_error("not_finite", field="amount", text=original)
    if s.startswith(_NEGATIVE) and len(s) > 1:
        _parse_number_text(s[1:], original)  # a number after the sign: say "negative", not "not a number"
        raise input_error("negative_amount", field="amount", text=original)
    s = s.removeprefix("+")
    if _PLAIN_RE.fullmatch(s):
        return Decimal(s.replace(",", ""))
    if _SCI_RE.fullmatch(s):
        return Decimal(s)
    if "," in s and _COMMA_RE.fullmatch(s):
        raise input_error("bad_grouping", field="amount", text=original)
    if _DECIMAL_COMMA_RE.search(s) or s.count(".") > 1:
        raise input_error("decimal_comma", field="amount", text=original)  # 3.000,5 / 1.234.567
    if not s or any(ch not in _NUMBER_CHARS for ch in s):
        raise input_error("not_a_number", field="amount", text=original)
    if not any(ch.isdigit() and ch.isascii() for ch in s) and not _has_decimal_with_multiplier(s):
        number = _cn2an("".join(_VARIANTS.get(ch, ch) for ch in s))
        if number is not None:
            return number
    try:
        return _parse_mixed(s)
    except (ValueError, InvalidOperation):
        raise input_error("not_a_number", field="amount", text=original) from None


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
        if not _PLAIN_RE.fullmatch(s) or "," in s:
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


# ---------------------------------------------------------------- units


_MAX_UNIT_LEN = units.max_alias_length


def _split(s: str) -> list[tuple[str, units.UnitDef | None, str | None]]:
    """Ways to read ``s`` as number + unit, best first.

    The longest unit suffix wins when what precedes it is a plain Arabic number ("74.4千立方公尺" is 74.4 of
    千立方公尺); when the number has Chinese multipliers, 千/萬 belong to it ("5萬4千度" is 54,000 度).
    """
    candidates = []
    n = len(s)
    key = s.lower()  # s is NFKC-normalised without spaces already: the unit key is its lower case
    for k in range(1, min(_MAX_UNIT_LEN(), n - 1) + 1):
        unit = units.lookup_key(key[n - k :])
        if unit is not None:
            candidates.append((s[: n - k], unit, s[n - k :]))
    if not candidates:
        return [(s, None, None)]
    plain = [c for c in reversed(candidates) if _PLAIN_RE.fullmatch(c[0]) or _SCI_RE.fullmatch(c[0])]
    rest = [c for c in candidates if c not in plain]
    return plain + rest


def _split_number_and_unit(s: str, original: str) -> tuple[Decimal, units.UnitDef | None, str | None]:
    if not s:
        raise input_error("empty_amount", field="amount")
    if units.lookup_key(s.lower()) is not None:
        raise input_error("no_number", field="amount", text=original)
    first_error: CalcInputError | None = None
    for number_text, unit, written in _split(s):
        try:
            return _parse_number_text(number_text, original), unit, written
        except CalcInputError as err:
            if err.code in ("negative_amount", "not_finite"):
                raise
            first_error = first_error or err
    # No unit suffix made sense: is it a number followed by something that is not a unit?
    match = re.match(r"[0-9.,]+", s)
    if (
        match
        and match.end() < len(s)
        and _PLAIN_RE.fullmatch(match.group())
        and s[match.end()] not in _NUMBER_CHARS
    ):
        raise input_error("unknown_unit", field="unit", text=s[match.end() :], units=_unit_examples(None))
    assert first_error is not None
    raise first_error


def _unit_examples(source: SourceInfo | None) -> str:
    if source is None:
        return "、".join(units.unit_aliases()[:16])
    names = [u.alias for u in units.units() if u.quantity == source.quantity]
    names += [w for w in source.unit_overrides if w not in names]
    return "、".join(names)


def resolve_source_info(source: str | SourceInfo | None) -> SourceInfo | None:
    """A SourceInfo from an id, an alias (天然氣, 台電…) or a SourceInfo."""
    if source is None or isinstance(source, SourceInfo):
        return source
    from calc.aliases import resolve_source

    return sources()[resolve_source(source).source]


def parse_quantity(
    text: str | float | Decimal, source: str | SourceInfo | None = None, *, unit: str | None = None
) -> Quantity:
    """Parse an amount (with or without its unit) into ``source``'s canonical unit.

    ``unit`` is a separately given unit (the JSON ``unit`` field); it must agree with a unit written in
    ``text``. Without a source the amount is converted to its kind's base unit (kWh, m³, kg, h).
    Raises CalcInputError with a Chinese message for anything it cannot take.
    """
    info = resolve_source_info(source)
    original = text.strip() if isinstance(text, str) else str(text)
    if isinstance(text, str):
        value, unit_def, written = _split_number_and_unit(normalize_text(text), original)
    else:
        value, unit_def, written = parse_number(text), None, None
    if value < 0:
        raise input_error("negative_amount", field="amount", text=original)
    if unit is not None and normalize_text(str(unit)):
        given = units.lookup(str(unit))
        if given is None:
            raise input_error(
                "unknown_unit", field="unit", text=str(unit).strip(), units=_unit_examples(info)
            )
        if unit_def is not None and unit_def.alias != given.alias:
            raise input_error(
                "unit_conflict", field="unit", text=original, written=written, given=str(unit).strip()
            )
        unit_def, written = given, (written or str(unit).strip())
    notes: list[str] = []
    if unit_def is None:
        if info is None:
            return Quantity(original, value, None, None, None, value, None, None, ())
        unit_def = units.lookup_key(info.canonical_unit.lower())
        assert unit_def is not None
        notes.append(message("note_no_unit", unit=info.unit_display, source=info.name))
    meant = unit_def
    if info is not None and unit_def.alias in info.unit_overrides:
        meant = units.lookup(info.unit_overrides[unit_def.alias]) or unit_def
        notes.append(message("note_unit_override", source=info.name, written=written, meant=meant.display))
    rule = unit_rules.rule_for(info.id, meant.quantity, meant.family) if info is not None else None
    if rule is not None and rule.action == "refuse":
        raise input_error(rule.message, field="unit", unit=written or meant.display, source=info.name)
    if rule is not None:  # convert: e.g. LPG kg → L by the energy-equivalent factor
        return _converted(original, value, written, meant, info, rule, notes)
    if info is not None and meant.quantity != info.quantity:
        raise input_error(
            "unit_mismatch", field="unit", unit=written, source=info.name, units=_unit_examples(info)
        )
    canonical = info.canonical_unit if info is not None else DEFAULT_CANONICAL[meant.quantity]
    canonical_def = units.lookup_key(canonical.lower())
    assert canonical_def is not None
    amount = (
        value
        if meant.alias == canonical_def.alias
        else value * units.conversion_factor(meant.alias, canonical)
    )
    limit = info.max_amount if info is not None else GENERIC_MAX
    if amount > limit:
        raise input_error(
            "too_large",
            field="amount",
            text=original,
            limit=f"{limit:,.0f}",
            unit=canonical_def.display,
            source=info.name if info is not None else "",
        )
    if amount.as_tuple().exponent > 0:  # type: ignore[operator]
        amount = amount.quantize(Decimal(1))  # 1.12956E+7 → 11295600
    if meant.family == "imperial":  # 磅 → 公斤: shown, never silent
        from contracts.numbers import number

        notes.append(message("note_imperial", value=number(value), unit=written or meant.display,
                             amount=number(amount, 2), canonical=canonical_def.display))
    return Quantity(
        text=original,
        value=value,
        unit_as_written=written,
        unit=canonical_def.alias,
        unit_display=canonical_def.display,
        amount=amount,
        interpreted_unit=meant.display,
        source=info.id if info is not None else None,
        notes=tuple(notes),
    )


def _converted(
    original: str,
    value: Decimal,
    written: str | None,
    meant: units.UnitDef,
    info: SourceInfo,
    rule: unit_rules.UnitRule,
    notes: list[str],
) -> Quantity:
    """A quantity of another kind converted by a source's unit rule (LPG: 公斤 → 公升)."""
    assert rule.factor is not None
    in_per_unit = value * units.conversion_factor(meant.alias, rule.per_unit)
    target = value_in = in_per_unit * rule.factor
    canonical_def = units.lookup_key(info.canonical_unit.lower())
    assert canonical_def is not None
    if rule.to_unit != canonical_def.alias:
        target = value_in * units.conversion_factor(rule.to_unit, canonical_def.alias)
    if target > info.max_amount:
        raise input_error("too_large", field="amount", text=original, limit=f"{info.max_amount:,.0f}",
                          unit=canonical_def.display, source=info.name)
    from contracts.numbers import number

    notes.append(message(rule.message, value=number(value), unit=written or meant.display,
                         factor=number(rule.factor), amount=number(target, 2)))
    return Quantity(
        text=original, value=value, unit_as_written=written, unit=canonical_def.alias,
        unit_display=canonical_def.display, amount=target, interpreted_unit=meant.display, source=info.id,
        notes=tuple(notes),
    )
