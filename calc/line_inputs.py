"""The parts of an activity line read before computing: a leak rate ("3%", 0.03), a supplier's factor (steam,
electricity) with its plausibility limit, and the usage (emission type) the line is computed for."""

from __future__ import annotations

from decimal import Decimal

from calc import factors as F
from calc.aliases import resolve_emission_type
from calc.errors import CalcInputError
from calc.messages import input_error, message
from calc.model import Activity
from calc.quantities import normalize_text, parse_number
from contracts import numbers

# Supplier factors above these are a unit mistake (kg entered as t), not a factor.
MAX_STEAM_FACTOR = Decimal(2)  # 公噸CO2e/公噸蒸汽
MAX_ELECTRICITY_FACTOR = Decimal(2)  # 公斤CO2e/度


def parse_rate(value: object, error_key: str, **kw: object) -> Decimal:
    """A rate as a Decimal fraction in [0, 1]: 0.03 (a JSON number is a fraction), "3%", "0.3 %", "3" (text
    above 1 is percent). Text in (0, 1] without "%" is ambiguous — "0.3" may mean 0.3 % or 30 % — and is
    refused with a question rather than guessed (error ``ambiguous_rate``)."""
    text = normalize_text(str(value)) if not isinstance(value, (int, float, Decimal)) else None
    try:
        if text is not None and text.endswith(("%", "％")):
            rate = parse_number(text[:-1]) / 100
        else:
            rate = parse_number(value)
            if text is not None and 0 < rate <= 1:
                raise input_error("ambiguous_rate", field="leak_rate", text=str(value).strip(),
                                  low=numbers.exact(rate, grouping=False),
                                  high=numbers.exact((rate * 100).normalize(), grouping=False))
            if rate > 1 and rate <= 100 and text is not None:
                rate = rate / 100  # "3" written for 3 %
    except CalcInputError as err:
        if err.code == "ambiguous_rate":
            raise
        raise input_error(error_key, text=str(value), **kw) from None
    if not 0 <= rate <= 1:
        raise input_error(error_key, text=str(value), **kw)
    return rate


def supplier_factor(value: object, unit: str, limit: Decimal) -> Decimal:
    if isinstance(value, str):
        value = normalize_text(value)
    try:
        factor = parse_number(value)
    except CalcInputError:
        raise input_error("bad_factor", field="factor", text=str(value), unit=unit) from None
    if factor > limit:
        raise input_error("factor_too_large", field="factor", value=f"{factor}", unit=unit, limit=f"{limit}")
    return factor


def emission_type_of(
    info: F.SourceInfo, activity: Activity, hint: str | None, equipment_id: str | None, notes: list[str]
) -> str:
    types = F.emission_types()
    if activity.usage is not None and activity.usage.strip():
        etype = resolve_emission_type(activity.usage)
    elif hint is not None:
        etype = hint
    elif equipment_id is not None and F.equipment()[equipment_id].usage in info.emission_types:
        etype = F.equipment()[equipment_id].usage  # type: ignore[assignment]
        if etype != info.default_emission_type:
            notes.append(
                message(
                    "note_usage_from_equipment", equipment=activity.equipment, label=types[etype].long_label
                )
            )
    else:
        etype = info.default_emission_type
        if len(info.emission_types) > 1:
            other = [types[t].long_label for t in info.emission_types if t != etype]
            notes.append(
                message(
                    "note_default_usage",
                    source=info.name,
                    label=types[etype].long_label,
                    other="、".join(other),
                )
            )
    if etype not in info.emission_types:
        raise input_error(
            "usage_not_available",
            field="usage",
            source=info.name,
            usage=types[etype].long_label,
            available="、".join(types[t].long_label for t in info.emission_types),
        )
    return etype
