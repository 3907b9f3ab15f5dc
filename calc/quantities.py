"""Amounts and units as people type them → exact quantities in a source's canonical unit.

"11,295.6 千度", "74.4千立方公尺", "1,250 MWh": the number is read by calc/chinese_numbers.py (the one place
that normalises numbers: "8,537", "5萬4千8百", "三千八百八十二"; re-exported here). Units are looked up in
calc/data/units.csv and converted by pint (calc.units). "度" is resolved by the source: kWh for electricity,
m³ for natural gas (sources.csv ``unit_overrides``), and the Quantity says which unit it took.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from calc import unit_rules, units
from calc.chinese_numbers import NUMBER_CHARS, PLAIN_RE, SCI_RE, normalize_text, parse_number, parse_number_text
from calc.errors import CalcInputError
from calc.factors import SourceInfo, sources
from calc.messages import input_error, message
from contracts import numbers

# Without a source, an amount is expressed in the SI-ish unit of its kind.
DEFAULT_CANONICAL = {"energy": "kWh", "volume": "m3", "mass": "kg", "time": "h"}
# Beyond any single firm's yearly activity in any unit: a typo or a wrong unit, not an amount.
GENERIC_MAX = Decimal("1E15")

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
    plain = [c for c in reversed(candidates) if PLAIN_RE.fullmatch(c[0]) or SCI_RE.fullmatch(c[0])]
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
            return parse_number_text(number_text, original), unit, written
        except CalcInputError as err:
            if err.code in ("negative_amount", "not_finite"):
                raise
            first_error = first_error or err
    # No unit suffix made sense: is it a number followed by something that is not a unit?
    match = re.match(r"[0-9.,]+", s)
    if (
        match
        and match.end() < len(s)
        and PLAIN_RE.fullmatch(match.group())
        and s[match.end()] not in NUMBER_CHARS
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
            limit=numbers.fixed(limit, 0),
            unit=canonical_def.display,
            source=info.name if info is not None else "",
        )
    if amount.as_tuple().exponent > 0:  # type: ignore[operator]
        amount = amount.quantize(Decimal(1))  # 1.12956E+7 → 11295600
    if meant.family == "imperial":  # 磅 → 公斤: shown, never silent
        notes.append(message("note_imperial", value=numbers.number(value), unit=written or meant.display,
                             amount=numbers.number(amount, 2), canonical=canonical_def.display))
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
        raise input_error("too_large", field="amount", text=original, limit=numbers.fixed(info.max_amount, 0),
                          unit=canonical_def.display, source=info.name)
    notes.append(message(rule.message, value=numbers.number(value), unit=written or meant.display,
                         factor=numbers.number(rule.factor), amount=numbers.number(target, 2)))
    return Quantity(
        text=original, value=value, unit_as_written=written, unit=canonical_def.alias,
        unit_display=canonical_def.display, amount=target, interpreted_unit=meant.display, source=info.id,
        notes=tuple(notes),
    )
