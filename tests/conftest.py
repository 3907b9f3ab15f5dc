"""Shared fixtures. `stack`: the whole product started for real, once per test session: Rasa server, action server and gateway as
child processes on free ports (the same launcher `make run` uses), with a throw-away SQLite store.

The fakes' fixtures (fake Rasa, fake LINE API, databases, gateways on the fakes) are the plugin
tests/fakes/fixtures.py, registered here for every folder. It needs the gateway's environment (.venv): the
action and NLU component tests run in .venv-rasa (Rasa's own, without FastAPI), where it is not loaded."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

pytest_plugins = ["tests.fakes.fixtures"] if importlib.util.find_spec("fastapi") is not None else []

# Gateways built in-process talk to fake Rasa servers, which must not receive a warm-up turn; the `stack`
# (the product as `make run` starts it) warms its Rasa servers as in production.
os.environ.setdefault("RASA_WARM_UP", "false")

if TYPE_CHECKING:  # imported lazily: the NLU component tests run this conftest in .venv-rasa without httpx
    from scripts.chat_client import ChatClient
    from scripts.stack import Stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator["Stack"]:
    from scripts.rasa_project import model_path
    from scripts.stack import Stack, default_rasa_instances, free_port

    model = model_path()
    if not model.exists():
        pytest.fail(f"no trained model at {model}: run `make train` (make test does it)")
    var_dir = tmp_path_factory.mktemp("stack")
    stack = Stack(
        model=model,
        var_dir=var_dir,
        rasa_ports=[free_port() for _ in range(default_rasa_instances())],
        action_port=free_port(),
        gateway_port=free_port(),
        database_url=f"sqlite:///{var_dir}/gateway.db",
        # every test talks from 127.0.0.1: the limits per address would stop the suite (tests/prod tests them)
        extra_env={"RATE_LIMIT_SESSIONS_PER_IP": "0", "RATE_LIMIT_TICKETS_PER_IP_PER_HOUR": "0",
                   "RATE_LIMIT_PER_IP": "0", "RATE_LIMIT_PER_SENDER": "0"},
    )
    stack.start(gateway=True)
    yield stack
    stack.stop()


@pytest.fixture
def chat_client(stack: "Stack") -> Iterator["ChatClient"]:
    """A `ChatClient` on the stack's gateway: each label a test uses is its own server-issued session."""
    from scripts.chat_client import ChatClient

    with ChatClient(stack.gateway_url) as client:
        yield client


@pytest.fixture
def chat(chat_client: "ChatClient"):
    """`chat(who, message)`: one message through the gateway's /api/chat as the user labelled ``who`` (a session
    of its own, asked for on first use); returns the bot messages."""
    return chat_client.send
