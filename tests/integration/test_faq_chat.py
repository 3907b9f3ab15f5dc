"""FAQ conversations through the running gateway → Rasa → action server → knowledge/."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.fakes.replies import payloads, texts

pytestmark = pytest.mark.rasa


def sender() -> str:
    return f"test-{uuid.uuid4().hex[:8]}"


def test_eligibility_question_answers_with_the_sme_definition(chat):
    answer = texts(chat(sender(), "我們公司250人可以申請輔導嗎"))
    assert "1億" in answer or "一億" in answer
    assert "200" in answer or "二百" in answer
    assert "資料來源" in answer  # every answer says where it comes from and when


def test_simplified_chinese_is_understood(chat):
    answer = texts(chat(sender(), "我们公司可以申请辅导吗？资格是什么"))
    assert "1億" in answer or "一億" in answer


def test_verification_bodies_point_to_the_taf_directory(chat):
    answer = texts(chat(sender(), "查證機構有哪些"))
    assert "taftw.org.tw" in answer


def test_information_sites(chat):
    answer = texts(chat(sender(), "哪裡可以查到輔導資訊"))
    assert "ftis.org.tw" in answer


def test_how_to_apply_mentions_the_application_form_by_email(chat):
    answer = texts(chat(sender(), "要怎麼申請輔導"))
    assert "申請表" in answer
    assert "mail" in answer.lower()


def test_answers_offer_related_questions_and_a_person(chat):
    messages = chat(sender(), "輔導資格是什麼")
    buttons = payloads(messages)
    assert "/request_human" in buttons
    assert any(p.startswith("/faq_") for p in buttons)


def test_a_button_payload_is_answered(chat):
    first = chat(sender(), "輔導資格是什麼")
    faq_button = next(p for p in payloads(first) if p.startswith("/faq_"))
    follow = chat(sender(), faq_button)
    assert texts(follow).strip()
    assert "資料來源" in texts(follow)


def test_greeting_lists_what_the_bot_can_do(chat):
    messages = chat(sender(), "你好")
    assert "碳盤查小幫手" in texts(messages)
    assert len(payloads(messages)) >= 3


def test_out_of_scope_is_declined_with_a_person_offered(chat):
    messages = chat(sender(), "明天台北會下雨嗎")
    assert "/request_human" in payloads(messages)
    assert "資料來源" not in texts(messages)  # no FAQ answer given


def test_asking_for_a_person_gives_a_contact_with_phone_and_email(chat):
    answer = texts(chat(sender(), "我要找真人"))
    assert "2784-4188" in answer or "2754-1255" in answer or "591-2565" in answer
    assert "@" in answer


def test_messages_are_stored_and_listed_for_the_sender(chat, chat_client):
    who = sender()
    chat(who, "你好")
    directions = [m["direction"] for m in chat_client.messages(who)]
    assert directions[0] == "in" and "out" in directions


def test_healthz_reports_rasa_and_actions_up(stack):
    response = httpx.get(f"{stack.gateway_url}/healthz", timeout=10)
    assert response.status_code == 200
    body = response.text
    assert "rasa" in body and "action" in body
