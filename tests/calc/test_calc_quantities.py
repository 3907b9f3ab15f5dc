"""The quantity parser: every example of the issue, errors in Chinese, and property tests (hypothesis)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calc import CalcInputError, parse_quantity
from calc.quantities import parse_number

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    ("text", "value", "written", "amount", "unit"),
    [
        ("8,537", "8537", None, "8537", None),
        ("８５３７", "8537", None, "8537", None),
        ("5萬4千8百", "54800", None, "54800", None),
        ("三千八百八十二", "3882", None, "3882", None),
        ("1.2萬", "12000", None, "12000", None),
        ("896萬7500", "8967500", None, "8967500", None),
        ("11,295.6 千度", "11295.6", "千度", "11295600", "kWh"),
        ("74.4千立方公尺", "74.4", "千立方公尺", "74400", "m3"),
        ("221 公秉", "221", "公秉", "221", "m3"),
        ("56公升", "56", "公升", "0.056", "m3"),
        ("0.9公斤", "0.9", "公斤", "0.9", "kg"),
        ("25,660小時", "25660", "小時", "25660", "h"),
        ("1,250 MWh", "1250", "MWh", "1250000", "kWh"),
    ],
)
def test_issue_examples_without_a_source(text, value, written, amount, unit):
    q = parse_quantity(text)
    assert q.value == Decimal(value)
    assert q.unit_as_written == written
    assert q.amount == Decimal(amount)
    assert q.unit == unit


@pytest.mark.parametrize(
    ("text", "source", "amount", "unit", "display"),
    [
        ("11,295.6 千度", "外購電力", "11295600", "kWh", "度"),
        ("1,250 MWh", "電力", "1250000", "kWh", "度"),
        ("8,967,500 度", "台電", "8967500", "kWh", "度"),
        ("74.4千立方公尺", "天然氣", "74400", "m3", "立方公尺"),
        ("221 公秉", "重油", "221000", "L", "公升"),
        ("56公升", "柴油", "56", "L", "公升"),
        ("8,537 公噸", "燃料煤", "8537000", "kg", "公斤"),
        ("0.9公斤", "R-134a", "0.9", "kg", "公斤"),
        ("120 g", "冷媒", "0.12", "kg", "公斤"),
        ("25,660小時", "化糞池", "25660", "h", "小時"),
        ("3 噸", "外購蒸汽", "3", "t", "公噸"),
        ("5萬4千度", "電力", "54000", "kWh", "度"),
        ("1.2萬度", "電力", "12000", "kWh", "度"),
        ("12.5 kL", "燃料油", "12500", "L", "公升"),
        ("10 m³", "天然氣", "10", "m3", "立方公尺"),
    ],
)
def test_amounts_in_the_source_canonical_unit(text, source, amount, unit, display):
    q = parse_quantity(text, source)
    assert (q.amount, q.unit, q.unit_display) == (Decimal(amount), unit, display)


def test_degree_means_kwh_for_electricity_and_m3_for_natural_gas():
    power = parse_quantity("3,882 度", "電力")
    gas = parse_quantity("3,882 度", "天然氣")
    assert (power.amount, power.unit, power.interpreted_unit) == (Decimal(3882), "kWh", "度")
    assert (gas.amount, gas.unit, gas.interpreted_unit) == (Decimal(3882), "m3", "立方公尺")
    assert any("立方公尺" in n and "度" in n for n in gas.notes)  # the result says which unit it took
    assert not power.notes
    thousand = parse_quantity("5 千度", "瓦斯")
    assert (thousand.amount, thousand.interpreted_unit) == (Decimal(5000), "千立方公尺")


def test_amount_without_unit_takes_the_canonical_unit_and_says_so():
    q = parse_quantity("100", "柴油")
    assert (q.amount, q.unit) == (Decimal(100), "L")
    assert q.notes and "公升" in q.notes[0]


def test_separate_unit_field_and_conflicts():
    assert parse_quantity("8,537", "燃料煤", unit="公噸").amount == Decimal(8537000)
    assert parse_quantity("11,295.6 千度", "電力", unit="千度").amount == Decimal(11295600)
    with pytest.raises(CalcInputError) as err:
        parse_quantity("11,295.6 千度", "電力", unit="度")
    assert err.value.code == "unit_conflict" and "千度" in err.value.message


def test_numbers_as_numbers():
    assert parse_quantity(8537, "燃料煤", unit="t").amount == Decimal(8537000)
    assert parse_quantity(0.9, "冷媒", unit="kg").amount == Decimal("0.9")
    assert parse_quantity(Decimal("1.5"), "電力", unit="MWh").amount == Decimal(1500)


def test_zero_is_allowed():
    assert parse_quantity("0", "滅火器", unit="公斤").amount == 0
    assert parse_quantity("0 度", "電力").amount == 0


@pytest.mark.parametrize(
    ("text", "source", "code", "needle"),
    [
        ("abc", None, "not_a_number", "abc"),
        ("", None, "empty_amount", "數量"),
        ("公斤", None, "no_number", "數字"),
        ("-5", None, "negative_amount", "負數"),
        ("負五", None, "negative_amount", "負數"),
        ("－３", "電力", "negative_amount", "負數"),
        ("NaN", None, "not_finite", "NaN"),
        ("inf 度", "電力", "not_finite", "inf"),
        ("1,23", None, "bad_grouping", "千分位"),
        ("5萬萬", None, "not_a_number", "5萬萬"),
        ("5 gallons", None, "unknown_unit", "gallons"),
        ("5 加侖", "柴油", "unknown_unit", "加侖"),
        ("5 公升", "外購電力", "unit_mismatch", "公升"),
        ("5 度", "柴油", "unit_mismatch", "度"),
        ("1e30 度", "電力", "too_large", "合理範圍"),
        ("3,000,000,000,000 度", "電力", "too_large", "合理範圍"),
        ("5 公斤", "地熱", "unknown_source", "地熱"),
    ],
)
def test_errors_are_clear_chinese_messages(text, source, code, needle):
    with pytest.raises(CalcInputError) as err:
        parse_quantity(text, source)
    assert err.value.code == code
    assert needle in err.value.message
    assert CJK.search(err.value.message), err.value.message
    assert str(err.value) == err.value.message


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1.0, -3, True, None, [1], {"a": 1}])
def test_bad_number_objects(value):
    with pytest.raises(CalcInputError):
        parse_number(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5萬4", "54000"),
        ("3千5", "3500"),
        ("1萬0500", "10500"),
        ("十二", "12"),
        ("二十五萬六千六百", "256600"),
        ("1億2000萬", "120000000"),
        ("1.5億", "150000000"),
        ("壹仟貳佰參拾", "1230"),
        ("兩千", "2000"),
        ("一點二三四五萬", "12345"),
        ("1.2345678萬", "12345.678"),
        ("三千八百八十二點五", "3882.5"),
        ("1,000萬", "10000000"),
        ("1e3", "1000"),
        ("+12", "12"),
        ("５萬", "50000"),
        ("十万", "100000"),
    ],
)
def test_more_number_forms(text, expected):
    assert parse_number(text) == Decimal(expected)


# ---------------------------------------------------------------- properties

FULL_WIDTH = str.maketrans("0123456789,.", "０１２３４５６７８９，．")
decimals = st.decimals(
    min_value=0, max_value=Decimal(999999999999), places=3, allow_nan=False, allow_infinity=False
)
integers = st.integers(min_value=0, max_value=10**12 - 1)


@settings(deadline=None, max_examples=300)
@given(decimals)
def test_thousands_separators_round_trip(d):
    assert parse_number(f"{d:,f}") == d
    assert parse_number(f"{d:f}") == d


@settings(deadline=None, max_examples=300)
@given(decimals)
def test_full_width_digits_round_trip(d):
    assert parse_number(f"{d:,f}".translate(FULL_WIDTH)) == d


@settings(deadline=None, max_examples=300)
@given(integers)
def test_wan_and_yi_round_trip(n):
    yi, rest = divmod(n, 10**8)
    wan, units = divmod(rest, 10**4)
    text = (
        (f"{yi}億" if yi else "") + (f"{wan:04d}萬" if yi else (f"{wan}萬" if wan else "")) + f"{units:04d}"
    )
    assert parse_number(text) == n, text


@settings(deadline=None, max_examples=200)
@given(st.integers(min_value=1, max_value=99999), st.integers(min_value=1, max_value=99))
def test_decimal_wan(whole, tenths):
    """ "1.25萬"-style amounts are exact (cn2an alone would truncate them)."""
    text = f"{whole}.{tenths:02d}萬"
    assert parse_number(text) == Decimal(f"{whole}.{tenths:02d}") * 10000


@settings(deadline=None, max_examples=300)
@given(integers)
def test_chinese_numerals_round_trip(n):
    import cn2an

    text = cn2an.an2cn(n)
    assert parse_number(text) == n, text


@settings(deadline=None, max_examples=200)
@given(
    st.decimals(min_value=0, max_value=Decimal(9999999), places=3),
    st.sampled_from([("千度", 1000), ("度", 1), ("MWh", 1000), ("萬度", 10000)]),
)
def test_units_scale_electricity(d, unit):
    written, factor = unit
    q = parse_quantity(f"{d:,f} {written}", "電力")
    assert q.amount == d * factor and q.unit == "kWh"


@settings(deadline=None, max_examples=500)
@given(st.text(max_size=20))
def test_anything_either_parses_or_raises_calc_input_error(text):
    try:
        q = parse_quantity(text)
    except CalcInputError as err:
        assert CJK.search(err.message)
    else:
        assert q.amount >= 0 and q.amount.is_finite()


# ---------------------------------------------------------------- English magnitudes (calc/data/magnitudes.yaml)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.4 million", "2400000"),
        ("0.75 Million", "750000"),
        ("3k", "3000"),
        ("3 K", "3000"),
        ("1.5 thousand", "1500"),
        ("0.8M", "800000"),
        ("2 billion", "2000000000"),
    ],
)
def test_an_english_magnitude_multiplies_the_number(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "source", "amount"),
    [
        ("2.4 million kWh", "electricity", "2400000"),
        ("3k liters", "diesel", "3000"),
        ("1.5MWh", "electricity", "1500"),  # mega-watt-hours, not a million watt-hours
        ("12 kL", "diesel", "12000"),  # kilolitres, not 12 thousand litres
        ("2 kg", "welding_co2", "2"),
    ],
)
def test_a_magnitude_is_not_confused_with_a_unit_prefix(text, source, amount):
    q = parse_quantity(text, source)
    assert q.amount == Decimal(amount)


def test_a_lower_case_m_is_no_million():
    with pytest.raises(CalcInputError):
        parse_number("5m")
