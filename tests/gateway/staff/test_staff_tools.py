"""The assist panel (knowledge search, calculator), the list of questions the bot could not answer, and the
dashboard's figures."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

import pytest

import calc
from gateway.staff.insights import DASHBOARD_TIMEZONE
from tests.fakes.replies import handoff_replies

TEXTILE_PLANT = {
    "year": 2021, "gwp": "AR4",
    "activities": [
        {"source": "燃料煤", "amount": "8,537", "unit": "公噸"},
        {"source": "外購電力", "amount": "11,295.6", "unit": "千度"},
    ],
}


def _fallback(sender: str, intent: str = "nlu_fallback") -> list[dict]:
    return [{"recipient_id": sender, "text": "抱歉，我不太確定您的意思"},
            {"recipient_id": sender, "custom": {"type": "fallback", "intent": intent}}]


def _faq(sender: str, entry_id: str) -> list[dict]:
    return [{"recipient_id": sender, "text": "答案"},
            {"recipient_id": sender, "custom": {"type": "faq", "entry_id": entry_id, "topic": "eligibility"}}]


def _say(gateway, fake_rasa, sender: str, text: str, replies: list[dict]) -> None:
    fake_rasa.mode = "canned"
    fake_rasa.canned = replies
    gateway.chat(sender, text)


def test_assist_search_gives_whole_answers_with_source_date_and_contact(gateway):
    hits = gateway.login("amy").get("/api/staff/assist/search", params={"q": "員工兩百人可以申請輔導嗎"}).json()
    assert hits, "no hit"
    top = hits[0]
    assert top["id"] == "sme_definition"
    assert "200" in top["answer"] and top["source"] and top["as_of"]
    assert top["contact"]["name"] == "馬勝雄"
    assert gateway.login("amy").get("/api/staff/assist/search", params={"q": ""}).status_code == 422


def test_assist_calculator_is_the_programme_calculator(gateway):
    console = gateway.login("amy")
    response = console.post("/api/staff/assist/calc", json=TEXTILE_PLANT)
    assert response.status_code == 200
    assert response.json() == calc.compute_json(TEXTILE_PLANT)
    bad = console.post("/api/staff/assist/calc", json={**TEXTILE_PLANT, "activities": [
        {"source": "天然氣", "amount": "74.4", "unit": "公斤重"}]})
    assert bad.status_code == 422 and "公斤重" in bad.json()["error"] and bad.json()["activity"] == 0


def test_fallback_questions_are_listed_newest_first_with_what_the_user_typed(gateway, fake_rasa):
    _say(gateway, fake_rasa, "web-f1", "锅炉的蒸汽怎么算", _fallback("web-f1"))
    _say(gateway, fake_rasa, "web-f1", "輔導資格", _faq("web-f1", "sme_definition"))
    _say(gateway, fake_rasa, "web-f2", "明天會下雨嗎", _fallback("web-f2", "out_of_scope"))
    listed = gateway.login("amy").get("/api/staff/fallbacks").json()
    first, second = gateway.conversation_id("web-f1"), gateway.conversation_id("web-f2")
    assert [(f["conversation_id"], f["question"], f["intent"]) for f in listed] == [
        (second, "明天會下雨嗎", "out_of_scope"),
        (first, "锅炉的蒸汽怎么算", "nlu_fallback"),  # as typed, before normalisation
    ]
    assert all("sender" not in f for f in listed)  # staff see the internal number, never the sender id
    older = gateway.login("amy").get("/api/staff/fallbacks", params={"before": listed[0]["message_id"]}).json()
    assert [f["conversation_id"] for f in older] == [first]
    too_big = gateway.login("amy").get("/api/staff/fallbacks", params={"before": 2**63})
    assert too_big.status_code == 422  # finding 7: a bounded id, not an OverflowError


def test_fallback_list_on_postgresql_and_sqlite(make_gateway, db_url, fake_rasa):
    gateway = make_gateway(database_url=db_url)
    gateway.add_user("amy")
    _say(gateway, fake_rasa, "web-p1", "這句聽不懂", _fallback("web-p1"))
    _say(gateway, fake_rasa, "web-p1", "輔導資格", _faq("web-p1", "sme_definition"))
    console = gateway.login("amy")
    assert [f["question"] for f in console.get("/api/staff/fallbacks").json()] == ["這句聽不懂"]
    figures = console.get("/api/staff/dashboard", params={"days": 7}).json()
    assert figures["top_faq"] == [{"entry_id": "sme_definition", "count": 1, "title": "輔導資格有哪些限制"}]


def test_dashboard_figures(gateway, fake_rasa):
    # messages are stamped with the real time by the store: run the handoff clock on real time too. The ticket
    # waits 12 minutes; late in the dashboard's day it is opened 12 minutes early instead of claimed 12 minutes
    # late, so that nothing crosses midnight in Taipei (the test failed between 23:48 and 24:00 there).
    real_now = datetime.now(timezone.utc)
    late_in_the_day = real_now.astimezone(DASHBOARD_TIMEZONE).time() >= time(23, 30)
    opened = real_now - timedelta(minutes=12) if late_in_the_day else real_now
    gateway.clock.now = opened
    _say(gateway, fake_rasa, "web-d1", "輔導資格", _faq("web-d1", "sme_definition"))
    _say(gateway, fake_rasa, "web-d1", "資格條件", _faq("web-d1", "sme_definition"))
    _say(gateway, fake_rasa, "web-d2", "怎麼申請", _faq("web-d2", "apply_how"))
    _say(gateway, fake_rasa, "web-d2", "聽不懂的話", _fallback("web-d2"))
    _say(gateway, fake_rasa, "web-d3", "算好了", [{"recipient_id": "web-d3",
                                                 "custom": {"type": "inventory_result", "total_tco2e": 1.2}}])
    _say(gateway, fake_rasa, "web-d3", "找專人", handoff_replies("web-d3"))
    _say(gateway, fake_rasa, "web-d4", "找專人", handoff_replies("web-d4", topic="footprint",
                                                               contact_id="itri_footprint"))
    console = gateway.login("amy")
    (ticket,) = [t for t in console.get("/api/staff/handoffs").json()
                 if t["conversation_id"] == gateway.conversation_id("web-d3")]
    gateway.clock.now = opened + timedelta(minutes=12)
    console.post(f"/api/staff/handoffs/{ticket['id']}/claim")  # after 12 minutes of waiting

    figures = console.get("/api/staff/dashboard", params={"days": 3}).json()
    today = real_now.astimezone(DASHBOARD_TIMEZONE).date().isoformat()
    assert len(figures["days"]) == 3 and figures["days"][-1] == today
    assert figures["conversations_per_day"] == {"web": [0, 0, 4]}  # four users wrote today
    assert figures["messages_in"] == 7 and figures["fallbacks"] == 1
    assert figures["fallback_rate"] == pytest.approx(1 / 7, abs=1e-4)
    assert figures["fallbacks_per_day"] == [0, 0, 1]
    assert figures["top_faq"] == [
        {"entry_id": "sme_definition", "count": 2, "title": "輔導資格有哪些限制"},
        {"entry_id": "apply_how", "count": 1, "title": "怎麼申請輔導"},
    ]
    assert figures["inventories"] == {"total": 1, "per_day": [0, 0, 1]}
    handoffs = figures["handoffs"]
    assert handoffs["total"] == 2 and handoffs["per_day"] == [0, 0, 2]
    assert handoffs["by_topic"] == {"offset": 1, "footprint": 1}
    assert handoffs["by_status"] == {"claimed": 1, "new": 1}
    assert handoffs["topic_labels"] == {"offset": "抵換專案輔導", "footprint": "產品碳足跡訓練式輔導"}
    assert handoffs["waiting_seconds"] == {"claimed": 1, "mean": 720, "median": 720, "max": 720}
