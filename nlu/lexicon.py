"""The statement interpreter's vocabulary: nlu/lexicon.yml (words around amounts) plus calc's alias and unit
tables (sources, refrigerants, equipment, usages, units). One loader, cached; plain Python (both environments).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from calc import aliases as calc_aliases
from calc import units as calc_units
from textdata import load_catalogue

LEXICON_FILE = Path(__file__).with_name("lexicon.yml")


def raw() -> Mapping[str, Any]:
    return load_catalogue(LEXICON_FILE).data


def words(key: str) -> list[str]:
    """A flat word list of lexicon.yml, longest first."""
    return _longest_first(load_catalogue(LEXICON_FILE).words(key))


def grouped(key: str) -> dict[str, list[str]]:
    """A grouped list (group → words) of lexicon.yml."""
    return {str(group): list(items) for group, items in load_catalogue(LEXICON_FILE).mapping(key).items()}


def _longest_first(items: list[str]) -> list[str]:
    return sorted({str(w) for w in items if str(w)}, key=lambda w: (-len(w), w))


@dataclass(frozen=True)
class UnitWord:
    """A unit as written after a number and what it measures: a calc unit (energy/volume/mass/time), money,
    a counter (台, 桶, 期 …), a duration in months (個月) or a month label (2月)."""

    text: str
    kind: str  # energy | volume | mass | time | money | counter | months | month_label | days | percent
    detail: str = ""  # counter group (unit, cylinder, bill, event, person, vehicle); money multiplier


@lru_cache(maxsize=1)
def unit_words() -> dict[str, UnitWord]:
    """Every word that may follow a number, by lower-cased text."""
    table: dict[str, UnitWord] = {}
    for unit in calc_units.units():
        table[unit.alias.lower()] = UnitWord(unit.alias, unit.quantity)
    multipliers = raw()["money_multipliers"]
    for word in raw()["money_units"]:
        table[word.lower()] = UnitWord(word, "money", str(multipliers.get(word, "1")))
    for group, items in raw()["counters"].items():
        for word in items:
            table.setdefault(word.lower(), UnitWord(word, "counter", group))
    for kind, words in raw()["unit_words"].items():
        for word in words:
            table[str(word)] = UnitWord(str(word), kind)
    return table


@lru_cache(maxsize=1)
def source_names() -> dict[str, str]:
    """Source alias → source id (refrigerant names → refrigerant), from calc."""
    return calc_aliases.source_aliases()


@lru_cache(maxsize=1)
def refrigerant_names() -> dict[str, str]:
    names = dict(calc_aliases.refrigerant_aliases())
    # people drop the hyphen or the R: R134a, R410A, 134A are handled by calc's tolerant lookup; list the forms
    for alias, gas in list(names.items()):
        if alias.startswith("R-"):
            names.setdefault("R" + alias[2:], gas)
    return names


@lru_cache(maxsize=1)
def equipment_names() -> dict[str, str]:
    return calc_aliases.equipment_aliases()


@lru_cache(maxsize=1)
def usage_names() -> dict[str, str]:
    return calc_aliases.emission_type_aliases()
