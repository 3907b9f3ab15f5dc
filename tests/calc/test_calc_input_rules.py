"""calc's rules for inputs that used to be read silently wrong (issue 12, item 10): leak rates without "%",
LPG by the kilogram or in cubic metres, LNG in litres, European decimal commas, and the fuel switch of a
forklift's diesel."""

from __future__ import annotations

from decimal import Decimal

import pytest

from calc import CalcInputError, compute_json, parse_quantity, whatif


def refrigerant_line(rate: object) -> dict:
    return {"year": 2024, "activities": [
        {"source": "R-410A", "amount": "100", "unit": "公斤", "equipment": "冰水機", "leak_rate": rate}]}


@pytest.mark.parametrize(("rate", "fraction"), [("0.3%", "0.003"), ("30%", "0.3"), ("3", "0.03"), (0.03, "0.03"),
                                                ("5 ％", "0.05")])
def test_a_leak_rate_with_a_percent_sign_or_above_one_is_taken(rate, fraction):
    line = compute_json(refrigerant_line(rate))["lines"][0]
    assert Decimal(str(line["factor"]["leak_rate"])) == Decimal(fraction)


@pytest.mark.parametrize("rate", ["0.3", "0.03", "1"])
def test_a_bare_leak_rate_up_to_one_is_ambiguous_and_asked_back(rate):
    with pytest.raises(CalcInputError) as err:
        compute_json(refrigerant_line(rate))
    assert err.value.code == "ambiguous_rate"
    assert "%" in err.value.message and rate in err.value.message


def test_lpg_by_the_kilogram_is_converted_with_the_energy_equivalent_factor_and_says_so():
    q = parse_quantity("20公斤", "lpg")
    assert q.unit == "L" and q.amount == Decimal("34.0540")
    assert any("1.7027" in note and "34.05" in note for note in q.notes)
    assert parse_quantity("1 公噸", "液化石油氣").amount == Decimal("1702.7")


@pytest.mark.parametrize(("text", "source", "word"), [("3 m3", "lpg", "氣態"), ("5立方公尺", "桶裝瓦斯", "氣態"),
                                                      ("200公升", "lng", "液態"), ("2公秉", "LNG", "液態")])
def test_lpg_gas_volumes_and_lng_liquid_volumes_are_refused_not_read_as_the_other_phase(text, source, word):
    with pytest.raises(CalcInputError) as err:
        parse_quantity(text, source)
    assert word in err.value.message


def test_liquid_fuels_still_take_cubic_metres():
    assert parse_quantity("5立方公尺", "diesel").amount == Decimal(5000)


@pytest.mark.parametrize("text", ["3.000,5", "1.234.567", "3.000,5 公升"])
def test_european_decimal_commas_are_refused(text):
    with pytest.raises(CalcInputError) as err:
        parse_quantity(text, "diesel")
    assert err.value.code == "decimal_comma"


def test_the_fuel_switch_keeps_a_forklifts_diesel_mobile():
    payload = {"year": 2024, "activities": [
        {"source": "diesel", "amount": "2400", "unit": "L", "equipment": "堆高機"},
        {"source": "diesel", "amount": "1000", "unit": "L", "equipment": "鍋爐"}]}
    scenario = whatif.run(payload, {"type": "fuel_switch", "from": ["diesel"]}).to_dict()
    boiler_only = whatif.run({"year": 2024, "activities": payload["activities"][1:]},
                             {"type": "fuel_switch", "from": ["diesel"]}).to_dict()
    assert scenario["saved_tco2e"] == pytest.approx(boiler_only["saved_tco2e"])  # the forklift line is kept
