"""Every answer reaches the LINE user: reply, push when the token is gone, retries, outbox, staff pushes."""

from __future__ import annotations

import time

import pytest

from gateway.channels.line import LineDeliveryRefused
from gateway.channels.line_store import LineStore
from tests.fakes.line_api import PUSH_PATH, REPLY_PATH
from tests.fakes.line_events import USER, text_event


def outbox(gateway) -> LineStore:
    return LineStore(gateway.client.app.state.services.store.engine)


def flush_until_empty(gateway, timeout: float = 5.0) -> None:
    """Run the outbox worker's flush until nothing is pending (items wait out their backoff)."""
    deadline = time.monotonic() + timeout
    while any(item.status == "pending" for item in outbox(gateway).outbox()):
        assert time.monotonic() < deadline, outbox(gateway).outbox()
        gateway.flush_outbox()
        time.sleep(0.02)


def test_an_expired_reply_token_falls_back_to_a_push(gateway, line_api):
    line_api.expire_reply_tokens()
    gateway.send(text_event("你好"))

    assert [(c.path, c.status) for c in line_api.calls] == [(REPLY_PATH, 400), (PUSH_PATH, 200)]
    push = line_api.pushes[0]
    assert push.body["to"] == USER
    assert push.texts == ["echo: 你好"]
    assert push.headers["x-line-retry-key"]


def test_past_the_reply_budget_the_answer_is_pushed_without_trying_the_token(make_gateway, line_api):
    gateway = make_gateway(line_reply_budget_seconds=0)
    gateway.send(text_event("你好"))

    assert [(c.path, c.status) for c in line_api.calls] == [(PUSH_PATH, 200)]
    assert line_api.pushes[0].texts == ["echo: 你好"]


def test_a_server_error_is_retried_and_the_reply_goes_through(gateway, line_api):
    line_api.fail_next(2, status=500)
    event = text_event("你好")
    gateway.send(event)

    assert [(c.path, c.status) for c in line_api.calls] == [
        (REPLY_PATH, 500),
        (REPLY_PATH, 500),
        (REPLY_PATH, 200),
    ]
    assert line_api.replies[0].body["replyToken"] == event["replyToken"]
    assert line_api.replies[0].texts == ["echo: 你好"]


def test_a_429_waits_for_retry_after(gateway, line_api):
    line_api.fail_next(1, status=429, retry_after=1)
    started = time.monotonic()
    gateway.send(text_event("你好"))

    assert time.monotonic() - started >= 1.0
    assert [(c.path, c.status) for c in line_api.calls] == [(REPLY_PATH, 429), (REPLY_PATH, 200)]


def test_retries_are_bounded_then_the_answer_is_pushed(make_gateway, line_api):
    gateway = make_gateway(line_max_retries=2)
    line_api.fail_next(3, status=502, path=REPLY_PATH)
    gateway.send(text_event("你好"))

    assert [(c.path, c.status) for c in line_api.calls] == [(REPLY_PATH, 502)] * 3 + [(PUSH_PATH, 200)]
    assert line_api.pushes[0].texts == ["echo: 你好"]


def test_an_undeliverable_answer_waits_in_the_outbox_and_is_delivered_when_line_recovers(gateway, line_api):
    line_api.expire_reply_tokens()
    line_api.fail_next(100, status=503, path=PUSH_PATH)
    gateway.send(text_event("你好"))

    assert line_api.pushes == []
    (item,) = outbox(gateway).outbox(USER)
    assert item.status == "pending" and "503" in item.last_error
    assert item.messages == [{"type": "text", "text": "echo: 你好"}]
    gateway.flush_outbox()  # LINE still down: still pending, nothing lost
    assert outbox(gateway).outbox(USER)[0].status == "pending"

    line_api.recover()
    flush_until_empty(gateway)

    (push,) = line_api.pushes
    assert push.body["to"] == USER and push.texts == ["echo: 你好"]
    assert push.headers["x-line-retry-key"] == item.retry_key  # so a push LINE took before is not repeated
    assert outbox(gateway).outbox(USER)[0].status == "sent"


