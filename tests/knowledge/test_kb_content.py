"""Key facts of every topic are present, exactly, in the right entries."""
from __future__ import annotations

import re

import pytest

from knowledge import TOPICS, KnowledgeBase

DECK_CONTACTS = {
    # contact id: (name, title, phone, ext, email) exactly as the 112年度 deck prints them
    "ftis_inventory": ("范御羣", "工程師", "(02)2784-4188", "5148", "pol78917@ftis.org.tw"),
    "ftis_offset": ("楊智傑", "研究員", "(02)2784-4188", "5248", "jackyang@ftis.org.tw"),
    "ftis_programme": ("馬勝雄", "協理", "(02)2784-4188", "5130", "ma@ftis.org.tw"),
    "itri_footprint": ("朱志弘", "資深工程師", "(03)591-2565", None, "vespachu@itri.org.tw"),
    "idb_authority": ("林玠佑", "技正", "(02)2754-1255", "2714", "jylin7@moeaidb.gov.tw"),
}
CONTACT_ENTRY = {
    "ftis_inventory": "contact_inventory", "ftis_offset": "contact_offset", "ftis_programme": "contact_programme",
    "itri_footprint": "contact_footprint", "idb_authority": "contact_authority",
}
TAF = "https://www.taftw.org.tw/directory/scheme/cav/"


def answer(kb: KnowledgeBase, entry_id: str) -> str:
    entry = kb.entry(entry_id)
    assert entry is not None, entry_id
    return entry.answer


def assert_in(kb: KnowledgeBase, entry_id: str, *facts: str) -> None:
    text = answer(kb, entry_id)
    missing = [f for f in facts if f not in text]
    assert not missing, f"{entry_id} lacks {missing}"


def test_size_and_topics(kb: KnowledgeBase) -> None:
    assert 45 <= len(kb.entries) <= 80
    assert {e.topic for e in kb.entries} == set(TOPICS)
    for e in kb.entries:
        assert 8 <= len(e.questions) <= 25 and len(e.title) <= 16
        assert re.fullmatch(r"[a-z][a-z0-9_]*", e.id) and e.intent == f"faq_{e.id}"
        assert e.source and e.as_of and e.related


def test_sme_definition(kb: KnowledgeBase) -> None:
    assert_in(kb, "sme_definition", "新臺幣1億元以下", "未滿200人", "製造業", "工廠登記", "12個月平均")
    assert_in(kb, "eligible_industry", "製造業", "1億元", "200人")


def test_counselling_items_numbers(kb: KnowledgeBase) -> None:
    assert_in(kb, "counselling_items", "240家", "40家", "60家", "22家", "9萬元", "3/1", "4/23", "工研院")
    assert_in(kb, "inventory_counselling", "240家", "無自籌款")
    assert_in(kb, "verification_counselling", "40家", "9萬元", "3/1", "查證費用由廠商自付", TAF)
    assert_in(kb, "footprint_counselling", "60家", "工研院", "無自籌款")
    assert_in(kb, "offset_counselling", "22家", "4/23", "遴選", "減量額度")
    assert_in(kb, "counselling_cost", "9萬元", "查證費用由廠商自付")


def test_deadlines_and_application(kb: KnowledgeBase) -> None:
    assert_in(kb, "apply_deadlines", "碳盤查查證輔導：3/1", "抵換專案示範推廣：4/23")
    assert_in(kb, "apply_how", "輔導申請表", "E-mail", "確認報名意願", "提交報名表", "填報基本資料", "遴選／核備")
    assert_in(kb, "apply_selection", "碳盤查查證輔導", "抵換專案示範推廣")


def test_courses(kb: KnowledgeBase) -> None:
    assert_in(kb, "courses_overview", "CEO班（半天）", "講習班（1天）", "種子班（3天）", "公協會或工業區")
    assert_in(kb, "course_ceo", "高階經理人", "半天", "國內外淨零趨勢")
    assert_in(kb, "course_workshop", "營運主管", "1天", "碳排金好算試算演練")
    assert_in(kb, "course_seed", "基層員工", "3天", "內稽", "自廠碳排")


def test_programme_answers_say_112(kb: KnowledgeBase) -> None:
    for e in kb.entries:
        if e.topic in ("programme", "apply", "courses", "contacts"):
            assert "112年度" in e.answer, e.id
            assert e.notice, e.id


def test_contacts_exactly_as_in_deck(kb: KnowledgeBase) -> None:
    for cid, (name, title, phone, ext, email) in DECK_CONTACTS.items():
        c = kb.contact(cid)
        assert c is not None and (c.name, c.title, c.phone, c.ext, c.email) == (name, title, phone, ext, email)
        shown = f"{phone} ext.{ext}" if ext else phone
        assert c.phone_display == shown
        assert_in(kb, CONTACT_ENTRY[cid], name, title, shown, email)
        assert_in(kb, "contacts_all", name, shown, email)


def test_contact_routing(kb: KnowledgeBase) -> None:
    assert kb.contact_for("inventory").name == "范御羣"
    assert kb.contact_for("offset").name == "楊智傑"
    assert kb.contact_for("footprint").name == "朱志弘"
    assert kb.contact_for("programme").name == "馬勝雄"
    assert kb.contact_for("authority").name == "林玠佑"
    with pytest.raises(KeyError):
        kb.contact_for("weather")
    assert kb.contact("itri_footprint").tel_uri == "tel:+88635912565"
    assert kb.contact("ftis_inventory").tel_uri == "tel:+886227844188,5148"


