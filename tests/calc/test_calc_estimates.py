"""calc/estimates.py: the typical refrigerant charge when the nameplate cannot be read."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

from calc._data import read_csv
from calc.estimates import typical_charge


def test_the_default_row_is_marked_in_the_data_not_found_by_its_wording() -> None:
    rows = read_csv("typical_charges.csv")
    assert {row["default"] for row in rows} <= {"yes", ""}
    defaults = Counter(row["equipment"] for row in rows if row["default"] == "yes")
    assert all(n == 1 for n in defaults.values()), defaults
    for equipment in defaults:
        charge = typical_charge(equipment)
        assert charge is not None and charge.default


def test_a_named_finer_type_is_preferred_to_the_default() -> None:
    named = typical_charge("residential_commercial_ac", "窗型冷氣")
    assert named is not None and not named.default and "窗型冷氣" in named.name


def test_every_price_has_a_short_whole_citation_for_the_chat() -> None:
    """The chat shows `citation` as it is (no cutting): one short line a user can look up, with at most one
    whole web address; the long list of sources stays in `source` for the Excel and the report."""
    import re

    from calc.estimates import _prices

    for price in _prices():
        assert price.citation and len(price.citation) <= 90, price
        addresses = re.findall(r"https?://\S+", price.citation)
        assert len(addresses) <= 1 and all(re.fullmatch(r"https?://[\w.-]+\.\w+/\S*", a) for a in addresses), price
        assert ".csv" not in price.citation and ".md" not in price.citation


def test_a_class_wide_range_is_marked_so_and_a_finer_kind_has_its_own() -> None:
    unclassified = typical_charge("residential_commercial_ac")
    split = typical_charge("residential_commercial_ac", "分離式")
    assert unclassified is not None and not unclassified.range_own and unclassified.high_kg == 100
    assert split is not None and split.range_own and (split.low_kg, split.high_kg) == (Decimal("0.5"), Decimal("0.9"))
