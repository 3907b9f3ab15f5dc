"""Rules read in the conversation: a fee amount after the fee's computation, a statement that the firm is no
manufacturer after the eligibility answer, and numbers of months that are not head counts."""

from __future__ import annotations

import pytest

from knowledge import normalize_text
from knowledge.rules import amounts, apply_rules


@pytest.mark.parametrize("text,heads", [
    ("投保人數過去12個月平均是186人", 186),
    ("員工近十二個月平均一百五十人", 150),
    ("勞保投保3年了 現在80人", 80),
    ("員工65人", 65),
])
def test_a_number_of_months_or_years_is_not_the_head_count(text, heads):
    found = amounts.employees(normalize_text(text))
    assert found is not None and found.value == heads


@pytest.mark.parametrize("topic,text,entry", [
    ("carbon_fee_rate", "那一年三萬五千噸呢", "carbon_fee_rate"),     # after how it is computed: the amount
    ("carbon_fee_rate", "我們一年26000噸需要繳嗎", "carbon_fee_who"),  # asks whether it is due
    ("carbon_fee_who", "一年三萬五千噸呢", "carbon_fee_who"),
    (None, "一年三萬五千噸碳費要繳多少", "carbon_fee_rate"),
])
def test_the_fee_rule_answers_for_what_was_asked_before(topic, text, entry):
    rule = apply_rules(normalize_text(text), topic)
    assert rule is not None and rule.entry_id == entry and rule.decision == "yes"


def test_a_fee_amount_after_its_computation_shows_the_fee():
    rule = apply_rules(normalize_text("那一年三萬五千噸呢"), "carbon_fee_rate")
    assert "3,000,000" in rule.text  # (35,000 − 25,000) × 300


@pytest.mark.parametrize("text", ["我們是做物流的耶", "我們只是貿易商 沒有生產線", "我們是餐廳"])
def test_a_non_manufacturer_said_after_the_eligibility_answer_is_told_no(text):
    rule = apply_rules(normalize_text(text), "sme_definition")
    assert rule is not None and rule.decision == "no" and rule.entry_id == "eligible_industry"


def test_a_non_manufacturer_said_out_of_context_applies_no_rule():
    assert apply_rules(normalize_text("我們是做物流的耶"), None) is None
    assert apply_rules(normalize_text("我們是免辦工廠登記的小工廠"), "sme_definition") is None
