"""Units as people write them, converted by pint with Chinese unit names defined in its registry.

calc/data/units.csv lists every unit alias with its pint definition (Chinese names are defined in the
registry, e.g. ``千度 = 1000 * 度`` and ``度 = kilowatt_hour``; ASCII names use pint's own units). pint is
slow when called per value, so the registry is built once, lazily (importing calc does not import pint),
and each conversion factor is computed once and cached as an exact Decimal.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from calc._data import read_csv

if TYPE_CHECKING:  # pragma: no cover
    import pint


@dataclass(frozen=True)
class UnitDef:
    """One unit alias: ``alias`` as written in the data, its pint ``definition``, its zh-TW ``display``,
    the physical ``quantity`` it measures (energy, volume, mass, time) and, for volumes, its ``family``:
    ``litre`` (公升, 公秉: how liquids are sold) or ``cubic_metre`` (立方公尺: how gases are metered) — LPG's
    factor is per litre of liquid, LNG's per cubic metre of gas, so the family decides what a volume means."""

    alias: str
    definition: str
    display: str
    quantity: str
    family: str = ""

    @property
    def pint_expression(self) -> str:
        """How pint knows this unit: by its own (Chinese) name once defined, else by its definition."""
        return self.alias if not self.alias.isascii() else self.definition


def unit_key(text: str) -> str:
    """Lookup key of a unit as typed: NFKC (m³→m3, full-width→ASCII), no spaces, lower case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


@lru_cache(maxsize=1)
def _table() -> dict[str, UnitDef]:
    table: dict[str, UnitDef] = {}
    for row in read_csv("units.csv"):
        unit = UnitDef(row["alias"], row["definition"], row["display"], row["quantity"], row.get("family") or "")
        key = unit_key(unit.alias)
        if key in table:
            raise ValueError(f"units.csv: duplicate unit alias {unit.alias!r}")
        table[key] = unit
    return table


def units() -> list[UnitDef]:
    """Every unit alias, in the order of calc/data/units.csv."""
    return list(_table().values())


def unit_aliases() -> list[str]:
    """Every unit alias as written in the data (for the NLU dictionary and entity patterns)."""
    return [u.alias for u in _table().values()]


@lru_cache(maxsize=4096)
def lookup(text: str) -> UnitDef | None:
    """The unit ``text`` names, or None."""
    return _table().get(unit_key(text))


def lookup_key(key: str) -> UnitDef | None:
    """Like lookup() for text already normalised by unit_key() (the hot path of the quantity parser)."""
    return _table().get(key)


@lru_cache(maxsize=1)
def max_alias_length() -> int:
    return max(len(k) for k in _table())


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    """The pint registry with the Chinese units defined (built once, on first conversion)."""
    import pint  # deferred: importing pint and building a registry costs ~0.3 s

    ureg = pint.UnitRegistry(non_int_type=Decimal)
    for unit in _table().values():
        if not unit.alias.isascii():
            ureg.define(f"{unit.alias} = {unit.definition}")
    return ureg


@cache
def conversion_factor(from_alias: str, to_alias: str) -> Decimal:
    """Exact factor f such that 1 ``from_alias`` = f ``to_alias`` (both unit aliases from the data)."""
    src, dst = lookup(from_alias), lookup(to_alias)
    if src is None or dst is None:
        raise KeyError(f"unknown unit alias: {from_alias if src is None else to_alias}")
    if src.quantity != dst.quantity:
        raise ValueError(f"cannot convert {src.quantity} to {dst.quantity}")
    ureg = registry()
    magnitude = ureg.Quantity(Decimal(1), src.pint_expression).to(dst.pint_expression).magnitude
    return Decimal(magnitude).normalize()
