"""A gateway with the LINE channel on, built in-process on the fake Rasa and the fake LINE API: signed
events posted to its webhook and waited for (the `make_line_gateway` fixture)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi.testclient import TestClient

from gateway.channels.line import LineChannel
from tests.fakes.line_api import DEFAULT_TOKEN
from tests.fakes.line_events import SECRET, sign


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
