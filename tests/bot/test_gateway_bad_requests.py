"""Every kind of bad request gets a 4xx with a Traditional-Chinese {"error": ...}; never a 500."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import create_app
from bot.settings import Settings

CJK = re.compile(r"[\u4e00-\u9fff]")
JSON_TYPE = {"content-type": "application/json"}


def _assert_chinese_error(response, status: int, *fragments: str) -> None:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert isinstance(error, str) and CJK.search(error), error
    for fragment in fragments:
        assert fragment in error, error


@pytest.mark.parametrize(
    ("body", "status", "fragments"),
    [
        ({"message": "你好"}, 422, ["缺少 sender"]),
        ({"sender": "u1"}, 422, ["缺少 message"]),
        ({"sender": "u1", "message": ""}, 422, ["message 不可空白"]),
        ({"sender": "u1", "message": " \n\t　"}, 422, ["message 不可空白"]),
        ({"sender": "u1", "message": "字" * 2001}, 422, ["message 最多 2,000 字"]),
        ({"sender": 42, "message": "你好"}, 422, ["sender 必須是字串"]),
        ({"sender": "u1", "message": ["你好"]}, 422, ["message 必須是字串"]),
        ({"sender": "u1", "message": None}, 422, ["message 必須是字串"]),
        ({"sender": "", "message": "你好"}, 422, ["sender 不可空白"]),
        ({"sender": "a/b", "message": "你好"}, 422, ["sender 只能使用"]),
        ({"sender": "u" * 129, "message": "你好"}, 422, ["sender 最多 128 字"]),
        ({"sender": "u1", "message": "a\u0000b"}, 422, ["message 含有無法處理的字元"]),
        ({"sender": 1, "message": 2}, 422, ["sender 必須是字串", "message 必須是字串"]),
        ([{"sender": "u1", "message": "你好"}], 422, ["JSON 物件"]),
        ("你好", 422, ["JSON 物件"]),
    ],
)
def test_invalid_chat_bodies_get_422_naming_the_field(client, fake_rasa, body, status, fragments):
    _assert_chinese_error(client.post("/api/chat", json=body), status, *fragments)
    assert fake_rasa.received == []


def test_exactly_2000_characters_is_accepted(client, fake_rasa):
    assert client.post("/api/chat", json={"sender": "u1", "message": "字" * 2000}).status_code == 200


@pytest.mark.parametrize(
    ("content", "status", "fragment"),
    [
        (b'{"sender": "u1", "message": ', 400, "JSON"),
        (b"{'sender': 'u1'}", 400, "JSON"),
        (b'\xff\xfe{"sender"}', 400, "JSON"),
        (b"[" * 5000, 400, "JSON"),
        (b'{"sender": "u1", "message": "\\ud800"}', 422, "message 含有無法處理的字元"),
        (b"", 422, "缺少請求內容"),
    ],
)
def test_malformed_json_gets_a_chinese_4xx(client, content, status, fragment):
    _assert_chinese_error(client.post("/api/chat", content=content, headers=JSON_TYPE), status, fragment)


def test_a_body_not_sent_as_json_gets_415(client):
    body = json.dumps({"sender": "u1", "message": "你好"})
    response = client.post("/api/chat", content=body, headers={"content-type": "text/plain"})
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
        ("/api/chat/u1/messages?after=abc", "after 必須是整數"),
        ("/api/chat/u1/messages?after=-1", "after 不可小於 0"),
        ("/api/chat/u1/messages?limit=0", "limit 不可小於 1"),
        ("/api/chat/u1/messages?limit=100000", "limit 不可大於 500"),
        ("/api/chat/%E4%BD%A0%20%E5%A5%BD/messages", "sender 只能使用"),
    ],
)
def test_bad_message_queries_get_422(client, url, fragment):
    _assert_chinese_error(client.get(url), 422, fragment)


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
    {}, optional={"sender": json_values | st.from_regex(r"[A-Za-z0-9_.:@-]{1,10}", fullmatch=True),
                  "message": json_values | st.text(max_size=50)}
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
        yield client


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies, path=st.sampled_from(["/api/chat", "/api/calc"]))
def test_random_bodies_never_get_500(shared_client, _fake_rasa_server, body, path):
    _fake_rasa_server.reset()
    response = shared_client.post(path, content=body, headers=JSON_TYPE)
    assert response.status_code < 500, (body, response.status_code, response.text)
    if response.status_code >= 400:
        assert response.status_code in (400, 413, 415, 422)
        assert CJK.search(response.json()["error"])
    elif path == "/api/chat":
        assert isinstance(response.json(), list)
