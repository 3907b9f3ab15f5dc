from __future__ import annotations

import time

import pytest

from knowledge import KnowledgeBase


@pytest.mark.parametrize("query,expected", [
    ("查證機構", "verification_bodies"),
    ("冷媒怎麼算", "refrigerant"),
    ("化糞池", "septic_tank"),
    ("電力排碳係數", "electricity_factor"),
    ("碳費多少錢", "carbon_fee_rate"),
    ("CBAM", "cbam_overview"),
    ("資本額一億 員工200人", "sme_definition"),
    ("報名截止", "apply_deadlines"),
    ("種子班", "course_seed"),
    ("范御羣電話", "contact_inventory"),
    ("工業局改名", "agency_rename"),
    ("碳盘查是什么", "term_inventory"),
    ("碳盤茶步驟", "inventory_steps"),
    ("排放系數去哪裡找", "emission_factor_source"),
    ("54,835,200", "inventory_example"),
])
def test_typical_queries_rank_the_right_entry_first(kb: KnowledgeBase, query: str, expected: str) -> None:
    hits = kb.search(query)
    assert hits and hits[0][0].id == expected, [(e.id, round(s, 2)) for e, s in hits]


@pytest.mark.parametrize("query,contact_entry", [
    ("pol78917@ftis.org.tw", "contact_inventory"),
    ("ext.5248", "contact_offset"),
    ("vespachu", "contact_footprint"),
])
def test_contact_details_find_the_contact(kb: KnowledgeBase, query: str, contact_entry: str) -> None:
    ids = [e.id for e, _ in kb.search(query)]
    assert contact_entry in ids and ids[0] in (contact_entry, "contacts_all"), ids


def test_scores_and_limits(kb: KnowledgeBase) -> None:
    hits = kb.search("冷媒逸散率", limit=5)
    assert len(hits) == 5
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    assert kb.search("") == [] and kb.search("!!!") == []
    assert kb.search("冷媒", min_score=1.01) == []
    weather = kb.search("明天天氣好嗎")
    assert not weather or weather[0][1] < kb.search("冷媒怎麼算")[0][1]


def test_search_is_fast(kb: KnowledgeBase) -> None:
    queries = ["查證機構有哪些", "我們工廠的冷氣冷媒要怎麼算排放", "碳費", "请问碳盘查辅导怎么申请"] * 50
    start = time.perf_counter()
    for q in queries:
        kb.search(q)
    per_query = (time.perf_counter() - start) / len(queries)
    assert per_query < 0.005, f"{per_query * 1000:.2f} ms per query"
