"""Every factor row of calc/data checked against the official spreadsheets (shared/reference/official)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from calc import factors as F
from calc._data import DATA_DIR, read_csv

KCAL_TO_TJ = Decimal("4.1868E-9")  # kg/TJ × kcal/unit × 4.1868×10⁻⁹ = kg/unit (the sheets' formula)
SHEET_CO2 = "1_固定源與移動源(燃料)CO2排放係數"
SHEET_CH4 = "2_固定源與移動源(燃料)CH4排放係數"
SHEET_N2O = "3_固定源與移動源(燃料)N2O排放係數"
SHEET_GWP = "4_含氟氣體之GWP值"
SHEET_POWER = "5_外購電力與外購蒸汽排放係數"
SHEET_FUGITIVE = "6_逸散排放源"
SHEET_LEAK = "8_設備之冷媒逸散率排放因子"
# (kg/TJ column, heat value column, kg/unit column) of sheets 1, 2 and 3
COLUMNS = {SHEET_CO2: (8, 14, 17), SHEET_CH4: (5, 11, 14), SHEET_N2O: (5, 11, 14)}
USAGE = {"stationary": "固定源", "mobile": "移動源"}


def _norm(name: object) -> str:
    return re.sub(r"\s|\((?:LPG|LNG|NGLs)\)", "", str(name))


def _fuel_rows(sheet: list[list[object]]) -> dict[tuple[str, str], list[object]]:
    """(排放形式, 燃料別) → row, with the merged 排放形式 column filled down."""
    assert sheet[3][3] == "燃料別", "unexpected layout of the fuel sheets"
    out: dict[tuple[str, str], list[object]] = {}
    form = ""
    for row in sheet[6:]:
        if len(row) < 5 or not row[3]:
            continue
        form = str(row[1]) or form
        out.setdefault((form, _norm(row[3])), row)
    return out


@pytest.fixture(scope="module")
def sheets_604(ods):
    return ods("emission-factors-6.0.4.ods")


def test_every_data_row_names_its_source_and_version():
    for path in sorted(DATA_DIR.glob("*.csv")):
        rows = read_csv(path.name)
        assert rows, path.name
        if "source" in rows[0]:
            for row in rows:
                assert row["source"], f"{path.name}: row without source: {row}"
        if path.name in {
            "fuels.csv",
            "electricity.csv",
            "gwp.csv",
            "equipment.csv",
            "other_factors.csv",
            "sources.csv",
            "gwp_defaults.csv",
        }:
            for row in rows:
                assert row["version"], f"{path.name}: row without version: {row}"


@pytest.mark.parametrize("key", sorted(F.fuel_factors()), ids=lambda k: f"{k[0]}-{k[1]}")
def test_fuel_row_matches_sheets_1_to_3(sheets_604, key):
    fuel = F.fuel_factors()[key]
    for gas, sheet_name in (("CO2", SHEET_CO2), ("CH4", SHEET_CH4), ("N2O", SHEET_N2O)):
        rows = _fuel_rows(sheets_604[sheet_name])
        row = rows.get((USAGE[fuel.usage], _norm(fuel.official_name)))
        assert row is not None, f"{fuel.official_name} ({fuel.usage}) not in {sheet_name}"
        per_tj, heat, per_unit = (row[i] for i in COLUMNS[sheet_name])
        assert fuel.kg_per_tj[gas] == per_tj, (gas, fuel.kg_per_tj[gas], per_tj)
        assert fuel.heat_value == heat, (gas, fuel.heat_value, heat)
        # The sheet stores the product as a binary float; ours is the exact decimal product.
        assert fuel.kg_per_unit[gas] == pytest.approx(per_unit, rel=Decimal("1e-12"))
        assert fuel.kg_per_unit[gas] == per_tj * heat * KCAL_TO_TJ
        assert fuel.heat_value_unit.lower() == str(row[COLUMNS[sheet_name][1] + 1]).lower()


def test_coal_row_is_also_bituminous_coal(sheets_604):
    """燃料煤 and 煙煤 share one factor: the sheet's two rows are identical."""
    for sheet_name in (SHEET_CO2, SHEET_CH4, SHEET_N2O):
        rows = _fuel_rows(sheets_604[sheet_name])
        cols = COLUMNS[sheet_name]
        assert [rows[("固定源", "燃料煤")][i] for i in cols] == [rows[("固定源", "煙煤")][i] for i in cols]


