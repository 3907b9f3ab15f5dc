"""KnowledgeBase.named_contact_entry and mentions_domain: people named as users name them, and the words
that mark a message as about the programme (knowledge/content/lexicon.yaml `anchors`)."""

from __future__ import annotations

import pytest

from knowledge import get_knowledge


@pytest.mark.parametrize("text,entry", [
    ("楊研究員的分機幾號", "contact_offset"),
    ("馬協理的email", "contact_programme"),
    ("范御羣在嗎", "contact_inventory"),
    ("朱工程師負責哪一塊", "contact_footprint"),
    ("请问杨研究员电话", "contact_offset"),  # Simplified, folded first
    ("产基会电话多少", "contacts_all"),       # an organisation of several contacts, with a contact word
    ("碳足跡那邊是工研院哪位在負責", "contact_footprint"),
])
def test_a_person_is_found_by_full_name_or_surname_and_title(text, entry):
    found = get_knowledge().named_contact_entry(text)
    assert found is not None and found.id == entry


@pytest.mark.parametrize("text", ["研究員是做什麼的", "工程師要準備什麼", "楊先生", "工研院在哪", "產發署是什麼"])
def test_a_title_or_a_surname_alone_names_no_one(text):
    assert get_knowledge().named_contact_entry(text) is None


@pytest.mark.parametrize("text,about", [
    ("護照要怎麼申請", False),
    ("專利申請流程", False),
    ("健保卡可以線上換發嗎", False),
    ("如果沒被選上怎麼辦", True),
    ("碳盤查要多久", True),
    ("CBAM什麼時候開始", True),
    ("朱工程師在嗎", True),
])
def test_a_message_is_about_the_programme_when_it_holds_one_of_its_words(text, about):
    assert get_knowledge().mentions_domain(text) is about


@pytest.mark.parametrize("text,elsewhere", [
    ("營所稅申報期限是幾月", True),
    ("去歐盟出差申根簽證要準備什麼", True),
    ("冷氣壞了要找誰修理", True),
    ("冷氣壞了補冷媒 排放量怎麼算", False),   # a core word: ours
    ("碳費要報稅嗎", False),
    ("勞保人數怎麼算", False),
    ("電費帳單能不能改成電子的 要去哪邊申請", True),    # ordering the bill, not its figures
    ("貨車要驗車了 監理站要帶什麼", True),
    ("台電客服專線幾號", True),
    ("電費單上的度數要怎麼算進盤查", False),
    ("溫室栽培的番茄要怎麼控溫", True),           # a greenhouse for plants, not greenhouse gases
    ("個資法跟GDPR公司要怎麼因應", True),
    ("冷氣壞了有推薦的師傅嗎", True),
    ("冷媒補了2公斤 排放量怎麼算", False),
])
def test_another_procedure_or_service_is_told_apart(text, elsewhere):
    assert get_knowledge().about_something_else(text) is elsewhere


@pytest.mark.parametrize("text,entry", [
    ("范先生的手機幾號", "contact_inventory"),
    ("幫我轉朱小姐 電話多少", "contact_footprint"),
    ("林先生電話", "contact_authority"),
])
def test_a_surname_with_a_courtesy_title_and_a_contact_word_names_the_contact(text, entry):
    found = get_knowledge().named_contact_entry(text)
    assert found is not None and found.id == entry


@pytest.mark.parametrize("text", ["范先生", "林小姐說要先做盤查", "王先生的電話"])
def test_a_courtesy_title_without_a_contact_word_or_with_an_unknown_surname_names_no_one(text):
    assert get_knowledge().named_contact_entry(text) is None


@pytest.mark.parametrize("text,entry_id", [
    ("楊志傑的分機幾號", "contact_offset"),       # 智 typed as its homophone 志
    ("朱智弘電話多少", "contact_footprint"),
    ("楊志傑是誰", None),                        # no contact word: maybe someone else
])
def test_a_contacts_name_with_one_homophone_still_names_them(text, entry_id):
    found = get_knowledge().named_contact_entry(text)
    assert (found.id if found else None) == entry_id


@pytest.mark.parametrize("text", ["r32的冷氣要不要算", "R410A 漏了怎麼計", "14067跟14064有什麼不一樣", "三大構面指的是"])
def test_refrigerants_without_a_hyphen_and_bare_standard_numbers_are_ours(text):
    assert get_knowledge().strongly_ours(text) or get_knowledge().mentions_domain(text)


def test_domain_homophones_are_corrected():
    kb = get_knowledge()
    assert "活動數據" in kb.normalize("活動數句是什麼")
    assert "蒸汽" in kb.normalize("外購蒸氣怎麼算")
    assert kb.normalize("就填0就好ㄛ").endswith("喔") and "幾元" in kb.normalize("一噸收幾箍")  # 注音文, Taiwanese


@pytest.mark.parametrize("text,subject", [
    ("鍋爐改燒木屑以後排放怎麼計", "生質"),
    ("碳足跡標籤要去哪申請", "碳標籤"),
    ("碳權交易所要怎麼開戶", "碳權交易所"),
    ("銀行開戶要帶什麼", None),
    ("綠電憑證怎麼算", None),                     # answered by the green-power entry
    ("報錯排放量的話 要罰多少", "罰則"),
    ("我們想請顧問公司來做 顧問費一般要多少", "顧問"),
    ("輔導可以用視訊進行嗎", "到廠"),
    ("輔導是會派人來我們工廠現場看 還是都在線上", "到廠"),
    ("顧問公司說冷媒也要算", None),                # a consultant named in passing is no question about fees
])
def test_subjects_no_entry_answers_are_recognised(text, subject):
    found = get_knowledge().uncovered_subject(text)
    assert (found is None) if subject is None else (subject in found)


@pytest.mark.parametrize("text,entry", [
    ("R404A漏了要不要算", "refrigerant"),         # the code names the entry the search ranks near the top
    ("ｒ３２要算嗎", "refrigerant"),
    ("r2要算嗎", None),                           # no refrigerant code
    ("員工R&D部門要算進去嗎", None),
])
def test_a_pattern_names_its_entry_when_the_search_agrees(text, entry):
    found = get_knowledge().pattern_entry(text)
    assert (found is None) if entry is None else (found is not None and found.id == entry)
