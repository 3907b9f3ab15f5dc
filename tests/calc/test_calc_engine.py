"""compute(): the deck's textile plant and activity list, rounding, GWP policy, electricity years, sources."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from calc import CalcInputError, Inventory, compute, compute_json
from calc import factors as F

Q4 = Decimal("0.0001")


def q4(x: Decimal) -> Decimal:
    return x.quantize(Q4, rounding=ROUND_HALF_UP)


def expected_fuel_line(amount: str, source: str, usage: str, gwp: dict[str, int]) -> Decimal:
    """The Ministry's form, by hand: kg/TJ × kcal × 4.1868e-9 per unit; gases to 4 dp, × GWP, to 4 dp."""
    fuel = F.fuel_factors()[(source, usage)]
    total = Decimal(0)
    for gas in ("CO2", "CH4", "N2O"):
        per_unit = fuel.kg_per_tj[gas] * fuel.heat_value * Decimal("4.1868E-9")
        tonnes = q4(Decimal(amount) * per_unit / 1000)
        total += q4(tonnes * gwp[gas])
    return total


AR4 = {"CO2": 1, "CH4": 25, "N2O": 298}


def test_textile_plant_reproduces_the_deck(textile_plant):
    result = compute(textile_plant)
    deck = Decimal(27240)
    assert abs(result.total_tco2e - deck) / deck < Decimal("0.001")
    lines = result.lines
    assert lines[0].tco2e == expected_fuel_line("8537000", "coal", "stationary", AR4) == Decimal("20660.6444")
    assert (
        lines[1].tco2e == expected_fuel_line("221000", "fuel_oil", "stationary", AR4) == Decimal("689.7665")
    )
    assert (
        lines[2].tco2e == expected_fuel_line("74400", "natural_gas", "stationary", AR4) == Decimal("139.9224")
    )
    assert lines[3].tco2e == Decimal(11295600) * Decimal("0.509") / 1000 == Decimal("5749.4604")
    assert result.total_tco2e == Decimal("27239.794")
    assert result.by_category["category_1"].tco2e == Decimal("21490.333")
    assert result.by_category["category_2"].tco2e == Decimal("5749.460")
    assert result.by_gas["CO2"].tco2e == Decimal("27134.847")
    assert [line.emission_type for line in lines] == ["固定", "固定", "固定", "外購電力"]
    assert [line.category for line in lines] == ["類別1", "類別1", "類別1", "類別2"]
    assert [line.scope for line in lines] == ["範疇一", "範疇一", "範疇一", "範疇二"]
    assert sum(line.share_percent for line in lines) == pytest.approx(100, abs=0.02)
    assert lines[0].factor.version == "6.0.4" and "6.0.4" in lines[0].factor.source


def test_textile_plant_json_shape(textile_plant):
    out = compute_json(textile_plant)
    assert out["total_tco2e"] == 27239.794
    assert set(out) >= {"total_tco2e", "by_category", "by_gas", "lines", "carbon_fee", "notes", "gwp"}
    line = out["lines"][3]
    assert line["unit_display"] == "度" and line["tco2e_unit"] == "公噸CO2e"
    assert line["factor"]["values"] == {"CO2e": 0.509}
    assert line["factor"]["version"] and line["factor"]["source"]
    gases = {g["gas"]: g for g in out["lines"][0]["gases"]}
    assert gases["CH4"] == {
        "gas": "CH4",
        "group": "CH4",
        "factor_kg_per_unit": pytest.approx(2.5455744e-05),
        "tonnes": 0.2173,
        "gwp": 25.0,
        "tco2e": 5.4325,
    }
    import json

    json.dumps(out)  # JSON-serialisable: no Decimal anywhere