def test_the_outbox_survives_a_restart(make_gateway, line_api, db_url):
    first = make_gateway(database_url=db_url)
    line_api.expire_reply_tokens()
    line_api.fail_next(100, status=500, path=PUSH_PATH)
    first.send(text_event("你好"))
    first.stop()  # the process stops with the message undelivered

    line_api.recover()
    second = make_gateway(database_url=db_url)
    flush_until_empty(second)

    assert [c.texts for c in line_api.pushes] == [["echo: 你好"]]


def test_later_messages_wait_behind_undelivered_ones_so_the_order_is_kept(gateway, line_api):
    line_api.expire_reply_tokens()
    line_api.fail_next(4, status=500, path=PUSH_PATH)  # the first push and its 3 retries; LINE is back after
    gateway.send(text_event("第一句"))
    assert [i.status for i in outbox(gateway).outbox(USER)] == ["pending"]
    gateway.push(
        USER, [{"text": "專人回覆：第二句"}]
    )  # LINE would take it, but it must not overtake the first
    gateway.send(text_event("第三句"))
    flush_until_empty(gateway)

    delivered = [c.texts for c in line_api.calls if c.status == 200]
    assert delivered == [["echo: 第一句"], ["專人回覆：第二句"], ["echo: 第三句"]]


def test_an_outbox_item_that_fails_again_holds_back_only_its_users_later_ones(gateway, line_api):
    line_api.fail_next(100, status=500)
    gateway.push(USER, [{"text": "一"}])
    gateway.push(USER, [{"text": "二"}])
    gateway.push("U-other", [{"text": "別人的訊息"}])
    line_api.recover()
    line_api.fail_next(4, status=500, path=PUSH_PATH)  # the retried push of 「一」 fails once more
    time.sleep(0.1)  # every item's backoff is over

    gateway.flush_outbox()
    assert [c.texts for c in line_api.pushes] == [["別人的訊息"]]  # 「二」 did not overtake 「一」
    flush_until_empty(gateway)
    assert [c.texts for c in line_api.pushes] == [["別人的訊息"], ["一"], ["二"]]


def test_staff_messages_are_pushed_through_the_channel_registry(gateway, line_api):
    channel = gateway.client.app.state.services.channels.get("line")
    assert channel is gateway.channel
    gateway.push(
        USER,
        [
            {"text": "您好，我是輔導專員王小明，關於您的申請⋯"},
            {"text": "需要的文件如下", "buttons": [{"title": "申請流程", "payload": "/faq_apply_how"}]},
        ],
    )

    assert [(c.path, c.status) for c in line_api.calls] == [(PUSH_PATH, 200)]
    push = line_api.pushes[0]
    assert push.body["to"] == USER
    assert push.texts == ["您好，我是輔導專員王小明，關於您的申請⋯", "需要的文件如下"]
    assert push.messages[-1]["quickReply"]["items"][0]["action"]["data"] == "/faq_apply_how"


def test_a_staff_push_during_an_outage_is_kept_and_delivered_later(gateway, line_api):
    line_api.fail_next(100, status=500)
    gateway.push(USER, [{"text": "專人回覆"}])  # does not raise: the message is safe in the outbox

    assert line_api.pushes == []
    line_api.recover()
    flush_until_empty(gateway)
    assert [c.texts for c in line_api.pushes] == [["專人回覆"]]


def test_a_push_line_refuses_for_good_is_reported_and_kept(gateway, line_api):
    line_api.fail_next(1, status=400, path=PUSH_PATH)
    with pytest.raises(LineDeliveryRefused):
        gateway.push(USER, [{"text": "專人回覆"}])

    (item,) = outbox(gateway).outbox(USER)
    assert item.status == "failed" and item.messages == [{"type": "text", "text": "專人回覆"}]
    assert len(line_api.calls) == 1  # a 4xx is not retried
