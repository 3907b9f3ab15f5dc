"""The rules applied to the user's numbers (knowledge/rules/): each verdict at and around its boundary, the
arithmetic shown with the user's own numbers, and public sources with dates."""

from __future__ import annotations

import re

import pytest

from knowledge import normalize_text
from knowledge.rules import apply_rules
from knowledge.rules.params import PARAMETER_FILES, as_of, cbam_codes, parameters
from knowledge.sources import source_problems


def rule(text: str, topic: str | None = None):
    answer = apply_rules(normalize_text(text), topic)
    assert answer is not None, text
    return answer


# ---------------------------------------------------------------- SME eligibility: capital ≤ 1億 OR < 200 employees
@pytest.mark.parametrize("text, decision, must_say", [
    ("員工199人，資本額3億，可以申請輔導嗎", "yes", "199"),
    ("員工200人，資本額3億，可以申請輔導嗎", "no", "未滿 200 人"),        # 200 is not 未滿200
    ("員工250人，資本額2億，可以參加輔導嗎", "no", "250"),
    ("實收資本額剛好一億，員工300人，符合嗎", "yes", "1億"),              # 1億元以下 includes 1億
    ("實收資本額1億零1元，員工300人，符合嗎", "no", "超過"),
    ("我們公司資本額8000萬，員工250人，可以申請嗎", "yes", "8,000萬元"),  # either condition is enough
    ("員工120人，資本額6千萬，可以申請輔導嗎", "yes", "120 人未滿 200 人、實收資本額 6,000萬元"),  # both named
    ("員工300人 資本額9千萬 符合嗎", "yes", "300 人不是"),                 # the failing one is named too
    ("250 人可以申請嗎", "depends", "1億元以下"),                        # capital unknown: say what would do
    ("資本額2億可以申請輔導嗎", "depends", "未滿 200 人"),
])
def test_sme_eligibility_at_its_boundaries(text, decision, must_say):
    answer = rule(text)
    assert (answer.rule, answer.decision) == ("sme_eligibility", decision)
    assert must_say in answer.text
    assert answer.entry_id == "sme_definition"


def test_a_non_manufacturer_is_not_eligible_whatever_its_size():
    answer = rule("我們是做貿易的，員工才15人，可以申請輔導嗎")
    assert (answer.decision, answer.entry_id) == ("no", "eligible_industry")
    assert "製造業" in answer.verdict and "貿易業" in answer.verdict  # the kinds of firm outside, as the entry says


def test_an_exempt_factory_is_a_manufacturer():
    answer = rule("家庭工廠免辦工廠登記，10個員工，符合資格嗎")
    assert answer.decision == "yes" and "免辦工廠登記" in answer.text


def test_an_approximate_head_count_is_said_to_be_read_as_such():
    answer = rule("實收資本額2億，員工300多人，可以申請嗎")
    assert answer.decision == "no" and "300" in answer.text and "我以 300 判斷" in answer.text


# ---------------------------------------------------------------- carbon fee: per site, K = 25,000 t at 300 元
@pytest.mark.parametrize("text, decision, fee", [
    ("年排放剛好25000公噸要繳碳費嗎", "yes", "0 元"),                  # a payer, but (25,000 − 25,000) × 300 = 0
    ("一年24,999噸要不要繳碳費", "no", None),
    ("我們一年排放大概3萬噸，碳費要繳多少", "yes", "1,500,000 元"),
    ("年排放10萬噸 碳費一年大概多少錢", "yes", "22,500,000 元"),
])
def test_carbon_fee_liability_and_amount(text, decision, fee):
    answer = rule(text)
    assert (answer.rule, answer.decision) == ("carbon_fee", decision)
    if fee:
        assert fee in answer.text
    assert "25,000" in answer.text


def test_a_monthly_amount_is_multiplied_by_twelve_and_the_conversion_shown():
    answer = rule("我們每個月大概排2500噸，碳費一年要繳多少")
    assert "2,500 公噸／月 × 12 個月 ＝ 30,000 公噸／年" in answer.text
    assert "1,500,000 元" in answer.text and answer.entry_id == "carbon_fee_rate"


def test_the_threshold_is_per_site():
    answer = rule("我們有兩個廠，一個一年15000噸一個18000噸，要繳碳費嗎")
    assert answer.decision == "no" and "第1廠 15,000" in answer.text and "第2廠 18,000" in answer.text


