"""Fuzzing POST /line/webhook (issue 8): whatever arrives, no 5xx and no traceback; LINE's own bodies get 200.

LINE redelivers a webhook that did not get 200 and turns off webhooks that keep failing, so a signed,
well-formed body must be answered 200 and each of its events processed once; a signed body that is not a
webhook payload gets 400, an unsigned or wrongly signed one 401, always with a Chinese `{"error": ...}`.
The gateway runs against the fake Rasa (it echoes "echo: …") and the fake LINE Messaging API; the
structured payloads are also sent to a PostgreSQL store, the production one, whose columns are stricter.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.app import create_app
from gateway.db import make_engine
from gateway.models import Base
from gateway.texts import load_texts
from tests.fakes.gateway import gateway_settings
from tests.fakes.line_api import PUSH_PATH, REPLY_PATH, FakeLineApi
from tests.fakes.line_events import SECRET, sign, text_event
from tests.fakes.line_gateway import line_settings
from tests.fakes.rasa import FakeRasa

CJK = re.compile(r"[\u4e00-\u9fff]")
# What a leaked exception looks like in a response: a traceback, a source path, a Python exception name.
LEAK = re.compile(r"Traceback|File \"|\.py\b|\b[A-Z]\w*(Error|Exception)\b|site-packages")
TEXTS = load_texts()
USERS = [f"U{n:032x}" for n in (1, 0xABCDEF, 0x1234567890ABCDEF)]
FUZZ = settings(max_examples=120, deadline=None)


# -- the gateway under test: one per module (and store), reset between examples ------------------------------


@dataclass
class Fuzzed:
    client: TestClient
    rasa: FakeRasa
    line: FakeLineApi

    def post(self, body: bytes, signature: str | bytes | None = "sign") -> httpx.Response:
        """Post ``body`` (signed correctly unless ``signature`` says otherwise); wait for its processing."""
        self.rasa.reset()
        self.line.reset()
        headers: dict[str, Any] = {"Content-Type": "application/json"}
        if signature == "sign":
            headers["X-Line-Signature"] = sign(body)
        elif signature is not None:
            headers["X-Line-Signature"] = signature
        response = self.client.post("/line/webhook", content=body, headers=headers)
        # a hang in the background processing fails here instead of stalling the run
        self.client.portal.call(_drain_within, self.client.app.state.services.line, 20.0)
        return response


async def _drain_within(channel: Any, seconds: float) -> None:
    await asyncio.wait_for(channel.drain(), seconds)


def _start(
    tmp_path_factory: pytest.TempPathFactory, rasa: FakeRasa, line: FakeLineApi, db: str
) -> TestClient:
    settings_ = gateway_settings(
        tmp_path_factory.mktemp("line-fuzz"),
        rasa,
        line_api_base=line.url,
        database_url=db,
        **line_settings(line_max_retries=0),
    )
    return TestClient(create_app(settings_), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def fuzzed(
    tmp_path_factory: pytest.TempPathFactory, _fake_rasa_server: FakeRasa, _line_api_server: FakeLineApi
) -> Iterator[Fuzzed]:
    """A gateway on SQLite (the default store)."""
    db = f"sqlite:///{tmp_path_factory.mktemp('line-fuzz-db') / 'gateway.db'}"
    with _start(tmp_path_factory, _fake_rasa_server, _line_api_server, db) as client:
        yield Fuzzed(client, _fake_rasa_server, _line_api_server)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fuzzed_store(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    _fake_rasa_server: FakeRasa,
    _line_api_server: FakeLineApi,
) -> Iterator[Fuzzed]:
    """A gateway on SQLite, then on PostgreSQL (length limits and no NUL in text columns)."""
    if request.param == "sqlite":
        db = f"sqlite:///{tmp_path_factory.mktemp('line-fuzz-db') / 'gateway.db'}"
    else:
        db = request.getfixturevalue("postgres_url")
        engine = make_engine(db)
        Base.metadata.drop_all(engine)
        engine.dispose()
    with _start(tmp_path_factory, _fake_rasa_server, _line_api_server, db) as client:
        yield Fuzzed(client, _fake_rasa_server, _line_api_server)


def assert_no_leak(response: httpx.Response) -> None:
    assert response.status_code < 500, (response.status_code, response.text)
    assert not LEAK.search(response.text), response.text


def assert_chinese_error(response: httpx.Response, *statuses: int) -> str:
    assert response.status_code in statuses, (response.status_code, response.text)
    error = response.json()["error"]
    assert isinstance(error, str) and CJK.search(error), error
    return error


# -- strategies ----------------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
#: strings LINE never sends: lone surrogates, NUL, over-long, control characters
odd_strings = st.sampled_from(
    ["", " ", "\x00", "a\x00b", "\ud800", "x\udfffy", "U" * 65, "字" * 5001, "\u202e\u200b", "None"]
) | st.lists(st.integers(0, 0x10FFFF).map(chr), max_size=12).map("".join)
odd_values = (
    odd_strings | json_values | st.sampled_from([10**400, -(2**63), 2**64, 1e308, 0, -1, True, [], {}])
)


def dumps(value: Any, ensure_ascii: bool = False) -> bytes:
    """JSON as LINE sends it (UTF-8, not escaped); escaped when a lone surrogate cannot be UTF-8."""
    text = json.dumps(value, ensure_ascii=ensure_ascii)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(value).encode()


#: texts a LINE user can send: anything printable (CJK, emoji, full-width…), empty, or LINE's 5,000 at most
user_texts = (
    st.text(st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from("\n\t"), max_size=80)
    | st.sampled_from(["", "　", "字" * 5000, "😀" * 5000, "第一行\n" * 1250, "ｗｈｏ　ｃａｎ　ａｐｐｌｙ？", "碳费怎么算"])
)


@st.composite
def message_contents(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["text", "text", "text", "sticker", "image", "location", "hologram"]))
    content: dict[str, Any] = {"id": str(draw(st.integers(1, 10**18))), "type": kind, "quoteToken": "q-1"}
    if kind == "text":
        content["text"] = draw(user_texts)
    elif kind == "sticker":
        content.update(packageId="446", stickerId="1988", stickerResourceType="STATIC")
    elif kind == "image":
        content["contentProvider"] = {"type": "line"}
    elif kind == "location":
        content.update(
            latitude=draw(st.floats(-90, 90)), longitude=draw(st.floats(-180, 180)), title="工廠", address="臺北市"
        )
    return content


@st.composite
def plausible_events(draw: st.DrawFn) -> dict[str, Any]:
    """One event shaped as LINE sends it; `webhookEventId` is a small tag (made unique per example later)."""
    # "memberJoined2": a type this SDK does not know (LINE adds new ones); processed as ignored
    kinds = ["message", "message", "follow", "unfollow", "postback", "join", "memberJoined2"]
    kind = draw(st.sampled_from(kinds))
    user = draw(st.sampled_from(USERS))
    event: dict[str, Any] = {
        "type": kind,
        "mode": "active",
        "timestamp": int(time.time() * 1000) - draw(st.integers(0, 5000)),
        "source": {"type": "user", "userId": user},
        "webhookEventId": draw(st.sampled_from("ABCDEFGH")),  # few tags: duplicates in one body happen
        "deliveryContext": {"isRedelivery": draw(st.booleans())},
    }
    if kind != "unfollow":
        event["replyToken"] = "token"
    if kind == "message":
        event["message"] = draw(message_contents())
    elif kind == "follow":
        event["follow"] = {"isUnblocked": draw(st.booleans())}
    elif kind == "postback":
        data = st.sampled_from(["/faq_apply_how", "/greet", ""]) | st.text(max_size=300)
        event["postback"] = {"data": draw(data)}
    elif kind == "join":
        event["source"] = {"type": "group", "groupId": "C" + "0" * 32}
    return event


@st.composite
def malformed_events(draw: st.DrawFn) -> Any:
    """A plausible event with fields missing, of the wrong type, or holding strings LINE never sends."""
    event = draw(plausible_events())
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(["top", "message", "source", "deliveryContext", "postback"]))
        target = event if where == "top" else event.get(where)
        if not isinstance(target, dict) or not target:
            continue
        key = draw(st.sampled_from(sorted(target)))
        if draw(st.booleans()):
            del target[key]
        else:
            target[key] = draw(odd_values)
    return draw(st.sampled_from([event, event, event, draw(odd_values)]))


def finish(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Make event ids and reply tokens unique to this example (a tag repeated in a body stays repeated)."""
    nonce = uuid.uuid4().hex[:16].upper()
    for event in events:
        if isinstance(event, dict):
            if isinstance(event.get("webhookEventId"), str) and len(event["webhookEventId"]) == 1:
                event["webhookEventId"] = f"{nonce}{event['webhookEventId']}"
            if event.get("replyToken") == "token":
                event["replyToken"] = uuid.uuid4().hex
    return events


