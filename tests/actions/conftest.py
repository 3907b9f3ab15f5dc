"""The action unit tests run in .venv-rasa, where rasa_sdk is (`make test` runs tests/actions there): a fresh
CollectingDispatcher per test, and the domain the actions are given (they read nothing of it)."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def domain() -> dict[str, Any]:
    return {}