def test_deck_2021_activity_list(deck_2021):
    result = compute(deck_2021)
    lines = result.lines
    assert len(lines) == 8
    assert [ln.emission_type for ln in lines] == [
        "固定",
        "固定",
        "固定",
        "移動",
        "逸散",
        "逸散",
        "逸散",
        "外購電力",
    ]
    assert lines[0].tco2e == expected_fuel_line("54835200", "natural_gas", "stationary", AR4)
    assert lines[1].tco2e == expected_fuel_line("3882", "natural_gas", "stationary", AR4)
    assert lines[2].tco2e == expected_fuel_line("56", "diesel", "stationary", AR4)
    assert lines[3].tco2e == expected_fuel_line("1850", "gasoline", "mobile", AR4)
    # septic: 25,660 h × 1.59375e-6 t CH4/h = 0.0409 t (4 dp) × 25
    assert lines[4].gases[0].tonnes == Decimal("0.0409") and lines[4].tco2e == Decimal("1.0225")
    assert lines[5].tco2e == 0  # CO2 extinguisher: 0 kg
    # R-134a 0.9 kg × 0.3 % = 0.0027 kg: rounds to 0 t at 4 decimals; the line says so
    assert lines[6].tco2e == 0 and any("小數第 4 位" in n for n in lines[6].notes)
    assert lines[7].tco2e == Decimal(8967500) * Decimal("0.509") / 1000
    cat1 = sum((ln.tco2e for ln in lines if ln.category == "類別1"), Decimal(0))
    assert result.by_category["category_1"].tco2e == cat1.quantize(Decimal("0.001"), ROUND_HALF_UP)
    assert result.by_category["category_2"].tco2e == Decimal("4564.458")
    assert Decimal(103000) < result.by_category["category_1"].tco2e < Decimal(103300)
    assert result.by_emission_type["mobile"].tco2e == lines[3].tco2e.quantize(Decimal("0.001"), ROUND_HALF_UP)
    assert result.gwp_set == "AR4" and result.gwp_default
    assert any("AR4" in n for n in result.notes)


def test_rounding_is_per_gas_before_gwp():
    """4,900 m³ of natural gas: CH4 0.000164 t is rounded to 0.0002 t *before* × 25 → 0.0050 tCO2e
    (rounding only after × GWP would give 0.0041)."""
    result = compute({"year": 2021, "activities": [{"source": "天然氣", "amount": "4,900 立方公尺"}]})
    ch4 = next(g for g in result.lines[0].gases if g.gas == "CH4")
    exact = Decimal(4900) * Decimal("0.0000334944") / 1000  # 0.000164122… t
    assert ch4.tonnes == Decimal("0.0002") and ch4.tco2e == Decimal("0.0050")
    assert ch4.tco2e != q4(exact * 25)  # rounding after GWP would give 0.0041


def test_gwp_defaults_per_year_and_selectable_sets():
    base = [
        {"source": "天然氣", "amount": "1,000,000 立方公尺"},
        {"source": "化糞池", "amount": "1,000,000 小時"},
    ]
    r2022 = compute({"year": 2022, "activities": base})
    r2023 = compute({"year": 2023, "activities": base})
    r2024 = compute({"year": "113年", "activities": base})
    r_ar6 = compute({"year": 2023, "gwp": "ar6", "activities": base})
    assert (r2022.gwp_set, r2023.gwp_set, r2024.gwp_set, r_ar6.gwp_set) == ("AR4", "AR5", "AR5", "AR6")
    gwp = {
        r.gwp_set + str(r.year): {g.gas + ln.source: g.gwp for ln in r.lines for g in ln.gases}
        for r in (r2022, r2023, r_ar6)
    }
    assert gwp["AR42022"]["CH4natural_gas"] == 25 and gwp["AR42022"]["CH4septic_tank"] == 25
    assert (
        gwp["AR52023"]["CH4natural_gas"] == 30 and gwp["AR52023"]["CH4septic_tank"] == 28
    )  # fossil vs biogenic
    assert gwp["AR52023"]["N2Onatural_gas"] == 265
    assert gwp["AR62023"]["CH4natural_gas"] == Decimal("29.8") and gwp["AR62023"][
        "CH4septic_tank"
    ] == Decimal("27.9")
    assert gwp["AR62023"]["N2Onatural_gas"] == 273
    assert not r_ar6.gwp_default and r2023.gwp_default
    assert any("113" in n and "公告" in n for n in r2024.notes)  # the 2024 notice applies from 113年


@pytest.mark.parametrize("year", sorted(F.electricity_factors()))
def test_electricity_by_year(year):
    result = compute({"year": year, "activities": [{"source": "用電", "amount": "1,000,000 度"}]})
    factor = F.electricity_factors()[year].kg_co2e_per_kwh
    assert result.lines[0].tco2e == factor * 1000
    assert result.lines[0].factor.values == {"CO2e": factor}
    assert not any("尚未公告" in n for n in result.notes)


