"""POST /api/chat and GET /api/chat/{sender}/messages: the round trip a web user relies on."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest

from gateway.privacy import CONFIRM_PAYLOAD
from gateway.texts import load_texts
from knowledge import get_knowledge
from knowledge.textnorm import normalize_text
from scripts.chat_client import ChatClient

RAW = "这个月用电１２,３４５度"  # Simplified characters and full-width digits, as users type them


def test_round_trip_forwards_normalised_text_and_stores_the_raw_text(web, fake_rasa):
    response = web.post("u1", RAW)

    key = web.conversation_key("u1")
    assert key == "web:" + web.sender("u1")
    assert response.status_code == 200
    assert response.json()["replies"] == [{"recipient_id": key, "text": f"echo: {normalize_text(RAW)}"}]
    # Rasa got the normalised text, under the channel-prefixed conversation id
    assert len(fake_rasa.received) == 1
    sent = fake_rasa.received[0]
    assert sent["sender"] == key
    assert sent["metadata"] == {"channel": "web"}
    assert sent["message"] == normalize_text(RAW)
    assert "這個月" in sent["message"] and "12,345" in sent["message"]
    # the store keeps what the user typed, and the reply
    stored = web.messages("u1")
    assert [(m["direction"], m["text"]) for m in stored] == [
        ("in", RAW),
        ("out", f"echo: {normalize_text(RAW)}"),
    ]
    assert stored[0]["id"] < stored[1]["id"]
    created = datetime.fromisoformat(stored[0]["created_at"])
    assert created.utcoffset() == timedelta(0)
    assert abs(datetime.now(timezone.utc) - created) < timedelta(minutes=1)


def test_the_answer_carries_the_stored_ids_of_the_message_and_of_each_reply(web, fake_rasa):
    key = web.conversation_key("u-ids")
    fake_rasa.mode = "canned"
    fake_rasa.canned = [
        {"recipient_id": key, "text": "第一則"},
        {"recipient_id": key, "custom": {"type": "faq", "entry": "x"}},  # an internal marker: stored, not sent
        {"recipient_id": key, "text": "第二則"},
    ]
    answer = web.turn("u-ids", "你好", message_id="m-ids-1")

    stored = web.messages("u-ids")
    assert [m["text"] for m in stored] == ["你好", "第一則", "第二則"]  # /messages leaves the marker out too
    assert answer["message_id"] == stored[0]["id"]
    assert answer["reply_ids"] == [stored[1]["id"], stored[2]["id"]]
    assert [r["text"] for r in answer["replies"]] == ["第一則", "第二則"]
    # the same message id again: the stored answer, with the same ids
    assert web.turn("u-ids", "你好", message_id="m-ids-1") == answer


def test_a_deletion_stores_nothing_so_its_answer_has_no_ids(web, fake_rasa):
    web.send("u-del", "你好")
    response = web.post("u-del", CONFIRM_PAYLOAD)
    assert response.status_code == 200
    body = response.json()
    assert body["message_id"] is None
    assert body["replies"] and body["reply_ids"] == [None] * len(body["replies"])
    assert web.messages("u-del") == []


def test_round_trip_on_postgresql_and_sqlite(make_client, db_url, fake_rasa):
    web = ChatClient(make_client(database_url=db_url))
    web.send("u-db", "你好")
    stored = web.messages("u-db")
    assert [(m["direction"], m["text"]) for m in stored] == [("in", "你好"), ("out", "echo: 你好")]


def test_buttons_image_and_custom_pass_through_and_are_stored(web, fake_rasa):
    key = web.conversation_key("u2")
    fake_rasa.mode = "canned"
    fake_rasa.canned = [
        {"recipient_id": key, "text": "請選擇燃料種類", "buttons": [
            {"title": "天然氣", "payload": '/inform{"fuel":"天然氣"}'},
            {"title": "柴油", "payload": '/inform{"fuel":"柴油"}'},
        ]},
        {"recipient_id": key, "image": "https://example.org/chart.png"},
        {"recipient_id": key, "custom": {"type": "result", "total": 27240}},
    ]
    response = web.post("u2", "我要算排放量")

    assert response.status_code == 200
    assert response.json()["replies"] == fake_rasa.canned
    stored = web.messages("u2")
    out = [m for m in stored if m["direction"] == "out"]
    assert out[0]["buttons"] == fake_rasa.canned[0]["buttons"]
    assert out[0]["text"] == "請選擇燃料種類"
    assert out[1]["image"] == "https://example.org/chart.png" and out[1]["text"] is None
    assert out[2]["custom"] == {"type": "result", "total": 27240}


def test_a_clicked_button_payload_is_forwarded_as_the_message(web, fake_rasa):
    payload = '/inform{"fuel":"天然氣"}'
    web.send("u3", payload)
    assert fake_rasa.received[0]["message"] == normalize_text(payload)
    assert web.messages("u3")[0]["text"] == payload


def test_no_reply_from_rasa_gives_an_empty_list(web, fake_rasa):
    fake_rasa.mode = "canned"
    fake_rasa.canned = []
    assert web.send("u4", "嗯") == []
    assert [m["direction"] for m in web.messages("u4")] == ["in"]


def _assert_unavailable_reply(response, sender: str) -> None:
    assert response.status_code == 200
    (reply,) = response.json()["replies"]
    assert reply["recipient_id"] == sender
    assert reply["custom"] == {"error": "rasa_unavailable"}
    assert reply["text"].startswith(load_texts().get("rasa_unavailable"))
    assert "稍後再試" in reply["text"] and "專線" in reply["text"]
    assert get_knowledge().contact_for("inventory").phone_display in reply["text"]  # the hotline, not a button


def test_rasa_down_answers_200_with_the_unavailable_message_and_keeps_the_user_message(make_client, dead_url):
    web = ChatClient(make_client(rasa_url=dead_url))
    response = web.post("u5", "天然氣一度是多少")

    _assert_unavailable_reply(response, web.conversation_key("u5"))
    stored = web.messages("u5")
    assert [(m["direction"], m["text"]) for m in stored] == [
        ("in", "天然氣一度是多少"),
        ("out", response.json()["replies"][0]["text"]),
    ]
    assert stored[1]["custom"] == {"error": "rasa_unavailable"}


def test_rasa_timeout_is_cut_short_and_answered_as_unavailable_when_late_replies_are_off(make_client, fake_rasa):
    fake_rasa.mode = "slow"
    fake_rasa.delay = 3.0
    web = ChatClient(make_client(rasa_timeout_seconds=0.3, rasa_late_reply_seconds=0))
    web.session("u6")
    started = time.monotonic()
    response = web.post("u6", "你好")
    assert time.monotonic() - started < 2.5
    _assert_unavailable_reply(response, web.conversation_key("u6"))
    assert web.messages("u6")[0]["text"] == "你好"


def _wait_for_messages(web: ChatClient, user: str, count: int, seconds: float = 8.0) -> list[dict]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        stored = web.messages(user)
        if len(stored) >= count:
            return stored
        time.sleep(0.1)
    return web.messages(user)


def test_a_slow_turn_says_the_answer_is_coming_and_then_delivers_it(make_client, fake_rasa):
    fake_rasa.mode = "slow"
    fake_rasa.delay = 1.2
    web = ChatClient(make_client(rasa_timeout_seconds=0.3, rasa_late_reply_seconds=5))
    web.session("u6b")
    started = time.monotonic()
    response = web.post("u6b", "電費一個月3萬")
    assert time.monotonic() - started < 1.0
    (notice,) = response.json()["replies"]
    assert notice["text"] == load_texts().get("rasa_late") and "不用重新傳送" in notice["text"]
    stored = _wait_for_messages(web, "u6b", 3)
    assert [(m["direction"], m["text"]) for m in stored] == [
        ("in", "電費一個月3萬"), ("out", notice["text"]), ("out", "echo: 電費一個月3萬")]
    assert len(fake_rasa.received) == 1  # Rasa got the message once: nothing asks the user to send it again


def test_a_turn_past_the_late_reply_time_ends_with_the_hotline(make_client, fake_rasa):
    fake_rasa.mode = "slow"
    fake_rasa.delay = 3.0
    web = ChatClient(make_client(rasa_timeout_seconds=0.3, rasa_late_reply_seconds=0.5))
    web.session("u6c")
    web.post("u6c", "你好")
    stored = _wait_for_messages(web, "u6c", 3)
    last = stored[-1]
    assert last["custom"] == {"error": "rasa_unavailable"}
    assert get_knowledge().contact_for("inventory").phone_display in last["text"]


@pytest.mark.parametrize("mode", ["error", "garbage"])
def test_rasa_failure_is_answered_as_unavailable(web, fake_rasa, mode):
    fake_rasa.mode = mode
    _assert_unavailable_reply(web.post("u7", "你好"), web.conversation_key("u7"))


def test_messages_after_returns_only_newer_messages_of_that_sender(web, fake_rasa):
    for text in ("一", "二", "三"):
        web.send("alice", text)
    web.send("bob", "別人的訊息")

    everything = web.messages("alice")
    assert [m["text"] for m in everything if m["direction"] == "in"] == ["一", "二", "三"]
    assert len(everything) == 6
    cut = everything[3]["id"]
    assert web.messages("alice", after=cut) == everything[4:]
    assert web.messages("alice", after=everything[-1]["id"]) == []
    assert web.messages("alice", limit=2) == everything[:2]
    assert web.messages("nobody") == []
    assert all("別人" not in (m["text"] or "") for m in everything)
