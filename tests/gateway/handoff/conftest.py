"""Fixtures for the handoff and staff console tests: a gateway on the fake Rasa with a fixed clock, staff
accounts, and a console client that logs in. The fake Rasa and database fixtures are the gateway tests'."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from gateway.app import create_app
from scripts.chat_client import ChatClient
from tests.gateway.conftest import (  # noqa: F401 (fixtures re-exported)
    gateway_settings,
    FakeRasa,
    _fake_rasa_server,
    db_url,
    dead_url,
    fake_rasa,
    postgres_url,
)

#: Monday 2026-03-02 10:00 in Taipei (office open) and Saturday 2026-03-07 10:00 (closed).
OPEN_TIME = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
CLOSED_TIME = datetime(2026, 3, 7, 2, 0, tzinfo=timezone.utc)
PASSWORD = "correct horse battery"


def handoff_replies(sender: str, topic: str = "offset", contact_id: str = "ftis_offset",
                    reason: str = "user_request", **extra: Any) -> list[dict[str, Any]]:
    """What Rasa answers when action_handoff runs (text, then the custom payload)."""
    return [
        {"recipient_id": sender, "text": "好的，為您轉介專人。\n抵換專案輔導窗口：楊智傑 研究員"},
        {"recipient_id": sender, "custom": {"type": "handoff", "topic": topic, "contact_id": contact_id,
                                            "reason": reason, **extra}},
    ]


@dataclass
class Clock:
    now: datetime = OPEN_TIME

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Console:
    """The staff API as one logged-in user."""

    client: TestClient
    token: str = ""
    user: dict[str, Any] = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.client.get(path, headers=self.headers, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.client.post(path, headers=self.headers, **kwargs)

    def put(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.client.put(path, headers=self.headers, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.client.delete(path, headers=self.headers, **kwargs)


@dataclass
class Gateway:
    client: TestClient
    clock: Clock
    web: ChatClient = field(init=False)

    def __post_init__(self) -> None:
        self.web = ChatClient(self.client)

    @property
    def app(self) -> Any:
        return self.client.app

    def chat(self, who: str, message: str) -> list[dict[str, Any]]:
        """One web turn as the user labelled `who` (a session of its own)."""
        return self.web.send(who, message)

    def key(self, who: str) -> str:
        """The conversation key of `who` (``web:<sender>``): what Rasa and the store have."""
        return self.web.conversation_key(who)

    def conversation_id(self, who: str) -> int | None:
        """The internal number of `who`'s conversation (what staff see)."""
        conversation = self.app.state.services.store.get_conversation(self.key(who), "web")
        return conversation.id if conversation is not None else None

    def add_user(self, username: str, role: str = "staff", display_name: str | None = None,
                 password: str = PASSWORD) -> None:
        self.app.state.services.staff_accounts.create_user(username, password, role, display_name)

    def login(self, username: str, password: str = PASSWORD) -> Console:
        response = self.client.post("/api/staff/login", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        body = response.json()
        return Console(self.client, body["token"], body["user"])


def set_clock(app: Any, clock: Clock) -> None:
    app.state.services.handoffs.clock = clock
    app.state.services.staff_accounts.clock = clock
    app.state.services.staff_insights.clock = clock
    app.state.services.faq_editor.clock = clock


@pytest.fixture
def make_gateway(tmp_path: Any, fake_rasa: FakeRasa) -> Iterator[Callable[..., Gateway]]:  # noqa: F811
    """`make_gateway(**settings)` → a started gateway on the fake Rasa, SQLite in tmp_path, clock at OPEN_TIME."""
    with ExitStack() as stack:

        def make(**overrides: Any) -> Gateway:
            client = stack.enter_context(
                TestClient(create_app(gateway_settings(tmp_path, fake_rasa, **overrides)), raise_server_exceptions=False)
            )
            clock = Clock()
            set_clock(client.app, clock)
            return Gateway(client, clock)

        yield make


@pytest.fixture
def gateway(make_gateway: Callable[..., Gateway]) -> Gateway:
    gw = make_gateway()
    gw.add_user("amy", "staff", "王小美")
    gw.add_user("boss", "admin", "陳主任")
    return gw
