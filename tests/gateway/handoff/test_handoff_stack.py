"""The handoff loop through the real stack: gateway → Rasa (trained model) → action server → knowledge/,
with a staff account in the gateway's database. Rasa decides the handoff; the gateway holds the conversation."""

from __future__ import annotations

import uuid

import httpx
import pytest

from gateway.staff.accounts import AccountService
from gateway.store import ConversationStore
from gateway.texts import load_texts
from tests.fakes.replies import payloads, texts

pytestmark = pytest.mark.rasa
TEXTS = load_texts()
PASSWORD = "stack-test-password"


def sender() -> str:
    return f"test-{uuid.uuid4().hex[:8]}"


def handoff(messages: list[dict]) -> dict | None:
    return next((m["custom"] for m in messages if (m.get("custom") or {}).get("type") == "handoff"), None)


@pytest.fixture(scope="module")
def staff_token(stack) -> str:
    store = ConversationStore.from_url(stack.database_url)
    try:
        AccountService(store.engine).create_user(f"amy{uuid.uuid4().hex[:6]}", PASSWORD, "staff", "王小美")
        username = AccountService(store.engine).list_users()[-1].username
    finally:
        store.dispose()
    response = httpx.post(f"{stack.gateway_url}/api/staff/login", json={"username": username, "password": PASSWORD},
                          timeout=30)
    assert response.status_code == 200, response.text
    return response.json()["token"]


@pytest.mark.parametrize("message, name", [
    ("我要找真人", "范御羣"),
    ("碳權的問題可以轉專人嗎", "楊智傑"),
])
def test_rasa_hands_over_to_the_right_person_and_a_ticket_opens(chat, message, name):
    who = sender()
    messages = chat(who, message)
    payload = handoff(messages)
    assert payload is not None, messages
    assert payload["ticket_id"] >= 1
    answer = texts(messages)
    assert name in answer and "@" in answer and "電話" in answer
    assert TEXTS.get("handoff.within_hours") in answer or "服務時間" in answer


def test_a_complaint_offers_the_right_contact_and_a_ticket_only_on_request(chat):
    who = sender()
    offered = chat(who, "我要客訴，你們的顧問一直沒來")
    assert handoff(offered) is None and "馬勝雄" in texts(offered)
    button = next(p for p in payloads(offered) if p.startswith("/request_human{"))
    opened = handoff(chat(who, button))
    assert opened is not None and (opened["reason"], opened["topic"]) == ("sensitive", "programme")


def test_two_fallbacks_in_a_row_offer_a_person_without_a_ticket(chat):
    who = sender()
    first = chat(who, "阿巴阿巴嘎嘎")
    assert handoff(first) is None
    second = chat(who, "嘰哩咕嚕呱呱")
    assert handoff(second) is None, second
    assert {"/request_human", "/rephrase"} <= set(payloads(second))
    assert "一句話" in texts(chat(who, "/rephrase"))  # 換個說法: how to ask, with examples


def test_waiting_for_staff_the_bot_answers_then_a_claim_silences_it_and_close_gives_it_back(
        chat, chat_client, stack, staff_token):
    who = sender()
    ticket_id = handoff(chat(who, "我要找真人"))["ticket_id"]
    waiting = chat(who, "輔導資格是什麼")
    assert "資料來源" in texts(waiting)  # no one has joined yet: the bot keeps answering
    assert TEXTS.get("handoff.waiting") in texts(waiting) or "服務時間" in texts(waiting)
    headers = {"Authorization": f"Bearer {staff_token}"}
    api = httpx.Client(base_url=stack.gateway_url, headers=headers, timeout=30)
    assert api.post(f"/api/staff/handoffs/{ticket_id}/claim").status_code == 200
    listed = chat_client.messages(who)
    assert listed[-1]["text"] == TEXTS.get("handoff.joined", name="王小美")  # who joined, by display name
    assert texts(chat(who, "輔導資格是什麼")) == TEXTS.get("handoff.held_ack")
    assert chat(who, "取消") == []  # the bot does not answer while a person holds it
    assert api.post(f"/api/staff/handoffs/{ticket_id}/messages", json={"text": "您好，請問公司規模？"}).status_code == 201
    listed = chat_client.messages(who)
    assert listed[-1]["text"] == "您好，請問公司規模？" and listed[-1]["custom"]["from"] == "staff"
    assert api.post(f"/api/staff/handoffs/{ticket_id}/close").status_code == 200
    again = chat(who, "輔導資格是什麼")
    assert "資料來源" in texts(again)  # Rasa answers the FAQ again
    api.close()


def test_cancel_before_a_claim_withdraws_the_ticket_and_the_queue_shows_it(chat, stack, staff_token):
    who = sender()
    ticket_id = handoff(chat(who, "我要找真人"))["ticket_id"]
    assert texts(chat(who, "取消")) == TEXTS.get("handoff.cancelled")
    headers = {"Authorization": f"Bearer {staff_token}"}
    ticket = httpx.get(f"{stack.gateway_url}/api/staff/handoffs/{ticket_id}", headers=headers, timeout=30).json()
    assert (ticket["status"], ticket["closed_by"]) == ("closed", "user")
    assert "資料來源" in texts(chat(who, "碳費怎麼算"))  # and the bot goes on


STRANDING = [
    ["不知道耶，要去看銘牌，應該是R410A的"],
    ["沒有焊接，我們是SMT迴焊"],
    ["電費單明細如下：" + "計費期間113/01/05至113/03/04，計費度數8,967度，流動電費12,345元。" * 40],
    ["。", "👍"],
    ["要找誰問？給我電話"],
    ["老闆說碳費的事叫我來問"],
    ["主管要我先查一下盤查要準備什麼"],
    ["泵浦也是用電"],
    ["不用找人，我們繼續算"],
]


@pytest.mark.parametrize("turns", STRANDING, ids=[t[0][:12] for t in STRANDING])
def test_ordinary_turns_never_open_a_ticket_and_the_bot_keeps_answering(chat, stack, turns):
    who = sender()
    for text in turns:
        replies = chat(who, text[:2000])
        assert handoff(replies) is None, (text[:40], replies)
        assert texts(replies).strip(), text[:40]
    store = ConversationStore.from_url(stack.database_url)
    try:
        from gateway.handoff.service import HandoffService  # noqa: F401 (the tickets table is the service's)
        from sqlalchemy import text as sql

        with store.engine.connect() as connection:
            count = connection.execute(sql("SELECT count(*) FROM handoff_tickets WHERE sender = :s"), {"s": who}).scalar()
    finally:
        store.dispose()
    assert count == 0
    assert texts(chat(who, "繼續")).strip()  # still answered afterwards