def test_preferential_rates_deduct_nothing():
    answer = rule("年排放3萬噸，如果自主減量計畫有核定、用B費率，碳費要多少")
    assert "（30,000 − 0）× 100 元 ＝ 3,000,000 元" in answer.text
    assert "1,500,000" not in answer.text


def test_high_carbon_leakage_has_k_zero_and_the_adjustment_factor():
    answer = rule("我們是高碳洩漏的產業，一年3萬噸，碳費要繳多少")
    assert "× 調整係數 0.2 × 300 元 ＝ 1,800,000 元" in answer.text


def test_a_follow_up_amount_uses_the_topic_of_the_conversation():
    assert rule("我們一年大概500噸要繳嗎", topic="carbon_fee_who").decision == "no"
    assert "1,500,000" in rule("一年30000噸要繳多少", topic="carbon_fee_rate").text


# ---------------------------------------------------------------- registry
@pytest.mark.parametrize("text, decision", [
    ("我們是製造業，年排放3萬噸，要不要去登錄", "yes"),
    ("我們是製造業，年排放25000噸，要不要去登錄", "yes"),
    ("年排放24999噸，要不要去環境部登錄", "no"),
    ("我們一年才5000噸，需要上環境部平台登錄嗎", "no"),
    ("我們是半導體廠但排放量不大，要登錄嗎", "yes"),
])
def test_registry_obligation(text, decision):
    answer = rule(text)
    assert (answer.rule, answer.decision) == ("registry", decision)
    if decision == "yes":
        assert "4/30" in answer.text and "10/31" in answer.text


def test_emissions_in_english_units_and_a_spaced_myriad_are_read():
    assert rule("我們一年大約 3.2 萬 ton，這樣要去環境部登錄嗎").decision == "yes"
    assert rule("一年 8000 tons 要登錄嗎").decision == "no"
    assert "1,500,000" in rule("一年 30000 tonnes 碳費要繳多少").text


def test_a_price_per_tonne_is_no_firms_emissions_and_taiwanese_asks_the_amount():
    assert apply_rules(normalize_text("碳費一噸是愛收幾箍"), None) is None
    answer = rule("阮化工廠舊年排放差不多42000公噸 碳費愛繳偌濟")
    assert (answer.entry_id, answer.decision) == ("carbon_fee_rate", "yes") and "5,100,000" in answer.text


def test_an_english_head_count_is_read():
    answer = rule("我們 headcount 大概 150 可以申請輔導嗎")
    assert (answer.rule, answer.decision) == ("sme_eligibility", "yes")


def test_registry_mentions_the_announced_expansion_between_10000_and_25000():
    assert "已在這個範圍" in rule("年排放1萬5千噸要不要盤查登錄").text
    assert "還在這個範圍以下" in rule("一年5000噸要登錄嗎").text


# ---------------------------------------------------------------- CBAM by product (CN codes of Annex I)
@pytest.mark.parametrize("text, decision, must_say", [
    ("我們做螺絲外銷歐洲，CBAM會影響到我們嗎", "yes", "7318"),
    ("我們外銷鋁擠型到德國，會被課碳關稅嗎", "yes", "7604"),
    ("鋁門窗出口歐盟要報CBAM嗎", "yes", "7610"),
    ("CN 7318 的產品要申報CBAM嗎", "yes", "7318"),
    ("做成衣出口歐盟，CBAM有管到嗎", "no", "成衣"),
    ("塑膠射出件賣到荷蘭需要報CBAM嗎", "no", "塑膠"),
    ("我們做手機殼 TPU射出的 外銷歐洲會被課CBAM嗎", "no", "塑膠"),
    ("我們做鋼的，出口歐盟CBAM要報嗎", "depends", "CN"),
    # English-mixed, as an engineer types it
    ("我們做 plastic injection molding 的零件 出口歐盟 CBAM 有 cover 嗎", "no", "塑膠"),
    ("我們的 aluminium extrusion 賣到德國 CBAM 要報嗎", "yes", "7604"),
    ("we make bolts 外銷荷蘭 CBAM 要申報嗎", "yes", "7318"),
])
def test_cbam_scope_by_product(text, decision, must_say):
    answer = rule(text)
    assert (answer.rule, answer.decision) == ("cbam", decision)
    assert must_say in answer.text


