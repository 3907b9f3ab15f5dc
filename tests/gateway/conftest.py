"""Fixtures for the gateway tests: a fake Rasa server over real HTTP, a dead port, and the databases."""

from __future__ import annotations

import asyncio
import json
import os
import time
import socket
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from gateway.app import create_app
from gateway.db import make_engine
from gateway.models import Base
from gateway.privacy.tracker_store import EVENTS
from gateway.settings import Settings
from scripts.chat_client import ChatClient
from tests.fakes.server import serve_in_thread

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test")


# -- a fake Rasa (REST channel + version page) and action server (/health), served by uvicorn ----------------


class FakeRasa:
    """Records every REST-channel request; answers according to `mode`.

    modes: "echo" (one text message repeating what it got), "canned" (returns `self.canned`),
    "error" (HTTP 500), "garbage" (200 with non-JSON), "slow" (sleeps `self.delay` seconds, then echoes).
    With `use_tracker_store(url)` it also keeps every turn in a SQL tracker store as Rasa's SQLTrackerStore
    does (the ``events`` table: the user's text and the bot's replies in each row's JSON).
    """

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.mode = "echo"
        self.canned: list[dict[str, Any]] = []
        self.delay = 0.0
        self.url = ""
        self.tracker: Engine | None = None
        self.app = Starlette(
            routes=[
                Route("/", self._root),
                Route("/health", self._health),
                Route("/webhooks/rest/webhook", self._webhook, methods=["POST"]),
            ]
        )

    def reset(self) -> None:
        self.received.clear()
        self.mode = "echo"
        self.canned = []
        self.delay = 0.0
        if self.tracker is not None:
            self.tracker.dispose()
        self.tracker = None

    def use_tracker_store(self, url: str) -> None:
        self.tracker = make_engine(url)
        EVENTS.create(self.tracker, checkfirst=True)

    def _track(self, sender: str, message: str, replies: list[dict[str, Any]]) -> None:
        """What Rasa's SQLTrackerStore writes for one turn: a user event, an action, the bot's utterances."""
        if self.tracker is None:
            return
        now = time.time()
        rows = [{"sender_id": sender, "type_name": "user", "timestamp": now, "intent_name": "faq",
                 "data": json.dumps({"event": "user", "text": message, "parse_data": {"text": message}})},
                {"sender_id": sender, "type_name": "action", "timestamp": now, "action_name": "action_listen",
                 "data": json.dumps({"event": "action", "name": "action_listen"})}]
        rows += [{"sender_id": sender, "type_name": "bot", "timestamp": now,
                  "data": json.dumps({"event": "bot", "text": reply.get("text")})}
                 for reply in replies]
        empty = {"intent_name": None, "action_name": None}
        with self.tracker.begin() as connection:
            connection.execute(EVENTS.insert(), [{**empty, **row} for row in rows])

    async def _root(self, request: Request) -> Response:
        return PlainTextResponse("Hello from Rasa: 3.6.21")

    async def _health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def _webhook(self, request: Request) -> Response:
        body = await request.json()
        self.received.append(body)
        if self.mode == "error":
            return PlainTextResponse("boom", status_code=500)
        if self.mode == "garbage":
            return PlainTextResponse("<html>not json</html>")
        if self.mode == "slow":
            await asyncio.sleep(self.delay)
        replies = self.canned if self.mode == "canned" else [
            {"recipient_id": body["sender"], "text": f"echo: {body['message']}"}
        ]
        self._track(body["sender"], body["message"], replies)
        return JSONResponse(replies)


@pytest.fixture(scope="session")
def _fake_rasa_server() -> Iterator[FakeRasa]:
    fake = FakeRasa()
    fake.url, stop = serve_in_thread(fake.app)
    yield fake
    stop()


@pytest.fixture
def fake_rasa(_fake_rasa_server: FakeRasa) -> FakeRasa:
    _fake_rasa_server.reset()
    return _fake_rasa_server


@pytest.fixture
def dead_url() -> str:
    """A URL where nothing listens (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# -- databases -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A URL whose connections see only a schema made for this test session (dropped at the end)."""
    schema = f"test_bot_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        admin.dispose()
        reason = f"PostgreSQL is unreachable at {POSTGRES_URL}: {exc.orig}"
        if os.environ.get("TEST_ALLOW_NO_POSTGRES") == "1":
            pytest.skip(reason)
        pytest.fail(f"{reason}\n(start it, set TEST_POSTGRES_URL, or set TEST_ALLOW_NO_POSTGRES=1 to skip)")
    url = make_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """An empty conversation store, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    url = request.getfixturevalue("postgres_url")
    engine = make_engine(url)
    Base.metadata.drop_all(engine)
    EVENTS.drop(engine, checkfirst=True)  # Rasa's tracker store, when a test put it beside the gateway's tables
    engine.dispose()
    return url


# -- the gateway -----------------------------------------------------------------------------------------------


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


@pytest.fixture
def make_client(tmp_path: Any, fake_rasa: FakeRasa) -> Iterator[Callable[..., TestClient]]:
    """`make_client(**settings)` → a started TestClient; defaults: fake Rasa, SQLite in tmp_path."""
    with ExitStack() as stack:

        def make(**overrides: Any) -> TestClient:
            settings = gateway_settings(tmp_path, fake_rasa, **overrides)
            client = TestClient(create_app(settings), raise_server_exceptions=False)
            return stack.enter_context(client)

        yield make


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


def web_of(client: Any) -> ChatClient:
    """The web chat protocol on `client` (a TestClient or httpx.Client), one per client: its sessions by label."""
    if not hasattr(client, "web"):
        client.web = ChatClient(client)
    return client.web


@pytest.fixture
def web(client: TestClient) -> ChatClient:
    """The web chat protocol on `client`: ``web.send("alice", "你好")`` as the user labelled alice."""
    return web_of(client)