def answerable(event: dict[str, Any]) -> bool:
    """Whether the bot answers this well-formed event (a user's text/sticker/…, a follow, a postback)."""
    if event["source"]["type"] != "user":
        return False
    if event["type"] in ("follow", "postback"):
        return True
    return event["type"] == "message" and event["message"]["type"] in ("text", "sticker", "image", "location")


# -- 1. arbitrary bodies -------------------------------------------------------------------------------------

arbitrary_bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(dumps),
    st.fixed_dictionaries({}, optional={"destination": json_values, "events": json_values}).map(dumps),
    st.builds(
        lambda n, c: (c[0] * n + c[1] * n).encode(), st.integers(1, 20_000), st.sampled_from(["[]", "{}"])
    ),
    st.integers(1, 10_000).map(lambda n: b'{"events": [' + b'{"a":' * n + b"1" + b"}" * n + b"]}"),
)


@FUZZ
@given(body=arbitrary_bodies)
def test_any_signed_body_gets_200_or_a_chinese_4xx(fuzzed, body):
    response = fuzzed.post(body)

    assert_no_leak(response)
    if response.status_code == 200:
        assert response.json() == {}
        return
    try:
        body.decode("utf-8")
        statuses: tuple[int, ...] = (400,)
    except UnicodeDecodeError:  # the SDK checks the signature over text: not UTF-8 cannot be verified
        statuses = (400, 401)
    assert_chinese_error(response, *statuses)
    assert fuzzed.rasa.received == [] and fuzzed.line.calls == []


