"""Rate limits on POST /api/chat (per sender and per client IP) and /api/calc (per IP), in process and in Redis."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from tests.prod.conftest import REDIS_URL

CJK = re.compile(r"[\u4e00-\u9fff]")
CALC = {"year": 2021, "activities": [{"source": "燃料煤", "amount": "1", "unit": "公噸"}]}


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def limited(request: pytest.FixtureRequest, make_client):
    """`limited(**settings)` → a gateway with the rate limits given, counted in process or in the real Redis."""

    def make(**overrides: Any):
        if request.param == "redis":
            overrides = {"redis_url": REDIS_URL, "rate_limit_key_prefix": request.getfixturevalue("redis_prefix"),
                         **overrides}
        return make_client(**overrides)

    return make


def _chat(client, sender: str, message: str = "你好"):
    return client.post("/api/chat", json={"sender": sender, "message": message})


def _assert_limited(response, window: float) -> int:
    assert response.status_code == 429
    error = response.json()["error"]
    assert CJK.search(error) and "請稍候" in error
    seconds = int(response.headers["Retry-After"])
    assert 1 <= seconds <= window
    assert f"{seconds} 秒" in error
    return seconds


def test_a_sender_over_the_limit_gets_429_and_other_senders_are_unaffected(limited, fake_rasa) -> None:
    client = limited(rate_limit_per_sender=3, rate_limit_per_ip=100, rate_limit_window_seconds=60)
    for n in range(3):
        assert _chat(client, "busy", f"第{n}則").status_code == 200

    _assert_limited(_chat(client, "busy", "多的一則"), 60)

    assert _chat(client, "calm").status_code == 200
    # the refused message was not taken: the user is told to send it again
    assert [m["text"] for m in client.get("/api/chat/busy/messages").json() if m["direction"] == "in"] == [
        "第0則", "第1則", "第2則"
    ]
    assert len(fake_rasa.received) == 4


def test_one_client_ip_over_its_limit_gets_429_on_chat_and_calc(limited, fake_rasa) -> None:
    client = limited(rate_limit_per_sender=100, rate_limit_per_ip=3, rate_limit_window_seconds=60)
    assert _chat(client, "a").status_code == 200
    assert _chat(client, "b").status_code == 200
    assert client.post("/api/calc", json=CALC).status_code == 200

    _assert_limited(_chat(client, "c"), 60)
    _assert_limited(client.post("/api/calc", json=CALC), 60)
    assert client.get("/api/chat/a/messages").status_code == 200  # reading is not limited


def test_the_window_slides(limited, fake_rasa) -> None:
    client = limited(rate_limit_per_sender=2, rate_limit_per_ip=100, rate_limit_window_seconds=1)
    assert _chat(client, "s").status_code == 200
    assert _chat(client, "s").status_code == 200
    assert _chat(client, "s").status_code == 429
    time.sleep(1.1)
    assert _chat(client, "s").status_code == 200


def test_the_line_webhook_is_not_limited(limited) -> None:
    client = limited(rate_limit_per_ip=1, rate_limit_per_sender=1)
    statuses = {client.post("/line/webhook", json={"events": []}).status_code for _ in range(3)}
    assert 429 not in statuses


def test_default_limits_let_a_person_chat(make_client, fake_rasa) -> None:
    """Defaults (20 per sender, 120 per IP, a minute) leave room for a brisk conversation."""
    client = make_client()
    assert all(_chat(client, "brisk", f"第{n}則").status_code == 200 for n in range(20))
    assert _chat(client, "brisk").status_code == 429


@pytest.mark.redis
def test_redis_counts_are_shared_by_gateway_processes(make_client, fake_rasa, redis_prefix) -> None:
    shared = {"redis_url": REDIS_URL, "rate_limit_key_prefix": redis_prefix, "rate_limit_per_sender": 3}
    first = make_client(**shared)
    second = make_client(**shared)
    assert _chat(first, "roamer").status_code == 200
    assert _chat(second, "roamer").status_code == 200
    assert _chat(first, "roamer").status_code == 200
    _assert_limited(_chat(second, "roamer"), 60)


def test_an_unreachable_redis_does_not_stop_the_chat(make_client, fake_rasa, dead_url) -> None:
    client = make_client(redis_url=dead_url.replace("http", "redis"), rate_limit_per_sender=1)
    assert _chat(client, "x").status_code == 200
    assert _chat(client, "x").status_code == 200
