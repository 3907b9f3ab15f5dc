"""POST /line/webhook: signatures, the kinds of events, de-duplication — what a LINE user and LINE rely on."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from gateway.channels.line_store import LineStore
from gateway.texts import load_texts
from knowledge import get_knowledge
from tests.fakes.line_api import REPLY_PATH
from tests.fakes.line_events import (
    USER,
    follow_event,
    postback_event,
    sign,
    sticker_event,
    text_event,
    unfollow_event,
)

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_a_signed_text_event_gets_one_reply_call_with_the_answer(gateway, line_api, fake_rasa):
    event = text_event("我們公司可以申請輔導嗎")
    response = gateway.send(event)

    assert response.status_code == 200
    # Rasa got the turn on the LINE channel, the conversation id prefixed with the channel
    assert [r["message"] for r in fake_rasa.received] == ["我們公司可以申請輔導嗎"]
    assert fake_rasa.received[0]["metadata"] == {"channel": "line"}
    assert fake_rasa.received[0]["sender"] == f"line:{USER}"
    # one reply call, with the event's token and the answer, authorised with the channel access token
    assert len(line_api.calls) == 1
    call = line_api.replies[0]
    assert call.body["replyToken"] == event["replyToken"]
    assert call.texts == ["echo: 我們公司可以申請輔導嗎"]
    assert call.headers["authorization"] == f"Bearer {line_api.access_token}"
    # the conversation is stored like any other channel's
    stored = gateway.client.app.state.services.store.messages_after(f"line:{USER}", "line")
    assert [(m.direction, m.text) for m in stored] == [
        ("in", "我們公司可以申請輔導嗎"),
        ("out", "echo: 我們公司可以申請輔導嗎"),
    ]


@pytest.mark.parametrize(
    "signature",
    [None, "", "c2lnbmF0dXJl", "wrong-secret", "tampered"],
    ids=["missing", "empty", "garbage", "other secret", "body changed after signing"],
)
def test_a_missing_or_wrong_signature_is_refused_and_nothing_is_processed(
    gateway, line_api, fake_rasa, signature
):
    body = json.dumps({"destination": "Ubot", "events": [text_event("你好")]}).encode()
    if signature == "wrong-secret":
        signature = sign(body, secret="not-the-channel-secret")
    elif signature == "tampered":
        signature = sign(body)
        body = body.replace(b'"Ubot"', b'"Uevil"')
        assert b"Uevil" in body

    response = gateway.post(body=body, signature=signature)
    gateway.wait()

    assert response.status_code == 401
    assert CJK.search(response.json()["error"])
    assert fake_rasa.received == []
    assert line_api.calls == []
    assert gateway.client.app.state.services.store.get_conversation(f"line:{USER}", "line") is None


def test_a_signed_body_that_is_not_a_webhook_payload_gets_400(gateway, line_api, fake_rasa):
    for raw in (b"not json", b"[]", b'{"destination": "Ubot"}'):
        response = gateway.post(body=raw)
        assert response.status_code == 400, raw
        assert response.json()["error"] == load_texts().get("line.bad_payload")
    assert fake_rasa.received == [] and line_api.calls == []


def test_the_verify_button_of_the_line_console_gets_200(gateway, line_api):
    """LINE's "Verify" sends a signed body with no events."""
    assert gateway.send().json() == {}
    assert line_api.calls == []


def test_the_route_is_off_without_a_channel_secret(make_gateway, line_api, fake_rasa):
    gateway = make_gateway(line_channel_secret=None, line_channel_access_token=None)
    response = gateway.post(text_event("你好"))

    assert response.status_code == 404
    assert response.json()["error"] == load_texts().get("line.disabled")
    assert gateway.client.app.state.services.channels.names() == ["web"]
    assert fake_rasa.received == [] and line_api.calls == []


def test_a_postback_sends_its_data_to_rasa_as_the_message(gateway, line_api, fake_rasa):
    event = postback_event("/faq_apply_how")
    gateway.send(event)

    assert [r["message"] for r in fake_rasa.received] == ["/faq_apply_how"]
    assert line_api.replies[0].body["replyToken"] == event["replyToken"]
    assert line_api.replies[0].texts == ["echo: /faq_apply_how"]


def test_a_follow_event_is_greeted_and_recorded(gateway, line_api, fake_rasa):
    fake_rasa.mode = "canned"
    fake_rasa.canned = [
        {
            "text": "您好！我是碳盤查小幫手",
            "buttons": [{"title": "輔導資格", "payload": "/faq_eligibility_sme"}],
        }
    ]
    event = follow_event()
    gateway.send(event)

    assert [r["message"] for r in fake_rasa.received] == ["/greet"]
    (reply,) = line_api.replies
    assert reply.body["replyToken"] == event["replyToken"]
    assert reply.texts == ["您好！我是碳盤查小幫手"]
    item = reply.messages[0]["quickReply"]["items"][0]["action"]
    assert item == {
        "type": "postback",
        "label": "輔導資格",
        "data": "/faq_eligibility_sme",
        "displayText": "輔導資格",
    }
    assert LineStore(gateway.client.app.state.services.store.engine).get_user(USER).following is True


