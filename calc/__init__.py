"""calc — the Taiwanese GHG inventory engine: official factors (6.0.4), GWP sets, Chinese quantities, units.

Public API::

    from calc import compute, compute_json, CalcInputError, parse_quantity, SOURCES

- ``compute(inventory) -> InventoryResult`` (an Inventory or its dict form)
- ``compute_json(payload) -> dict`` (what ``python -m calc`` and POST /api/calc do)
- ``parse_quantity(text, source=None) -> Quantity``; ``parse_number(text) -> Decimal``
- ``SOURCES``: source id → SourceInfo (name, aliases, units…); aliases in ``calc.aliases``
- what-if scenarios in ``calc.whatif``; 碳費: ``carbon_fee_exposure(result)`` (module ``calc.carbon_fee``)
"""

from __future__ import annotations

from calc import aliases, carbon_fee, whatif
from calc.api import compute_json
from calc.carbon_fee import CarbonFee
from calc.carbon_fee import carbon_fee as carbon_fee_exposure
from calc.engine import compute
from calc.errors import CalcInputError
from calc.factors import SourceInfo
from calc.factors import load_all as _load_all
from calc.factors import sources as _sources
from calc.model import (
    Activity,
    FactorInfo,
    GasEmission,
    GasTotal,
    Inventory,
    InventoryResult,
    LineResult,
    Subtotal,
)
from calc.quantities import Quantity, parse_number, parse_quantity
from calc.whatif import WhatIfResult

_load_all()
SOURCES = _sources()

__all__ = [
    "SOURCES",
    "Activity",
    "CalcInputError",
    "CarbonFee",
    "FactorInfo",
    "GasEmission",
    "GasTotal",
    "Inventory",
    "InventoryResult",
    "LineResult",
    "Quantity",
    "SourceInfo",
    "Subtotal",
    "WhatIfResult",
    "aliases",
    "carbon_fee",
    "carbon_fee_exposure",
    "compute",
    "compute_json",
    "parse_number",
    "parse_quantity",
    "whatif",
]
