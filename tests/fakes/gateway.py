"""The gateway built in-process on the fakes: its settings, the web chat protocol on a client, and a started
gateway with a fixed clock, staff accounts and a console client that logs in (the `make_gateway` fixture)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi.testclient import TestClient

from gateway.settings import Settings
from scripts.chat_client import ChatClient
from tests.fakes.clock import Clock
from tests.fakes.rasa import FakeRasa

PASSWORD = "correct horse battery"


def gateway_settings(tmp_path: Any, fake_rasa: FakeRasa, **overrides: Any) -> Settings:
    """Settings for a test gateway: the fake Rasa, SQLite in tmp_path, a short Rasa timeout; no .env file."""
    values: dict[str, Any] = {
        "database_url": f"sqlite:///{tmp_path / 'gateway.db'}",
        "rasa_url": fake_rasa.url,
        "action_server_url": fake_rasa.url,
        "rasa_timeout_seconds": 2.0,
        **overrides,
    }
    return Settings(_env_file=None, **values)


def web_of(client: Any) -> ChatClient:
    """The web chat protocol on `client` (a TestClient or httpx.Client), one per client: its sessions by label."""
    if not hasattr(client, "web"):
        client.web = ChatClient(client)
    return client.web


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
