"""A company vehicle named by the bare 車 inside the user's own phrase (送貨的車, 老闆開的車) is a vehicle, so its
diesel or gasoline is mobile combustion — and words with 車 that are no vehicle (車床, 車間) are not. Plain Python:
runs in the gateway's environment."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge.textnorm import normalize_text
from nlu.statements import interpret

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize("text", [
    "載貨用的車三台，汽油，每月一共180公升",
    "跑業務的那台車 柴油一個月90公升",
    "老闆开的车 汽油每个月加120公升",
])
def test_a_fuel_said_with_a_vehicle_phrase_is_mobile(text):
    st = interpret(normalize_text(text), TODAY)  # as the gateway passes it (Simplified folded)
    assert len(st.claims) == 1, st.claims
    claim = st.claims[0]
    assert claim.usage == "mobile" and claim.equipment == "vehicle"


@pytest.mark.parametrize("text", ["車床那區的天然氣每月2000度", "車間烘乾機柴油一年800公升"])
def test_a_word_with_che_that_is_no_vehicle_names_no_vehicle(text):
    claim = interpret(text, TODAY).claims[0]
    assert claim.equipment != "vehicle" and claim.usage != "mobile"


def test_no_vehicle_said_with_the_bare_word_negates_mobile_combustion():
    st = interpret("公司沒有車", TODAY)
    assert st.negated_categories == ["mobile"]


@pytest.mark.parametrize(("text", "equipment"), [
    ("備用發電機每年試車用掉柴油50公升", "generator"),  # 試車 is a test run, not a vehicle
    ("冷藏車三台，車上的冷凍機 R-404A 每台 5 公斤", "transport_refrigeration"),  # 車上: the truck said before
])
def test_the_bare_word_that_heads_no_phrase_leaves_the_named_equipment(text, equipment):
    claim = interpret(text, TODAY).claims[0]
    assert claim.equipment == equipment