@st.composite
def bad_signatures(draw: st.DrawFn, body: bytes) -> str | bytes | None:
    kinds = ["missing", "empty", "ascii", "bytes", "other secret", "other body", "mangled"]
    kind = draw(st.sampled_from(kinds))
    if kind == "missing":
        return None
    if kind == "empty":
        return ""
    if kind == "ascii":
        return draw(st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=90))
    if kind == "bytes":  # any byte a header value may hold (latin-1 included)
        allowed = [b for b in range(0x20, 0x100) if b != 0x7F]
        raw = bytes(draw(st.lists(st.sampled_from(allowed), min_size=1, max_size=60)))
        return raw.strip() or b"x"
    if kind == "other secret":
        return sign(body, secret=draw(st.text(min_size=1, max_size=20).filter(lambda s: s != SECRET)))
    if kind == "other body":
        return sign(body + b" ")
    good = sign(body)
    i = draw(st.integers(0, len(good) - 1))
    return good[:i] + ("A" if good[i] != "A" else "B") + good[i + 1 :]


@FUZZ
@given(data=st.data())
def test_a_missing_or_wrong_signature_always_gets_a_chinese_401_and_nothing_happens(fuzzed, data):
    events = finish([data.draw(plausible_events()) for _ in range(data.draw(st.integers(0, 3)))])
    body = data.draw(st.sampled_from([dumps({"destination": "Ubot", "events": events})]) | arbitrary_bodies)
    signature = data.draw(bad_signatures(body))

    response = fuzzed.post(body, signature=signature)

    assert_no_leak(response)
    error = assert_chinese_error(response, 401)
    assert error in (TEXTS.get("line.signature_missing"), TEXTS.get("line.signature_invalid"))
    assert fuzzed.rasa.received == [] and fuzzed.line.calls == []


# -- 2. structured webhook payloads, all signed correctly ----------------------------------------------------


@settings(max_examples=100, deadline=None)
@given(events=st.lists(plausible_events(), max_size=6), ensure_ascii=st.booleans())
def test_a_well_formed_body_gets_200_and_each_new_event_is_answered_once(fuzzed_store, events, ensure_ascii):
    events = finish(events)
    body = dumps({"destination": "U" + "b" * 32, "events": events}, ensure_ascii=ensure_ascii)

    response = fuzzed_store.post(body)

    assert_no_leak(response)
    assert response.status_code == 200, response.text
    assert response.json() == {}
    seen: set[str] = set()
    expected_tokens = []
    expected_turns = 0
    for event in events:  # a webhookEventId repeated in the body is processed once
        if event["webhookEventId"] in seen:
            continue
        seen.add(event["webhookEventId"])
        if answerable(event):
            expected_tokens.append(event["replyToken"])
            expected_turns += event["type"] != "message" or event["message"]["type"] == "text"
    replies = fuzzed_store.line.calls_to(REPLY_PATH, status=None)
    assert [c.status for c in replies] == [200] * len(replies), [c.body for c in replies]
    assert sorted(c.body["replyToken"] for c in replies) == sorted(expected_tokens)
    assert fuzzed_store.line.calls_to(PUSH_PATH, status=None) == []
    assert len(fuzzed_store.rasa.received) == expected_turns
    # every answer is the bot's (the fake's echo or the note on non-text), never the "system error" apology
    apology = TEXTS.get("errors.internal")
    assert all(apology not in text for c in replies for text in c.texts)


