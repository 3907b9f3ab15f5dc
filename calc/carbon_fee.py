"""碳費 exposure under the 2025 rules (calc/data/carbon_fee.yaml): over the threshold or not, and the yearly
fee at the general and preferential rates. fee = (emissions − 25,000 t) × rate, emissions being category 1
plus purchased electricity (the regulation's 直接排放 + 使用電力間接排放)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from calc._data import read_yaml
from calc.messages import message
from calc.model import InventoryResult
from contracts import numbers


@dataclass(frozen=True)
class FeeAtRate:
    id: str
    label: str
    ntd_per_tco2e: Decimal
    chargeable_tco2e: Decimal
    fee_ntd: Decimal

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "ntd_per_tco2e": float(self.ntd_per_tco2e),
            "chargeable_tco2e": float(self.chargeable_tco2e),
            "fee_ntd": float(self.fee_ntd),
        }


@dataclass(frozen=True)
class CarbonFee:
    emissions_tco2e: Decimal
    threshold_tco2e: Decimal
    liable: bool  # at or over the threshold (if the firm is in a liable sector)
    fees: Mapping[str, FeeAtRate]
    notes: tuple[str, ...]
    source: str
    as_of: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "emissions_tco2e": float(self.emissions_tco2e),
            "threshold_tco2e": float(self.threshold_tco2e),
            "liable": self.liable,
            "fees": {k: v.to_dict() for k, v in self.fees.items()},
            "currency": _rules()["currency"],
            "notes": list(self.notes),
            "source": self.source,
            "as_of": self.as_of,
        }


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    return read_yaml("carbon_fee.yaml")


def fee_basis(result: InventoryResult) -> Decimal:
    """Category 1 + purchased electricity in tCO2e: summed over the lines (4 decimals), then rounded to 3."""
    keys = set(_rules()["basis"])
    basis = sum(
        (line.tco2e for line in result.lines if line.category_id in keys or line.emission_type_id in keys),
        Decimal(0),
    )
    return basis.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def carbon_fee(result: InventoryResult | Decimal | float) -> CarbonFee:
    """The carbon-fee exposure of a computed inventory (or of a basis emission figure in tCO2e)."""
    rules = _rules()
    emissions = fee_basis(result) if isinstance(result, InventoryResult) else Decimal(str(result))
    threshold = Decimal(str(rules["threshold_tco2e"]))
    liable = emissions >= threshold
    fees = {}
    for rate in rules["rates"]:
        chargeable = emissions - threshold if rate["deduct_threshold"] else emissions
        chargeable = max(chargeable, Decimal(0)) if liable else Decimal(0)
        per_t = Decimal(str(rate["ntd_per_tco2e"]))
        fees[rate["id"]] = FeeAtRate(
            rate["id"],
            rate["label"],
            per_t,
            chargeable,
            (chargeable * per_t).quantize(Decimal(1), rounding=ROUND_DOWN),  # the fee is truncated to whole NT$
        )
    fmt = {"emissions": numbers.fixed(emissions, 3), "threshold": numbers.fixed(threshold, 0)}
    notes = [message("carbon_fee_basis")]
    if liable:
        notes.append(
            message("carbon_fee_above", chargeable=numbers.fixed(fees["general"].chargeable_tco2e, 3), **fmt)
        )
    else:
        notes.append(message("carbon_fee_below", **fmt))
    notes += [
        message("carbon_fee_scope", threshold=fmt["threshold"]),
        message("carbon_fee_first", effective=rules["effective"], first_payment=rules["first_payment"]),
        message("carbon_fee_preferential"),
    ]
    return CarbonFee(emissions, threshold, liable, fees, tuple(notes), rules["source"], str(rules["as_of"]))
