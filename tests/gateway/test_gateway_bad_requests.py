"""Every kind of bad request gets a 4xx with a Traditional-Chinese {"error": ...}; never a 500."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.app import create_app
from gateway.settings import Settings

CJK = re.compile(r"[\u4e00-\u9fff]")
JSON_TYPE = {"content-type": "application/json"}


def _assert_chinese_error(response, status: int, *fragments: str) -> None:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert isinstance(error, str) and CJK.search(error), error
    for fragment in fragments:
        assert fragment in error, error


#: In the bodies and URLs below: the sender of the test's session.
S = "<session>"


@pytest.fixture
def session(web):
    """A valid session: its sender, and the Bearer header that goes with it."""
    return web.sender("u"), web.headers("u")


def _fill(value, sender: str):
    if value == S:
        return sender
    if isinstance(value, dict):
        return {key: _fill(item, sender) for key, item in value.items()}
    if isinstance(value, list):
        return [_fill(item, sender) for item in value]
    return value


@pytest.mark.parametrize(
    ("body", "status", "fragments"),
    [
        ({"message": "你好"}, 422, ["缺少 sender"]),
        ({"sender": S}, 422, ["缺少 message"]),
        ({"sender": S, "message": ""}, 422, ["message 不可空白"]),
        ({"sender": S, "message": " \n\t　"}, 422, ["message 不可空白"]),
        ({"sender": S, "message": "字" * 2001}, 422, ["message 最多 2,000 字"]),
        ({"sender": 42, "message": "你好"}, 422, ["sender 必須是字串"]),
        ({"sender": S, "message": ["你好"]}, 422, ["message 必須是字串"]),
        ({"sender": S, "message": None}, 422, ["message 必須是字串"]),
        ({"sender": "", "message": "你好"}, 422, ["sender 不可空白"]),
        ({"sender": "a/b", "message": "你好"}, 422, ["sender 必須是 POST /api/chat/session 發給的對話代號"]),
        ({"sender": "u" * 65, "message": "你好"}, 422, ["sender 最多 64 字"]),
        ({"sender": S, "message": "a\u0000b"}, 422, ["message 含有無法處理的字元"]),
        ({"sender": S, "message": "你好", "message_id": "a b"}, 422, ["message_id 的格式不正確"]),
        ({"sender": S, "message": "你好", "message_id": "m" * 65}, 422, ["message_id 最多 64 字"]),
        ({"sender": 1, "message": 2}, 422, ["sender 必須是字串", "message 必須是字串"]),
        ([{"sender": S, "message": "你好"}], 422, ["JSON 物件"]),
        ("你好", 422, ["JSON 物件"]),
    ],
)
def test_invalid_chat_bodies_get_422_naming_the_field(client, session, fake_rasa, body, status, fragments):
    sender, headers = session
    _assert_chinese_error(client.post("/api/chat", json=_fill(body, sender), headers=headers), status, *fragments)
    assert fake_rasa.received == []


def test_exactly_2000_characters_is_accepted(client, session, fake_rasa):
    sender, headers = session
    response = client.post("/api/chat", json={"sender": sender, "message": "字" * 2000}, headers=headers)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("content", "status", "fragment"),
    [
        (b'{"sender": "u1", "message": ', 400, "JSON"),
        (b"{'sender': 'u1'}", 400, "JSON"),
        (b'\xff\xfe{"sender"}', 400, "JSON"),
        (b"[" * 5000, 400, "JSON"),
        (b'{"sender": "<session>", "message": "\\ud800"}', 422, "message 含有無法處理的字元"),
        (b"", 422, "缺少請求內容"),
    ],
)
def test_malformed_json_gets_a_chinese_4xx(client, session, content, status, fragment):
    sender, headers = session
    content = content.replace(S.encode(), sender.encode())
    _assert_chinese_error(client.post("/api/chat", content=content, headers={**JSON_TYPE, **headers}), status,
                          fragment)


def test_a_body_not_sent_as_json_gets_415(client, session):
    sender, headers = session
    body = json.dumps({"sender": sender, "message": "你好"})
    response = client.post("/api/chat", content=body, headers={"content-type": "text/plain", **headers})
    _assert_chinese_error(response, 415, "application/json")


def test_oversized_body_gets_413_before_it_is_read(client):
    huge = json.dumps({"sender": "u1", "message": "字" * 40_000})  # ~120 kB > 64 KiB
    _assert_chinese_error(client.post("/api/chat", content=huge, headers=JSON_TYPE), 413, "太大")


def test_oversized_streamed_body_without_content_length_gets_413(client):
    def chunks():
        for _ in range(100):
            yield b"x" * 1024

    _assert_chinese_error(client.post("/api/chat", content=chunks(), headers=JSON_TYPE), 413, "太大")


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("/api/chat/<session>/messages?after=abc", "after 必須是整數"),
        ("/api/chat/<session>/messages?after=-1", "after 不可小於 0"),
        ("/api/chat/<session>/messages?after=9223372036854775808", "after 不可大於 9223372036854775807"),
        ("/api/chat/<session>/messages?limit=0", "limit 不可小於 1"),
        ("/api/chat/<session>/messages?limit=100000", "limit 不可大於 500"),
        ("/api/chat/<session>/stream?after=9223372036854775808", "after 不可大於 9223372036854775807"),
        ("/api/chat/%E4%BD%A0%20%E5%A5%BD/messages", "sender 必須是 POST /api/chat/session 發給的對話代號"),
    ],
)
def test_bad_message_queries_get_422(client, session, url, fragment):
    """Finding 7: an id past 2**63-1 is a 422, not an OverflowError (500, or 503 on PostgreSQL)."""
    sender, headers = session
    _assert_chinese_error(client.get(url.replace(S, sender), headers=headers), 422, fragment)


def test_unknown_url_and_wrong_method_get_chinese_errors(client):
    _assert_chinese_error(client.get("/api/nothing-here"), 404, "找不到")
    _assert_chinese_error(client.put("/api/chat", json={}), 405, "不支援")


# -- random bodies: whatever arrives, the gateway answers 200 or a Chinese 4xx -------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
chat_like = st.fixed_dictionaries(
    {}, optional={"sender": json_values | st.just(S) | st.from_regex(r"[A-Za-z0-9_.:@-]{1,10}", fullmatch=True),
                  "message": json_values | st.text(max_size=50),
                  "message_id": json_values | st.text(max_size=70)}
)
bodies = (
    json_values.map(lambda v: json.dumps(v).encode())
    | chat_like.map(lambda v: json.dumps(v, ensure_ascii=False).encode())
    | st.binary(max_size=200)
)


@pytest.fixture(scope="module")
def shared_client(_fake_rasa_server, tmp_path_factory):
    settings_ = Settings(
        _env_file=None,
        database_url=f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}",
        rasa_url=_fake_rasa_server.url,
        action_server_url=_fake_rasa_server.url,
        rate_limit_per_ip=0,  # hypothesis sends hundreds of requests from one client
        rate_limit_per_sender=0,
    )
    with TestClient(create_app(settings_), raise_server_exceptions=False) as client:
        session = client.post("/api/chat/session").json()
        client.headers["Authorization"] = f"Bearer {session['token']}"
        client.session_sender = session["sender"]  # type: ignore[attr-defined]
        yield client


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies, path=st.sampled_from(["/api/chat", "/api/calc"]))
def test_random_bodies_never_get_500(shared_client, _fake_rasa_server, body, path):
    _fake_rasa_server.reset()
    body = body.replace(S.encode(), shared_client.session_sender.encode())
    response = shared_client.post(path, content=body, headers=JSON_TYPE)
    assert response.status_code < 500, (body, response.status_code, response.text)
    if response.status_code >= 400:
        assert response.status_code in (400, 401, 413, 415, 422)
        assert CJK.search(response.json()["error"])
    elif path == "/api/chat":
        assert isinstance(response.json()["replies"], list)
