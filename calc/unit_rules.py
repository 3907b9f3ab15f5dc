"""Per-source unit rules (calc/data/unit_rules.csv): what a unit of another kind means for one source.

LPG's factor is per litre of liquid, but cylinders are sold by the kilogram: kg converts to litres with an
energy-equivalent factor (IPCC net calorific value ÷ the 6.0.4 heat value), and the note says so. A cubic
metre of LPG is gas, not liquid, and a litre of LNG is liquid, not gas: both are refused with a message that
says which unit to use, never read silently as the other phase.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from calc._data import read_csv


@dataclass(frozen=True)
class UnitRule:
    source_id: str
    quantity: str
    family: str
    action: str  # convert | refuse
    per_unit: str  # convert: the unit the factor is per (kg)
    factor: Decimal | None  # convert: to_unit per per_unit
    to_unit: str
    message: str  # calc/data/messages.yaml key (the note of a conversion, the error of a refusal)
    basis: str
    source: str
    version: str


@lru_cache(maxsize=1)
def _rules() -> tuple[UnitRule, ...]:
    rules = []
    for row in read_csv("unit_rules.csv"):
        if row["action"] not in ("convert", "refuse"):
            raise ValueError(f"unit_rules.csv: unknown action {row['action']!r}")
        rules.append(
            UnitRule(
                row["source_id"], row["quantity"], row["family"], row["action"], row["per_unit"],
                Decimal(row["factor"]) if row["factor"] else None, row["to_unit"], row["message"],
                row["basis"], row["source"], row["version"],
            )
        )
    return tuple(rules)


def rule_for(source_id: str, quantity: str, family: str) -> UnitRule | None:
    """The rule for a unit of ``quantity``/``family`` written for ``source_id``, or None (the default path)."""
    for rule in _rules():
        if rule.source_id == source_id and rule.quantity == quantity and rule.family in ("", family):
            return rule
    return None
