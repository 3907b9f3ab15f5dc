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


# ------------------------------------------------------------------ amounts given without a unit
@pytest.mark.parametrize("text,tonnes", [
    ("去年排放差不多三萬二", 32000),          # right after an emission word: tonnes, and the answer says so
    ("我們廠碳排大約18000左右 要繳碳費嗎", 18000),
])
def test_a_number_after_an_emission_word_is_read_as_tonnes_and_said_so(text, tonnes):
    found = amounts.emissions(normalize_text(text))
    assert [e.tonnes for e in found] == [tonnes] and found[0].unit_assumed
    rule = apply_rules(normalize_text(text + " 碳費要繳嗎"))
    assert rule is not None and "沒有寫單位" in rule.text


@pytest.mark.parametrize("text", ["那2026呢", "那113呢", "資本額6000萬呢", "員工150呢", "電費一個月20萬呢", "那50呢"])
def test_a_follow_up_number_that_may_be_a_year_money_people_or_tiny_is_no_emission(text):
    assert amounts.emissions(normalize_text(text), bare=True) == []


@pytest.mark.parametrize("topic,text,decision", [
    ("carbon_fee_who", "如果之後變成26000的話呢", "yes"),
    ("carbon_fee_who", "一個廠兩萬 另一個一萬七 這樣呢", "no"),  # per site: neither reaches 25,000
    ("registry_rules", "那要是三萬呢", "yes"),
])
def test_a_follow_up_of_the_fee_or_registry_answer_may_give_its_amount_without_a_unit(topic, text, decision):
    rule = apply_rules(normalize_text(text), topic)
    assert rule is not None and rule.decision == decision
    assert "沒有寫單位" in rule.text


def test_a_registry_question_after_a_fee_question_is_the_registry_rule_on_the_earlier_amount():
    from actions.context import rule_named_on_earlier_turns

    earlier = [normalize_text("我們一年大約排四萬噸，碳費會收到我們嗎")]
    rule = rule_named_on_earlier_turns(normalize_text("那是不是也要申報登錄"), earlier)
    assert rule is not None and (rule.rule, rule.decision) == ("registry", "yes") and "40,000" in rule.text


@pytest.mark.parametrize("text,decision,says", [
    ("一年排放兩萬多噸 要不要盤查登錄", "depends", "20,000～30,000"),
    ("一年三萬多噸 要登錄嗎", "yes", "以 30,000 公噸計算"),
    ("一年三萬多噸 碳費要繳多少", "yes", "以 30,000 公噸計算"),
])
def test_an_approximate_amount_is_read_as_a_range_by_the_registry_and_the_fee(text, decision, says):
    rule = apply_rules(normalize_text(text))
    assert rule is not None and rule.decision == decision and says in rule.text


@pytest.mark.parametrize("text,decision,says", [
    ("我們廠一年排兩萬三到兩萬八噸之間 碳費要繳嗎", "depends", "23,000～28,000"),  # a range around the threshold
    ("一年排放一萬到一萬二噸 要繳碳費嗎", "no", "10,000"),
    ("一年大約四萬到四萬五千噸 碳費多少", "yes", "以 40,000 公噸計算"),        # over it: from its low end
])
def test_a_range_of_emissions_is_read_from_its_low_to_its_high_end(text, decision, says):
    rule = apply_rules(normalize_text(text))
    assert rule is not None and rule.decision == decision and says in rule.text


@pytest.mark.parametrize("text,topic,decision,says", [
    ("員工人數在一百八到兩百二之間", "sme_definition", "depends", "180～220"),   # either side of 200
    ("員工160到190人 符合輔導資格嗎", None, "yes", "160～190"),
    ("員工185到215人 資本額7000萬 可以申請嗎", None, "yes", "7,000萬元"),      # the capital decides
])
def test_a_range_of_employees_is_read_from_its_low_to_its_high_end(text, topic, decision, says):
    rule = apply_rules(normalize_text(text), topic)
    assert rule is not None and rule.decision == decision and says in rule.text


def test_an_approximate_amount_with_its_unit_is_not_also_read_without_one():
    found = amounts.emissions(normalize_text("我們一年排放大概三萬多噸"))
    assert len(found) == 1 and not found[0].unit_assumed and found[0].more_by == 10000
