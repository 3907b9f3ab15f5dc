"""Fixtures for the LINE channel tests: the fake LINE API, a gateway with LINE on, signed webhook events.

The fake Rasa and the PostgreSQL fixtures are the gateway tests' (tests/gateway/conftest.py), re-exported here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from gateway.app import create_app
from gateway.channels.line import LineChannel
from tests.gateway.conftest import (  # noqa: F401 (fixtures re-exported for the LINE tests)
    gateway_settings,
    FakeRasa,
    _fake_rasa_server,
    db_url,
    dead_url,
    fake_rasa,
    postgres_url,
)
from tests.fakes.line_api import DEFAULT_TOKEN, FakeLineApi

SECRET = "test-channel-secret"
USER = "U0123456789abcdef0123456789abcdef"


def sign(body: bytes, secret: str = SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


# -- events, shaped as LINE sends them -----------------------------------------------------------------------


def _event(
    kind: str, user: str, *, event_id: str | None, redelivery: bool, reply_token: bool, **extra: Any
) -> dict:
    event: dict[str, Any] = {
        "type": kind,
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "source": {"type": "user", "userId": user},
        "webhookEventId": event_id or uuid.uuid4().hex.upper()[:26],
        "deliveryContext": {"isRedelivery": redelivery},
        **extra,
    }
    if reply_token:
        event["replyToken"] = uuid.uuid4().hex
    return event


def text_event(text: str, user: str = USER, event_id: str | None = None, redelivery: bool = False) -> dict:
    message = {
        "id": uuid.uuid4().hex[:18],
        "type": "text",
        "text": text,
        "quoteToken": "q-" + uuid.uuid4().hex,
    }
    return _event(
        "message", user, event_id=event_id, redelivery=redelivery, reply_token=True, message=message
    )


def postback_event(data: str, user: str = USER) -> dict:
    return _event(
        "postback", user, event_id=None, redelivery=False, reply_token=True, postback={"data": data}
    )


def follow_event(user: str = USER) -> dict:
    return _event(
        "follow", user, event_id=None, redelivery=False, reply_token=True, follow={"isUnblocked": False}
    )


def unfollow_event(user: str = USER) -> dict:
    return _event("unfollow", user, event_id=None, redelivery=False, reply_token=False)


def sticker_event(user: str = USER) -> dict:
    message = {
        "id": "1",
        "type": "sticker",
        "packageId": "446",
        "stickerId": "1988",
        "stickerResourceType": "STATIC",
        "quoteToken": "q-sticker",
    }
    return _event("message", user, event_id=None, redelivery=False, reply_token=True, message=message)


# -- the fake LINE API ---------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _line_api_server() -> Iterator[FakeLineApi]:
    fake = FakeLineApi().start()
    yield fake
    fake.stop()


@pytest.fixture
def line_api(_line_api_server: FakeLineApi) -> FakeLineApi:
    _line_api_server.reset()
    return _line_api_server


# -- a gateway with LINE on ----------------------------------------------------------------------------------


@dataclass
class LineGateway:
    """A started gateway (TestClient) with helpers to post signed events and wait for their processing."""

    client: TestClient
    stopped: bool = False

    def stop(self) -> None:
        """Shut the gateway down (its lifespan ends), as when the process stops."""
        if not self.stopped:
            self.stopped = True
            self.client.__exit__(None, None, None)

    @property
    def channel(self) -> LineChannel:
        return self.client.app.state.services.line

    def post(
        self, *events: dict, signature: str | None = "sign", body: bytes | None = None
    ) -> httpx.Response:
        raw = (
            body if body is not None else json.dumps({"destination": "Ubot", "events": list(events)}).encode()
        )
        headers = {"Content-Type": "application/json"}
        if signature == "sign":
            headers["X-Line-Signature"] = sign(raw)
        elif signature is not None:
            headers["X-Line-Signature"] = signature
        return self.client.post("/line/webhook", content=raw, headers=headers)

    def send(self, *events: dict) -> httpx.Response:
        """Post signed events and wait until they are processed."""
        response = self.post(*events)
        assert response.status_code == 200, response.text
        self.wait()
        return response

    def wait(self) -> None:
        self.client.portal.call(self.channel.drain)

    def flush_outbox(self) -> int:
        return self.client.portal.call(self.channel.flush_outbox)

    def push(self, sender: str, messages: list[dict]) -> None:
        self.client.portal.call(self.channel.push, sender, messages)


def line_settings(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "line_channel_secret": SECRET,
        "line_channel_access_token": DEFAULT_TOKEN,
        "line_retry_base_seconds": 0.01,
        "line_max_retries": 3,
        "line_outbox_interval_seconds": 3600,  # the tests flush the outbox themselves
        "public_base_url": "https://bot.example.tw",
    }
    values.update(overrides)
    return values


@pytest.fixture
def make_gateway(
    tmp_path: Any, fake_rasa: FakeRasa, line_api: FakeLineApi  # noqa: F811 (the fixture, imported above)
) -> Iterator[Callable[..., LineGateway]]:
    """`make_gateway(**settings)` → a started LineGateway; defaults: fake Rasa, fake LINE API, SQLite."""
    with ExitStack() as stack:

        def make(**overrides: Any) -> LineGateway:
            settings = gateway_settings(
                tmp_path, fake_rasa, **{"line_api_base": line_api.url, **line_settings(), **overrides}
            )
            client = TestClient(create_app(settings), raise_server_exceptions=False)
            gateway = LineGateway(client.__enter__())
            stack.callback(gateway.stop)
            return gateway

        yield make


@pytest.fixture
def gateway(make_gateway: Callable[..., LineGateway]) -> LineGateway:
    return make_gateway()
