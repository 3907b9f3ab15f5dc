"""calc/result_json.py describes `InventoryResult.to_dict()` key for key: a key calc adds without a field, or a
field calc no longer gives, fails here (the gateway validates stored results with these records)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from pydantic import TypeAdapter

from calc import compute_json
from calc.result_json import FactorJSON, GasLineJSON, GasTotalJSON, LineJSON, ResultJSON, SubtotalJSON
from tests.fakes.inventories import MIXED_PLANT, TEXTILE_PLANT

#: compute_json's additions to `to_dict()`, not described by ResultJSON
ADDED_BY_COMPUTE_JSON = {"carbon_fee", "whatif"}
#: refrigerant that is not counted (R-22): a factor without values
R22 = {"year": 2023, "activities": [{"source": "冷媒", "refrigerant": "R-22", "amount": "5", "unit": "公斤",
                                           "method": "refill"}]}


def _fields(record: type) -> tuple[set[str], set[str]]:
    """(all field names, the required ones)."""
    fields = dataclasses.fields(record)
    required = {f.name for f in fields
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    return {f.name for f in fields}, required


def _check(record: type, data: dict[str, Any], where: str, ignore: frozenset[str] = frozenset()) -> None:
    names, required = _fields(record)
    keys = set(data) - ignore
    assert keys <= names, f"{where}: keys without a field in {record.__name__}: {sorted(keys - names)}"
    assert required <= keys, f"{where}: required fields calc did not give: {sorted(required - keys)}"


@pytest.mark.parametrize("inventory", [TEXTILE_PLANT, MIXED_PLANT, R22], ids=["textile", "mixed", "r22"])
def test_records_describe_to_dict(inventory: dict[str, Any]) -> None:
    result = compute_json(inventory)
    _check(ResultJSON, result, "result", frozenset(ADDED_BY_COMPUTE_JSON))
    for name, subtotal in [*result["by_category"].items(), *result["by_emission_type"].items()]:
        _check(SubtotalJSON, subtotal, f"subtotal {name}")
    for gas, total in result["by_gas"].items():
        _check(GasTotalJSON, total, f"gas total {gas}")
    for line in result["lines"]:
        _check(LineJSON, line, f"line {line['index']}")
        _check(FactorJSON, line["factor"], f"factor of line {line['index']}")
        for gas in line["gases"]:
            _check(GasLineJSON, gas, f"gas {gas['gas']} of line {line['index']}")


def test_validated_record_keeps_the_values() -> None:
    result = compute_json(MIXED_PLANT)
    record = TypeAdapter(ResultJSON).validate_python(result)
    assert record.total_tco2e == result["total_tco2e"]
    assert [line.tco2e for line in record.lines] == [line["tco2e"] for line in result["lines"]]
    gas_line = next(line for line in record.lines if line.source == "natural_gas")
    assert gas_line.factor.heat_value == next(
        line for line in result["lines"] if line["source"] == "natural_gas")["factor"]["heat_value"]
    electricity = next(line for line in record.lines if line.source == "electricity")
    assert electricity.factor.data_year is not None
