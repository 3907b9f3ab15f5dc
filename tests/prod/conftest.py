"""Fixtures for the production tests: the gateway fixtures of tests/gateway, fresh databases, Redis."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

from tests.gateway.conftest import (  # noqa: F401 (fixtures re-exported for these tests)
    POSTGRES_URL,
    _fake_rasa_server,
    dead_url,
    fake_rasa,
    make_client,
    postgres_url,
)

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A Redis key prefix of this test only; its keys are deleted afterwards."""
    import redis

    prefix = f"test:ratelimit:{uuid.uuid4().hex}"
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        client.close()
        pytest.fail(f"Redis is unreachable at {REDIS_URL}: {exc} (start it or set TEST_REDIS_URL)")
    yield prefix
    for key in client.scan_iter(f"{prefix}:*"):
        client.delete(key)
    client.close()
