"""The JSON form of a result, as typed records: what ``InventoryResult.to_dict()`` (and so ``compute_json``
and the ``inventory_result`` payload) gives, key for key, with floats for numbers.

calc computes with the dataclasses of calc/model.py (Decimals, a parsed Quantity); a reader of the JSON (the
gateway's store, workbook and chart) validates it against these, e.g. with pydantic's
``TypeAdapter(ResultJSON)``, instead of declaring the shape again. Keys a reader does not need may be missing
from older stored results: those have defaults. tests/calc/test_result_json.py keeps these records and
``to_dict()`` in step. Standard library only, so both environments can import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, kw_only=True)
class GasLineJSON:
    """One gas of one line (``GasEmission.to_dict()``)."""

    gas: str
    group: str
    factor_kg_per_unit: float
    tonnes: float
    gwp: float
    tco2e: float


@dataclass(frozen=True, kw_only=True)
class FactorJSON:
    """The factor a line used (``FactorInfo.to_dict()``); the optional keys are its ``extra`` per source."""

    name: str
    unit: str
    source: str
    version: str
    values: dict[str, float] = field(default_factory=dict)
    display: str | None = None
    heat_value: float | None = None
    heat_value_unit: str | None = None
    # fuels
    official_name: str | None = None
    ipcc_name: str | None = None
    # electricity
    announcement: str | None = None
    data_year: int | None = None
    stand_in: bool | None = None
    # fixed factors (septic tanks…)
    derivation: str | None = None
    # refrigerants
    leak_rate: float | None = None
    leak_rate_basis: str | None = None
    gwp_note: str | None = None


@dataclass(frozen=True, kw_only=True)
class LineJSON:
    """One activity line's result (``LineResult.to_dict()``)."""

    index: int
    source: str
    source_name: str
    source_alias: str
    emission_type: str
    emission_type_id: str
    category: str
    category_id: str
    scope: str = ""
    amount: float  # in `unit_display`, the unit calc's factors are per
    unit: str | None = None  # the canonical unit alias of `amount` (kWh)
    unit_display: str
    amount_as_written: float
    unit_as_written: str | None = None
    interpreted_unit: str | None = None
    gases: list[GasLineJSON]
    gwp_set: str
    tco2e: float
    tco2e_unit: str | None = None
    share_percent: float
    factor: FactorJSON
    equipment: str | None = None
    equipment_id: str | None = None
    refrigerant: str | None = None
    label: str | None = None
    estimate: bool = False
    explanation: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def written_unit(self) -> str:
        """The unit of `amount_as_written`: as the user wrote it (or as calc read it)."""
        return self.interpreted_unit or self.unit_as_written or self.unit_display


@dataclass(frozen=True, kw_only=True)
class SubtotalJSON:
    """A category or emission-type total (``Subtotal.to_dict()``)."""

    label: str
    name: str
    tco2e: float
    share_percent: float
    category: str | None = None
    scope: str | None = None


@dataclass(frozen=True, kw_only=True)
class GasTotalJSON:
    """One gas's total (``GasTotal.to_dict()``)."""

    label: str
    tonnes: float
    tco2e: float
    share_percent: float


@dataclass(frozen=True, kw_only=True)
class ResultJSON:
    """A year's result (``InventoryResult.to_dict()``; compute_json adds ``carbon_fee`` and ``whatif``, which
    these records do not describe)."""

    year: int
    roc_year: int
    gwp: str
    gwp_default: bool = False
    total_tco2e: float
    unit: str | None = None
    by_category: dict[str, SubtotalJSON]
    by_emission_type: dict[str, SubtotalJSON]
    by_gas: dict[str, GasTotalJSON]
    lines: list[LineJSON]
    notes: list[str] = field(default_factory=list)


__all__ = ["FactorJSON", "GasLineJSON", "GasTotalJSON", "LineJSON", "ResultJSON", "SubtotalJSON"]
