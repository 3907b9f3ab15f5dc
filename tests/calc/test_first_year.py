"""contracts.years.FIRST_YEAR (the one definition) is what calc/data can compute: the first year with an
electricity factor, and a year with a GWP default."""

from __future__ import annotations

from calc import factors
from calc.gwp import default_policy
from contracts import years


def test_first_year_is_the_first_with_an_electricity_factor():
    assert years.FIRST_YEAR == min(factors.electricity_factors())


def test_first_year_has_a_gwp_default():
    assert default_policy(years.FIRST_YEAR).gwp_set  # raises CalcInputError when there is none