def test_an_unfollow_event_is_recorded_and_not_answered(gateway, line_api, fake_rasa):
    gateway.send(follow_event())
    line_api.reset()
    fake_rasa.reset()

    gateway.send(unfollow_event())

    assert line_api.calls == [] and fake_rasa.received == []
    user = LineStore(gateway.client.app.state.services.store.engine).get_user(USER)
    assert user.following is False and user.unfollowed_at is not None


def test_a_sticker_gets_a_note_that_only_text_is_understood(gateway, line_api, fake_rasa):
    gateway.send(sticker_event())

    assert fake_rasa.received == []
    assert line_api.replies[0].texts == [load_texts().get("line.unsupported_message")]


def test_no_reply_call_when_the_turn_has_no_answer(gateway, line_api, fake_rasa):
    """E.g. a person holds the conversation: the bot stays silent."""
    fake_rasa.mode = "canned"
    fake_rasa.canned = []
    gateway.send(text_event("請問有人在嗎"))

    assert len(fake_rasa.received) == 1
    assert line_api.calls == []


def test_rasa_down_still_answers_in_chinese(make_gateway, line_api, dead_url):
    gateway = make_gateway(rasa_url=dead_url)
    gateway.send(text_event("你好"))

    (text,) = line_api.replies[0].texts
    assert text.startswith(load_texts().get("rasa_unavailable"))
    assert get_knowledge().contact_for("inventory").phone_display in text  # the hotline to call


def test_a_slow_turn_is_answered_in_the_reply_and_its_answer_pushed_when_it_comes(make_gateway, line_api, fake_rasa):
    fake_rasa.mode = "slow"
    fake_rasa.delay = 1.0
    gateway = make_gateway(rasa_timeout_seconds=0.3, rasa_late_reply_seconds=5)
    gateway.send(text_event("柴油一個月大概200公升"))
    assert line_api.replies[0].texts == [load_texts().get("rasa_late")]
    gateway.client.portal.call(gateway.client.app.state.services.conversations.drain_late)
    assert [c.texts for c in line_api.pushes] == [["echo: 柴油一個月大概200公升"]]
    assert len(fake_rasa.received) == 1


def test_several_events_in_one_request_are_answered_in_order(gateway, line_api, fake_rasa):
    gateway.send(text_event("第一句"), text_event("第二句"), text_event("第三句", user="U-other"))

    assert [r["message"] for r in fake_rasa.received] == ["第一句", "第二句", "第三句"]
    assert [c.texts for c in line_api.replies] == [["echo: 第一句"], ["echo: 第二句"], ["echo: 第三句"]]


# -- redelivery ----------------------------------------------------------------------------------------------


def test_a_redelivered_event_is_answered_once(gateway, line_api, fake_rasa):
    first = text_event("查證機構有哪些")
    again = json.loads(json.dumps(first))
    again["deliveryContext"]["isRedelivery"] = True

    gateway.send(first)
    gateway.send(again)
    gateway.send(first)  # the very same delivery twice

    assert len(fake_rasa.received) == 1
    assert len(line_api.calls_to(REPLY_PATH, status=None)) == 1


def test_a_redelivery_is_answered_when_the_first_delivery_was_never_taken_on(gateway, line_api, fake_rasa):
    """LINE redelivers when it got no 200 (e.g. the signature check failed on a bad deploy): answer it."""
    event = text_event("你好")
    assert gateway.post(event, signature="wrong").status_code == 401
    event["deliveryContext"]["isRedelivery"] = True
    gateway.send(event)

    assert len(fake_rasa.received) == 1 and len(line_api.replies) == 1


def test_two_gateways_on_one_database_answer_a_redelivery_once(make_gateway, line_api, fake_rasa, db_url):
    first, second = make_gateway(database_url=db_url), make_gateway(database_url=db_url)
    events = [text_event(f"問題 {i}") for i in range(10)]

    # every event reaches both processes at the same time, as after a redelivery to a load balancer
    with ThreadPoolExecutor(max_workers=2) as pool:
        for event in events:
            responses = list(pool.map(lambda gw, ev=event: gw.post(ev), (first, second)))
            assert [r.status_code for r in responses] == [200, 200]
    first.wait()
    second.wait()

    assert sorted(r["message"] for r in fake_rasa.received) == sorted(f"問題 {i}" for i in range(10))
    assert len(line_api.replies) == 10
    assert {c.body["replyToken"] for c in line_api.replies} == {e["replyToken"] for e in events}
