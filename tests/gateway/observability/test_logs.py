"""Structured logs: one JSON object per line with the turn's ids, never what the user wrote."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from gateway.observability import log_context, make_log_handler
from gateway.settings import Settings
from tests.fakes.gateway import web_of
from tests.fakes.rasa import FakeRasa


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the gateway's JSON handler writes for the `gateway` loggers during the test."""
    stream = io.StringIO()
    handler = make_log_handler("json", stream)
    logger = logging.getLogger("gateway")
    logger.addHandler(handler)
    try:
        yield stream
    finally:
        logger.removeHandler(handler)


def parsed(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_turns_log_lines_carry_its_ids_and_not_its_text(
    client: TestClient, fake_rasa: FakeRasa, log_lines: io.StringIO
) -> None:
    fake_rasa.mode = "error"  # the gateway logs a warning inside the turn
    text = "我的信箱 chen@example.com.tw 電話 0912-345-678，工廠用電 12345 度"
    web = web_of(client)
    response = web.post("log-user-1", text)
    assert response.status_code == 200

    records = parsed(log_lines)
    turn_records = [r for r in records if r.get("sender_id") == web.sender("log-user-1")]
    assert turn_records, records
    warning = next(r for r in turn_records if r["logger"] == "gateway.conversation")
    assert warning["level"] == "WARNING"
    assert warning["channel"] == "web"
    assert warning["conversation_id"] == web.conversation_key("log-user-1")
    assert {"time", "level", "logger", "message"} <= warning.keys()
    raw = log_lines.getvalue()
    for secret in ("chen@example.com.tw", "0912-345-678", "工廠用電", "12345", web.session("log-user-1").token):
        assert secret not in raw


def test_the_access_log_has_the_route_template_never_the_path(
    client: TestClient, fake_rasa: FakeRasa, log_lines: io.StringIO
) -> None:
    """Finding 1: the access log showed every sender id; now a request is logged by its route template, and the
    stream's ?token= never reaches a log."""
    web = web_of(client)
    web.send("u", "你好")
    web.messages("u")
    client.get(web.stream_path("u").replace("/stream", "/stream-typo"))
    access = [r["message"] for r in parsed(log_lines) if r["logger"] == "gateway.access"]
    assert any(line.startswith("POST /api/chat 200 ") for line in access), access
    assert any(line.startswith("GET /api/chat/{sender}/messages 200 ") for line in access), access
    assert any(line.startswith("GET <unmatched> 404 ") for line in access), access
    raw = log_lines.getvalue()
    assert web.sender("u") not in raw and web.session("u").token not in raw


def test_context_ids_do_not_leak_past_the_turn(log_lines: io.StringIO) -> None:
    log = logging.getLogger("gateway.test")
    log.setLevel(logging.INFO)
    with log_context(channel="line", sender_id="U123", conversation_id="line:U123"):
        log.info("inside")
    log.info("outside")
    inside, outside = parsed(log_lines)
    assert (inside["channel"], inside["sender_id"], inside["conversation_id"]) == ("line", "U123", "line:U123")
    assert "sender_id" not in outside and "channel" not in outside


def test_contact_details_in_a_log_message_are_masked(log_lines: io.StringIO) -> None:
    log = logging.getLogger("gateway.test")
    log.setLevel(logging.INFO)
    log.warning("could not reach %s or %s (%s)", "wang@example.org", "02-2311-7722", "+886 912 345 678")
    (entry,) = parsed(log_lines)
    assert "wang@example.org" not in entry["message"]
    assert "2311-7722" not in entry["message"] and "912 345 678" not in entry["message"]
    assert entry["message"].count("[phone]") == 2 and "[email]" in entry["message"]


def test_log_format_setting() -> None:
    assert Settings(_env_file=None).log_format == "json"
    assert Settings(_env_file=None, log_format=" TEXT ").log_format == "text"
    with pytest.raises(ValueError):
        Settings(_env_file=None, log_format="xml")