def test_a_product_with_no_cbam_word_and_no_topic_is_no_rule():
    assert apply_rules(normalize_text("我們做螺絲的"), None) is None
    assert apply_rules(normalize_text("那我們做鋁門窗的要嗎"), "cbam_overview").decision == "yes"


# ---------------------------------------------------------------- parameters are data with public sources
@pytest.mark.parametrize("name", PARAMETER_FILES)
def test_every_parameter_file_names_a_public_source_and_a_date(name):
    params = parameters(name)
    assert not source_problems(params["source"]), params["source"]
    assert as_of(params).year >= 2023


def test_the_cbam_code_list_covers_the_six_sectors_and_the_screws():
    rows = cbam_codes()
    assert {r["sector"] for r in rows} == {"cement", "electricity", "fertilisers", "hydrogen", "iron_steel", "aluminium"}
    assert any(r["cn_code"] == "7318" and "螺絲" in r["keywords"] for r in rows)
    assert all(re.fullmatch(r"\d{2,4}(?: \d{2}){0,2}", r["cn_code"]) for r in rows)


def test_no_number_no_rule():
    assert apply_rules(normalize_text("碳費怎麼算"), None) is None
    assert apply_rules(normalize_text("中小企業是怎麼認定的"), "sme_definition") is None


def test_the_rules_data_passes_its_own_check():
    from knowledge.rules.params import validate_rules

    assert validate_rules() == []


@pytest.mark.parametrize(("text", "decision"), [
    ("我們一年排放大概兩萬多噸 要繳碳費嗎", "depends"),   # 20,000–30,000: the threshold is inside
    ("一年碳排一萬多噸 要不要繳碳費", "no"),              # 10,000–20,000: below whatever it is
    ("一年排放兩萬四千噸 要繳碳費嗎", "no"),              # exact: no range
])
def test_an_approximate_amount_around_the_fee_threshold_is_asked_not_decided(text, decision):
    answer = apply_rules(normalize_text(text))
    assert answer is not None and answer.decision == decision


# ---------------------------------------------------------------- CBAM: the product the user names or describes
@pytest.mark.parametrize("text, decision, must_say", [
    ("鍍鋅鋼螺栓 要出口到波蘭 CBAM算不算", "yes", "7318"),       # the article's code, not its material's chapter
    ("我們是做毛巾的 外銷德國 CBAM有關嗎", "no", "紡織品"),
    ("寵物飼料出口法國 會被CBAM管到嗎", "no", "飼料"),
    ("自行車外銷荷蘭 CBAM要申報嗎", "no", "第84–87章"),
    ("我們做藤編家飾的 要賣到義大利 CBAM有影響嗎", "depends", "「藤編家飾」不在我手上的 CBAM 產品清單"),
])
def test_cbam_by_the_product_named_or_described(text, decision, must_say):
    answer = rule(text)
    assert (answer.rule, answer.decision) == ("cbam", decision)
    assert must_say in answer.text


@pytest.mark.parametrize("text", ["我們產品外銷歐洲 CBAM要準備什麼", "CBAM出口商要準備什麼", "公司的貨外銷德國 CBAM有關係嗎"])
def test_words_that_name_no_product_are_not_a_product(text):
    assert apply_rules(normalize_text(text)) is None


def test_a_verb_before_the_export_is_no_product():
    assert apply_rules(normalize_text("有推薦出口到德國的報關行嗎")) is None
    answer = rule("我們的藤編籃要外銷荷蘭 CBAM有影響嗎")
    assert answer.decision == "depends" and "藤編籃" in answer.text


def test_a_product_said_without_its_particle_is_still_read():
    answer = rule("我們做不鏽鋼水槽 出口到法國 CBAM有影響嗎")
    assert answer.rule == "cbam" and answer.decision in ("yes", "depends")


@pytest.mark.parametrize("text, topic", [("那要是出口到越南呢", "cbam_overview"), ("鋁擠型賣到加拿大 CBAM要管嗎", None)])
def test_a_destination_outside_the_eu_is_outside_cbam(text, topic):
    answer = apply_rules(normalize_text(text), topic)
    assert answer is not None and (answer.rule, answer.decision) == ("cbam", "no") and "只管輸入歐盟" in answer.text


def test_the_cue_of_a_follow_up_is_no_product():
    answer = apply_rules(normalize_text("那如果是外銷比利時呢"), "cbam_overview")
    assert answer is None or "那如果" not in answer.text