def test_factors_md_values_at_their_printed_precision():
    """The kg/unit table of shared/reference/factors.md, to the digits it prints."""
    printed = {
        ("natural_gas", "stationary"): ("1.8790", "3.3494e-5", "3.3494e-6"),
        ("diesel", "stationary"): ("2.6060", "1.0551e-4", "2.1101e-5"),
        ("diesel", "mobile"): ("2.6060", "1.3716e-4", "1.3716e-4"),
        ("gasoline", "stationary"): ("2.2631", "9.7971e-5", "1.9594e-5"),
        ("gasoline", "mobile"): ("2.2631", "8.1643e-4", "2.6126e-4"),
        ("fuel_oil", "stationary"): ("3.1110", "1.2058e-4", "2.4116e-5"),
        ("coal", "stationary"): ("2.4081", "2.5456e-5", "3.8184e-5"),
        ("sub_bituminous_coal", "stationary"): ("2.2532", "2.3446e-5", "3.5169e-5"),
        ("lpg", "stationary"): ("1.7529", "2.7779e-5", "2.7779e-6"),
        ("lpg", "mobile"): ("1.7529", "1.7223e-3", "5.5559e-6"),
        ("lng", "mobile"): ("2.1139", "3.4667e-3", "1.1304e-4"),
    }
    assert set(printed) == set(F.fuel_factors())
    for key, values in printed.items():
        for gas, text in zip(F.GASES, values):
            expected = Decimal(text)
            got = F.fuel_factors()[key].kg_per_unit[gas]
            assert got.quantize(expected) == expected, (key, gas, got, expected)


def test_electricity_factors_match_sheet_5_and_the_csv(sheets_604, electricity_csv):
    sheet5: dict[int, Decimal] = {}
    green = None
    for row in sheets_604[SHEET_POWER]:
        match = re.fullmatch(r"(\d+)年預設係數", str(row[0]) if row else "")
        if match and len(row) > 5:
            sheet5[int(match.group(1)) + 1911] = row[5]
        if row and row[0] == "自願性再生能源憑證":
            green = row[5]
    table = F.electricity_factors()
    assert sorted(table) == list(range(2016, 2025))
    for year, factor in table.items():
        assert factor.roc_year == year - 1911
        sources = []
        if year in sheet5:
            assert factor.kg_co2e_per_kwh == sheet5[year].quantize(Decimal("0.001")), year
            sources.append("sheet 5")
        if year in electricity_csv:
            assert factor.kg_co2e_per_kwh == electricity_csv[year], year
            sources.append("csv")
        assert sources, f"{year}: no official value to check against"
    assert green == 0 and F.fixed_factors()["green_electricity"].kg_per_unit == 0
    # factors.md: 111年 is 0.495 (the form example's stale 0.509 is not used)
    assert table[2022].kg_co2e_per_kwh == Decimal("0.495")


GWP_LABELS = {  # gwp.csv gas → how sheet 4 of 6.0.4 starts its row
    "CO2": "CO2二氧化碳",
    "CH4": "CH4甲烷",
    "CH4_fossil": "CH4石化甲烷",
    "N2O": "N2O氧化亞氮",
    "HFC-134a": "HFC-134a/R-134a",
    "HFC-32": "HFC-32/R-32",
    "HFC-125": "HFC-125/R-125",
    "HFC-143a": "HFC-143a/R-143a",
    "R-410A": "R-410A，",
    "R-404A": "R-404A，",
    "R-407C": "R-407C，",
    "R-507A": "R-507A，",
    "HCFC-22": "HCFC-22，",
    "SF6": "SF6，",
}
NOTICE_LABELS = {  # gwp.csv gas → the 2024-02-05 notice's 附表四 row name (AR5)
    "CO2": "二氧化碳",
    "CH4": "甲烷（Methane）",
    "CH4_fossil": "石化甲烷",
    "N2O": "氧化亞氮",
    "HFC-134a": "1,1,1,2-四氟乙烷（HFC-134a）",
    "HFC-32": "二氟甲烷（HFC-32）",
    "HFC-125": "1,1,1,2,2-五氟乙烷（HFC-125）",
    "HFC-143a": "1,1,1-三氟乙烷（HFC-143a）",
    "SF6": "六氟化硫",
}
# AR6 values are not in the official sheets: factors.md's table (IPCC AR6 WG1 table 7.SM.7).
AR6 = {
    "CO2": 1,
    "CH4": Decimal("27.9"),
    "CH4_fossil": Decimal("29.8"),
    "N2O": 273,
    "HFC-134a": 1530,
    "HFC-32": 771,
    "HFC-125": 3740,
    "SF6": 25200,
}


def _row_starting(sheet, column: int, label: str):
    for row in sheet:
        if len(row) > column and str(row[column]).startswith(label):
            return row
    raise AssertionError(f"no row starting with {label!r}")


