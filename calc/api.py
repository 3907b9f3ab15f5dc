"""compute_json(): what the CLI and the gateway's POST /api/calc do — JSON in, JSON-ready dict out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from calc import whatif
from calc.carbon_fee import carbon_fee
from calc.engine import compute
from calc.messages import input_error, message
from calc.model import Inventory


def compute_json(payload: Mapping[str, Any]) -> dict[str, Any]:
    """``{"year": 2021, "gwp": "AR4", "activities": [...], "whatif": [...]}`` → result dict.

    The result has ``total_tco2e``, ``by_category``, ``by_emission_type``, ``by_gas``, ``lines``, ``notes``,
    ``carbon_fee`` and, when scenarios were asked for, ``whatif``. Numbers are floats. Raises CalcInputError
    (``.message`` in Chinese, ``.activity`` the 0-based index or None).
    """
    inventory = Inventory.from_dict(payload)
    result = compute(inventory)
    out = result.to_dict()
    out["carbon_fee"] = carbon_fee(result).to_dict()
    scenarios = payload.get("whatif") if isinstance(payload, Mapping) else None
    if scenarios is not None:
        if isinstance(scenarios, Mapping):
            scenarios = [scenarios]
        if not isinstance(scenarios, list):
            raise input_error("whatif_bad", detail=message("whatif_detail_list"))
        out["whatif"] = [whatif.run(inventory, spec, before=result).to_dict() for spec in scenarios]
    return out
