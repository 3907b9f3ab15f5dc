"""contracts.numbers, the one number formatter: its documented examples, and the fixed-decimal, exact and share
forms giving what calc's messages printed before they used it (f"{x:,.3f}", f"{x:,f}", f"{x:g}", normalize)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from contracts import numbers


@pytest.mark.parametrize(("shown", "expected"), [
    (numbers.number(420000), "420,000"),
    (numbers.number(74.4), "74.4"),
    (numbers.number(1 / 3), "0.3333"),
    (numbers.tonnes(27239.794), "27,239.8"),
    (numbers.tonnes(0.0433), "0.04"),
    (numbers.tonnes(27239.794, 3), "27,239.794"),
    (numbers.factor(2.11015e-05), "0.0000211015"),
    (numbers.factor(0.494), "0.494"),
    (numbers.percent(12.345), "12.3%"),
    (numbers.fixed(12.3, 3), "12.300"),
    (numbers.fixed(D("27239.794"), 3), "27,239.794"),
    (numbers.fixed(D("-0.0001"), 3), "0.000"),
    (numbers.exact(D("8000.0")), "8,000.0"),
    (numbers.exact(D("1E+3")), "1,000"),
    (numbers.exact(D(1430), grouping=False), "1430"),
    (numbers.share(D("0.125")), "12.5%"),
    (numbers.share(D("0.05")), "5%"),
    (numbers.share(D(1)), "100%"),
])
def test_examples(shown: str, expected: str) -> None:
    assert shown == expected


@pytest.mark.parametrize("value", [D("27239.794"), D("12.3"), D(0), D("1234567.1"), D(25000)])
def test_fixed_is_what_the_carbon_fee_printed(value: D) -> None:
    assert numbers.fixed(value, 3) == f"{value:,.3f}"
    assert numbers.fixed(value, 0) == f"{value:,.0f}"


@pytest.mark.parametrize("value", [D("8000.0"), D(10), D("12.50"), D("0.0001234"), D(1430), D("0.5")])
def test_exact_is_every_digit(value: D) -> None:
    assert numbers.exact(value) == f"{value:,f}"
    assert numbers.exact(value, grouping=False) == f"{value:f}" == f"{value:g}"


@pytest.mark.parametrize("fraction", [D("0.125"), D("0.05"), D("0.3"), D("0.001"), D(0)])
def test_share_is_the_percent_with_every_digit(fraction: D) -> None:
    assert numbers.share(fraction) == f"{(fraction * 100).normalize():f}%"


def test_never_scientific_notation() -> None:
    for shown in (numbers.exact(D("1.5E+7")), numbers.share(D("1E-7")), numbers.fixed(1e-9, 6)):
        assert "E" not in shown.upper()
