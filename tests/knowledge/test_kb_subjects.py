"""knowledge/subjects.py: out-of-scope traps that share our words (false friends, foreign words and patterns,
what the programme never does), told apart from questions about the programme."""

from __future__ import annotations

import pytest

from knowledge import get_knowledge
from knowledge.corrections import Corrections
from knowledge.subjects import SubjectWords


def words(**lists) -> SubjectWords:
    return SubjectWords.build(str, **lists)


def test_a_false_friend_hides_the_word_it_contains():
    w = words(anchors=["碳", "電"], core=["碳"], false_friends=["碳纖維", "電腦"])
    assert not w.mentions("碳纖維的釣竿好不好")
    assert w.elsewhere("碳纖維的釣竿好不好")              # a false friend is a sign of another subject
    assert w.mentions("碳纖維工廠要做碳盤查嗎")              # the second 碳 is ours
    assert not w.elsewhere("碳纖維工廠要做碳盤查嗎")
    assert not w.mentions("電腦當機")


def test_the_longest_false_friend_is_masked_first():
    w = words(anchors=["碳"], false_friends=["碳水", "碳水化合物"])
    assert w.masked("碳水化合物") == " "


def test_a_core_word_keeps_a_foreign_word_ours_but_not_an_always_foreign_one():
    w = words(core=["碳"], foreign=["修理"], foreign_always=["概念股"])
    assert w.elsewhere("冷氣修理")
    assert not w.elsewhere("碳排的修理記錄")
    assert w.elsewhere("碳權概念股")


def test_an_always_foreign_pattern_is_never_ours_whatever_core_word_it_holds():
    w = words(core=["cbam"], foreign_always_patterns=[r"幫我們?\s*介紹[^,?\s嗎]{0,12}(?:客戶|買家)"])
    assert w.never_ours("幫我們介紹做cbam的日本買家") and w.elsewhere("幫我們介紹做cbam的日本買家")
    assert not w.never_ours("幫我介紹cbam嗎 客戶在問")  # a question ends before the customer is named


def test_the_lexicons_patterns_decline_finding_customers_but_not_a_customers_request():
    kb = get_knowledge()
    assert kb.never_ours("能不能幫忙媒合德國的進口商")
    assert not kb.never_ours("德國進口商要我們提供產品的碳排數據")
    assert not kb.never_ours("可以介紹一下查證輔導嗎")


def test_a_foreign_pattern_names_another_standard():
    w = words(core=["盤查"], foreign_patterns=[r"iso\s*-?\s*(?!1406[4-9])\d{4,5}"])
    assert w.elsewhere("iso 9001 稽核")
    assert w.elsewhere("iso45001要準備什麼")
    assert not w.elsewhere("iso 14064-1 是什麼")
    assert not w.elsewhere("iso 9001 跟盤查有關嗎")


@pytest.mark.parametrize("text", [
    "公司的ISO 14001要換證了 要找誰",               # another standard
    "活性碳濾網多久換一次",                          # a false friend of 碳
    "碳水吃太多會胖嗎",
    "台電說下週三要停電 工廠要怎麼準備",               # a utility's service
    "水費單要去哪裡繳",
    "空壓機故障 有沒有推薦的廠商",                     # repairs
    "新進員工勞保怎麼加",                              # labour paperwork
    "碳費相關的股票有哪些",                            # what the programme never does
    "幫我把盤查說明翻成英文",
    "IATF16949的內稽表單誰有",                          # 2026-12-01 (fourth round): other marks and audits
    "公司要做AS 9100 驗證 流程是什麼",
    "產品要貼CE標誌 去哪辦",
    "欣泰的抄錶員什麼時候來",                           # a utility as a business
    "哪裡有賣氮氣鋼瓶 要電話",                          # a supplier
    "你們輔導團隊有在找人嗎 我同學想投",                  # 2026-12-02 (eighth round): a job at the programme
    "碳盤查的課中午有便當嗎",                            # a course day's lunch
    "繳的碳費可以列為費用抵稅嗎",                        # the fee as a tax matter
    "CBAM 之後出口到漢堡的 freight 會漲嗎",               # freight, exchange rates, anti-dumping duties
    "歐元兌台幣這週怎麼那麼低 CBAM 報價要抓多少",
    "螺絲輸歐的反傾銷稅現在多少",
    "超級柴油今仔日一公升偌濟",                          # a fuel's price in Taiwanese
    "碳權佇交易所一噸賣偌濟",                            # what a credit sells for
    "本廠職業安全衛生的年度報告要上哪個網站申報",           # occupational safety paperwork
])
def test_traps_of_our_own_are_about_something_else(text):
    assert get_knowledge().about_something_else(text)


@pytest.mark.parametrize("text", [
    "ISO 14064-1 跟 ISO 14067 差在哪",
    "冷氣維修時補的冷媒算不算逸散",
    "勞保人數180人可以申請嗎",
    "電費單上的度數要填哪一個",
    "碳費怎麼繳",
    "免辦工廠登記的工廠可以參加嗎",
    "天然氣帳單上的度數怎麼換算成排放",                 # a utility's bill as activity data is ours
    "CBAM跟CE標章是同一件事嗎",
])
def test_questions_about_the_programme_stay_ours(text):
    assert not get_knowledge().about_something_else(text)


def test_latin_corrections_match_any_case():
    fix = Corrections({"carbon fee": "碳費", "sme": "中小企業"})
    assert fix.apply("Carbon Fee怎麼算") == "碳費怎麼算"
    assert fix.apply("SME的定義") == "中小企業的定義"


@pytest.mark.parametrize("text,ours", [
    ("舊的冰水機還是R22 要不要報", True),      # a refrigerant as the edge writes it
    ("盤查清冊的格式", True),
    ("碳纖維自行車", False),                    # a false friend is not ours
    ("你住在哪裡", False),
])
def test_a_message_naming_a_core_subject_or_a_term_is_strongly_ours(text, ours):
    assert get_knowledge().strongly_ours(text) is ours