@FUZZ
@given(
    events=st.lists(plausible_events() | malformed_events(), min_size=1, max_size=6),
    events_field=st.sampled_from(["events", "events", "events", "Events", "event"]),
)
def test_a_malformed_but_signed_payload_gets_200_or_a_chinese_400(fuzzed_store, events, events_field):
    body = dumps({"destination": "Ubot", events_field: finish(events)})

    response = fuzzed_store.post(body)

    assert_no_leak(response)
    if response.status_code == 200:
        assert response.json() == {}
    else:
        assert assert_chinese_error(response, 400) == TEXTS.get("line.bad_payload")
        assert fuzzed_store.rasa.received == [] and fuzzed_store.line.calls == []


# -- what the fuzzing found (each was a 5xx, or a user left without an answer) -------------------------------


def test_a_signed_body_nested_too_deep_gets_400_not_500(gateway, line_api, fake_rasa):
    for raw in (b"[" * 50_000, b'{"events": [' + b'{"a":' * 5000 + b"1" + b"}" * 5000 + b"]}"):
        response = gateway.post(body=raw)
        assert response.status_code == 400, response.text  # was 500 (RecursionError in json.loads)
        assert response.json()["error"] == TEXTS.get("line.bad_payload")
    assert fake_rasa.received == [] and line_api.calls == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("webhookEventId", "01H\ud800"),  # a lone surrogate: was 500 (UnicodeEncodeError from the driver)
        ("userId", "U\udfff"),
        ("webhookEventId", "01H\x00X"),  # NUL: was 503 on PostgreSQL (text columns cannot hold it)
        ("userId", "U\x00"),
        ("webhookEventId", "W" * 65),  # longer than the column: was 503 on PostgreSQL
        ("userId", "U" * 65),
        ("type", "x\x00"),
    ],
)
def test_a_signed_event_with_an_id_the_store_cannot_keep_gets_400(
    make_gateway, line_api, fake_rasa, db_url, field, value
):
    gateway = make_gateway(database_url=db_url)
    event = text_event("你好")
    if field == "userId":
        event["source"]["userId"] = value
    else:
        event[field] = value

    response = gateway.post(event)
    gateway.wait()

    assert response.status_code == 400, response.text
    assert response.json()["error"] == TEXTS.get("line.bad_payload")
    assert fake_rasa.received == [] and line_api.calls == []


def test_a_lone_surrogate_in_a_text_makes_the_body_malformed(gateway, line_api, fake_rasa):
    """LINE's texts are valid Unicode; one that is not was answered with the "system error" apology."""
    response = gateway.post(text_event("你好\ud83d"))
    gateway.wait()

    assert response.status_code == 400
    assert fake_rasa.received == [] and line_api.calls == []


@pytest.mark.parametrize("timestamp", [10**400, 2**1100, 0, -5], ids=["10**400", "2**1100", "0", "-5"])
def test_an_impossible_timestamp_still_gets_an_answer(gateway, line_api, fake_rasa, timestamp):
    """A huge timestamp raised OverflowError while the reply was sent: the user got no answer at all."""
    event = text_event("你好")
    event["timestamp"] = timestamp
    gateway.send(event)

    assert [c.texts for c in line_api.replies] == [["echo: 你好"]]


def test_a_long_emoji_text_is_taken_even_when_the_body_is_over_64_kib(gateway, line_api, fake_rasa):
    """LINE's texts reach 5,000 characters and a body may hold several events: the 64 KiB limit of the
    gateway's own API answered such a body 413, which LINE redelivers and counts as a failing webhook."""
    events = [text_event("😀" * 5000) for _ in range(3)]
    body = json.dumps({"destination": "Ubot", "events": events}).encode()  # \ud83d\ude00 escapes: 180 kB
    assert len(body) > gateway.client.app.state.services.settings.max_body_bytes

    response = gateway.post(body=body)
    gateway.wait()

    assert response.status_code == 200, response.text
    assert len(line_api.replies) == 3 and len(fake_rasa.received) == 3


def test_the_webhook_still_refuses_a_body_over_its_own_limit(gateway, line_api, fake_rasa):
    from gateway.routes.line import LINE_WEBHOOK_MAX_BYTES

    body = json.dumps({"events": [], "pad": "x" * LINE_WEBHOOK_MAX_BYTES}).encode()
    response = gateway.post(body=body)

    assert response.status_code == 413
    assert CJK.search(response.json()["error"])
    assert fake_rasa.received == [] and line_api.calls == []