def test_electricity_factors_by_year(kb: KnowledgeBase) -> None:
    factors = {"105年（2016）": "0.530", "106年（2017）": "0.554", "107年（2018）": "0.533",
               "108年（2019）": "0.509", "109年（2020）": "0.502", "110年（2021）": "0.509",
               "111年（2022）": "0.495", "112年（2023）": "0.494", "113年（2024）": "0.474"}
    assert_in(kb, "electricity_factor", *(f"{year}：{value}" for year, value in factors.items()))
    assert_in(kb, "green_electricity", "以0計")


def test_carbon_fee(kb: KnowledgeBase) -> None:
    assert_in(kb, "carbon_fee_rate", "300元", "100元", "50元", "25,000", "2026年5月", "自主減量計畫")
    assert_in(kb, "carbon_fee_who", "25,000", "2026年5月")


def test_cbam_and_context(kb: KnowledgeBase) -> None:
    assert_in(kb, "cbam_overview", "2023-10-01", "2025-12-31", "2026-01-01", "水泥", "鋼鐵", "鋁", "肥料",
              "電力", "氫", "50公噸")
    assert_in(kb, "cbam_exporter", "2026-01-01", "50公噸")
    assert_in(kb, "netzero_pledges", "133／198", "116／713", "241／1,177", "819／2,001", "2023年1月31日")
    assert_in(kb, "agency_rename", "2023年9月26日", "經濟部產業發展署")
    assert_in(kb, "registry_rules", "4/30", "10/31", "25,000", "2023年9月14日")
    assert_in(kb, "registry_2026", "460", "4/30", "三不一沒有", "0.05%", "5公噸", "加盟店")


def test_method_facts(kb: KnowledgeBase) -> None:
    assert_in(kb, "emission_formula", "活動數據", "排放係數", "GWP")
    assert_in(kb, "activity_data_methods", "現場耗用統計資料", "採購量＋庫存變化", "採購金額回推用量")
    assert_in(kb, "emission_sources", "固定燃料燃燒源", "製程排放源", "移動燃燒源", "逸散排放源", "外購電力",
              "外購蒸汽")
    assert_in(kb, "inventory_documents", "電費收據", "綠電轉供收據", "加油單據", "冷媒年度填充量", "流量計紀錄")
    assert_in(kb, "inventory_example", "54,835,200", "3,882", "56 公升", "1,850", "25,660", "0.9 公斤",
              "8,967,500")
    assert_in(kb, "refrigerant", "0.3%", "R-134a 1,300", "R-22", "以0計")
    assert_in(kb, "septic_tank", "員工工時", "0.003825", "2,400", "25,660")
    assert_in(kb, "co2_extinguisher", "質量平衡", "44/12")
    assert_in(kb, "gwp_co2e", "AR5", "CH4 28", "N2O 265")
    assert_in(kb, "emission_factor_source", "6.0.4", "1139101231", "1.8790", "2.6060")
    assert_in(kb, "org_vs_product", "202,484", "13.12", "鋁捲", "鋁錠")
    assert_in(kb, "case_textile", "27,240", "8,537", "221公秉", "74.4千立方公尺", "11,295.6千度", "9,165",
              "1,650萬元", "VF", "Lululemon")


def test_sites_and_calculator(kb: KnowledgeBase) -> None:
    assert_in(kb, "info_sites", "https://ghg.tgpf.org.tw/", "https://eslc.ftis.org.tw/", "pj.ftis.org.tw/CFCv2",
              "搬遷")
    assert_in(kb, "calculator", "碳排金好算", "pj.ftis.org.tw/CFCv2", "30萬人次")


def test_verification_bodies_point_to_taf_and_mark_unconfirmed(kb: KnowledgeBase) -> None:
    text = answer(kb, "verification_bodies")
    assert TAF in text and kb.verifiers.directory_url == TAF
    assert "14家" in text
    confirmed, unconfirmed = text.split("未確認", 1)
    for body in kb.verifiers.bodies:
        # every body is named; unconfirmed ones only after the 未確認 warning
        assert body.name in text, body.name
        if body.status == "unconfirmed":
            assert body.name in unconfirmed and body.name not in confirmed, body.name
        else:
            assert body.name in confirmed, body.name
    assert TAF in answer(kb, "term_verification")


def test_glossary_terms_present(kb: KnowledgeBase) -> None:
    for entry_id, term in [("term_inventory", "碳盤查"), ("term_footprint", "碳足跡"), ("term_verification", "查證"),
                           ("term_offset", "抵換專案"), ("term_scope", "範疇"), ("term_emission_factor", "排放係數"),
                           ("term_activity_data", "活動數據")]:
        assert term in kb.entry(entry_id).title


def test_related_resolve_to_entries(kb: KnowledgeBase) -> None:
    for e in kb.entries:
        assert [r.id for r in kb.related(e)] == list(e.related)


def test_messages(kb: KnowledgeBase) -> None:
    for key in ("not_sure", "suggestions", "offer_person", "out_of_scope", "related"):
        assert kb.message(key)


def test_terms_for_jieba(kb: KnowledgeBase) -> None:
    terms = kb.terms()
    for t in ("碳盤查", "碳足跡", "查證", "盤查輔導", "冷媒", "化糞池", "外購電力", "排放係數", "抵換專案", "碳費",
              "產業發展署", "天然氣", "范御羣"):
        assert t in terms
    assert len(terms) == len(set(terms))
