"""The fixtures over the fakes, for every test folder: a pytest plugin, registered by tests/conftest.py.

- `fake_rasa`: the fake Rasa (tests/fakes/rasa.py), one server per session, reset for each test.
- `line_api`: the fake LINE Messaging API (tests/fakes/line_api.py), likewise.
- `dead_url`: a URL where nothing listens.
- `postgres_url`: a PostgreSQL schema of this test session; `db_url`: an empty store on SQLite and PostgreSQL.
- `make_client(**settings)` / `client` / `web`: a gateway TestClient on the fake Rasa, and its web chat protocol.
- `make_gateway(**settings)` / `gateway`: a gateway with a fixed clock and staff accounts (tests/fakes/gateway.py);
  `gateway` has the staff member amy and the admin boss.
- `make_line_gateway(**settings)` / `line_gateway`: a gateway with LINE on, on the fake LINE API.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import pytest
from fastapi.testclient import TestClient

from gateway.app import create_app
from scripts.chat_client import ChatClient
from tests.fakes import server, stores
from tests.fakes.clock import Clock, set_clock
from tests.fakes.gateway import Gateway, gateway_settings, web_of
from tests.fakes.line_api import FakeLineApi
from tests.fakes.line_gateway import LineGateway, line_settings
from tests.fakes.rasa import FakeRasa

# -- the fake servers ------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def _fake_rasa_server() -> Iterator[FakeRasa]:
    fake = FakeRasa()
    fake.url, stop = server.serve_in_thread(fake.app)
    yield fake
    stop()


@pytest.fixture
def fake_rasa(_fake_rasa_server: FakeRasa) -> FakeRasa:
    _fake_rasa_server.reset()
    return _fake_rasa_server


@pytest.fixture(scope="session")
def _line_api_server() -> Iterator[FakeLineApi]:
    fake = FakeLineApi().start()
    yield fake
    fake.stop()


@pytest.fixture
def line_api(_line_api_server: FakeLineApi) -> FakeLineApi:
    _line_api_server.reset()
    return _line_api_server


@pytest.fixture(name="dead_url")
def _dead_url() -> str:
    """A URL where nothing listens (connection refused)."""
    return server.dead_url()


# -- databases -------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A URL whose connections see only a schema made for this test session (dropped at the end)."""
    with stores.session_schema() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """An empty conversation store, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return stores.emptied(request.getfixturevalue("postgres_url"))


# -- the gateway on the fakes ----------------------------------------------------------------------------------


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


@pytest.fixture
def web(client: TestClient) -> ChatClient:
    """The web chat protocol on `client`: ``web.send("alice", "你好")`` as the user labelled alice."""
    return web_of(client)


@pytest.fixture
def make_gateway(tmp_path: Any, fake_rasa: FakeRasa) -> Iterator[Callable[..., Gateway]]:
    """`make_gateway(**settings)` → a started gateway on the fake Rasa, SQLite in tmp_path, clock at OPEN_TIME."""
    with ExitStack() as stack:

        def make(**overrides: Any) -> Gateway:
            settings = gateway_settings(tmp_path, fake_rasa, **overrides)
            client = stack.enter_context(TestClient(create_app(settings), raise_server_exceptions=False))
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


@pytest.fixture
def make_line_gateway(
    tmp_path: Any, fake_rasa: FakeRasa, line_api: FakeLineApi
) -> Iterator[Callable[..., LineGateway]]:
    """`make_line_gateway(**settings)` → a started LineGateway; defaults: fake Rasa, fake LINE API, SQLite."""
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
def line_gateway(make_line_gateway: Callable[..., LineGateway]) -> LineGateway:
    return make_line_gateway()