def test_electricity_year_not_yet_published_uses_the_latest_with_a_notice():
    result = compute({"year": 2025, "activities": [{"source": "外購電力", "amount": "1,000 度"}]})
    assert result.lines[0].tco2e == Decimal("0.474")
    assert any("尚未公告" in n and "0.474" in n and "2024" in n for n in result.notes)


def test_green_power_is_zero_and_custom_electricity_factor():
    result = compute(
        {
            "year": 2023,
            "activities": [
                {"source": "綠電", "amount": "500 MWh"},
                {"source": "電力", "amount": "1,000 度", "factor": 0.3},
            ],
        }
    )
    assert result.lines[0].tco2e == 0 and result.lines[0].emission_type == "外購電力"
    assert result.lines[1].tco2e == Decimal("0.3")


def test_purchased_steam_needs_the_supplier_factor():
    result = compute(
        {"year": 2023, "activities": [{"source": "外購蒸汽", "amount": "1,200 公噸", "factor": "0.25"}]}
    )
    line = result.lines[0]
    assert (line.tco2e, line.emission_type, line.category) == (Decimal("300.0000"), "外購蒸汽", "類別2")
    with pytest.raises(CalcInputError) as err:
        compute({"year": 2023, "activities": [{"source": "蒸汽", "amount": "1,200 公噸"}]})
    assert err.value.code == "steam_needs_factor" and err.value.activity == 0
    with pytest.raises(CalcInputError) as err:
        compute({"year": 2023, "activities": [{"source": "蒸汽", "amount": "1 公噸", "factor": 250}]})
    assert err.value.code == "factor_too_large"


def test_refrigerants_by_charge_refill_and_r22():
    result = compute(
        {
            "year": 2021,
            "activities": [
                {"source": "冷媒", "refrigerant": "R-410A", "amount": "100 公斤", "equipment": "冰水主機"},
                {"source": "R-134a", "amount": "5 kg", "method": "refill"},
                {"source": "冷媒", "refrigerant": "R22", "amount": "30 公斤", "equipment": "冷氣"},
                {
                    "source": "冷媒",
                    "refrigerant": "R-32",
                    "amount": "10 公斤",
                    "equipment": "冷氣",
                    "leak_rate": "10%",
                },
            ],
        }
    )
    chiller, refill, r22, custom = result.lines
    assert chiller.gases[0].tonnes == Decimal("0.0090") and chiller.tco2e == q4(
        Decimal("0.009") * Decimal("2087.5")
    )
    assert refill.tco2e == Decimal("0.005") * 1430 and refill.refrigerant == "HFC-134a"
    assert r22.tco2e == 0 and not r22.gases and any("蒙特婁" in n for n in r22.notes)
    assert custom.tco2e == Decimal("0.001") * 675 and any("自訂逸散率" in n for n in custom.notes)
    assert result.by_gas["HFCs"].tco2e == (chiller.tco2e + refill.tco2e + custom.tco2e).quantize(
        Decimal("0.001"), ROUND_HALF_UP
    )


def test_refrigerant_inputs_that_cannot_be_computed():
    cases = [
        ({"source": "冷媒", "amount": "1 kg", "equipment": "冷氣"}, "missing_refrigerant"),
        (
            {"source": "冷媒", "refrigerant": "R-1234yf", "amount": "1 kg", "equipment": "冷氣"},
            "unknown_refrigerant",
        ),
        ({"source": "R-410A", "amount": "1 kg"}, "refrigerant_needs_method"),
        ({"source": "R-410A", "amount": "1 kg", "equipment": "電風扇"}, "unknown_equipment"),
        ({"source": "R-410A", "amount": "1 kg", "equipment": "冰箱/冷氣"}, "mixed_equipment"),
        ({"source": "R-410A", "amount": "1 kg", "equipment": "冷氣", "leak_rate": "150%"}, "bad_leak_rate"),
    ]
    for activity, code in cases:
        with pytest.raises(CalcInputError) as err:
            compute({"year": 2021, "activities": [{"source": "電力", "amount": "1 度"}, activity]})
        assert (err.value.code, err.value.activity) == (code, 1), activity


