"""What every what-if scenario shares: its result (the tCO2e before and after, saved, with assumptions), how
the saving is computed from the recomputed lines, a share such as "30%", and the usage the engine takes for a
line (so a scenario never moves a forklift's diesel)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from calc import factors as F
from calc.aliases import find_equipment, resolve_source
from calc.engine import compute
from calc.errors import CalcInputError
from calc.line_inputs import emission_type_of
from calc.messages import input_error, message
from calc.model import Activity, Inventory, InventoryResult
from calc.quantities import normalize_text, parse_number
from contracts import numbers


@dataclass(frozen=True)
class WhatIfResult:
    kind: str  # fuel_switch | green_power | refrigerant_swap
    label: str
    before_tco2e: Decimal
    after_tco2e: Decimal
    saved_tco2e: Decimal
    saved_percent: Decimal
    assumptions: tuple[str, ...]
    details: Mapping[str, Any]
    after: InventoryResult

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.kind,
            "label": self.label,
            "before_tco2e": float(self.before_tco2e),
            "after_tco2e": float(self.after_tco2e),
            "saved_tco2e": float(self.saved_tco2e),
            "saved_percent": float(self.saved_percent),
            "assumptions": list(self.assumptions),
            "details": {k: float(v) if isinstance(v, Decimal) else v for k, v in self.details.items()},
        }


def as_inventory(inventory: Inventory | Mapping[str, object]) -> Inventory:
    return inventory if isinstance(inventory, Inventory) else Inventory.from_dict(inventory)


def parse_share(value: object) -> Decimal:
    text = normalize_text(str(value)) if isinstance(value, str) else None
    try:
        if text is not None and text.endswith(("%", "％")):
            share = parse_number(text[:-1]) / 100
        else:
            share = parse_number(value)
    except CalcInputError:
        raise input_error("whatif_bad_share", text=str(value)) from None
    if not 0 <= share <= 1:
        raise input_error("whatif_bad_share", text=str(value))
    return share


def percent_text(share: Decimal) -> str:
    return numbers.share(share)


def scenario_result(
    kind: str,
    label: str,
    inv: Inventory,
    after_inv: Inventory,
    assumptions: Iterable[str],
    details: Mapping[str, Any],
    before: InventoryResult | None = None,
) -> WhatIfResult:
    before = before or compute(inv)
    after = compute(after_inv)
    # From the line sums (4 decimals), rounded once: the difference of two rounded totals could be 0.001 off.
    raw_before = sum((line.tco2e for line in before.lines), Decimal(0))
    raw_after = sum((line.tco2e for line in after.lines), Decimal(0))
    saved = (raw_before - raw_after).quantize(Decimal("0.001"), ROUND_HALF_UP)
    percent = (
        (saved * 100 / raw_before).quantize(Decimal("0.01"), ROUND_HALF_UP) if raw_before else Decimal(0)
    )
    notes = [*assumptions, message("whatif_same_gwp", gwp_set=before.gwp_set)]
    return WhatIfResult(
        kind, label, before.total_tco2e, after.total_tco2e, saved, percent, tuple(notes), details, after
    )


def line_usage(activity: Activity, index: int) -> tuple[str, str | None]:
    """Source id and the usage the engine takes for the line — said, implied by the name (車用柴油) or by the
    equipment (堆高機 → mobile), else the source's default — so a what-if never moves a forklift's diesel."""
    match = resolve_source(activity.source)
    info = F.sources()[match.source]
    equipment_id = find_equipment(activity.equipment) if activity.equipment else None
    return match.source, emission_type_of(info, activity, match.emission_type, equipment_id, [])
