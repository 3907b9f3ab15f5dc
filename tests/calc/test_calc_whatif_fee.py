"""What-if reductions and the carbon fee, with their figures worked out by hand."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from calc import CalcInputError, compute, compute_json, whatif
from calc import carbon_fee_exposure as carbon_fee

Q4 = Decimal("0.0001")


def q4(x: Decimal) -> Decimal:
    return x.quantize(Q4, rounding=ROUND_HALF_UP)


def natural_gas_tco2e(m3: Decimal) -> Decimal:
    """Stationary natural gas, AR4, with the form's rounding (6.0.4 factors kg/m³)."""
    return (
        q4(m3 * Decimal("1.87903584") / 1000)
        + q4(m3 * Decimal("0.0000334944") / 1000) * 25
        + q4(m3 * Decimal("0.00000334944") / 1000) * 298
    )


def test_coal_to_natural_gas_at_equal_heat(textile_plant):
    result = whatif.fuel_switch(textile_plant, "燃料煤")
    m3 = Decimal(8537000) * 6080 / 8000  # kcal of the coal / 8,000 kcal per m³
    assert m3 == Decimal(6488120)
    assert result.details["natural_gas_m3"] == m3
    coal_line = Decimal("20660.6444")
    assert result.saved_tco2e == (coal_line - q4(natural_gas_tco2e(m3))).quantize(
        Decimal("0.001"), ROUND_HALF_UP
    )
    assert Decimal(8400) < result.saved_tco2e < Decimal(8500)
    assert result.before_tco2e == Decimal("27239.794")
    assert abs(result.after_tco2e - (result.before_tco2e - result.saved_tco2e)) <= Decimal("0.001")
    assert any("6,080" in a and "8,000" in a for a in result.assumptions)


def test_default_fuel_switch_takes_coal_and_heavy_oil_and_a_share(textile_plant):
    full = whatif.fuel_switch(textile_plant)
    coal_only = whatif.fuel_switch(textile_plant, "煤")
    assert full.saved_tco2e > coal_only.saved_tco2e
    half = whatif.fuel_switch(textile_plant, "煤", share="50%")
    # equal up to the per-gas rounding (0.0001 t N2O × 298 ≈ 0.03 t)
    assert abs(half.saved_tco2e * 2 - coal_only.saved_tco2e) < Decimal("0.1")
    with pytest.raises(CalcInputError):
        whatif.fuel_switch({"year": 2021, "activities": [{"source": "電力", "amount": "1"}]})


def test_green_power_share(textile_plant):
    result = whatif.green_power(textile_plant, "30%")
    electricity = Decimal("5749.4604")
    kept = q4(Decimal(11295600) * Decimal("0.7") * Decimal("0.509") / 1000)
    assert result.saved_tco2e == (electricity - kept).quantize(Decimal("0.001"), ROUND_HALF_UP)
    assert result.details["green_kwh"] == Decimal(11295600) * Decimal("0.3")
    assert whatif.green_power(textile_plant, 1).after_tco2e == Decimal("21490.333")
    with pytest.raises(CalcInputError):
        whatif.green_power(textile_plant, "130%")


def test_refrigerant_swap():
    inventory = {
        "year": 2021,
        "activities": [
            {"source": "冷媒", "refrigerant": "R-410A", "amount": "200 公斤", "equipment": "冰水機"},
            {"source": "電力", "amount": "1,000 度"},
        ],
    }
    result = whatif.refrigerant_swap(inventory, "R-32")
    leaked_t = Decimal("0.018")  # 200 kg × 9 %
    assert result.saved_tco2e == q4(leaked_t * Decimal("2087.5")) - leaked_t * 675
    assert any("2087.5" in a and "675" in a for a in result.assumptions)
    with pytest.raises(CalcInputError):
        whatif.refrigerant_swap({"year": 2021, "activities": [{"source": "電力", "amount": "1"}]}, "R-32")


def test_whatif_through_compute_json(textile_plant):
    textile_plant["whatif"] = [
        {"type": "fuel_switch", "from": "燃料煤"},
        {"type": "green_power", "share": 0.3},
    ]
    out = compute_json(textile_plant)
    assert [w["type"] for w in out["whatif"]] == ["fuel_switch", "green_power"]
    assert out["whatif"][0]["saved_tco2e"] == float(whatif.fuel_switch(textile_plant, "燃料煤").saved_tco2e)
    textile_plant["whatif"] = [{"type": "plant_trees"}]
    with pytest.raises(CalcInputError) as err:
        compute_json(textile_plant)
    assert err.value.code == "whatif_unknown" and err.value.activity is None


def test_carbon_fee_of_the_textile_plant(textile_plant):
    fee = carbon_fee(compute(textile_plant))
    assert fee.emissions_tco2e == Decimal("27239.794") and fee.liable
    assert fee.fees["general"].chargeable_tco2e == Decimal("2239.794")
    assert fee.fees["general"].fee_ntd == Decimal(671938)  # (27,239.794 − 25,000) t × NT$300, truncated
    # with an approved voluntary reduction plan the 25,000 t are not deducted (碳費收費辦法 第6條: K = 0)
    assert fee.fees["preferential_b"].chargeable_tco2e == Decimal("27239.794")
    assert fee.fees["preferential_b"].fee_ntd == Decimal(2723979)  # 27,239.794 t × NT$100
    assert fee.fees["preferential_a"].fee_ntd == Decimal(1361989)  # × NT$50, truncated (1,361,989.7)


def test_carbon_fee_below_the_threshold_and_steam_not_counted():
    result = compute(
        {
            "year": 2025,
            "activities": [
                {
                    "source": "電力",
                    "amount": "40,000 MWh",
                },  # 40,000,000 kWh × 0.474 (2024 stand-in) = 18,960 t
                {
                    "source": "外購蒸汽",
                    "amount": "30,000 公噸",
                    "factor": 0.3,
                },  # 9,000 t, category 2 but not electricity
            ],
        }
    )
    fee = carbon_fee(result)
    assert result.total_tco2e == Decimal("27960.000")
    assert fee.emissions_tco2e == Decimal("18960.000") and not fee.liable
    assert all(f.fee_ntd == 0 for f in fee.fees.values())
    assert carbon_fee(25000).liable and carbon_fee(Decimal("24999.999")).liable is False


@pytest.mark.parametrize("name, code, spec", [
    ("燃料轉換", "fuel_switch", {"from": "燃料煤"}),
    ("綠電", "green_power", {"share": "30%"}),
])
def test_a_scenario_named_in_chinese_is_the_same_scenario(textile_plant, name, code, spec):
    """calc/data/whatif_names.yaml: the Chinese name of a scenario's type runs that scenario."""
    by_name = whatif.run(textile_plant, {"type": name, **spec})
    by_code = whatif.run(textile_plant, {"type": code, **spec})
    assert by_name.kind == code and by_name.to_dict() == by_code.to_dict()
