"""The one list of aliases the NLU builds its dictionary from."""

from __future__ import annotations

import pytest

from calc import SOURCES, CalcInputError, aliases
from calc.aliases import resolve_equipment, resolve_refrigerant, resolve_source

REQUIRED = {
    "electricity": ["電力", "外購電力", "台電", "用電"],
    "natural_gas": ["天然氣", "瓦斯"],
    "diesel": ["柴油", "發電機柴油"],
    "gasoline": ["汽油", "車用汽油"],
    "fuel_oil": ["重油", "燃料油"],
    "coal": ["燃料煤", "煤", "煙煤"],
    "lpg": ["液化石油氣", "LPG", "桶裝瓦斯"],
    "refrigerant": ["冷媒", "R-134a", "R-32", "R-410A"],
    "fire_extinguisher_co2": ["滅火器", "二氧化碳滅火器"],
    "septic_tank": ["化糞池", "員工工時"],
    "welding_co2": ["焊接", "CO2鋼瓶", "焊接CO2"],
    "steam": ["蒸汽", "外購蒸汽"],
}


def test_source_aliases_cover_how_people_name_sources():
    table = aliases.source_aliases()
    for source, names in REQUIRED.items():
        for name in names:
            assert table.get(name) == source, name


def test_wasi_means_natural_gas_with_a_note_and_bottled_gas_means_lpg():
    wasi = resolve_source("瓦斯")  # the alias row's note comes with the match
    assert wasi.source == "natural_gas" and "桶裝瓦斯" in (wasi.note or "")
    assert resolve_source("桶裝瓦斯").source == "lpg"


def test_one_list_sources_carry_the_same_aliases():
    table = aliases.source_aliases()
    for sid, info in SOURCES.items():
        assert set(info.aliases) == {a for a, s in table.items() if s == sid}, sid
        assert info.aliases, f"{sid} has no alias"


def test_unit_aliases_include_bill_units():
    units = aliases.unit_aliases()
    for unit in [
        "kWh",
        "度",
        "千度",
        "萬度",
        "MWh",
        "m3",
        "立方公尺",
        "立方米",
        "千立方公尺",
        "L",
        "公升",
        "公秉",
        "kL",
        "kg",
        "公斤",
        "公噸",
        "噸",
        "t",
        "小時",
    ]:
        assert unit in units, unit
    assert len(units) == len(set(units))


def test_dictionary_terms_hold_every_alias_once_longest_first():
    terms = aliases.dictionary_terms()
    assert len(terms) == len(set(terms))
    assert set(aliases.source_aliases()) <= set(terms) and set(aliases.unit_aliases()) <= set(terms)
    assert [len(t) for t in terms] == sorted((len(t) for t in terms), reverse=True)


def test_lookups_are_tolerant_of_case_width_spaces_and_hyphens():
    assert resolve_refrigerant("r134a") == resolve_refrigerant("Ｒ－１３４ａ") == "HFC-134a"
    assert resolve_source(" Natural Gas ").source == "natural_gas"
    assert resolve_source("natural_gas").source == "natural_gas"
    assert resolve_source("R-410A").refrigerant == "R-410A"
    assert resolve_equipment("飲水機/冰箱") == resolve_equipment("冰箱") == "domestic_refrigeration"


def test_unknown_names_raise_chinese_errors():
    with pytest.raises(CalcInputError) as err:
        resolve_source("太陽能")
    assert (
        err.value.code == "unknown_source" and "太陽能" in err.value.message and "天然氣" in err.value.message
    )


def test_every_message_key_the_code_uses_exists():
    """Texts live in calc/data/messages.yaml: a key missing there would fail only at run time."""
    import re
    from pathlib import Path

    from calc._data import read_yaml

    keys = set(read_yaml("messages.yaml"))
    used = set()
    for path in (Path(__file__).resolve().parents[2] / "calc").glob("*.py"):
        used |= set(
            re.findall(r'(?:input_error|message)\(\s*"([a-z0-9_]+)"', path.read_text(encoding="utf-8"))
        )
    assert used and used <= keys, used - keys