def test_gwp_table_matches_sheet_4_and_the_2024_notice(sheets_604, ods):
    table = F.gwp_table()
    assert set(table) == set(GWP_LABELS)
    sheet4 = sheets_604[SHEET_GWP]
    for gas, label in GWP_LABELS.items():
        row = _row_starting(sheet4, 1, label)
        entry = table[gas]
        if isinstance(row[4], Decimal):
            assert entry.values["AR4"] == row[4], (gas, "AR4")
        else:  # 6.0.4 has no AR4 fossil-methane value: AR4 has one CH4 GWP
            assert gas == "CH4_fossil" and entry.values["AR4"] == table["CH4"].values["AR4"]
        assert entry.values["AR5"] == row[5], (gas, "AR5")
    notice = ods("emission-factors-notice-2024-02-05.ods")["附表四"]
    for gas, label in NOTICE_LABELS.items():
        row = _row_starting(notice, 0, label)
        assert table[gas].values["AR5"] == row[2], (gas, "notice")
    for gas, value in AR6.items():
        assert table[gas].values["AR6"] == Decimal(value), (gas, "AR6")
    assert not table["HCFC-22"].counted


def test_blend_gwps_are_their_composition_and_match_the_form(ods):
    table = F.gwp_table()
    form = ods("inventory-form-example.ods")["附表二"]
    for gas in ("R-410A", "R-404A", "R-407C", "R-507A"):
        entry = table[gas]
        for gwp_set in ("AR4", "AR5", "AR6"):
            mean = sum(share * table[c].values[gwp_set] for c, share in entry.composition.items())
            assert entry.values[gwp_set] == mean, (gas, gwp_set)
        assert "AR6" in entry.derived
        row = _row_starting(form, 1, f"{gas},")
        assert entry.values["AR5"] == Decimal(row[2]).quantize(entry.values["AR5"]), gas


LEAK_ROWS = {  # equipment.csv id → sheet 6's equipment name
    "domestic_refrigeration": "家用冷凍、冷藏裝備",
    "standalone_commercial": "獨立商用冷凍、冷藏裝備",
    "medium_large_commercial": "中、大型冷凍、冷藏裝備",
    "transport_refrigeration": "交通用冷凍、冷藏裝備",
    "industrial_refrigeration": "工業冷凍、冷藏裝備，包括食品加工及冷藏",
    "chiller": "冰水機",
    "residential_commercial_ac": "住宅及商業建築冷氣機",
}
RANGE_ROWS = dict(LEAK_ROWS, mobile_ac="移動式空氣清靜機")


def test_refrigerant_leak_rates_match_sheets_6_and_8(sheets_604):
    sheet6 = sheets_604[SHEET_FUGITIVE]
    sheet8 = sheets_604[SHEET_LEAK]
    equipment = {k: v for k, v in F.equipment().items() if v.kind == "refrigeration"}
    assert set(equipment) == set(RANGE_ROWS)
    for eid, name in LEAK_ROWS.items():
        row = _row_starting(sheet6, 1, name)  # the first such row is the 範例 (example) block
        assert row[3] == equipment[eid].leak_rate * 100, eid
        assert row[6] == pytest.approx(equipment[eid].leak_rate, rel=Decimal("1e-12")), eid
    for eid, name in RANGE_ROWS.items():
        low, high = (Decimal(x) for x in re.findall(r"[\d.]+", str(_row_starting(sheet8, 0, name)[2])))
        assert low / 100 <= equipment[eid].leak_rate <= high / 100, eid
    # 移動式空調 has no example value in sheet 6: the upper end of sheet 8's range (10–20 %).
    assert equipment["mobile_ac"].leak_rate == Decimal("0.2")


def test_septic_tank_factor_is_sheet_6_per_work_hour(sheets_604):
    row = next(r for r in sheets_604[SHEET_FUGITIVE] if len(r) > 11 and r[0] == "範例" and r[2] == "化糞池")
    bod, mg_per_l, days, hours, litres_per_hour, efficiency, per_person_year = (
        row[i] for i in (3, 5, 6, 7, 8, 9, 10)
    )
    computed = bod * mg_per_l * Decimal("1E-9") * days * hours * litres_per_hour * efficiency / 100
    assert computed == pytest.approx(per_person_year, rel=Decimal("1e-12")) and computed == Decimal(
        "0.003825"
    )
    septic = F.fixed_factors()["septic_tank"]
    assert septic.gas == "CH4" and septic.unit == "h"
    # t CH4 per person-hour = per person-year / (days × hours); ours is stored in kg.
    assert septic.kg_per_unit / 1000 == computed / (days * hours) == Decimal("1.59375E-6")


def test_mass_balance_sources_count_one_tonne_per_tonne(sheets_604):
    assert any(
        r[:2] == ["註：", "1.採此方法計算時排放係數＝1"] for r in sheets_604[SHEET_FUGITIVE] if len(r) >= 2
    )
    for sid in ("fire_extinguisher_co2", "welding_co2"):
        fixed = F.fixed_factors()[sid]
        assert (fixed.gas, fixed.unit, fixed.kg_per_unit) == ("CO2", "kg", Decimal(1))