def test_usage_defaults_hints_and_errors():
    result = compute(
        {
            "year": 2021,
            "activities": [
                {"source": "柴油", "amount": "100 公升"},
                {"source": "柴油", "amount": "100 公升", "equipment": "堆高機"},
                {"source": "車用柴油", "amount": "100 公升"},
                {"source": "汽油", "amount": "100 公升", "usage": "固定"},
                {"source": "汽油", "amount": "100 公升"},
                {"source": "液化石油氣", "amount": "100 公升", "usage": "移動燃燒"},
            ],
        }
    )
    assert [ln.emission_type for ln in result.lines] == ["固定", "移動", "移動", "固定", "移動", "移動"]
    assert any("未說明用途" in n for n in result.lines[0].notes)
    with pytest.raises(CalcInputError) as err:
        compute({"year": 2021, "activities": [{"source": "天然氣", "amount": "1", "usage": "mobile"}]})
    assert err.value.code == "usage_not_available" and "天然氣" in err.value.message


def test_alias_notes_reach_the_line():
    result = compute(
        {
            "year": 2021,
            "activities": [
                {"source": "瓦斯", "amount": "300 度"},
                {"source": "桶裝瓦斯", "amount": "40 公升"},
                {"source": "焊接CO2", "amount": "12 公斤"},
            ],
        }
    )
    gas, lpg, welding = result.lines
    assert gas.source == "natural_gas" and gas.quantity.amount == 300 and any("桶裝" in n for n in gas.notes)
    assert lpg.source == "lpg" and lpg.emission_type == "固定"
    assert (welding.emission_type, welding.tco2e) == ("製程", Decimal("0.012"))


@pytest.mark.parametrize(
    ("payload", "code", "activity"),
    [
        ([], "bad_payload", None),
        ({"activities": []}, "missing_year", None),
        ({"year": "去年", "activities": []}, "bad_year", None),
        ({"year": 1999, "activities": []}, "year_out_of_range", None),
        ({"year": 2021, "gwp": "AR7", "activities": []}, "unknown_gwp", None),
        ({"year": 2021, "activities": {"source": "電力"}}, "bad_activities", None),
        ({"year": 2021, "activities": [{"source": "電力", "amount": "1"}, "電力 100 度"]}, "bad_activity", 1),
        ({"year": 2021, "activities": [{"source": "核能", "amount": "1"}]}, "unknown_source", 0),
        (
            {"year": 2021, "activities": [{"source": "電力", "amount": "1"}, {"source": "電力"}]},
            "missing_amount",
            1,
        ),
        ({"year": 2021, "activities": [{"source": "電力", "amount": " "}]}, "missing_amount", 0),
        ({"year": 2021, "activities": [{"source": "電力", "amount": "-1 度"}]}, "negative_amount", 0),
        ({"year": 2021, "activities": [{"source": "電力", "amount": float("nan")}]}, "not_finite", 0),
        ({"year": 2021, "activities": [{"source": "電力", "amount": "5 公升"}]}, "unit_mismatch", 0),
        ({"year": 2021, "activities": [{"source": "電力", "amount": "5", "unit": "桶"}]}, "unknown_unit", 0),
        (
            {"year": 2021, "activities": [{"source": "柴油", "amount": "5", "factor": 3}]},
            "factor_not_allowed",
            0,
        ),
    ],
)
def test_bad_input_names_the_problem_and_the_activity(payload, code, activity):
    with pytest.raises(CalcInputError) as err:
        compute_json(payload)
    assert (err.value.code, err.value.activity) == (code, activity)
    assert str(err.value) == err.value.message and err.value.message


def test_years_in_roc_and_typed_inventory():
    inv = Inventory.from_dict(
        {"year": "民國110年", "activities": [{"source": "electricity", "amount": 1000}]}
    )
    assert inv.year == 2021
    assert compute(inv).lines[0].tco2e == Decimal("0.509")


def test_sources_are_accepted_by_chinese_names_and_english_ids():
    from calc import SOURCES

    for sid, info in SOURCES.items():
        for name in (sid, info.name, *info.aliases):
            if name.startswith(("R-", "HFC", "HCFC")) or name in ("134a", "410A", "404A", "407C", "R22"):
                continue
            from calc.aliases import resolve_source

            assert resolve_source(name).source == sid, name
