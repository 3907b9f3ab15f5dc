"""The handoff loop through the real stack: gateway → Rasa (trained model) → action server → knowledge/,
with a staff account in the gateway's database. Rasa decides the handoff; the gateway holds the conversation."""

from __future__ import annotations

import uuid

import httpx
import pytest

from bot.staff.accounts import AccountService
from bot.store import ConversationStore
from bot.texts import load_texts
from tests.integration.conftest import texts

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
    ("我要客訴，你們的顧問一直沒來", "馬勝雄"),
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


def test_two_fallbacks_in_a_row_hand_over(chat):
    who = sender()
    first = chat(who, "阿巴阿巴嘎嘎")
    assert handoff(first) is None
    second = chat(who, "嘰哩咕嚕呱呱")
    assert handoff(second) is not None and handoff(second)["reason"] == "fallback", (first, second)


def test_silent_while_held_then_staff_reply_and_close_give_the_bot_back(chat, chat_client, stack, staff_token):
    who = sender()
    ticket_id = handoff(chat(who, "我要找真人"))["ticket_id"]
    assert texts(chat(who, "輔導資格是什麼")) == TEXTS.get("handoff.held_ack")
    assert chat(who, "輔導資格是什麼") == []  # the bot does not answer while a person holds it
    headers = {"Authorization": f"Bearer {staff_token}"}
    api = httpx.Client(base_url=stack.gateway_url, headers=headers, timeout=30)
    assert api.post(f"/api/staff/handoffs/{ticket_id}/messages", json={"text": "您好，請問公司規模？"}).status_code == 201
    listed = chat_client.messages(who)
    assert listed[-1]["text"] == "您好，請問公司規模？" and listed[-1]["custom"]["from"] == "staff"
    assert api.post(f"/api/staff/handoffs/{ticket_id}/close").status_code == 200
    again = chat(who, "輔導資格是什麼")
    assert "資料來源" in texts(again)  # Rasa answers the FAQ again
    api.close()
